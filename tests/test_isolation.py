"""Isolation and immutability found from the server, not listed by hand.

trytond serves a demo centre with two dealers. The models holding
company data are found from the server: the models of the itsvc modules
with a company field, those with a read rule and a company field, and
the models tied to them by a required relation. For each of them and
each role, the records of a company the user does not belong to must
not come back by search, search_count, read, export_data nor by a
relational sub-domain of any searchable field that points to the model.

The documents with a workflow (a read-only selection ``state``) are
found the same way; writing any field of a record in a state other than
the initial one must be refused with a Russian message, except the
fields listed in EDITABLE, and the value must read back unchanged.

A model or a field added without its rule or guard makes this test fail.
"""
import shutil
import unittest

from itsvc.rpc import RPCError, Session
from .tools import Instance, Server

PASSWORD = 'itsvc2026'
ROLES = ('dealer1', 'dealer2', 'manager', 'specialist', 'accountant',
    'storekeeper')
OURS = ('itsvc_', 'account_ru', 'bank_exchange_1c', 'party_ru',
    'report_company')
# the fields still written outside the initial state, by model or by
# (model, state) (the server's _editable_fields, _editable_in_state); any
# other field of a document must be refused
EDITABLE = {
    'itsvc.contract': {'salesman'},
    'itsvc.plan': {'trainings', 'lines'},
    'itsvc.press.delivery': {'note'},
    ('itsvc.press.delivery', 'delivered'): {'return_date'},
    ('itsvc.press.delivery', 'returned'): {'method', 'address',
        'delivery_date', 'return_date'},
    'account.invoice': {'invoice_report_cache', 'invoice_report_cache_id',
        'invoice_report_format', 'invoice_report_revisions',
        'payment_lines', 'description', 'comment', 'reference'},
    }
# the button of each state, tried to bring a document to a state the demo
# lacks
BUTTONS = {'confirmed': 'confirm', 'registered': 'register',
    'issued': 'issue', 'approved': 'approve', 'refused': 'refuse',
    'done': 'do', 'delivered': 'deliver', 'returned': 'return_',
    'ended': 'end', 'validated': 'validate_invoice', 'posted': 'post',
    'cancelled': 'cancel', 'terminated': 'terminate'}
# the models of itsvc tied to a company that hold no company data
SHARED = {
    # the settings' singleton: its values per company are in
    # itsvc.configuration.sequence, .bill_sequence, .ledger
    'itsvc.configuration',
    }


def russian(text):
    return any('а' <= c <= 'я' for c in text.lower())


def refused(call):
    "Whether the call is refused: an error, or nothing returned"
    try:
        result = call()
    except RPCError:
        return True
    return not result


