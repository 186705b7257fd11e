# This file is part of itsvc.
"""Movements of the maintained installations per month: new, excluded
(churn) and restored (win-back), with the exclusion reasons and the
monthly revenue they carry."""
from sql import Cast, Literal, Null, Union
from sql.aggregate import Count, Min, Sum
from sql.conditionals import Case, Coalesce
from sql.functions import DateTrunc, Round
from sql.operators import Exists

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool

from itsvc_base.tenure import add_months

from .common import filters, month_range, shift

KINDS = [
    ('new', "New"),
    ('excluded', "Excluded"),
    ('restored', "Restored"),
    ]


def _rate(line, bill, period, before=None, after=None):
    """The monthly rate of the installation of the period: the unit price
    (after discount, without VAT) of its last issued maintenance bill line
    of a month up to `before`, or of its first from `after`"""
    where = ((line.installation == period.installation)
        & (line.kind == 'maintenance') & (bill.state == 'issued')
        & (line.month != Null))
    if before is not None:
        where &= line.month <= before
        order = [line.month.desc, line.id.desc]
    else:
        where &= line.month >= after
        order = [line.month.asc, line.id.asc]
    return line.join(bill, condition=line.bill == bill.id).select(
        line.unit_price, where=where, order_by=order, limit=1)


def events():
    """The events, one row each: id, installation, product (the system
    of the period), date, kind, exclusion_reason, rate.

    new: the first maintained period of an installation starts (date: its
    first day); excluded: a period ends and no period of the installation
    starts the next day (a switch of version or a move of service point
    continues the maintenance); the date is the first day not maintained;
    restored: a period starts after a gap in the maintenance of an
    installation maintained before (the reason is that of the exclusion)
    """
    pool = Pool()
    Period = pool.get('itsvc.installation.period')
    Line = pool.get('itsvc.bill.line')
    Bill = pool.get('itsvc.bill')
    Installation = pool.get('itsvc.installation')
    period, other = Period.__table__(), Period.__table__()
    line, bill = Line.__table__(), Bill.__table__()
    id_type = Installation.id.sql_type().base
    earlier = Exists(other.select(other.id,
            where=(other.installation == period.installation)
            & (other.start_date < period.start_date)))
    continued = Exists(other.select(other.id,
            where=(other.installation == period.installation)
            & (other.start_date == shift(period.end_date, days=1))))
    adjacent = Exists(other.select(other.id,
            where=(other.installation == period.installation)
            & (other.end_date != Null)
            & (shift(other.end_date, days=1) == period.start_date)))
    previous_reason = other.select(other.exclusion_reason,
        where=(other.installation == period.installation)
        & (other.end_date < period.start_date),
        order_by=[other.end_date.desc, other.id.desc], limit=1)
    return Union(
        period.select(
            (period.id * 3).as_('id'),
            period.installation.as_('installation'),
            period.product.as_('product'),
            period.start_date.as_('date'),
            Literal('new').as_('kind'),
            Cast(Literal(None), id_type).as_('exclusion_reason'),
            _rate(line, bill, period, after=period.start_date).as_('rate'),
            where=~earlier),
        period.select(
            (period.id * 3 + 1).as_('id'),
            period.installation.as_('installation'),
            period.product.as_('product'),
            shift(period.end_date, days=1).as_('date'),
            Literal('excluded').as_('kind'),
            period.exclusion_reason.as_('exclusion_reason'),
            _rate(line, bill, period, before=period.end_date).as_('rate'),
            where=(period.end_date != Null) & ~continued),
        period.select(
            (period.id * 3 + 2).as_('id'),
            period.installation.as_('installation'),
            period.product.as_('product'),
            period.start_date.as_('date'),
            Literal('restored').as_('kind'),
            previous_reason.as_('exclusion_reason'),
            _rate(line, bill, period, after=period.start_date).as_('rate'),
            where=earlier & ~adjacent),
        all_=True)


class Churn(ModelSQL, ModelView):
    "Churn and Win-back"
    __name__ = 'itsvc.report.churn'

    month = fields.Date("Month")
    kind = fields.Selection(KINDS, "Movement")
    company = fields.Many2One('company.company', "Company")
    client_group = fields.Many2One('itsvc.client.group', "Client Group")
    product = fields.Many2One('product.product', "System")
    exclusion_reason = fields.Many2One(
        'itsvc.exclusion.reason', "Exclusion Reason")
    installations = fields.Integer("Systems")
    # the systems of the row by movement, for the graph: a bar each
    new_installations = fields.Integer("New")
    excluded_installations = fields.Integer("Excluded")
    restored_installations = fields.Integer("Restored")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    revenue = Monetary("Monthly Revenue", currency='currency',
        digits='currency',
        help="The monthly rate of the systems without VAT: the unit price "
        "of the last maintenance billed before the exclusion, or of the "
        "first billed after the start.")

    _export_fields = ['month', 'kind', 'company', 'client_group',
        'product', 'exclusion_reason', 'installations', 'revenue']

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('month', 'ASC'), ('kind', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Installation = pool.get('itsvc.installation')
        Party = pool.get('party.party')
        installation = Installation.__table__()
        party = Party.__table__()
        union = events()
        first, last = month_range()
        # the month in a sub-query: PostgreSQL groups by the column, not by
        # an expression with parameters
        event = union.select(union.id, union.installation, union.product,
            union.date, union.kind, union.exclusion_reason, union.rate,
            cls.month.sql_cast(DateTrunc('month', union.date)).as_('month'))
        month = event.month
        return (event
            .join(installation,
                condition=event.installation == installation.id)
            .join(party, condition=installation.party == party.id)
            .select(
                Min(event.id).as_('id'),
                month.as_('month'),
                event.kind.as_('kind'),
                installation.company.as_('company'),
                party.client_group.as_('client_group'),
                event.product.as_('product'),
                event.exclusion_reason.as_('exclusion_reason'),
                Count(event.id).as_('installations'),
                *[Sum(Case((event.kind == kind, 1), else_=0)).as_(
                        f'{kind}_installations') for kind, _ in KINDS],
                Round(Coalesce(Sum(event.rate), 0), 2).as_('revenue'),
                where=(event.date >= first)
                & (event.date < add_months(last, 1))
                & filters(installation, party, event.product),
                group_by=[month, event.kind, installation.company,
                    party.client_group, event.product,
                    event.exclusion_reason]))

    def get_currency(self, name):
        return self.company.currency.id if self.company else None
