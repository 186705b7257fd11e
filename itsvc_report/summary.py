# This file is part of itsvc.
"""The director's summary of a month: a few key figures, each read by
the reports of this module or by one grouped query."""
from decimal import ROUND_HALF_EVEN

from sql.aggregate import Sum
from sql.conditionals import Coalesce

from trytond.model import ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.transaction import Transaction, check_access
from trytond.wizard import Button, StateView, Wizard

from itsvc_base.sql import as_money
from itsvc_base.tenure import month_bounds


FIGURES = ['maintained', 'new_installations', 'excluded', 'restored',
    'revenue', 'billed_untaxed', 'billed', 'paid', 'receivable']


def month_figures(month, company=None):
    """{name: value} of the month (any day of it) for a company or all
    the companies the user sees"""
    # the user's access rights and record rules, also in the wizard: only
    # the roles that read the reports, the bills and the payments see them
    with check_access():
        return _month_figures(month, company)


def _month_figures(month, company):
    pool = Pool()
    Maintained = pool.get('itsvc.report.maintained')
    Churn = pool.get('itsvc.report.churn')
    Revenue = pool.get('itsvc.report.revenue')
    Receivable = pool.get('itsvc.receivable')
    Bill = pool.get('itsvc.bill')
    Payment = pool.get('itsvc.payment')
    first, last = month_bounds(month.year, month.month)
    company_id = company.id if company else None
    context = {
        'date': last,
        'from_month': first,
        'to_month': first,
        'report_company': company_id,
        'client_group': None,
        'system': None,
        }
    result = {}
    with Transaction().set_context(**context):
        rows = Maintained.search_read([], fields_names=['installations'])
        result['maintained'] = sum(r['installations'] for r in rows)
        movements = {'new': 0, 'excluded': 0, 'restored': 0}
        for row in Churn.search_read([],
                fields_names=['kind', 'installations']):
            movements[row['kind']] += row['installations']
        result['new_installations'] = movements['new']
        result['excluded'] = movements['excluded']
        result['restored'] = movements['restored']
        rows = Revenue.search_read([], fields_names=['amount'])
        result['revenue'] = as_money(
            sum(r['amount'] for r in rows), ROUND_HALF_EVEN)
    # itsvc.receivable keeps the context's company only: the company of
    # the summary, or the companies of the user and their dealers
    User = pool.get('res.user')
    domain = []
    if Transaction().user:
        domain = [('company', 'child_of', list(User.get_companies()),
                'parent')]
    with Transaction().set_context(date=last, company=company_id):
        rows = Receivable.search_read(domain, fields_names=['amount'])
        result['receivable'] = as_money(
            sum(r['amount'] for r in rows), ROUND_HALF_EVEN)
    bill = Bill.__table__()
    payment = Payment.__table__()
    cursor = Transaction().connection.cursor()
    # the searches apply the record rules of the user's companies
    domain = [('date', '>=', first), ('date', '<=', last)]
    if company_id:
        domain.append(('company', '=', company_id))
    bills = Bill.search(domain + [('state', '=', 'issued')],
        order=[], query=True)
    cursor.execute(*bill.select(
            Sum(Coalesce(bill.untaxed_amount, 0)),
            Sum(Coalesce(bill.total_amount, 0)),
            where=bill.id.in_(bills)))
    untaxed, total = cursor.fetchone()
    result['billed_untaxed'] = as_money(untaxed, ROUND_HALF_EVEN)
    result['billed'] = as_money(total, ROUND_HALF_EVEN)
    payments = Payment.search(domain + [('state', '=', 'registered')],
        order=[], query=True)
    cursor.execute(*payment.select(Sum(payment.amount),
            where=payment.id.in_(payments)))
    result['paid'] = as_money(cursor.fetchone()[0], ROUND_HALF_EVEN)
    return result


class Summary(ModelView):
    "Summary of the Month"
    __name__ = 'itsvc.report.summary'

    month = fields.Date("Month", required=True,
        help="Any day of the month.")
    report_company = fields.Many2One('company.company', "Company",
        help="Empty for all the companies you may see.")
    currency = fields.Many2One('currency.currency', "Currency",
        readonly=True)
    maintained = fields.Integer("Maintained Systems", readonly=True,
        help="At the end of the month.")
    new_installations = fields.Integer("New Systems", readonly=True,
        help="Installations whose first maintained day is in the month.")
    excluded = fields.Integer("Excluded Systems", readonly=True,
        help="Installations whose maintenance stopped in the month.")
    restored = fields.Integer("Restored Systems", readonly=True,
        help="Installations whose maintenance resumed in the month.")
    revenue = Monetary("Maintenance Revenue", currency='currency',
        digits='currency', readonly=True,
        help="Maintenance and adjustments billed for the month, "
        "without VAT.")
    billed_untaxed = Monetary("Billed without VAT", currency='currency',
        digits='currency', readonly=True,
        help="Issued bills dated in the month.")
    billed = Monetary("Billed", currency='currency', digits='currency',
        readonly=True, help="Issued bills dated in the month, with VAT.")
    paid = Monetary("Paid", currency='currency', digits='currency',
        readonly=True, help="Registered payments dated in the month.")
    receivable = Monetary("Receivables", currency='currency',
        digits='currency', readonly=True,
        help="What the clients owe at the end of the month.")

    @classmethod
    def default_month(cls):
        return Pool().get('ir.date').today().replace(day=1)

    @classmethod
    def default_currency(cls):
        Company = Pool().get('company.company')
        company = Transaction().context.get('company')
        if company is not None and company >= 0:
            return Company(company).currency.id

    @fields.depends('month', 'report_company', 'currency')
    def on_change_month(self):
        self.compute()

    @fields.depends('month', 'report_company', 'currency')
    def on_change_report_company(self):
        self.compute()

    @fields.depends('month', 'report_company', 'currency')
    def compute(self):
        if not self.month:
            for name in FIGURES:
                setattr(self, name, None)
            return
        if self.report_company:
            self.currency = self.report_company.currency
        try:
            figures = month_figures(self.month, self.report_company)
        except AccessError:
            # a user who may not read the reports sees no figure
            figures = dict.fromkeys(FIGURES)
        for name, value in figures.items():
            setattr(self, name, value)


class SummaryWizard(Wizard):
    "Summary of the Month"
    __name__ = 'itsvc.report.summary.show'

    start = StateView('itsvc.report.summary',
        'itsvc_report.summary_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        summary = Pool().get('itsvc.report.summary')()
        summary.month = summary.default_month()
        summary.report_company = None
        summary.currency = summary.default_currency()
        summary.compute()
        values = {'month': summary.month,
            'currency': summary.currency}
        values.update({n: getattr(summary, n) for n in FIGURES})
        return values
