# This file is part of itsvc.
"""The conservation invariants of billing, for the tests and the bench.

After a billing run of month M, for every installation-month of the run's
window (domain.md §4):

- the non-cancelled maintenance and adjustment lines add up to the charge
  computed from the periods, prices, discounts and fixed prices as they
  stand (months paid by a prepayment bill and months that cannot be priced
  aside);
- no installation-month is billed as maintenance by two bills;
- running the month again creates nothing.

After a month closing: the acted lines of the month are the paid ones, and
no bill line is acted twice.

Each check returns the list of what breaks it, empty when it holds.
"""
from collections import defaultdict

from sql import Null
from sql.aggregate import Count, Sum

from trytond.pool import Pool
from trytond.transaction import Transaction

from itsvc_base.sql import as_date
from itsvc_base.tenure import add_months, month_bounds

from .engine import BillingEngine, Selection
from .pricing import ZERO, round_money


def window(company, month, lookback=None):
    "The months the run of month re-prices: [first, …, month]"
    Configuration = Pool().get('itsvc.configuration')
    if lookback is None:
        lookback = Configuration(1).adjustment_months
    first = month.replace(day=1)
    Run = Pool().get('itsvc.billing.run')
    runs = Run.search([('company', '=', company.id), ('state', '=', 'done')],
        order=[('period', 'ASC')], limit=1)
    billing_start = runs[0].period.replace(day=1) if runs else first
    start = max(add_months(first, -lookback), min(billing_start, first))
    result = []
    while start <= first:
        result.append(start)
        start = add_months(start, 1)
    return result


def _lines(company, first, last):
    """{(installation, month): [(bill, kind, amount, bill kind)]} of the
    non-cancelled maintenance and adjustment lines"""
    pool = Pool()
    Bill = pool.get('itsvc.bill')
    Line = pool.get('itsvc.bill.line')
    bill = Bill.__table__()
    line = Line.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute(*line.join(bill, condition=line.bill == bill.id).select(
            line.installation, line.month, bill.id, line.kind, line.amount,
            bill.kind,
            where=(bill.company == company.id)
            & (bill.state != 'cancelled')
            & line.kind.in_(['maintenance', 'adjustment'])
            & (line.installation != Null)
            & (line.month >= first) & (line.month <= last)))
    result = defaultdict(list)
    for installation, month, bill_id, kind, amount, bill_kind in cursor:
        result[(installation, as_date(month))].append(
            (bill_id, kind, round_money(amount), bill_kind))
    return result


def check_billing(company, month, lookback=None):
    """What breaks the invariant of the billing run of month:
    [(installation, month, what, billed, should)]"""
    months = window(company, month, lookback)
    last = month_bounds(months[-1].year, months[-1].month)[1]
    lines = _lines(company, months[0], months[-1])
    engine = BillingEngine(Selection(company))
    engine.load(last)
    result = []
    for current in months:
        should = defaultdict(lambda: ZERO)
        for charge in engine.charges(current, problems=False):
            should[charge.installation] += charge.amount
        touched = {i for i, m in lines if m == current} | set(should)
        for installation in sorted(touched):
            billed = lines.get((installation, current), [])
            maintenance_bills = {b for b, k, _, _ in billed
                if k == 'maintenance'}
            if len(maintenance_bills) > 1:
                result.append((installation, current, 'two_bills',
                        len(maintenance_bills), 1))
            if any(bk == 'prepayment' for _, _, _, bk in billed):
                continue
            if installation not in should and engine._failed(
                    installation, current):
                continue
            amount = sum((a for _, _, a, _ in billed), ZERO)
            if amount != should.get(installation, ZERO):
                result.append((installation, current, 'amount', amount,
                        should.get(installation, ZERO)))
    return result


def check_rerun(company, month, lookback=None):
    "What a rerun of month would bill: [charge]"
    Configuration = Pool().get('itsvc.configuration')
    if lookback is None:
        lookback = Configuration(1).adjustment_months
    return BillingEngine(Selection(company)).run(month, lookback)


def check_acts(company, month):
    """What breaks the invariant of the closing of month:
    [(bill line, what)]: a paid line not acted, an acted line not paid,
    a line acted twice"""
    pool = Pool()
    Bill = pool.get('itsvc.bill')
    Line = pool.get('itsvc.bill.line')
    Invoice = pool.get('account.invoice')
    InvoiceLine = pool.get('account.invoice.line')
    Allocation = pool.get('itsvc.payment.allocation')
    bill = Bill.__table__()
    line = Line.__table__()
    invoice = Invoice.__table__()
    invoice_line = InvoiceLine.__table__()
    allocation = Allocation.__table__()
    cursor = Transaction().connection.cursor()
    first, last = month_bounds(month.year, month.month)
    cursor.execute(*line.join(bill, condition=line.bill == bill.id).select(
            line.id, line.total_amount,
            where=(bill.company == company.id)
            & (bill.state == 'issued')
            & ((line.kind.in_(['maintenance', 'adjustment'])
                    & (line.month == first))
                | ((line.kind == 'supply')
                    & (bill.date >= first) & (bill.date <= last)))))
    totals = {i: round_money(t) for i, t in cursor}
    paid = {}
    if totals:
        cursor.execute(*allocation.select(allocation.line,
                Sum(allocation.amount),
                where=allocation.line.in_(list(totals)),
                group_by=[allocation.line]))
        paid = {i: round_money(a or 0) for i, a in cursor}
    origins = {f'itsvc.bill.line,{i}': i for i in totals}
    acted = defaultdict(int)
    if origins:
        cursor.execute(*invoice_line.join(invoice,
                condition=invoice_line.invoice == invoice.id).select(
                invoice_line.origin, Count(invoice_line.id),
                where=invoice_line.origin.in_(list(origins))
                & (invoice.state != 'cancelled'),
                group_by=[invoice_line.origin]))
        for origin, count in cursor:
            acted[origins[origin]] = count
    result = []
    for line_id, total in sorted(totals.items()):
        is_paid = paid.get(line_id, ZERO) == total
        if acted[line_id] > 1:
            result.append((line_id, 'acted_twice'))
        if is_paid and not acted[line_id]:
            result.append((line_id, 'paid_not_acted'))
        if acted[line_id] and not is_paid:
            result.append((line_id, 'acted_not_paid'))
    return result
