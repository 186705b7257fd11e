# This file is part of itsvc.
"""Payment schedule of a contract: expected monthly payments of its
running installations at the current prices, against billed and paid."""
from collections import defaultdict

from sql import Null
from sql.aggregate import Sum

from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from itsvc_base.access import check_read
from itsvc_base.sql import as_date
from itsvc_base.tenure import add_months

from .bill import product_taxes, tax_amounts
from .engine import BillingEngine, Selection
from .pricing import ZERO, round_money


class ScheduleStart(ModelView):
    __name__ = 'itsvc.contract.schedule.start'

    contract = fields.Many2One('itsvc.contract', "Contract", required=True,
        readonly=True)
    first_month = fields.Date("First Month", required=True)
    months = fields.Integer("Months", required=True,
        domain=[('months', '>', 0), ('months', '<=', 36)])


class ScheduleLine(ModelView):
    __name__ = 'itsvc.contract.schedule.line'

    month = fields.Date("Month", readonly=True)
    expected = fields.Numeric("Expected", digits=(16, 2), readonly=True,
        help="The maintenance of the month with VAT at today's prices and "
        "discounts.")
    billed = fields.Numeric("Billed", digits=(16, 2), readonly=True)
    paid = fields.Numeric("Paid", digits=(16, 2), readonly=True)
    due = fields.Numeric("Due", digits=(16, 2), readonly=True,
        help="Billed and not paid.")


class ScheduleResult(ModelView):
    __name__ = 'itsvc.contract.schedule.result'

    contract = fields.Many2One('itsvc.contract', "Contract", readonly=True)
    lines = fields.One2Many('itsvc.contract.schedule.line', None, "Months",
        readonly=True)


class Schedule(Wizard):
    "Payment schedule of a contract"
    __name__ = 'itsvc.contract.schedule'

    start = StateView('itsvc.contract.schedule.start',
        'itsvc_billing.contract_schedule_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Show", 'compute', 'tryton-ok', default=True),
            ])
    compute = StateTransition()
    result = StateView('itsvc.contract.schedule.result',
        'itsvc_billing.contract_schedule_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        Date = Pool().get('ir.date')
        return {
            'contract': self.record.id,
            'first_month': Date.today().replace(month=1, day=1),
            'months': 12,
            }

    def transition_compute(self):
        return 'result'

    def default_result(self, fields):
        contract = self.start.contract
        # the contract may come from the client: the user must read it
        check_read(contract.__class__, [contract.id])
        first = self.start.first_month.replace(day=1)
        rows = schedule(contract, first, self.start.months)
        return {
            'contract': contract.id,
            'lines': [{
                    'month': month, 'expected': expected, 'billed': billed,
                    'paid': paid, 'due': billed - paid,
                    } for month, expected, billed, paid in rows],
            }


def schedule(contract, first, count):
    "[(month, expected with VAT, billed, paid)] of the contract's months"
    pool = Pool()
    Line = pool.get('itsvc.bill.line')
    Bill = pool.get('itsvc.bill')
    Allocation = pool.get('itsvc.payment.allocation')
    Product = pool.get('product.product')
    with Transaction().set_context(company=contract.company.id):
        engine = BillingEngine(Selection(contract.company,
                installations=list(contract.installations)))
        last = add_months(first, count)
        engine.load(last)
        months = [add_months(first, i) for i in range(count)]
        expected = defaultdict(lambda: ZERO)
        taxes = {}
        for month in months:
            for charge in engine.charges(month, problems=False):
                if charge.product not in taxes:
                    taxes[charge.product] = product_taxes(
                        Product(charge.product))
                expected[month] += charge.amount + tax_amounts(
                    taxes[charge.product], charge.amount, month)
    line = Line.__table__()
    bill = Bill.__table__()
    allocation = Allocation.__table__()
    cursor = Transaction().connection.cursor()
    paid = allocation.select(allocation.line.as_('line'),
        Sum(allocation.amount).as_('amount'), group_by=[allocation.line])
    cursor.execute(*line
        .join(bill, condition=line.bill == bill.id)
        .join(paid, 'LEFT', condition=paid.line == line.id)
        .select(line.month, Sum(line.total_amount), Sum(paid.amount),
            where=(line.contract == contract.id)
            & (bill.state == 'issued') & (line.month != Null)
            & (line.month >= first) & (line.month < last),
            group_by=[line.month]))
    billed, received = {}, {}
    for month, total, amount in cursor:
        month = as_date(month)
        billed[month] = round_money(total or 0)
        received[month] = round_money(amount or 0)
    return [(m, round_money(expected[m]), billed.get(m, ZERO),
            received.get(m, ZERO)) for m in months]
