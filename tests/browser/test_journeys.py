"""Each role's daily work in the web client, on one demo centre.

The manager makes a client and its contract, the storekeeper receives
distributives and installs one for it, the accountant bills it, is
paid by a bank statement, closes the month and prints the act, the VAT
invoice, the УПД and the reconciliation statement; the prints are read
back with pdftotext. Screenshots and prints: var/artifacts/journeys/.
"""
from decimal import Decimal

from itsvc.rpc import Session

from . import journeys
from .base import PASSWORD, BrowserTestCase


class JourneysTestCase(BrowserTestCase):
    "The journeys of the roles, in the order of the month"
    clients = 20

    def login(self, login):
        return self.client(login, artifacts=self.artifacts('journeys'))

    def admin(self):
        return Session(self.instance.url, self.instance.database, 'admin',
            PASSWORD)

    def test_contract_to_act(self):
        """From a new client to its act: the manager, the storekeeper,
        then the accountant"""
        artifacts = self.artifacts('journeys')
        inn = journeys.inn_check('770812345')
        contract = journeys.manager(self.login, artifacts, inn)
        admin = self.admin()
        company, = admin.search('company.company', [('parent', '=', None)])
        party, = admin.model('company.company', 'read', [company],
            ['party'])[0]['party'],
        account, = admin.search('bank.account.number', [
                ('account.owners', '=', party),
                ('type', '=', 'iban'),
                ], 1) or admin.search('bank.account.number', [
                ('account.owners', '=', party)], 1)
        number = admin.model('bank.account.number', 'read', [account],
            ['number'])[0]['number']
        journeys.storekeeper(self.login, artifacts)
        journeys.accountant(self.login, artifacts, number, inn, contract)

    def test_director(self):
        "The director's summary, reports as graphs and a staff plan"
        admin = self.admin()
        bills = admin.model('itsvc.bill', 'search_read', [
                ('state', '=', 'issued'),
                ('date', '>=', {'__class__': 'date', 'year': 2026,
                        'month': 10, 'day': 1}),
                ('date', '<=', {'__class__': 'date', 'year': 2026,
                        'month': 10, 'day': 31}),
                ], 0, None, None, ['untaxed_amount'])
        total = sum(Decimal(b['untaxed_amount']['decimal']) for b in bills)
        assert total, "the demo bills October"
        journeys.director(self.login, self.artifacts('journeys'),
            journeys.amount(format(total, ',.2f').replace(',', ' ')
                .replace('.', ',')))

    def test_dealer(self):
        "A dealer sees its own contracts, none of the other dealer's"
        admin = self.admin()
        dealers = {}
        for company in admin.model('company.company', 'search_read', [
                    ('parent', '!=', None)], 0, None, None,
                ['rec_name']):
            contracts = admin.model('itsvc.contract', 'search_read', [
                    ('company', '=', company['id'])], 0, None, None,
                ['number'])
            dealers[company['rec_name']] = [
                c['number'] or '' for c in contracts]
        own = dealers.pop('ООО «Дилер-Юг»')
        others, = dealers.values()
        assert own and others, dealers
        journeys.dealer(self.login, self.artifacts('journeys'), own,
            [n for n in others if n])
