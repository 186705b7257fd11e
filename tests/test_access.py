"""Roles and immutable documents over real RPC sessions.

trytond serves a demo centre; each staff user logs in over JSON-RPC like
the web client and tries to read, create, write and delete every kind of
document. The expected matrix below is the access policy of the product.
Registered documents refuse changes even from the director.
"""
import shutil
import unittest

from itsvc.rpc import RPCError, Session
from .tools import Instance, Server

PASSWORD = 'itsvc2026'
ALL = 'rwcd'
# model: (manager, specialist, accountant, storekeeper, director) — the
# sales manager, the maintenance specialist, the accountant, the warehouse
# keeper and the director (dealers' users: itsvc_dealer/tests)
POLICY = {
    'itsvc.contract': ('rwc', 'r', 'r', 'r', ALL),
    'itsvc.contract.amendment': ('rwc', 'r', 'r', 'r', ALL),
    'itsvc.service_point': ('rwc', 'rwc', 'r', 'r', ALL),
    'itsvc.installation': ('r', 'rw', 'r', 'r', 'rw'),
    'itsvc.bill': ('r', 'r', 'rwc', 'r', ALL),
    'itsvc.payment': ('r', 'r', 'rwc', 'r', ALL),
    'itsvc.billing.run': ('r', 'r', 'rwc', 'r', ALL),
    'itsvc.closing': ('r', 'r', 'rwc', 'r', ALL),
    }
LOGINS = ('manager', 'specialist', 'accountant', 'storekeeper', 'director')
# the registered document of each model the matrix writes and deletes
DOCUMENTS = {
    'itsvc.contract': [('state', '=', 'registered')],
    'itsvc.contract.amendment': [('state', '=', 'registered')],
    'itsvc.service_point': [('installations', '!=', None)],
    'itsvc.installation': [],
    'itsvc.bill': [('state', '=', 'issued')],
    'itsvc.payment': [('state', '=', 'registered')],
    'itsvc.billing.run': [('state', '=', 'done')],
    'itsvc.closing': [('state', '=', 'done')],
    }


def denied(error):
    "The error is the refusal of the access rights"
    return error.text.startswith('You are not allowed to access')


