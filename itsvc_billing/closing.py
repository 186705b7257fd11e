# This file is part of itsvc.
"""Month closing: acts (posted customer invoices) for the paid months."""
from collections import OrderedDict

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    ModelSQL, ModelView, Workflow, fields)
from trytond.modules.company.model import set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from itsvc_base.document import WorkflowFieldsMixin
from itsvc_base.installation import month_name
from itsvc_base.sql import as_date, as_decimal
from itsvc_base.tenure import add_months, month_bounds

from .exceptions import ActError
from .acts import insert_posted
from .ledger import ledger_acts, receivable_accounts
from .month_batch import MonthBatchMixin
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
        # ids and totals by query: browsing thousands of lines at once
        # costs the square of their number (each record checks the ids
        # of its batch)
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*line.select(line.id, line.total_amount,
                where=line.id.in_(Line.search(domain, query=True)),
                order_by=[line.id]))
        totals = {i: as_decimal(t) for i, t in cursor}
        acted = Line.acted_line_ids(list(totals))
        ids = [i for i in totals if i not in acted]
        if Configuration(1).acts_require_payment:
            paid = Line.line_paid_amounts(ids)
            ids = [i for i in ids if paid.get(i, ZERO) == totals[i]]
        return browse(Line, ids)

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


def make_acts(closing, lines):
    """One posted customer invoice a client, a line a bill line.

    The lines are read in a few queries; the acts are inserted posted in a
    few more (acts.insert_posted)."""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Journal = pool.get('account.journal')
    Party = pool.get('party.party')
    Product = pool.get('product.product')
    if not lines:
        return []
    journal = Journal.find({'type': 'revenue'})
    rows = act_rows([l.id for l in lines])
    by_party = OrderedDict()
    for row in sorted(rows, key=lambda r: (
                r['party'], r['month'] or r['date'], r['id'])):
        by_party.setdefault(row['party'], []).append(row)
    products = {p.id: (p.account_revenue_used.id, p.default_uom.id)
        for p in Product.browse(list({r['product'] for r in rows}))}
    company = closing.company
    parties = Party.browse(list(by_party))
    receivable = receivable_accounts({(company.id, p.id) for p in parties})
    addresses = {p.id: p.address_get(type='invoice') for p in parties}
    missing = [p.rec_name for p in parties if not addresses[p.id]]
    if missing:
        raise ActError(gettext('itsvc_billing.msg_act_no_address',
                parties=', '.join(sorted(missing)), count=len(missing)))
    values = []
    bases = contract_bases({r['contract'] for r in rows if r['contract']})
    for party in parties:
        party_rows = by_party[party.id]
        address = addresses[party.id]
        # the basis of the act (its «Основание»): the contracts it serves
        basis = ', '.join(sorted({bases[r['contract']]
                    for r in party_rows if r['contract']}))
        values.append({
                'party': party.id,
                'invoice_address': address.id,
                'journal': journal.id,
                'account': receivable[company.id, party.id].id,
                # the receivable is due when the bills are
                'payment_term_date': min(r['due_date'] for r in party_rows),
                'description': basis or closing.rec_name,
                'itsvc_closing': closing.id,
                'lines': [act_line(r, products) for r in party_rows],
                })
    return Invoice.browse(insert_posted(closing, values))


