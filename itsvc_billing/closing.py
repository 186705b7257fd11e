# This file is part of itsvc.
"""Month closing: acts (posted customer invoices) for the paid months."""
from collections import OrderedDict

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from itsvc_base.tenure import add_months, month_bounds

from .billing import month_name
from .ledger import ledger_acts
from .month_batch import MonthBatchMixin
from .payment import line_paid_amounts
from .pricing import ZERO


class Closing(MonthBatchMixin, Workflow, ModelSQL, ModelView):
    "Month closing: one act a client for the paid lines of the month"
    __name__ = 'itsvc.closing'

    act_date = fields.Date("Act Date", required=True,
        states={'readonly': Eval('state') != 'draft'},
        help="The date of the acts, by default the last day of the month.")
    acts_count = fields.Integer("Acts", readonly=True)
    acts = fields.One2Many('account.invoice', 'itsvc_closing', "Acts",
        readonly=True)

    @fields.depends('period')
    def on_change_period(self):
        if self.period:
            self.act_date = month_bounds(
                self.period.year, self.period.month)[1]

    def get_rec_name(self, name):
        return gettext('itsvc_billing.msg_closing_rec_name',
            month=month_name(self.period))

    def lines_to_act(self):
        "Bill lines of the month, paid (when required) and not acted yet"
        pool = Pool()
        Line = pool.get('itsvc.bill.line')
        Configuration = pool.get('itsvc.configuration')
        first, last = month_bounds(self.period.year, self.period.month)
        domain = [
            ('bill.company', '=', self.company.id),
            ('bill.state', '=', 'issued'),
            ['OR',
                [('kind', 'in', ['maintenance', 'adjustment']),
                    ('month', '=', first)],
                [('kind', '=', 'supply'),
                    ('bill.date', '>=', first), ('bill.date', '<=', last)],
                ],
            ]
        if self.client_group:
            domain.append(('bill.party.client_group', '=',
                    self.client_group.id))
        if self.party:
            domain.append(('bill.party', '=', self.party.id))
        lines = Line.search(domain)
        acted = acted_line_ids([l.id for l in lines])
        lines = [l for l in lines if l.id not in acted]
        if Configuration(1).acts_require_payment:
            paid = line_paid_amounts([l.id for l in lines])
            lines = [l for l in lines
                if paid.get(l.id, ZERO) == l.total_amount]
        return lines

    @classmethod
    @ModelView.button
    def preview(cls, closings):
        for closing in closings:
            lines = closing.lines_to_act()
            closing.write([closing], {
                    'acts_count': len({l.bill.party for l in lines}),
                    'lines_count': len(lines),
                    'untaxed_amount': sum((l.amount for l in lines), ZERO),
                    })

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    @set_employee('run_by')
    def process(cls, closings):
        Invoice = Pool().get('account.invoice')
        Invoice.lock()
        for closing in closings:
            lines = closing.lines_to_act()
            acts = make_acts(closing, lines)
            ledger_acts(acts)
            closing.write([closing], {
                    'acts_count': len(acts),
                    'lines_count': len(lines),
                    'untaxed_amount': sum((l.amount for l in lines), ZERO),
                    })

    @classmethod
    def close_month(cls, company, period, act_date=None):
        "Create and process a closing (command line, scheduled job)"
        closing, = cls.create([{
                    'company': company.id,
                    'period': period,
                    'act_date': act_date or month_bounds(
                        period.year, period.month)[1],
                    }])
        cls.process([closing])
        return closing

    @classmethod
    def run_monthly(cls):
        "Scheduled job: close the previous month for every company"
        pool = Pool()
        Company = pool.get('company.company')
        Date = pool.get('ir.date')
        for company in Company.search([]):
            with Transaction().set_context(company=company.id):
                previous = add_months(Date.today().replace(day=1), -1)
                cls.close_month(company, previous)


def acted_line_ids(line_ids):
    "Ids of the bill lines already in a non-cancelled act"
    pool = Pool()
    InvoiceLine = pool.get('account.invoice.line')
    Invoice = pool.get('account.invoice')
    invoice_line = InvoiceLine.__table__()
    invoice = Invoice.__table__()
    cursor = Transaction().connection.cursor()
    result = set()
    origins = {f'itsvc.bill.line,{i}': i for i in line_ids}
    for sub in grouped_slice(list(origins)):
        cursor.execute(*invoice_line.join(invoice,
                condition=invoice_line.invoice == invoice.id
                ).select(invoice_line.origin,
                where=invoice_line.origin.in_(list(sub))
                & (invoice.state != 'cancelled')))
        result.update(origins[o] for o, in cursor)
    return result


def make_acts(closing, lines):
    "One posted customer invoice a client, a line a bill line"
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Journal = pool.get('account.journal')
    if not lines:
        return []
    journal = Journal.find({'type': 'revenue'})
    by_party = OrderedDict()
    for line in sorted(lines, key=lambda l: (
                l.bill.party.id, l.month or l.bill.date, l.id)):
        by_party.setdefault(line.bill.party, []).append(line)
    invoices = []
    for party, party_lines in by_party.items():
        invoice = Invoice(
            company=closing.company,
            type='out',
            party=party,
            invoice_address=party.address_get(type='invoice'),
            currency=closing.company.currency,
            journal=journal,
            account=party.account_receivable_used,
            invoice_date=closing.act_date,
            # the receivable is due when the bills are
            payment_term_date=min(l.bill.due_date for l in party_lines),
            description=closing.rec_name,
            itsvc_closing=closing,
            lines=[act_line(l) for l in party_lines],
            )
        invoices.append(invoice)
    Invoice.save(invoices)
    Invoice.update_taxes(invoices)
    # a batch job: no interactive warning (future date, similar invoices)
    with Transaction().set_context(_skip_warnings=True):
        Invoice._post(invoices)
    return invoices


def act_line(line):
    InvoiceLine = Pool().get('account.invoice.line')
    return InvoiceLine(
        type='line',
        product=line.product,
        account=line.product.account_revenue_used,
        description=line.description,
        quantity=1,
        unit=line.product.default_uom,
        unit_price=line.amount,
        taxes=list(line.taxes),
        origin=line,
        )


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    itsvc_closing = fields.Many2One('itsvc.closing', "Month Closing",
        readonly=True, ondelete='RESTRICT')


class InvoiceLine(metaclass=PoolMeta):
    __name__ = 'account.invoice.line'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['itsvc.bill.line']


class BillLine(metaclass=PoolMeta):
    __name__ = 'itsvc.bill.line'

    acted = fields.Function(fields.Boolean("Acted"), 'get_acted')

    @classmethod
    def get_acted(cls, lines, name):
        acted = acted_line_ids([l.id for l in lines])
        return {l.id: l.id in acted for l in lines}