class AccessTestCase(unittest.TestCase):
    "Role × model × read/create/write/delete over JSON-RPC"

    @classmethod
    def setUpClass(cls):
        cls.instance = Instance('access')
        cls.instance.setup_demo(12)
        cls.server = Server(cls.instance)
        cls.sessions = {login: cls.session(login)
            for login in LOGINS + ('admin',)}
        admin = cls.sessions['admin']
        cls.records = {}
        for model, domain in DOCUMENTS.items():
            ids = admin.search(model, domain, 1)
            assert ids, f"the demo has no {model} {domain}"
            cls.records[model] = ids[0]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.instance.drop()
        shutil.rmtree(cls.instance.tmp, ignore_errors=True)

    @classmethod
    def session(cls, login):
        return Session(cls.instance.url, cls.instance.database, login,
            PASSWORD)

    def allowed(self, session, model, mode):
        "Whether the server lets the user do mode on model"
        record = self.records[model]
        try:
            if mode == 'r':
                session.model(model, 'read', [record], ['rec_name'])
            elif mode == 'c':
                session.model(model, 'create', [{}])
            elif mode == 'w':
                session.model(model, 'write', [record], {})
            elif mode == 'd':
                session.model(model, 'delete', [record])
        except RPCError as error:
            return not denied(error)
        return True

    def test_matrix(self):
        "Each role has exactly the rights of the policy"
        found, expected = {}, {}
        for model, rights in POLICY.items():
            for login, right in zip(LOGINS, rights):
                session = self.sessions[login]
                expected[model, login] = right
                found[model, login] = ''.join(mode for mode in 'rwcd'
                    if self.allowed(session, model, mode))
        self.assertEqual(found, expected)
        # the documents deleted "with the right" were refused as registered
        admin = self.sessions['admin']
        for model, record in self.records.items():
            self.assertEqual(admin.search(model, [('id', '=', record)]),
                [record], model)

    def test_registered_documents_immutable(self):
        "Registered contracts, amendments, bills, payments: no change"
        director = self.sessions['director']
        changes = {
            'itsvc.contract': {'description': 'исправлено'},
            'itsvc.contract.amendment': {'description': 'исправлено'},
            'itsvc.bill': {'description': 'исправлено'},
            'itsvc.payment': {'purpose': 'исправлено'},
            }
        for model, values in changes.items():
            record = self.records[model]
            before = director.model(model, 'read', [record], list(values))
            with self.assertRaises(RPCError, msg=model) as context:
                director.model(model, 'write', [record], values)
            self.assertFalse(denied(context.exception), model)
            self.assertEqual(context.exception.kind, 'UserError', model)
            with self.assertRaises(RPCError, msg=model) as context:
                director.model(model, 'delete', [record])
            self.assertFalse(denied(context.exception), model)
            self.assertEqual(
                director.model(model, 'read', [record], list(values)),
                before, model)

    def test_posted_act_immutable(self):
        "A posted act cannot be changed or deleted"
        admin = self.sessions['admin']
        act, = admin.search('account.invoice', [('state', '=', 'posted')], 1)
        date = {'__class__': 'date', 'year': 2020, 'month': 1, 'day': 1}
        for method, args in [('write', ({'invoice_date': date},)),
                ('delete', ())]:
            with self.assertRaises(RPCError, msg=method) as context:
                admin.model('account.invoice', method, [act], *args)
            self.assertEqual(context.exception.kind, 'UserError')
        state, = admin.model('account.invoice', 'read', [act], ['state'])
        self.assertEqual(state['state'], 'posted')

    def test_russian_refusal(self):
        "The refusal reaches the user in Russian"
        session = self.sessions['manager']
        session.context = {'language': 'ru'}
        with self.assertRaises(RPCError) as context:
            session.model('itsvc.bill', 'create', [{}])
        self.assertRegex(context.exception.text, '[А-Яа-я]')

    def test_history(self):
        "Every change of a document is kept with its author and time"
        director = self.sessions['director']
        for model in ['itsvc.contract', 'itsvc.contract.amendment',
                'itsvc.bill', 'itsvc.payment']:
            revisions = director.model(
                model, 'history_revisions', [self.records[model]])
            self.assertTrue(revisions, model)
            for date, record, user in revisions:
                self.assertEqual(date['__class__'], 'datetime')
                self.assertEqual(record, self.records[model])
                self.assertTrue(user)

    def test_history_authors(self):
        "The accountant drafts a payment, the director registers it"
        accountant = self.sessions['accountant']
        director = self.sessions['director']
        party, = accountant.search('party.party',
            [('client_status', '=', 'client')], 1)
        payment, = accountant.model('itsvc.payment', 'create', [{
                    'kind': 'cash_order', 'party': party,
                    'date': {'__class__': 'date',
                        'year': 2026, 'month': 11, 'day': 20},
                    'amount': {'__class__': 'Decimal', 'decimal': '1500.00'},
                    }])
        director.model('itsvc.payment', 'register', [payment])
        revisions = director.model(
            'itsvc.payment', 'history_revisions', [payment])
        moments = ('year', 'month', 'day', 'hour', 'minute', 'second',
            'microsecond')
        authors = [user for _, _, user in sorted(revisions,
                key=lambda r: tuple(r[0].get(k, 0) for k in moments))]
        self.assertEqual(authors, [
                'Сидорова Наталья Ивановна', 'Орлова Марина Викторовна'])
        values, = director.model('itsvc.payment', 'read', [payment],
            ['state', 'registered_by.rec_name'])
        self.assertEqual(values['state'], 'registered')
        self.assertEqual(values['registered_by.']['rec_name'],
            'Орлова Марина Викторовна')
