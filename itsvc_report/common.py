# This file is part of itsvc.
"""Helpers shared by the reports: the context, date shifts in SQL and
the months of the period."""
from sql import Cast, Literal
from sql.functions import Function

from trytond import backend
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from itsvc_base.tenure import add_months


class _SQLiteDate(Function):
    __slots__ = ()
    _function = 'DATE'


def shift(column, days=0, months=0):
    """The date column shifted by days or months, as a date, on SQLite
    (strings 'YYYY-MM-DD') and PostgreSQL"""
    if backend.name == 'sqlite':
        modifier = f'{days:+d} days' if days else f'{months:+d} months'
        return _SQLiteDate(column, modifier)
    interval = f'{days} days' if days else f'{months} months'
    return Cast(column + Cast(Literal(interval), 'INTERVAL'), 'DATE')


def month_range():
    "First days of the first and last months of the context period"
    context = Transaction().context
    today = Pool().get('ir.date').today()
    last = context.get('to_month') or today
    first = context.get('from_month') or add_months(last, -11)
    return first.replace(day=1), last.replace(day=1)


class FilterMixin:
    "The filters shared by the reports' contexts"
    __slots__ = ()
    report_company = fields.Many2One('company.company', "Company",
        help="The centre or one dealer; empty for all the companies "
        "you may see.")
    client_group = fields.Many2One('itsvc.client.group', "Client Group")
    system = fields.Many2One('product.product', "System",
        domain=[('itsvc_kind', '=', 'system')])

    @classmethod
    def default_report_company(cls):
        return Transaction().context.get('report_company')

    @classmethod
    def default_client_group(cls):
        return Transaction().context.get('client_group')

    @classmethod
    def default_system(cls):
        return Transaction().context.get('system')


class DateContext(FilterMixin, ModelView):
    "Reports at a Date"
    __name__ = 'itsvc.report.date_context'

    date = fields.Date("Date", required=True,
        help="The maintained systems at this date.")

    @classmethod
    def default_date(cls):
        return Transaction().context.get('date') or (
            Pool().get('ir.date').today())


class PeriodContext(FilterMixin, ModelView):
    "Reports per Month"
    __name__ = 'itsvc.report.period_context'

    from_month = fields.Date("From Month", required=True,
        domain=[If(Eval('to_month') & Eval('from_month'),
                ('from_month', '<=', Eval('to_month')), ())],
        help="Any day of the first month of the period.")
    to_month = fields.Date("To Month", required=True,
        domain=[If(Eval('to_month') & Eval('from_month'),
                ('to_month', '>=', Eval('from_month')), ())],
        help="Any day of the last month of the period.")

    @classmethod
    def default_from_month(cls):
        context = Transaction().context
        if context.get('from_month'):
            return context['from_month']
        today = Pool().get('ir.date').today()
        return add_months(today.replace(day=1), -11)

    @classmethod
    def default_to_month(cls):
        context = Transaction().context
        if context.get('to_month'):
            return context['to_month']
        return Pool().get('ir.date').today().replace(day=1)


def filters(installation, party, product=None):
    """The where clause of the context's company, client group and system
    (the product column, by default the installation's)"""
    context = Transaction().context
    where = Literal(True)
    if context.get('report_company'):
        where &= installation.company == context['report_company']
    if context.get('client_group'):
        where &= party.client_group == context['client_group']
    if context.get('system'):
        if product is None:
            product = installation.product
        where &= product == context['system']
    return where