class IsolationTestCase(unittest.TestCase):
    "Every company model × role × path; every document field × state"

    @classmethod
    def setUpClass(cls):
        cls.instance = Instance('isolation')
        cls.instance.setup_demo(12)
        cls.server = Server(cls.instance)
        cls.prepare()

    @classmethod
    def prepare(cls):
        "Log in the users; find the models from the server"
        cls.sessions = {login: Session(cls.instance.url,
                cls.instance.database, login, PASSWORD, language='ru')
            for login in ROLES + ('admin',)}
        admin = cls.admin = cls.sessions['admin']
        models = admin.model('ir.model', 'search_read', [], 0, None, None,
            ['name', 'module'])
        cls.modules = {m['name']: m['module'] for m in models}
        fields = admin.model('ir.model.field', 'search_read',
            [('module', 'in', sorted({m for m in cls.modules.values()
                            if m and m.startswith(OURS)}))],
            0, None, None, ['model'])
        # the models of our modules and those our modules extend
        names = {m for m, module in cls.modules.items()
            if module and module.startswith(OURS)}
        names |= {f['model'] for f in fields}
        groups = admin.model('ir.rule.group', 'search_read',
            [('perm_read', '=', True), ('global_p', '=', True)],
            0, None, None, ['model'])
        cls.ruled = {g['model'] for g in groups}
        names |= cls.ruled
        cls.fields = {}
        for name in sorted(names):
            try:
                admin.model(name, 'search', [], 0, 1, None)
            except (RPCError, OSError):  # HTTP 403: no such method
                continue  # not stored (a wizard's form)
            cls.fields[name] = admin.model(name, 'fields_get', None)
        cls.companies = {c['id']: c['parent'] for c in admin.model(
                'company.company', 'search_read', [], 0, None, None,
                ['parent'])}

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.instance.drop()
        shutil.rmtree(cls.instance.tmp, ignore_errors=True)

    @classmethod
    def company_paths(cls):
        "{model: dotted path to its company} of the models of company data"
        paths = {}
        for name, fields in cls.fields.items():
            field = fields.get('company')
            if (field and field.get('relation') == 'company.company'
                    and field.get('searchable', True)
                    and (name in cls.ruled
                        or (cls.modules.get(name) or '').startswith(OURS))
                    and name not in SHARED):
                paths[name] = 'company'
        changed = True
        while changed:
            changed = False
            for name, fields in cls.fields.items():
                if (name in paths or name in SHARED
                        or not (cls.modules.get(name) or '').startswith(OURS)):
                    continue
                for fname, field in sorted(fields.items()):
                    if (field['type'] == 'many2one' and field.get('required')
                            and field.get('relation') in paths):
                        paths[name] = (
                            f"{fname}.{paths[field['relation']]}")
                        changed = True
                        break
        return paths

    def others(self, login):
        "The companies whose records the user must not see"
        user, = self.admin.model('res.user', 'search_read',
            [('login', '=', login)], 0, 1, None, ['companies'])
        below = set(user['companies'])
        while True:
            more = {c for c, p in self.companies.items() if p in below}
            if more <= below:
                break
            below |= more
        return sorted(set(self.companies) - below)

    def test_isolation(self):
        "No role gets another company's records by any path"
        paths = self.company_paths()
        # every relational searchable field, by target model
        references = {}
        for name, fields in self.fields.items():
            for fname, field in fields.items():
                if (field['type'] in {'many2one', 'one2many', 'many2many'}
                        and field.get('searchable', True)
                        and field.get('relation') in paths):
                    references.setdefault(field['relation'], []).append(
                        (name, fname))
        leaks, probes, empty = [], 0, set()
        for login in ROLES:
            session = self.sessions[login]
            others = self.others(login)
            for model, path in sorted(paths.items()):
                ids = [] if not others else self.admin.search(
                    model, [(path, 'in', others)], 20)
                if not ids:
                    empty.add((login, model))
                    continue
                calls = {
                    'search': lambda: session.search(
                        model, [('id', 'in', ids)]),
                    'search_count': lambda: session.model(
                        model, 'search_count', [('id', 'in', ids)]),
                    'read': lambda: session.model(
                        model, 'read', ids, ['id']),
                    'export_data': lambda: session.model(
                        model, 'export_data', ids, ['id']),
                    }
                for source, fname in references.get(model, []):
                    calls[f'{source}.{fname}'] = (
                        lambda source=source, fname=fname:
                        session.model(source, 'search_count',
                            [(f'{fname}.id', 'in', ids)]))
                for kind, call in calls.items():
                    probes += 1
                    if not refused(call):
                        leaks.append((login, model, kind))
        print(f"\n{len(paths)} models of company data, {len(ROLES)} roles, "
            f"{probes} probes; no record of another company for "
            f"{len(empty)} model × role pairs")
        self.assertEqual(leaks, [])
        # each dealer probed the models holding its rival's data
        self.assertGreater(probes, 100)

    def test_rules_of_company_models(self):
        "Every model of company data has a read rule or one by its link"
        paths = self.company_paths()
        missing = [m for m, p in paths.items()
            if p == 'company' and m not in self.ruled]
        self.assertEqual(missing, [])

    def documents(self):
        "{model: initial state} of the documents with a workflow"
        documents = {}
        for name, fields in self.fields.items():
            state = fields.get('state')
            if (state and state['type'] == 'selection'
                    and state.get('readonly') is True
                    and (name in EDITABLE
                        or (self.modules.get(name) or '').startswith(OURS))):
                default = self.admin.model(name, 'default_get', ['state'])
                if default.get('state'):
                    documents[name] = default['state']
        return documents

    def reach_states(self, documents):
        """Bring a copy of a record of each document to the states the demo
        lacks, by the button of the state after at most one other"""
        admin = self.admin

        def state_of(record):
            return admin.model(model, 'read', [record], ['state'])[0]['state']

        def click(record, button):
            try:
                admin.model(model, button, [record])
            except (RPCError, OSError):
                pass

        for model, initial in sorted(documents.items()):
            states = [s for s, _ in self.fields[model]['state']['selection']
                if s and s != initial]
            for state in states:
                if admin.search(model, [('state', '=', state)], 1):
                    continue
                try:
                    copy, = admin.model(model, 'copy',
                        admin.search(model, [], 1), {})
                except (RPCError, OSError, ValueError):
                    continue  # no record to copy
                button = BUTTONS.get(state)
                click(copy, button)
                for before in BUTTONS.values():
                    if state_of(copy) != initial:
                        break
                    if before != button:
                        click(copy, before)
                        click(copy, button)

    def test_documents_immutable(self):
        "Each field of a document out of its initial state is the workflow's"
        admin = self.admin
        accepted, probes, vacuous = [], 0, []
        documents = self.documents()
        self.reach_states(documents)
        for model, initial in sorted(documents.items()):
            fields = self.fields[model]
            for state, _ in fields['state']['selection']:
                if state == initial:
                    continue
                records = admin.search(model, [('state', '=', state)], 1)
                if not records:
                    vacuous.append((model, state))
                    continue
                record, = records
                names = sorted(set(fields) - EDITABLE.get(model, set())
                    - EDITABLE.get((model, state), set()))
                before = self.read(model, record, names)
                for name in names:
                    probes += 1
                    value = self.other_value(fields[name], before.get(name))
                    try:
                        admin.model(model, 'write', [record], {name: value})
                    except RPCError as error:
                        if not russian(error.text):
                            accepted.append((model, state, name, error.text))
                        continue
                    accepted.append((model, state, name, 'written'))
                after = self.read(model, record, before)
                accepted.extend((model, state, name, 'changed')
                    for name in sorted(before)
                    if after.get(name) != before[name])
        print(f"\n{len(documents)} documents, {probes} field × state "
            f"probes; no record in {len(vacuous)} states: {vacuous}")
        self.assertEqual(accepted, [])
        self.assertGreater(probes, 300)

    def read(self, model, record, names):
        "The values of the fields of the record that can be read"
        try:
            values, = self.admin.model(model, 'read', [record], list(names))
        except RPCError:
            values = {}
            for name in names:
                try:
                    values.update(self.admin.model(
                            model, 'read', [record], [name])[0])
                except RPCError:
                    pass  # a computed field failing on the demo's data
        return values

    @staticmethod
    def other_value(field, value):
        "A value of the field's type other than value"
        kind = field['type']
        if kind in {'char', 'text'}:
            return 'ПРОВЕРКА'
        elif kind == 'integer':
            return (value or 0) + 1
        elif kind == 'float':
            return (value or 0) + 1.5
        elif kind == 'numeric':
            return {'__class__': 'Decimal', 'decimal': '123.45'}
        elif kind == 'boolean':
            return not value
        elif kind == 'date':
            return {'__class__': 'date', 'year': 2001, 'month': 2, 'day': 3}
        elif kind == 'datetime':
            return {'__class__': 'datetime', 'year': 2001, 'month': 2,
                'day': 3, 'hour': 4, 'minute': 5, 'second': 6}
        elif kind == 'selection':
            selection = field.get('selection')
            if isinstance(selection, list):
                for key, _ in selection:
                    if key != value and key is not None:
                        return key
            return 'x'
        elif kind in {'many2one', 'one2one'}:
            return None if value else 1
        elif kind in {'one2many', 'many2many'}:
            return [('remove', value)] if value else []
        elif kind == 'reference':
            return None
        return None