def act_rows(line_ids):
    "The values of the bill lines an act needs, read in a few queries"
    pool = Pool()
    Bill = pool.get('itsvc.bill')
    Line = pool.get('itsvc.bill.line')
    LineTax = pool.get('itsvc.bill.line-account.tax')
    bill = Bill.__table__()
    line = Line.__table__()
    line_tax = LineTax.__table__()
    cursor = Transaction().connection.cursor()
    rows = {}
    for sub in grouped_slice(line_ids, backend.MAX_QUERY_PARAMS):
        sub = list(sub)
        cursor.execute(*line.join(bill, condition=line.bill == bill.id
                ).select(line.id, bill.party, bill.date, bill.due_date,
                line.month, line.product, line.amount, line.description,
                line.contract,
                where=line.id.in_(sub)))
        for (id_, party, date, due_date, month, product, amount,
                description, contract) in cursor:
            rows[id_] = {
                'id': id_, 'party': party, 'date': as_date(date),
                'contract': contract,
                'due_date': as_date(due_date), 'month': as_date(month),
                'product': product, 'amount': as_decimal(amount),
                'description': description, 'taxes': [],
                }
        cursor.execute(*line_tax.select(line_tax.line, line_tax.tax,
                where=line_tax.line.in_(sub), order_by=[line_tax.id]))
        for line_id, tax in cursor:
            rows[line_id]['taxes'].append(tax)
    return list(rows.values())


def contract_bases(contract_ids):
    "{contract id: «Договор № … от …»} read in a few queries"
    Contract = Pool().get('itsvc.contract')
    contract = Contract.__table__()
    cursor = Transaction().connection.cursor()
    bases = {}
    for sub in grouped_slice(list(contract_ids), backend.MAX_QUERY_PARAMS):
        cursor.execute(*contract.select(contract.id, contract.number,
                contract.date, where=contract.id.in_(list(sub))))
        for id_, number, date in cursor:
            bases[id_] = gettext('itsvc_billing.msg_act_basis',
                number=number, date=as_date(date).strftime('%d.%m.%Y'))
    return bases


def act_line(row, products):
    "The values of the act line of a bill line (a row of act_rows)"
    account, unit = products[row['product']]
    return {
        'product': row['product'],
        'account': account,
        'description': row['description'],
        'unit': unit,
        'unit_price': row['amount'],
        'origin': f"itsvc.bill.line,{row['id']}",
        'taxes': row['taxes'],
        }


def browse(Model, ids, size=1000):
    "Records of the ids, browsed a batch at a time"
    return [r for sub in grouped_slice(ids, size)
        for r in Model.browse(list(sub))]


class Invoice(WorkflowFieldsMixin, metaclass=PoolMeta):
    __name__ = 'account.invoice'

    itsvc_closing = fields.Many2One('itsvc.closing', "Month Closing",
        readonly=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # the posted acts: their moves, numbers and states are the
        # workflow's; the printed copy is cached by the report
        cls._workflow_fields = cls._workflow_fields | {
            'number', 'move', 'cancel_move', 'additional_moves',
            'itsvc_closing'}
        cls._editable_fields = cls._editable_fields | {
            'invoice_report_cache', 'invoice_report_cache_id',
            'invoice_report_format', 'invoice_report_revisions',
            'payment_lines', 'description', 'comment', 'reference'}

    @classmethod
    def create(cls, vlist):
        # the acts are inserted by the month closing only (acts.py)
        for values in vlist:
            if values.get('itsvc_closing'):
                raise ActError(gettext(
                        'itsvc_billing.msg_act_outside_closing'))
        return super().create(vlist)

    @classmethod
    def _post(cls, invoices):
        for invoice in invoices:
            if invoice.state != 'posted' and (invoice.itsvc_closing or any(
                        is_act_origin(l.origin) for l in invoice.lines)):
                raise ActError(gettext(
                        'itsvc_billing.msg_act_outside_closing'))
        super()._post(invoices)


def is_act_origin(origin):
    "Is origin (a record or its string) a bill line, the origin of acts"
    return str(origin or '').startswith('itsvc.bill.line,')


class InvoiceLine(metaclass=PoolMeta):
    __name__ = 'account.invoice.line'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['itsvc.bill.line']

    @classmethod
    def create(cls, vlist):
        # a bill line is acted by the month closing only (acts.py)
        for values in vlist:
            if is_act_origin(values.get('origin')):
                raise ActError(gettext(
                        'itsvc_billing.msg_act_outside_closing'))
        return super().create(vlist)
