"""The demo centre: `itsvc setup` creates it once, deterministically."""
import json
import shutil
import unittest

from stdnum.ru import inn

from .tools import Instance

COUNT = """
import json
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.config import config
name = %(database)r
pool = Pool(name)
pool.init()
with Transaction().start(name, 0, readonly=True):
    Company = pool.get('company.company')
    Party = pool.get('party.party')
    User = pool.get('res.user')
    Identifier = pool.get('party.identifier')
    Module = pool.get('ir.module')
    Contract = pool.get('itsvc.contract')
    Installation = pool.get('itsvc.installation')
    Bill = pool.get('itsvc.bill')
    companies = Company.search([])
    print(json.dumps({
        'companies': sorted(c.party.name for c in companies),
        'parties': Party.search_count([]),
        'inn': sorted(i.code for i in Identifier.search([])),
        'users': {u.login: u.language.code if u.language else None
            for u in User.search([('login', '!=', 'root')])},
        'contracts': Contract.search_count([('state', '=', 'registered')]),
        'numbered': Contract.search_count([('number', '!=', None)]),
        'installations': Installation.search_count([]),
        'maintained': Installation.search_count(
            [('state', '=', 'maintained')]),
        'clients': Party.search_count([('client_status', '=', 'client')]),
        'bills': Bill.search_count([('state', '=', 'issued')]),
        'billed_months': sorted({str(b.period) for b in Bill.search([])}),
        'paid': Bill.search_count([('payment_state', '=', 'paid')]),
        'acts': pool.get('account.invoice').search_count(
            [('state', '=', 'posted')]),
        'groups': sorted({p.client_group.code for p in Party.search(
            [('client_group', '!=', None)])}),
        'activated': sorted(m.name for m in Module.search([
            ('name', 'like', 'itsvc%%'), ('state', '=', 'activated')])),
        }))
"""


class DemoTestCase(unittest.TestCase):
    "The demo centre loaded by `itsvc setup`"

    def setUp(self):
        self.instances = []

    def tearDown(self):
        for instance in self.instances:
            instance.drop()
            shutil.rmtree(instance.tmp, ignore_errors=True)

    def _setup(self, name, clients):
        instance = Instance(name)
        self.instances.append(instance)
        instance.itsvc('setup', '--clients', str(clients))
        return instance, json.loads(
            instance.python(COUNT % {'database': instance.database}))

    def test_demo_centre(self):
        "Companies, clients with valid ИНН, Russian users; loaded once"
        instance, first = self._setup('demo', 30)
        self.assertEqual(first['companies'], [
                'ООО «Дилер-Юг»', 'ООО «Информ-Центр»',
                'ООО «Сибирь-Софт»'])
        self.assertEqual(first['activated'], [
                'itsvc_base', 'itsvc_billing', 'itsvc_dealer',
                'itsvc_distrib', 'itsvc_plan', 'itsvc_press', 'itsvc_report'])
        # 3 companies, 7 staff members, the centre's bank, the
        # coordination centre, 30 clients
        self.assertEqual(first['parties'], 3 + 7 + 1 + 1 + 30)
        self.assertEqual(len(first['inn']), 3 + 30)
        self.assertTrue(all(inn.is_valid(code) for code in first['inn']))
        # most clients have a registered contract with installations
        self.assertGreaterEqual(first['contracts'], 20)
        self.assertEqual(first['numbered'], first['contracts'])
        self.assertGreaterEqual(first['installations'], first['contracts'])
        self.assertGreater(first['maintained'], 0)
        self.assertGreater(first['clients'], 0)
        self.assertEqual(first['billed_months'], [
                '2026-09-01', '2026-10-01', '2026-11-01'])
        self.assertGreater(first['bills'], 0)
        self.assertGreater(first['paid'], 0)
        self.assertGreater(first['acts'], 0)
        self.assertEqual(first['groups'], [
                'bundle', 'large', 'medium', 'small'])
        self.assertEqual(first['users'], {
                'admin': 'ru', 'director': 'ru', 'manager': 'ru',
                'specialist': 'ru', 'accountant': 'ru', 'storekeeper': 'ru',
                'dealer1': 'ru', 'dealer2': 'ru'})

        result = instance.itsvc('setup', '--clients', '30')
        self.assertIn('ready', result.stderr)
        self.assertNotIn('Activating', result.stderr)
        second = json.loads(
            instance.python(COUNT % {'database': instance.database}))
        self.assertEqual(second, first)

        # the command line bills December once
        result = instance.itsvc(
            'billing-run', '--period', '2026-12', '--date', '2026-12-01')
        self.assertRegex(result.stdout, r'(\d+) bill\(s\) issued')
        issued = int(result.stdout.split(' bill(s) issued')[0].split()[-1])
        self.assertGreater(issued, 0)
        result = instance.itsvc(
            'billing-run', '--period', '2026-12', '--date', '2026-12-01')
        self.assertIn('0 bill(s) issued', result.stdout)

        # and closes November once: the paid bills get their acts
        result = instance.itsvc('close-month', '--period', '2026-11')
        self.assertRegex(result.stdout, r': \d+ act\(s\)')
        result = instance.itsvc('close-month', '--period', '2026-11')
        self.assertIn(': 0 act(s), 0 line(s)', result.stdout)

    def test_deterministic(self):
        "The same seed gives the same centre"
        _, first = self._setup('demo_a', 10)
        _, second = self._setup('demo_b', 10)
        self.assertEqual(first['inn'], second['inn'])
