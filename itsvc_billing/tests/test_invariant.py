# This file is part of itsvc.
"""Billing right in any order of events: a stateful property test.

Hypothesis draws short histories of contracts, amendments of every kind,
price versions, fixed prices, promotions, prepayments, cancelled bills,
payments, monthly runs and closings; after every run the conservation
invariant of itsvc_billing.invariant is checked, after every closing that
the acts are the paid lines, none acted twice.

Run against the engine before issue 21 it fails on «run, cancel an
unpaid bill, run»: the cancelled month was never billed again (the case is
in scenario_itsvc_billing_backdated.rst).

The histories share one database: the fixture (company, chart, taxes,
systems, price list) is made once, each history runs inside a savepoint
rolled back at its end. ITSVC_HYPOTHESIS_EXAMPLES sets how many histories
run (300 by default).
"""
import datetime as dt
import os
import sys
import unittest
from collections import Counter
from decimal import Decimal

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine, precondition, rule,
    run_state_machine_as_test)

from trytond.cache import Cache
from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError
from trytond.modules.account.tests import create_chart, get_fiscalyear
from trytond.modules.account_invoice.tests import set_invoice_sequences
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

from itsvc_base.tenure import add_months, month_bounds

from ..invariant import check_acts, check_billing, check_rerun

EXAMPLES = int(os.environ.get('ITSVC_HYPOTHESIS_EXAMPLES', 300))
# what the histories did, printed at the end
STATS = Counter()
# the first month billed; the histories reach 29 February 2024 (months
# in the past: a run is refused more than a year ahead of today)
START = dt.date(2023, 12, 1)


_SAVED = {}


def savepoint(name):
    """A savepoint; the transaction's lists of created, deleted and logged
    records are saved with it (they grow with every record otherwise)"""
    transaction = Transaction()
    transaction.connection.cursor().execute(f'SAVEPOINT {name}')
    _SAVED[name] = (
        {k: len(v) for k, v in transaction.create_records.items()},
        {k: set(v) for k, v in transaction.delete_records.items()},
        {k: set(v) for k, v in transaction.trigger_records.items()},
        len(transaction.log_records))


def rollback_to(name):
    "Undo everything since the savepoint, the caches with it"
    transaction = Transaction()
    transaction.connection.cursor().execute(f'ROLLBACK TO SAVEPOINT {name}')
    created, deleted, triggered, logged = _SAVED[name]
    for model, ids in list(transaction.create_records.items()):
        del ids[created.get(model, 0):]
    for records, saved in [(transaction.delete_records, deleted),
            (transaction.trigger_records, triggered)]:
        records.clear()
        records.update({k: set(v) for k, v in saved.items()})
    del transaction.log_records[logged:]
    transaction.timestamp.clear()
    for cache in transaction.cache.values():
        cache.clear()
    Cache.rollback(transaction)


def release(name):
    Transaction().connection.cursor().execute(f'RELEASE SAVEPOINT {name}')


def attempt(function, *args):
    "Call function; on a user error undo what it did and return False"
    savepoint('attempt')
    try:
        result = function(*args)
    except (UserError, ValidationError):
        rollback_to('attempt')
        release('attempt')
        return False
    release('attempt')
    return result


