"""Page helpers for the Tryton web client (sao 8.0) driven by Playwright.

A WebClient wraps one Playwright page logged in as one user. It counts the
server calls of the page (sao posts JSON-RPC to /<database>/ and gets
200 with {"error": ...} when a call fails) and the console errors, so
that a test can wait until a view has finished loading and assert that
nothing failed on the way.

Fields are found by their name (the input's name attribute) or by their
label; the scope of a lookup is the dialog on top when there is one,
else the active tab.
"""
import re
import subprocess
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout

# counts the pending JSON-RPC calls and keeps the failed ones
INIT_SCRIPT = r"""
(() => {
    const state = window.__itsvc = {pending: 0, calls: 0, failed: [],
        last: Date.now()};
    const open = XMLHttpRequest.prototype.open;
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function(method, url) {
        this.__itsvc_url = String(url);
        return open.apply(this, arguments);
    };
    XMLHttpRequest.prototype.send = function(body) {
        let rpc = null;
        try {
            rpc = JSON.parse(body).method;
        } catch (e) {}
        state.pending += 1;
        state.calls += 1;
        this.addEventListener('loadend', () => {
            state.pending -= 1;
            state.last = Date.now();
            if (this.status >= 400 || this.status == 0) {
                state.failed.push({method: rpc || this.__itsvc_url,
                    error: `HTTP ${this.status}`});
            } else if (rpc) {
                try {
                    const data = JSON.parse(this.responseText);
                    if (data && data.error) {
                        state.failed.push({method: rpc,
                            error: JSON.stringify(data.error).slice(0, 400)});
                    }
                } catch (e) {}
            }
        });
        return send.apply(this, arguments);
    };
})();
"""

# the kind of a widget: the form-<kind> class of the input or an ancestor
KIND = r"""e => {
    const KINDS = ('char|text|many2one|reference|date|datetime|time|'
        + 'integer|float|numeric|selection|boolean|password|timedelta|'
        + 'multiselection|url|email|callto|sip');
    if (e.tagName == 'SELECT') {
        return 'form-selection';
    }
    for (let n = e; n; n = n.parentElement) {
        for (const c of n.classList || []) {
            const m = new RegExp('^(form|editabletree)-(' + KINDS + ')$')
                .exec(c);
            if (m) {
                return 'form-' + m[2];
            }
        }
    }
    return '';
}"""

# the visible text of the page, the values of the fields included
VISIBLE_TEXT = r"""(skipCodes) => {
    // the fields named code and the columns «Код» hold codes
    const CODES = '[name="code"], td[data-title="Код: "]';
    const parts = [];
    const walker = document.createTreeWalker(document.body,
        NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
            acceptNode: node => {
                if (node.nodeType == Node.TEXT_NODE) {
                    return NodeFilter.FILTER_ACCEPT;
                }
                if (['SCRIPT', 'STYLE', 'TEMPLATE', 'OPTION'].includes(
                        node.tagName) || !node.checkVisibility({
                            visibilityProperty: true})
                        || (skipCodes && node.matches(CODES))) {
                    return NodeFilter.FILTER_REJECT;
                }
                return NodeFilter.FILTER_ACCEPT;
            }});
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.nodeType == Node.TEXT_NODE) {
            const text = node.textContent.trim();
            if (text) {
                parts.push(text);
            }
        } else if (node.tagName == 'SELECT') {
            const option = node.options[node.selectedIndex];
            if (option) {
                parts.push(option.text);
            }
        } else if ((node.tagName == 'INPUT' && !['checkbox', 'radio',
                    'hidden', 'password', 'file'].includes(node.type))
                || node.tagName == 'TEXTAREA') {
            if (node.value) {
                parts.push(node.value);
            }
        }
    }
    return parts.join('\n');
}"""

#: the dialogs of sao that are shown
DIALOG = '.modal.in .modal-dialog'
ACTIVE_TAB = '#tabcontent > .tab-pane.active'


class Loading(AssertionError):
    "A view still loading after the timeout"


