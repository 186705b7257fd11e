"""Every menu entry of every role opened in the web client.

For each demo user but admin: every menu entry the user is given is
opened; in a list the first record's form is opened and, when the user
may create, a new record's form. Every page must load within 10 s without
a console error, a failed server call, «#ОШИБКА» or a Latin word outside
the allow-list. Screenshots in var/artifacts/sweep/<role>/.
"""
import json
import os
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from ..tools import ROOT
from .base import (
    CHROMIUM, CHROMIUM_ARGS, PASSWORD, VIEWPORT, BrowserTestCase)
from .pages import DIALOG, WebClient

ROLES = ['director', 'manager', 'specialist', 'accountant', 'storekeeper',
    'dealer1', 'dealer2']
LATIN = re.compile(r'[A-Za-z][A-Za-z0-9_.-]*')
# Latin words allowed in the visible text (the codes are left out of the
# text: fields named code, columns «Код»)
ALLOWED = {
    'itsvc',  # the product's name
    'Skype', 'SIP',  # kinds of contact mechanisms, by their names
    }
CLOSE_TABS = """() => {
    for (const tab of Sao.Tab.tabs.slice()) {
        tab._close_allowed = () => jQuery.when();
        tab.close();
    }
}"""


class Sweep:
    "The pages of one role and what was wrong on them"

    def __init__(self, client, role, folder, log=None):
        self.client = client
        self.role = role
        self.folder = folder
        self.log = log
        self.pages = 0
        self.problems = []
        self.latin = set()

    def note(self, **kwargs):
        "Write a line of the log (JSON)"
        if self.log:
            self.log.write(json.dumps(kwargs, ensure_ascii=False) + '\n')
            self.log.flush()

    def check(self, name):
        """Screenshot the page and note its problems"""
        client = self.client
        self.pages += 1
        client.screenshot(f'{self.pages:03d} {name}'.replace('/', '-'),
            folder=self.folder)
        text = client.text()
        if '#ОШИБКА' in text:
            self.problems.append((name, '#ОШИБКА'))
        for word in LATIN.findall(text):
            if word not in ALLOWED and word not in self.latin:
                self.latin.add(word)
                self.problems.append((name, f'Latin word {word!r}'))
        for error in client.errors():
            self.problems.append((name, error))
        client.clear_errors()

    def step(self, name, action):
        """Run action (it waits for its view), then check the page; note
        the error of an action that fails; return its result"""
        try:
            result = action()
        except Exception as error:
            message = str(error).strip().splitlines()
            self.problems.append((name, f'{type(error).__name__}: '
                    + (message[0] if message else '')))
            result = None
        self.check(name)
        return result

    def close(self):
        "Close the dialogs and the tabs"
        page = self.client.page
        for _ in range(5):
            if not page.locator(DIALOG).count():
                break
            # a wizard's first button ends it (Отмена, Закрыть)
            try:
                page.locator(DIALOG).last.locator(
                    '.modal-footer button').first.click(timeout=3000)
            except Exception:
                page.keyboard.press('Escape')
            self.client.wait()
        page.evaluate(CLOSE_TABS)
        self.client.clear_errors()

    def entry(self, path):
        client = self.client
        name = ' - '.join(path[1:] if len(path) > 1 else path)
        opened = self.step(name, lambda: client.open_menu(*path) or True)
        if not opened or client.page.locator(DIALOG).count():
            self.close()  # a wizard: its first dialog is the page
            return
        if client.scope().locator('.treeview').count():
            if not client.rows().count():
                for label in client.tabs():
                    if label.startswith('Все'):
                        client.filter_tab(label)
                        break
            if client.rows().count():
                # a list without a form (a report) stays a list
                self.step(f'{name} - запись', client.open_first_record)
            new = client.toolbar('new_')
            if new.count() and new.is_enabled():
                self.step(f'{name} - новая', client.new_record)
        self.close()

    def run(self):
        for path in self.client.menu_entries():
            self.note(entry=' / '.join(path))
            problems = len(self.problems)
            self.entry(path)
            for name, problem in self.problems[problems:]:
                self.note(problem=[name, problem])
        self.note(pages=self.pages)


def main(url, database, role, folder):
    """Sweep the pages of role in a browser of its own; the log (JSON
    lines: entry, problem, pages) is written in folder/sweep.log"""
    from pathlib import Path

    from playwright.sync_api import sync_playwright
    folder = Path(folder)
    with open(folder / 'sweep.log', 'w') as log, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale='ru-RU', viewport=VIEWPORT)
        client = WebClient(context.new_page(), url, database,
            artifacts=folder)
        client.login(role, PASSWORD)
        role_sweep = Sweep(client, role, folder, log)
        try:
            role_sweep.run()
        except Exception as error:
            role_sweep.note(problem=['', f'sweep stopped: {error}'])
            raise
        finally:
            browser.close()


def run(url, database, role, folder, timeout):
    """Sweep role in a process of its own, stopped after timeout seconds;
    return the count of pages, the problems and the duration"""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, '-m', __name__,
            url, database, role, str(folder)], cwd=str(ROOT),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # the browser with it
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        stderr = f'stopped after {timeout} s'
    pages, problems, entry = 0, [], None
    log = folder / 'sweep.log'
    for line in (log.read_text().splitlines() if log.exists() else []):
        item = json.loads(line)
        entry = item.get('entry', entry)
        if 'problem' in item:
            problems.append(tuple(item['problem']))
        pages = item.get('pages', pages)
    if process.returncode:
        last = (stderr or '').strip().splitlines()
        problems.append((entry or '', 'sweep failed: '
                + (last[-1] if last else f'exit {process.returncode}')))
    return pages, problems, time.monotonic() - started


class SweepTestCase(BrowserTestCase):
    "Every menu entry of every role"
    #: roles swept at the same time, each in its own browser
    workers = 3
    #: seconds a role may take
    timeout = 600

    def test_sweep(self):
        "Every page of every role loads without an error"
        started = time.monotonic()
        folders = {}
        for role in ROLES:
            folders[role] = folder = self.artifacts('sweep', role)
            for old in folder.glob('*.png'):
                old.unlink()
        with ThreadPoolExecutor(self.workers) as executor:
            results = dict(zip(ROLES, executor.map(
                        lambda role: run(self.url, self.instance.database,
                            role, folders[role], self.timeout), ROLES)))
        problems = []
        for role, (pages, role_problems, duration) in results.items():
            print(f'\nsweep: {role}: {pages} pages in {duration:.0f} s',
                file=sys.stderr, end='')
            problems += [f'{role}: {name}: {problem}'
                for name, problem in role_problems]
        print(f'\nsweep: {sum(r[0] for r in results.values())} pages in '
            f'{time.monotonic() - started:.0f} s', file=sys.stderr)
        self.assertEqual(problems, [], '\n' + '\n'.join(problems))


if __name__ == '__main__':
    main(*sys.argv[1:])