def fixture():
    "Company, chart, VAT, two systems, a price list; fiscal years"
    pool = Pool()
    Tax = pool.get('account.tax')
    Account = pool.get('account.account')
    Category = pool.get('product.category')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    PriceList = pool.get('itsvc.price_list')
    Version = pool.get('itsvc.price_list.version')
    FiscalYear = pool.get('account.fiscalyear')
    company = create_company()
    with set_company(company):
        create_chart(company)
        tax_account, = Account.search([
                ('company', '=', company.id),
                ('code', '=', '6.3.6'),
                ], limit=1) or Account.search([
                ('company', '=', company.id),
                ('type.payable', '=', True),
                ], limit=1)
        revenue, = Account.search([
                ('company', '=', company.id),
                ('type.revenue', '=', True),
                ('closed', '!=', True),
                ], limit=1)
        expense, = Account.search([
                ('company', '=', company.id),
                ('type.expense', '=', True),
                ('closed', '!=', True),
                ], limit=1)
        vat, = Tax.create([{
                    'name': 'НДС 22%', 'description': 'НДС 22%',
                    'type': 'percentage', 'rate': Decimal('0.22'),
                    'invoice_account': tax_account.id,
                    'credit_note_account': tax_account.id,
                    'company': company.id,
                    }])
        services, licences = Category.create([{
                    'name': 'Услуги', 'accounting': True,
                    'account_revenue': revenue.id,
                    'account_expense': expense.id,
                    'customer_taxes': [('add', [vat.id])],
                    }, {
                    'name': 'Лицензии', 'accounting': True,
                    'account_revenue': revenue.id,
                    'account_expense': expense.id,
                    }])
        unit, = Uom.search([('symbol', '=', 'u')], limit=1)
        systems = []
        for suffix, version_type in [('лок.', 'local'), ('сет.', 'network')]:
            service, = Template.create([{
                        'name': f'Сопровождение Бухгалтер {suffix}',
                        'type': 'service', 'default_uom': unit.id,
                        'itsvc_kind': 'maintenance',
                        'account_category': services.id,
                        'products': [('create', [{}])],
                        }])
            system, = Template.create([{
                        'name': f'Бухгалтер {suffix}',
                        'type': 'goods', 'default_uom': unit.id,
                        'itsvc_kind': 'system',
                        'version_type': version_type,
                        'maintenance_product': service.products[0].id,
                        'account_category': licences.id,
                        'products': [('create', [{}])],
                        }])
            systems.append(system.products[0])
        price_list, = PriceList.create([{
                    'name': 'Розница', 'kind': 'retail',
                    'purpose': 'maintenance',
                    'versions': [('create', [{
                                    'effective_date': dt.date(2016, 1, 1),
                                    'lines': [('create', [{
                                                    'product': s
                                                    .template
                                                    .maintenance_product.id,
                                                    'price': price,
                                                    } for s, price in zip(
                                                    systems,
                                                    [Decimal('11000'),
                                                        Decimal('19800')])
                                                ])],
                                    }])],
                    }])
        Version.confirm(price_list.versions)
        for year in [2023, 2024]:
            fiscalyear = get_fiscalyear(company, dt.date(year, 1, 1))
            set_invoice_sequences(fiscalyear)
            fiscalyear.save()
            FiscalYear.create_period([fiscalyear])
        clients = [client(i, systems, versions) for i, versions in
            enumerate([[0, 1], [0], [1, 0, 0]], 1)]
        Contract = pool.get('itsvc.contract')
        Contract.register([clients[0][0]])
    return company, systems, price_list, clients


def client(number, systems, versions):
    """A client of the small business with two service points and a draft
    contract of the systems (0 local, 1 network) since 1 March 2020"""
    pool = Pool()
    Party = pool.get('party.party')
    ServicePoint = pool.get('itsvc.service_point')
    Contract = pool.get('itsvc.contract')
    Group = pool.get('itsvc.client.group')
    Account = pool.get('account.account')
    small, = Group.search([('code', '=', 'small')])
    receivable, = Account.search([
            ('type.receivable', '=', True),
            ('party_required', '=', True),
            ('closed', '!=', True),
            ], limit=1)
    party, = Party.create([{
                'name': f'Клиент {number}',
                'client_group': small.id,
                'account_receivable': receivable.id,
                # the acts need the client's address (required on
                # PostgreSQL)
                'addresses': [('create', [{}])],
                }])
    points = ServicePoint.create([{'party': party.id, 'name': name}
            for name in ['Главный офис', 'Склад']])
    start = dt.date(2020, 3, 1)
    contract, = Contract.create([{
                'party': party.id, 'date': start, 'start_date': start,
                'type': 'maintenance',
                'lines': [('create', [{
                                'product': systems[v].id,
                                'service_point': points[0].id,
                                'maintenance_start': start,
                                'quantity': 1,
                                } for v in versions])],
                }])
    return contract, points


