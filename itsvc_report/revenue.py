# This file is part of itsvc.
"""Monthly maintenance revenue and its movement (an MRR bridge): total,
new, expansion, contraction and churn, from the issued bill lines."""
from sql import Cast, Literal, Null, Union
from sql.aggregate import Max, Min, Sum
from sql.conditionals import Case
from sql.functions import Extract, Round

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.transaction import Transaction

from itsvc_base.sql import as_date

from .common import filters, month_range, shift

KINDS = ['maintenance', 'adjustment']


class Revenue(ModelSQL, ModelView):
    "Maintenance Revenue"
    __name__ = 'itsvc.report.revenue'

    month = fields.Date("Month")
    company = fields.Many2One('company.company', "Company")
    client_group = fields.Many2One('itsvc.client.group', "Client Group")
    product = fields.Many2One('product.product', "System")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    previous = Monetary("Previous Month", currency='currency',
        digits='currency')
    new = Monetary("New", currency='currency', digits='currency',
        help="Systems billed this month and not the month before.")
    expansion = Monetary("Expansion", currency='currency',
        digits='currency', help="Systems billed more than the month "
        "before.")
    contraction = Monetary("Contraction", currency='currency',
        digits='currency', help="Systems billed less than the month "
        "before, but billed.")
    churn = Monetary("Churn", currency='currency', digits='currency',
        help="Systems billed the month before and not this month.")
    amount = Monetary("Revenue", currency='currency', digits='currency',
        help="Maintenance and adjustments of the month without VAT.")
    installations = fields.Integer("Billed Systems")

    _export_fields = ['month', 'company', 'client_group', 'product',
        'previous', 'new', 'expansion', 'contraction', 'churn', 'amount',
        'installations']

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('month', 'ASC'), ('id', 'ASC')]

    @classmethod
    def _installation_months(cls):
        """(installation, month, amount): untaxed maintenance and
        adjustment lines of issued bills by month of maintenance"""
        pool = Pool()
        Line = pool.get('itsvc.bill.line')
        Bill = pool.get('itsvc.bill')
        line, bill = Line.__table__(), Bill.__table__()
        return line.join(bill, condition=line.bill == bill.id).select(
            line.installation.as_('installation'),
            line.month.as_('month'),
            Sum(line.amount).as_('amount'),
            where=(bill.state == 'issued') & line.kind.in_(KINDS)
            & (line.month != Null) & (line.installation != Null),
            group_by=[line.installation, line.month])

    @classmethod
    def last_month(cls):
        "The last month billed, None without bills"
        months = cls._installation_months()
        cursor = Transaction().connection.cursor()
        cursor.execute(*months.select(Max(months.month)))
        return as_date(cursor.fetchone()[0])

    @classmethod
    def table_query(cls):
        pool = Pool()
        Installation = pool.get('itsvc.installation')
        Party = pool.get('party.party')
        Line = pool.get('itsvc.bill.line')
        installation = Installation.__table__()
        party = Party.__table__()
        amount_type = Line.amount.sql_type().base
        zero = Cast(Literal(0), amount_type)
        first, last = month_range()
        billed = cls.last_month()
        if billed and billed < last:
            # no churn after the last billing run
            last = billed
        current = cls._installation_months()
        previous = cls._installation_months()
        moved = shift(previous.month, months=1)
        both = Union(
            current.select(current.installation, current.month,
                current.amount.as_('current'), zero.as_('previous')),
            previous.select(previous.installation, moved.as_('month'),
                zero.as_('current'), previous.amount.as_('previous')),
            all_=True)
        pair = both.select(
            both.installation.as_('installation'),
            both.month.as_('month'),
            Sum(both.current).as_('current'),
            Sum(both.previous).as_('previous'),
            group_by=[both.installation, both.month])
        cur, prev = pair.current, pair.previous
        new = (prev <= 0) & (cur > 0)
        lost = (prev > 0) & (cur <= 0)
        changed = ~new & ~lost

        def total(condition, value):
            return Round(Sum(Case((condition, value), else_=0)), 2)

        year = Cast(Extract('YEAR', pair.month), 'INTEGER')
        month = Cast(Extract('MONTH', pair.month), 'INTEGER')
        return (pair
            .join(installation,
                condition=pair.installation == installation.id)
            .join(party, condition=installation.party == party.id)
            .select(
                (Min(installation.id) * 1200 + (year % 100) * 12
                    + month - 1).as_('id'),
                pair.month.as_('month'),
                installation.company.as_('company'),
                party.client_group.as_('client_group'),
                installation.product.as_('product'),
                Round(Sum(prev), 2).as_('previous'),
                total(new, cur - prev).as_('new'),
                total(changed & (cur > prev), cur - prev).as_('expansion'),
                total(changed & (cur < prev), prev - cur).as_(
                    'contraction'),
                total(lost, prev - cur).as_('churn'),
                Round(Sum(cur), 2).as_('amount'),
                Sum(Case((cur != 0, 1), else_=0)).as_('installations'),
                where=(pair.month >= first) & (pair.month <= last)
                & filters(installation, party),
                group_by=[pair.month, installation.company,
                    party.client_group, installation.product]))

    def get_currency(self, name):
        return self.company.currency.id if self.company else None
