# This file is part of itsvc.
"""The allocation of payments (and of the credit of negative lines) to bill
lines: the model, the algorithm and the reads of what is paid (domain.md §4).

It imports nothing of the bills, payments, ledger or closing: they reach the
bills through the pool."""
from collections import defaultdict, namedtuple

from sql import Null
from sql.aggregate import Sum
from sql.conditionals import Coalesce

from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.tools import reduce_ids

from itsvc_base.sql import as_date, fetch_in_slices

from account_ru import bulk

from .pricing import ZERO, round_money


class Allocation(ModelSQL, ModelView):
    "The part of a payment (or of a credit line) that pays a bill line"
    __name__ = 'itsvc.payment.allocation'

    payment = fields.Many2One('itsvc.payment', "Payment",
        ondelete='RESTRICT', readonly=True,
        help="Empty for the credit of a negative bill line.")
    line = fields.Many2One('itsvc.bill.line', "Bill Line", required=True,
        ondelete='RESTRICT', readonly=True)
    party = fields.Many2One('party.party', "Client", required=True,
        readonly=True, ondelete='RESTRICT')
    amount = fields.Numeric("Amount", digits=(16, 2), required=True,
        readonly=True)
    date = fields.Date("Date", required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('line')
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.line, Index.Range())),
                Index(t, (t.party, Index.Range())),
                Index(t, (t.payment, Index.Range())),
                })


def allocate(parties):
    """Allocate the available payments of the parties to their open bill
    lines: the bill named by a payment first, then the oldest months.
    A negative line (adjustment) is a credit that pays the next lines.

    Read in a few queries for all the parties, inserted in a few (bulk)."""
    pool = Pool()
    Bill = pool.get('itsvc.bill')
    Allocation = pool.get('itsvc.payment.allocation')
    Date = pool.get('ir.date')
    party_ids = list({p.id for p in parties if p})
    if not party_ids:
        return []
    today = Date.today()
    left = payments_left(party_ids)
    credit = credit_left(party_ids)
    # only the clients with money to allocate: an advance, a credit or a
    # negative line (most clients of a billing run have none)
    party_ids = [p for p in party_ids
        if left.get(p) or credit.get(p, ZERO) > 0] + list(
        negative_line_parties(party_ids))
    if not party_ids:
        return []
    lines = open_lines(party_ids)
    to_create = []
    by_party = defaultdict(list)
    for line in sorted(lines, key=oldest_first):
        due = line.total - line.paid
        if due < 0:
            to_create.append({'line': line.id, 'party': line.party,
                    'amount': due, 'date': today})
            credit[line.party] -= due
        elif due > 0:
            by_party[line.party].append([line, due])
    for party_id, party_lines in by_party.items():
        for payment in left.get(party_id, []):
            amount = payment.amount
            if payment.bill:
                party_lines.sort(key=lambda l: l[0].bill != payment.bill)
            for line_due in party_lines:
                if not line_due[1] or not amount:
                    continue
                value = min(line_due[1], amount)
                to_create.append({'payment': payment.id,
                        'line': line_due[0].id, 'party': party_id,
                        'amount': value, 'date': payment.date})
                line_due[1] -= value
                amount -= value
            if payment.bill:
                party_lines.sort(key=lambda l: oldest_first(l[0]))
        for line_due in party_lines:
            if not line_due[1] or credit[party_id] <= 0:
                continue
            value = min(line_due[1], credit[party_id])
            to_create.append({'line': line_due[0].id, 'party': party_id,
                    'amount': value, 'date': today})
            line_due[1] -= value
            credit[party_id] -= value
    for values in to_create:
        values.setdefault('payment', None)
    allocations = Allocation.browse(
        bulk.insert(Allocation.__name__, to_create))
    bills = {l.id: l.bill for l in lines}
    Bill.update_payment_state(Bill.browse(list({bills[v['line']]
                    for v in to_create})))
    return allocations


OpenLine = namedtuple('OpenLine', ['id', 'party', 'bill', 'bill_date',
        'month', 'total', 'paid'])
PaymentLeft = namedtuple('PaymentLeft', ['id', 'amount', 'bill', 'date'])