class BillingHistory(RuleBasedStateMachine):
    "One history of a company's billing, its checks after each step"

    world = None  # (company, systems, price_list), set by the test

    def __init__(self):
        super().__init__()
        savepoint('history')
        (self.company, self.systems, self.price_list,
            self.clients) = self.world
        self.month = START
        self.contracts = [self.clients[0]]
        self.bills = []
        self.closed = set()

    def teardown(self):
        STATS['history'] += 1
        rollback_to('history')
        release('history')

    # dates: around the months billed, first and last days, 29 February
    def dates(self):
        months = [add_months(self.month, i) for i in range(-4, 3)]
        result = {dt.date(2024, 2, 29)}
        for month in months:
            last = month_bounds(month.year, month.month)[1]
            result |= {month, month.replace(day=15), last}
        return sorted(result)

    @rule(start=st.sampled_from(['years', 'recent']), data=st.data())
    @precondition(lambda self: len(self.contracts) < len(self.clients))
    def register_contract(self, start, data):
        "The next client's draft contract, 1 to 3 systems, registered"
        Contract = Pool().get('itsvc.contract')
        Line = Pool().get('itsvc.contract.line')
        if start == 'years':
            date = dt.date(2019, 1, 16)
        else:
            date = data.draw(st.sampled_from(self.dates()))
        contract, points = self.clients[len(self.contracts)]
        contract = Contract(contract.id)
        Contract.write([contract], {'date': date, 'start_date': date})
        Line.write(list(contract.lines), {'maintenance_start': date})
        Contract.register([contract])
        self.contracts.append((contract, points))

    @rule(action=st.sampled_from(
            ['add', 'exclude', 'resume', 'switch', 'move']),
        data=st.data())
    def amend(self, action, data):
        pool = Pool()
        Amendment = pool.get('itsvc.contract.amendment')
        Reason = pool.get('itsvc.exclusion.reason')
        Installation = pool.get('itsvc.installation')
        contract, points = data.draw(st.sampled_from(self.contracts))
        date = data.draw(st.sampled_from(self.dates()))
        line = {'action': action}
        if action == 'add':
            line.update(product=data.draw(st.sampled_from(self.systems)).id,
                service_point=points[1].id, quantity=1)
        else:
            installations = Installation.search(
                [('contract', '=', contract.id)])
            installation = data.draw(st.sampled_from(installations))
            line['installation'] = installation.id
            if action == 'exclude':
                line['exclusion_reason'] = Reason.search([], limit=1)[0].id
            elif action == 'switch':
                line['product'] = [s for s in self.systems
                    if s != installation.product][0].id
            elif action == 'move':
                line['service_point'] = [p for p in points
                    if p != installation.service_point][0].id

        def register():
            amendment, = Amendment.create([{
                        'contract': contract.id,
                        'date': self.month,
                        'effective_date': date,
                        'lines': [('create', [line])],
                        }])
            Amendment.register([amendment])
        STATS[f'amendment {action}'
            + ('' if attempt(register) is not False else ' refused')] += 1

    @rule(back=st.integers(-3, 2), rate=st.sampled_from(['1.1', '0.9']))
    def price_version(self, back, rate):
        "A new version of the price list, back-dated or future"
        Version = Pool().get('itsvc.price_list.version')
        date = add_months(self.month, back)
        lines = self.price_list.versions[-1].lines
        version, = Version.create([{
                    'price_list': self.price_list.id,
                    'effective_date': date,
                    'lines': [('create', [{
                                    'product': l.product.id,
                                    'price': (l.price * Decimal(rate)
                                        ).quantize(Decimal(1)),
                                    } for l in lines])],
                    }])
        attempt(Version.confirm, [version])
        self.price_list = type(self.price_list)(self.price_list.id)

    @rule(kind=st.sampled_from(['fixed', 'promotion']),
        start=st.integers(-3, 1), length=st.integers(0, 3), data=st.data())
    def discount(self, kind, start, length, data):
        "A fixed price of a client or a promotion for some months"
        Discount = Pool().get('itsvc.discount')
        first = add_months(self.month, start)
        last = add_months(first, length)
        values = {
            'name': kind, 'kind': kind, 'company': self.company.id,
            'start_date': first,
            'end_date': month_bounds(last.year, last.month)[1],
            }
        if kind == 'fixed':
            contract, _ = data.draw(st.sampled_from(self.contracts))
            values.update(party=contract.party.id,
                fixed_price=Decimal('7000'))
        else:
            values['percentage'] = Decimal('0.2')
        attempt(Discount.create, [values])

    @rule(months=st.integers(1, 3), data=st.data())
    def prepay(self, months, data):
        "A prepayment bill for the next months of a client's systems"
        from ..billing import make_bills
        from ..engine import BillingEngine, Selection
        contract, _ = data.draw(st.sampled_from(self.contracts))
        engine = BillingEngine(Selection(self.company, party=contract.party))
        charges = engine.prepayment(add_months(self.month, 1), months)
        if charges and not engine.problems:
            self.bills.extend(make_bills(
                    self.company, charges, self.month, 'prepayment'))

    @rule(data=st.data())
    @precondition(lambda self: self.bills)
    def cancel_bill(self, data):
        Bill = Pool().get('itsvc.bill')
        bill = data.draw(st.sampled_from(self.bills))
        if attempt(Bill.cancel, [Bill(bill.id)]) is not False:
            STATS['bill cancelled'] += 1

    @rule(again=st.booleans())
    def run(self, again):
        "The monthly run of the month; then the next month, unless again"
        Run = Pool().get('itsvc.billing.run')
        run = Run.bill_month(self.company, self.month, self.month)
        self.bills.extend(run.bills)
        STATS['run'] += 1
        STATS['correction line'] += sum(1 for b in run.bills
            for l in b.lines
            if l.kind == 'adjustment' and l.month < self.month)
        broken = check_billing(self.company, self.month)
        assert not broken, broken
        rerun = check_rerun(self.company, self.month)
        assert not rerun, rerun
        if not again:
            self.month = add_months(self.month, 1)

    @rule(data=st.data())
    @precondition(lambda self: self.month > START)
    def pay_and_close(self, data):
        "A client pays all it owes; the previous month is closed"
        pool = Pool()
        Payment = pool.get('itsvc.payment')
        Bill = pool.get('itsvc.bill')
        Closing = pool.get('itsvc.closing')
        contract, _ = data.draw(st.sampled_from(self.contracts))
        bills = Bill.search([
                ('party', '=', contract.party.id),
                ('state', '=', 'issued')])
        due = sum((b.total_amount - b.paid_amount for b in bills),
            Decimal(0))
        if due > 0:
            payment, = Payment.create([{
                        'kind': 'cash_order', 'party': contract.party.id,
                        'date': self.month, 'amount': due,
                        'company': self.company.id,
                        }])
            Payment.register([payment])
        month = add_months(self.month, -1)
        closing = Closing.close_month(self.company, month)
        STATS['act'] += closing.acts_count
        broken = check_acts(self.company, month)
        assert not broken, broken


class BillingInvariantTestCase(unittest.TestCase):
    "The invariants of billing hold in any order of events"

    @classmethod
    def setUpClass(cls):
        activate_module('itsvc_billing')

    @with_transaction()
    def test_histories(self):
        pool = Pool()
        transaction = Transaction()
        # the runs and the closings lock these tables (itsvc.batch): locked
        # from the start, a lock asked later restarts the whole test
        for table in ['itsvc_bill', 'account_invoice',
                'account_configuration', 'account_fiscalyear',
                'account_period', 'account_journal_period', 'account_move',
                'ir_sequence_strict']:
            transaction.lock_table(table)
        cash_orders = pool.get('itsvc.configuration')(1).cash_order_sequence
        cash_orders.lock()
        world = fixture()
        with set_company(world[0]):
            BillingHistory.world = world
            run_state_machine_as_test(BillingHistory, settings=settings(
                    max_examples=EXAMPLES, stateful_step_count=8,
                    derandomize=True, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck)))
        print(', '.join(f'{k}: {v}' for k, v in sorted(STATS.items())),
            file=sys.stderr)