class WebClient:
    "One user in the web client"

    def __init__(self, page, url, database, artifacts=None):
        self.page = page
        self.url = url
        self.database = database
        self.artifacts = artifacts
        self.console_errors = []
        page.add_init_script(INIT_SCRIPT)
        page.on('console', self._console)
        page.on('pageerror', lambda error: self.console_errors.append(
                f'{error.name}: {error.message}'))
        page.set_default_timeout(15000)

    def _console(self, message):
        if message.type == 'error':
            text = message.text
            # the web client logs a failed call it then shows in a dialog
            self.console_errors.append(text)

    # --- state of the page -------------------------------------------------
    def failed_calls(self):
        "The failed server calls since the page was loaded: [(method, error)]"
        return [(f['method'], f['error']) for f in self.page.evaluate(
                'window.__itsvc ? window.__itsvc.failed : []')]

    def errors(self):
        "Console errors and failed server calls, as lines of text"
        return ([f'console: {e}' for e in self.console_errors]
            + [f'call {m}: {e}' for m, e in self.failed_calls()])

    def clear_errors(self):
        self.console_errors.clear()
        self.page.evaluate('window.__itsvc && (window.__itsvc.failed = [])')

    def wait(self, timeout=10, quiet=0.1):
        """Wait until no server call is pending for quiet seconds (counted
        from the call of wait at the earliest: an action may start its
        calls a moment later) and the page draws no spinner; raise Loading
        after timeout seconds"""
        deadline = time.monotonic() + timeout
        start = self.page.evaluate('Date.now()')
        while True:
            state = self.page.evaluate("""start => {
                const s = window.__itsvc || {pending: 0, last: 0};
                const spinning = Array.from(document.querySelectorAll(
                    '#processing, .tab-pane.active .loading, '
                    + '.modal.in .loading')).some(
                        e => e.offsetParent !== null);
                return {pending: s.pending,
                    idle: Date.now() - Math.max(s.last, start),
                    spinning: spinning};
            }""", start)
            if (not state['pending'] and not state['spinning']
                    and state['idle'] >= quiet * 1000):
                return
            if time.monotonic() > deadline:
                raise Loading(
                    f'still loading after {timeout} s: {state}')
            self.page.wait_for_timeout(50)

    def scope(self):
        "The dialog on top when one is shown, else the active tab"
        dialogs = self.page.locator(DIALOG)
        count = dialogs.count()
        if count:
            return dialogs.nth(count - 1)
        return self.page.locator(ACTIVE_TAB)

    def text(self, codes=False):
        """The visible text of the page: the text shown and the values of
        the fields (the chosen option of a selection, not all of them);
        without the codes (fields named code, columns «Код») when codes is
        False"""
        return self.page.evaluate(VISIBLE_TEXT, not codes)

    def screenshot(self, name, folder=None):
        folder = folder or self.artifacts
        path = folder / f'{name}.png'
        self.page.screenshot(path=str(path))
        return path

    # --- session and menu --------------------------------------------------
    def start_login(self, login):
        "Open the login page and give login: the password is asked"
        page = self.page
        page.goto(f'{self.url}#{self.database}')
        page.locator('#login').fill(login, timeout=30000)
        password = page.locator('input[type=password]:visible')
        # a click made while the client still loads its session is lost:
        # the login is pressed again until the password is asked
        button = page.get_by_role('button', name='Вход')
        button.click()
        for attempt in range(3):
            try:
                password.wait_for(timeout=20000)
                return
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
                if button.is_visible():
                    button.click()

    def login(self, login, password):
        page = self.page
        self.start_login(login)
        password_input = page.locator('input[type=password]:visible')
        password_input.wait_for(timeout=30000)
        password_input.fill(password)
        password_input.press('Enter')
        page.wait_for_selector('#menu .treeview tbody tr', timeout=30000)
        self.wait()
        # the client asks for the password after a refused login call
        self.clear_errors()

    def _menu_index(self, path):
        """The index of the menu row reached by path among the visible
        rows, and whether it is expanded; None when not shown"""
        return self.page.evaluate("""path => {
            const rows = Array.from(document.querySelectorAll(
                '#menu .treeview tbody tr'));
            const entries = rows.map(row => {
                const label = row.querySelector('.column-char');
                const img = row.querySelector('.expander img');
                return {label: label ? label.textContent.trim() : '',
                    depth: img ? parseFloat(img.style.marginLeft) || 0 : 0};
            });
            let start = 0, depth = null, found = null;
            for (const label of path) {
                found = null;
                for (let i = start; i < entries.length; i++) {
                    if (depth !== null && entries[i].depth <= depth) {
                        break;
                    }
                    if (entries[i].label == label) {
                        found = i;
                        break;
                    }
                }
                if (found === null) {
                    return null;
                }
                start = found + 1;
                depth = entries[found].depth;
            }
            const next = entries[found + 1];
            return [found, !!next && next.depth > depth];
        }""", list(path))

    def rpc(self, method, *params):
        """Call the server as the logged-in user (through the web client's
        session); params without the context"""
        return self.page.evaluate("""([method, params]) => new Promise(
            (resolve, reject) => Sao.rpc({method: method,
                    params: params.concat([{}])},
                Sao.Session.current_session, true, false).then(
                    resolve, e => reject(new Error(JSON.stringify(e)))))
            """, [method, list(params)])

    def menu_entries(self):
        """The menu entries of the user that open something, as paths of
        labels in the order of the menu"""
        menus = self.rpc('model.ir.ui.menu.search_read',
            [], 0, None, [('sequence', 'ASC'), ('id', 'ASC')],
            ['name', 'parent', 'action', 'childs'])
        by_id = {m['id']: m for m in menus}
        children = {}
        for menu in menus:
            children.setdefault(menu['parent'], []).append(menu)
        paths = []

        def walk(parent, path):
            for menu in children.get(parent, []):
                entry = path + (menu['name'],)
                if menu['action']:
                    paths.append(entry)
                walk(menu['id'], entry)
        walk(None, ())
        # entries under a parent the user cannot see are not shown
        return [p for p in paths if p[0] in {
                m['name'] for m in by_id.values() if not m['parent']}]

    def open_menu(self, *path):
        """Open the menu entry reached by the labels of path (the first
        ones are expanded, the last one is activated); wait for its view"""
        rows = self.page.locator('#menu .treeview tbody tr')
        for i in range(1, len(path) + 1):
            # the children of an entry are drawn after it is expanded
            deadline = time.monotonic() + 5
            while (found := self._menu_index(path[:i])) is None:
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f'no menu entry {" / ".join(path[:i])}')
                self.page.wait_for_timeout(100)
            index, expanded = found
            row = rows.nth(index)
            if i < len(path) and not expanded:
                # activating an entry may have started its expansion
                self.page.wait_for_timeout(200)
                if not self._menu_index(path[:i])[1]:
                    row.locator('.expander').click()
                    self.wait()
            elif i == len(path):
                row.locator('.column-char').click()
                self.wait()

    # --- lists and forms ---------------------------------------------------
    def rows(self):
        "The rows of the list of the active tab (or of the dialog)"
        return self.scope().locator('.treeview tbody tr:not(.more-row)')

    def tabs(self):
        "The labels of the list's filter tabs (Черновики, Все...)"
        return [t.strip() for t in self.scope().locator(
                '.tab-domain .nav-tabs li a, .nav-tabs-domain li a'
                ).all_inner_texts()]

    def filter_tab(self, label):
        self.scope().get_by_role('tab', name=label).first.click()
        self.wait()

    def open_first_record(self):
        """Open the form of the first row of the list; whether a form is
        shown (False when the list is empty)"""
        rows = self.rows()
        if not rows.count():
            return False
        # on a cell without a link (a link opens the record it shows), else
        # on the right end of the first cell, past its link
        cells = rows.first.locator('td[data-title]:visible').filter(
            has_not=self.page.locator('a, button, input'))
        if cells.count():
            cells.first.dblclick(position={'x': 4, 'y': 4})
        else:
            cell = rows.first.locator('td[data-title]:visible').first
            box = cell.bounding_box()
            cell.dblclick(position={
                    'x': box['width'] - 3, 'y': box['height'] / 2})
        self.wait()
        return self.scope().locator('.form').count() > 0

    def toolbar(self, button_id):
        "A button of the tab's toolbar: new_, save, switch_, print, action…"
        return self.page.locator(f'{ACTIVE_TAB} button#{button_id}')

    def new_record(self):
        self.toolbar('new_').click()
        self.wait()

    def save(self):
        self.toolbar('save').click()
        self.wait()

    def close_tab(self):
        self.page.locator('#tablist li.active .close').click()
        self.wait()

    def widget(self, field, scope=None):
        """The widget of a field, by its name or its label"""
        scope = scope or self.scope()
        by_name = scope.locator(f'[name="{field}"]')
        if by_name.count():
            return by_name.first
        label = scope.locator('label').filter(has_text=re.compile(
                r'^\s*' + re.escape(field) + r'\s*:?\s*$')).first
        for_ = label.get_attribute('for')
        return scope.locator(f'[id="{for_}"]')

    def fill(self, field, value, scope=None):
        """Fill a field by its name or label: char, text, numbers and dates
        are typed; a many2one picks the completion that contains value; a
        selection picks the option labelled value"""
        self._fill_widget(self.widget(field, scope), value)

    def fill_cell(self, row, column, value):
        """Fill the cell of column (its label) in row, a row of an editable
        list (such as the scope returned by add_line: its selected row)"""
        if row.evaluate('e => e.tagName') != 'TR':
            row = row.locator('tbody tr.selected, tbody tr').first
        cell = row.locator(f'td[data-title="{column}: "]')
        cell.click()
        self.wait()
        widget = cell.locator('input:visible, select:visible').first
        widget.wait_for()
        self._fill_widget(widget, value)

    def _fill_widget(self, widget, value):
        kind = widget.evaluate(KIND)
        if kind == 'form-selection':
            widget.select_option(label=value)
        elif 'form-many2one' in kind or 'form-reference' in kind:
            if widget.input_value():
                widget.fill('')
                self.page.wait_for_timeout(400)
            widget.press_sequentially(value, delay=20)
            self.page.wait_for_timeout(350)
            self.wait()
            completion = widget.locator(
                'xpath=ancestor::div[contains(@class,"dropdown")][1]'
                ).locator('li.completion', has_text=value).first
            completion.wait_for(timeout=10000)
            completion.click()
        elif 'form-boolean' in kind:
            widget.set_checked(bool(value))
        else:
            widget.fill(str(value))
            widget.press('Tab')
        self.wait()

    def value(self, field, scope=None):
        widget = self.widget(field, scope)
        if widget.evaluate('e => e.tagName') == 'SELECT':
            return widget.evaluate(
                'e => e.options[e.selectedIndex] '
                '? e.options[e.selectedIndex].text : ""')
        return widget.input_value()

    def gettext(self, text):
        "A message of the web client in the user's language"
        return self.page.evaluate('t => Sao.i18n.gettext(t)', text)

    def one2many(self, label, scope=None):
        "The one2many (or many2many) widget by its label"
        scope = scope or self.scope()
        return scope.locator('.form-one2many, .form-many2many').filter(
            has=self.page.locator(
                '.form-one2many-string, .form-many2many-string',
                has_text=re.compile(r'^\s*' + re.escape(label) + r'\s*$'))
            ).first

    def add_line(self, label, scope=None):
        """Press «Создать» of the one2many labelled label; return the scope
        where the new line is edited (the dialog when one opens, else the
        one2many's list)"""
        box = self.one2many(label, scope)
        before = self.page.locator(DIALOG).count()
        box.locator('.form-one2many-toolbar button[title="%s"]'
            % self.gettext('New')).first.click()
        self.wait()
        if self.page.locator(DIALOG).count() > before:
            return self.scope()
        return box

    def press(self, label, scope=None):
        "Press a button of the form (or of the dialog) by its label"
        scope = scope or self.scope()
        scope.get_by_role('button', name=label, exact=True).first.click()
        self.wait()

    def run_wizard(self, values=None, button=None):
        """Fill the wizard's dialog with values ({field: value}) and press
        its button labelled button"""
        dialog = self.page.locator(DIALOG).last
        dialog.wait_for()
        for field, value in (values or {}).items():
            self.fill(field, value, scope=dialog)
        if button:
            dialog.locator('.modal-footer').get_by_role(
                'button', name=button, exact=True).first.click()
            self.wait()

    def download(self, action, path):
        """Run action (a callable that starts a print) and save the file it
        downloads to path; return its text (pdftotext) for a PDF"""
        with self.page.expect_download(timeout=60000) as info:
            action()
        info.value.save_as(str(path))
        self.wait()
        if str(path).endswith('.pdf'):
            return pdftotext(path)
        return path.read_bytes()

    def print_(self, label, path):
        "Print the report labelled label of the toolbar's print menu"
        def action():
            self.toolbar('print').click()
            self.page.locator(f'{ACTIVE_TAB} ul[aria-labelledby="print"] a',
                has_text=label).first.click()
        return self.download(action, path)


def pdftotext(path):
    "The text of a PDF, its layout kept"
    return subprocess.run(['pdftotext', '-layout', str(path), '-'],
        check=True, capture_output=True, text=True).stdout