def oldest_first(line):
    "Oldest period first: the month billed, then the bill"
    return (line.month or line.bill_date, line.bill_date, line.id)


def payments_left(party_ids):
    "{party id: [PaymentLeft]}: the amounts not allocated, oldest first"
    pool = Pool()
    Payment = pool.get('itsvc.payment')
    Allocation = pool.get('itsvc.payment.allocation')
    payment = Payment.__table__()
    allocation = Allocation.__table__()
    result = defaultdict(list)
    rows = fetch_in_slices(lambda sub_ids: payment.join(allocation, 'LEFT',
            condition=allocation.payment == payment.id
            ).select(payment.party, payment.id, payment.amount,
            payment.bill, payment.date,
            Sum(Coalesce(allocation.amount, 0)),
            where=reduce_ids(payment.party, sub_ids)
            & (payment.state == 'registered'),
            group_by=[payment.party, payment.id, payment.amount,
                payment.bill, payment.date],
            order_by=[payment.date, payment.id]), party_ids)
    for party_id, payment_id, amount, bill, date, allocated in rows:
        rest = round_money(amount) - round_money(allocated or 0)
        if rest > 0:
            result[party_id].append(
                PaymentLeft(payment_id, rest, bill, as_date(date)))
    return result


def negative_line_parties(party_ids):
    "The parties with negative lines of issued bills not yet credited"
    pool = Pool()
    Bill = pool.get('itsvc.bill')
    Line = pool.get('itsvc.bill.line')
    Allocation = pool.get('itsvc.payment.allocation')
    bill = Bill.__table__()
    line = Line.__table__()
    allocation = Allocation.__table__()
    return {p for p, in fetch_in_slices(lambda sub_ids: line
            .join(bill, condition=line.bill == bill.id)
            .join(allocation, 'LEFT', condition=allocation.line == line.id)
            .select(bill.party,
                where=reduce_ids(bill.party, sub_ids)
                & (bill.state == 'issued') & (line.total_amount < 0)
                & (allocation.id == Null),
                group_by=[bill.party]), party_ids)}


def credit_left(party_ids):
    "{party id: credit of negative lines not used yet}"
    Allocation = Pool().get('itsvc.payment.allocation')
    allocation = Allocation.__table__()
    result = defaultdict(lambda: ZERO)
    for party_id, amount in fetch_in_slices(
            lambda sub_ids: allocation.select(
                allocation.party, Sum(allocation.amount),
                where=reduce_ids(allocation.party, sub_ids)
                & (allocation.payment == Null),
                group_by=[allocation.party]), party_ids):
        result[party_id] = -round_money(amount or 0)
    return result


def open_lines(party_ids):
    "The lines of issued bills not exactly paid, with what is paid"
    pool = Pool()
    Bill = pool.get('itsvc.bill')
    Line = pool.get('itsvc.bill.line')
    Allocation = pool.get('itsvc.payment.allocation')
    bill = Bill.__table__()
    line = Line.__table__()
    allocation = Allocation.__table__()
    paid = Sum(Coalesce(allocation.amount, 0))
    rows = fetch_in_slices(lambda sub_ids: line
        .join(bill, condition=line.bill == bill.id)
        .join(allocation, 'LEFT', condition=allocation.line == line.id)
        .select(line.id, bill.party, bill.id, bill.date, line.month,
            line.total_amount, paid,
            where=reduce_ids(bill.party, sub_ids)
            & (bill.state == 'issued'),
            group_by=[line.id, bill.party, bill.id, bill.date,
                line.month, line.total_amount],
            having=paid != line.total_amount), party_ids)
    return [OpenLine(id_, party, bill_id, as_date(date), as_date(month),
            round_money(total), round_money(paid_))
        for id_, party, bill_id, date, month, total, paid_ in rows]


def line_paid_amounts(line_ids):
    "{bill line id: allocated amount} of the lines"
    Allocation = Pool().get('itsvc.payment.allocation')
    allocation = Allocation.__table__()
    return {line_id: round_money(amount or 0)
        for line_id, amount in fetch_in_slices(
            lambda sub_ids: allocation.select(
                allocation.line, Sum(allocation.amount),
                where=reduce_ids(allocation.line, sub_ids),
                group_by=[allocation.line]), line_ids)}
