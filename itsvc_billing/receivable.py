# This file is part of itsvc.
"""Receivables by client with aging, from the bills and their payments."""
import datetime as dt

from sql import Literal
from sql.aggregate import Min, Sum
from sql.conditionals import Case, Coalesce

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.transaction import Transaction

BUCKETS = [
    ('not_due', None, 0),
    ('due_30', 1, 30),
    ('due_60', 31, 60),
    ('due_90', 61, 90),
    ('due_more', 91, None),
    ]


class Receivable(ModelSQL, ModelView):
    "What a client owes at a date: issued bills less payments, by age"
    __name__ = 'itsvc.receivable'

    company = fields.Many2One('company.company', "Company")
    party = fields.Many2One('party.party', "Client")
    client_group = fields.Many2One('itsvc.client.group', "Client Group")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    amount = Monetary("Receivable", currency='currency', digits='currency')
    not_due = Monetary("Not Due", currency='currency', digits='currency')
    due_30 = Monetary("1–30 Days", currency='currency', digits='currency')
    due_60 = Monetary("31–60 Days", currency='currency', digits='currency')
    due_90 = Monetary("61–90 Days", currency='currency', digits='currency')
    due_more = Monetary("Over 90 Days", currency='currency',
        digits='currency')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('amount', 'DESC'), ('id', 'ASC')]

    @classmethod
    def _date(cls):
        Date = Pool().get('ir.date')
        return Transaction().context.get('date') or Date.today()

    @classmethod
    def table_query(cls):
        pool = Pool()
        Bill = pool.get('itsvc.bill')
        Line = pool.get('itsvc.bill.line')
        Allocation = pool.get('itsvc.payment.allocation')
        Party = pool.get('party.party')
        bill = Bill.__table__()
        line = Line.__table__()
        allocation = Allocation.__table__()
        party = Party.__table__()
        date = cls._date()
        paid = allocation.select(allocation.line.as_('line'),
            Sum(allocation.amount).as_('amount'),
            where=allocation.date <= date,
            group_by=[allocation.line])
        due = line.total_amount - Coalesce(paid.amount, 0)
        columns = []
        for name, first, last in BUCKETS:
            # days past due, with the limits as dates: portable SQL
            condition = Literal(True)
            if first is not None:
                condition &= bill.due_date <= date - dt.timedelta(days=first)
            if last is not None:
                condition &= bill.due_date >= date - dt.timedelta(days=last)
            columns.append(Sum(Case((condition, due), else_=0)).as_(name))
        company = Transaction().context.get('company')
        where = (bill.state == 'issued') & (bill.date <= date)
        if company:
            where &= bill.company == company
        return (line
            .join(bill, condition=line.bill == bill.id)
            .join(party, condition=bill.party == party.id)
            .join(paid, 'LEFT', condition=paid.line == line.id)
            .select(
                Min(bill.id).as_('id'),
                bill.company.as_('company'),
                bill.party.as_('party'),
                party.client_group.as_('client_group'),
                Sum(due).as_('amount'),
                *columns,
                where=where,
                group_by=[bill.company, bill.party, party.client_group],
                having=Sum(due) != 0))

    def get_currency(self, name):
        return self.company.currency.id


class ReceivableContext(ModelView):
    __name__ = 'itsvc.receivable.context'

    date = fields.Date("Date", required=True,
        help="Receivables and their age at this date.")

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

