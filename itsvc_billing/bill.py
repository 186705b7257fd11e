# This file is part of itsvc.
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from sql import Null
from sql.aggregate import Min

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Workflow, fields, sequence_ordered)
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from itsvc_base.document import (
    WorkflowFieldsMixin, check_rules)
from itsvc_base.installation import format_date

from account_ru import bulk

from .allocation import allocate, line_paid_amounts
from .exceptions import BillError, BillModifyError
from .pricing import ZERO, round_money

KINDS = [
    ('monthly', "Monthly"),
    ('prepayment', "Prepayment"),
    ('supply', "Supply"),
    ]
LINE_KINDS = [
    ('maintenance', "Maintenance"),
    ('adjustment', "Adjustment"),
    ('supply', "Supply"),
    ]


class Bill(WorkflowFieldsMixin, Workflow, ModelSQL, ModelView):
    "Счёт на оплату: a payment request, not an accounting entry"
    __name__ = 'itsvc.bill'
    _history = True
    _rec_name = 'number'

    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    number = fields.Char("Number", readonly=True)
    kind = fields.Selection(KINDS, "Kind", required=True, states=_states)
    party = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        states=_states)
    contract = fields.Many2One(
        'itsvc.contract', "Contract", ondelete='RESTRICT',
        domain=[('party', '=', Eval('party', -1))], states=_states,
        help="Set when the bill is for one contract.")
    date = fields.Date("Date", required=True, states=_states)
    due_date = fields.Date("Due Date", required=True, states=_states)
    period = fields.Date("Period", states=_states,
        help="The first day of the month billed by the billing run.")
    billing_run = fields.Many2One(
        'itsvc.billing.run', "Billing Run", readonly=True,
        ondelete='RESTRICT')
    currency = fields.Many2One(
        'currency.currency', "Currency", required=True, states=_states)
    lines = fields.One2Many('itsvc.bill.line', 'bill', "Lines",
        states=_states)
    untaxed_amount = Monetary("Untaxed", currency='currency',
        digits='currency', readonly=True)
    tax_amount = Monetary("Tax", currency='currency', digits='currency',
        readonly=True)
    total_amount = Monetary("Total", currency='currency', digits='currency',
        readonly=True)
    description = fields.Char("Description", states=_states)
    payment_state = fields.Selection([
            ('unpaid', "Unpaid"),
            ('partial', "Partially Paid"),
            ('paid', "Paid"),
            ], "Payment", readonly=True, required=True, sort=False)
    paid_amount = fields.Function(Monetary("Paid", currency='currency',
            digits='currency'), 'get_paid_amount')
    issued_by = employee_field("Issued By", states=['issued', 'cancelled'])
    cancelled_by = employee_field("Cancelled By", states=['cancelled'])
    state = fields.Selection([
            ('draft', "Draft"),
            ('issued', "Issued"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Range())),
                Index(t, (t.number, Index.Equality())),
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._workflow_fields = cls._workflow_fields | {
            'issued_by', 'cancelled_by'}
        cls._not_draft_message = (
            'itsvc_billing.msg_bill_modify', 'bill')
        cls._modify_error = BillModifyError
        cls._transitions |= {
            ('draft', 'issued'),
            ('draft', 'cancelled'),
            ('issued', 'cancelled'),
            }
        cls._buttons.update({
                'issue': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') == 'cancelled',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def default_currency(cls):
        Company = Pool().get('company.company')
        company = cls.default_company()
        if company is not None and company >= 0:
            return Company(company).currency.id

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_kind():
        return 'monthly'

    @staticmethod
    def default_payment_state():
        return 'unpaid'

    @classmethod
    def lines_paid(cls, bills):
        "{bill id: [(total, paid)]} of the bills' lines, read in SQL"
        Line = Pool().get('itsvc.bill.line')
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        totals = {b.id: [] for b in bills}
        for sub in grouped_slice(list(totals), backend.MAX_QUERY_PARAMS):
            cursor.execute(*line.select(line.bill, line.id, line.total_amount,
                    where=line.bill.in_(list(sub))))
            for bill_id, line_id, total in cursor:
                totals[bill_id].append((line_id, round_money(total)))
        paid = Line.line_paid_amounts(
            [i for l in totals.values() for i, _ in l])
        return {b: [(t, paid.get(i, ZERO)) for i, t in l]
            for b, l in totals.items()}

    @classmethod
    def get_paid_amount(cls, bills, name):
        return {b: sum((p for _, p in l), ZERO)
            for b, l in cls.lines_paid(bills).items()}

    @classmethod
    def update_payment_state(cls, bills):
        """Store unpaid, partially paid or paid from the allocations: a
        state the allocations keep, set in a few queries (bulk)"""
        if not bills:
            return
        lines = cls.lines_paid(bills)
        bill = cls.__table__()
        cursor = Transaction().connection.cursor()
        current = {}
        for sub in grouped_slice(list(lines), backend.MAX_QUERY_PARAMS):
            cursor.execute(*bill.select(bill.id, bill.payment_state,
                    where=bill.id.in_(list(sub))))
            current.update(cursor)
        to_set = {}
        for bill_id, b_lines in lines.items():
            due = sum((t for t, _ in b_lines), ZERO)
            allocated = sum((p for _, p in b_lines), ZERO)
            if b_lines and all(p == t for t, p in b_lines):
                state = 'paid'
            elif allocated and due:
                state = 'partial'
            else:
                state = 'unpaid'
            if current[bill_id] != state:
                to_set[bill_id] = state
        bulk.set_field(cls.__name__, 'payment_state', to_set)

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @classmethod
    def due_date_for(cls, date):
        Configuration = Pool().get('itsvc.configuration')
        return date + dt.timedelta(days=Configuration(1).bill_due_days)

    @fields.depends('date')
    def on_change_date(self):
        if self.date:
            self.due_date = self.due_date_for(self.date)

    def get_rec_name(self, name):
        if self.number:
            return self.number
        # a draft has no number yet: its client and date name it
        return gettext('itsvc_billing.msg_bill_draft_rec_name',
            party=self.party.rec_name if self.party else '',
            date=format_date(self.date) if self.date else '')

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('number', operator, value),
            ('party.rec_name', operator, value),
            ]

    @classmethod
    def check_modification(cls, mode, bills, values=None, external=False):
        super().check_modification(
            mode, bills, values=values, external=external)
        if mode == 'delete':
            for bill in bills:
                if bill.state != 'draft' or bill.number:
                    raise BillModifyError(gettext(
                            'itsvc_billing.msg_bill_delete',
                            bill=bill.rec_name))

    @classmethod
    def copy(cls, bills, default=None):
        default = default.copy() if default else {}
        default.setdefault('number', None)
        default.setdefault('billing_run', None)
        default.setdefault('issued_by', None)
        default.setdefault('cancelled_by', None)
        default.setdefault('payment_state', 'unpaid')
        return super().copy(bills, default=default)

    @classmethod
    def update_amounts(cls, bills):
        "Store the totals from the lines"
        to_write = []
        for bill in bills:
            untaxed = sum((l.amount for l in bill.lines), ZERO)
            tax = sum((l.tax_amount for l in bill.lines), ZERO)
            values = {
                'untaxed_amount': untaxed,
                'tax_amount': tax,
                'total_amount': untaxed + tax,
                }
            if any(getattr(bill, k) != v for k, v in values.items()):
                to_write.extend(([bill], values))
        if to_write:
            cls.write(*to_write)

    @classmethod
    def next_numbers(cls, company, date, count):
        "count numbers of the company's bill sequence, dated date"
        Configuration = Pool().get('itsvc.configuration')
        sequence = Configuration(1).get_multivalue(
            'bill_sequence', company=int(company))
        with Transaction().set_context(date=date):
            return list(sequence.get_many(count))

    @classmethod
    def set_number(cls, bills):
        "Number from the company's bill sequence, dated by the bill date"
        bills = sorted((b for b in bills if not b.number),
            key=lambda b: (b.company.id, b.date, b.id))
        groups = defaultdict(list)
        for bill in bills:
            groups[(bill.company.id, bill.date)].append(bill)
        to_write = []
        for (company, date), c_bills in groups.items():
            numbers = cls.next_numbers(company, date, len(c_bills))
            for bill, number in zip(c_bills, numbers):
                to_write.extend(([bill], {'number': number}))
        if to_write:
            cls.write(*to_write)

    @classmethod
    def check_lines(cls, bills):
        "Bills come only from registered contracts (read in two queries)"
        pool = Pool()
        Line = pool.get('itsvc.bill.line')
        Contract = pool.get('itsvc.contract')
        line = Line.__table__()
        contract = Contract.__table__()
        cursor = Transaction().connection.cursor()
        with_lines = set()
        wrong = {}
        unregistered = set()
        for sub in grouped_slice(
                [b.id for b in bills], backend.MAX_QUERY_PARAMS):
            sub = list(sub)
            cursor.execute(*line.select(line.bill,
                    where=line.bill.in_(sub), group_by=[line.bill]))
            with_lines.update(b for b, in cursor)
            cursor.execute(*line.join(contract,
                    condition=line.contract == contract.id
                    ).select(line.bill, Min(line.contract),
                    where=line.bill.in_(sub)
                    & ~contract.state.in_(['registered', 'terminated']),
                    group_by=[line.bill]))
            wrong.update(cursor)
            # maintenance is billed only from a registered contract's
            # installation
            cursor.execute(*line.select(line.bill,
                    where=line.bill.in_(sub)
                    & line.kind.in_(['maintenance', 'adjustment'])
                    & ((line.contract == Null) | (line.installation == Null)),
                    group_by=[line.bill]))
            unregistered.update(b for b, in cursor)
        for bill in bills:
            if bill.id not in with_lines:
                raise BillError(gettext(
                        'itsvc_billing.msg_bill_no_lines', bill=bill.rec_name))
            if bill.id in unregistered:
                raise BillError(gettext(
                        'itsvc_billing.msg_bill_maintenance_no_contract',
                        bill=bill.rec_name))
            if bill.id in wrong:
                raise BillError(gettext(
                        'itsvc_billing.msg_bill_contract_not_registered',
                        bill=bill.rec_name,
                        contract=Contract(wrong[bill.id]).rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('issued')
    @set_employee('issued_by')
    def issue(cls, bills):
        cls.check_lines(bills)
        cls.update_amounts(bills)
        cls.set_number(bills)
        # the clients' advances pay the new bills (the transition writes
        # the state after this method)
        cls.write(bills, {'state': 'issued'})
        allocate([b.party for b in bills])

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    @set_employee('cancelled_by')
    def cancel(cls, bills):
        # the allocations, not only the stored payment state
        paid = cls.get_paid_amount(bills, 'paid_amount')
        for bill in bills:
            if bill.payment_state != 'unpaid' or paid.get(bill.id):
                raise BillError(gettext('itsvc_billing.msg_bill_cancel_paid',
                        bill=bill.rec_name))


class BillLine(sequence_ordered(), ModelSQL, ModelView):
    __name__ = 'itsvc.bill.line'

    _states = {'readonly': Eval('bill_state') != 'draft'}

    bill = fields.Many2One('itsvc.bill', "Bill", required=True,
        ondelete='CASCADE', states=_states)
    bill_state = fields.Function(fields.Selection(
            'get_bill_states', "Bill State"), 'on_change_with_bill_state')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    kind = fields.Selection(LINE_KINDS, "Kind", required=True,
        states=_states)
    installation = fields.Many2One(
        'itsvc.installation', "Installation", ondelete='RESTRICT',
        states=_states)
    contract = fields.Many2One(
        'itsvc.contract', "Contract", ondelete='RESTRICT', states=_states)
    origin = fields.Reference("Origin", selection='get_origins',
        states=_states,
        help="The contract or amendment line of a supply.")
    product = fields.Many2One(
        'product.product', "Product", required=True, ondelete='RESTRICT',
        states=_states)
    description = fields.Char("Description", states=_states)
    month = fields.Date("Month", states=_states,
        help="The first day of the month of maintenance billed.")
    period_start = fields.Date("From", states=_states)
    period_end = fields.Date("To", states=_states)
    active_days = fields.Integer("Active Days", states=_states)
    month_days = fields.Integer("Days in Month", states=_states)
    quantity = fields.Numeric("Quantity", digits=(16, 4), required=True,
        states=_states)
    base_price = Monetary("Base Price", currency='currency',
        digits='currency', states=_states)
    discount = fields.Numeric("Discount", digits=(16, 4), states=_states,
        help="In percent.")
    discount_rule = fields.Reference("Discount Rule",
        selection='get_discount_rules', states=_states,
        help="The rule that gave the discount or the fixed price.")
    unit_price = Monetary("Unit Price", currency='currency',
        digits='currency', states=_states)
    amount = Monetary("Amount", currency='currency', digits='currency',
        required=True, states=_states, help="Without VAT.")
    taxes = fields.Many2Many('itsvc.bill.line-account.tax', 'line', 'tax',
        "Taxes", states=_states)
    tax_amount = Monetary("Tax", currency='currency', digits='currency',
        required=True, states=_states)
    total_amount = Monetary("Total", currency='currency',
        digits='currency', required=True, states=_states)
    party = fields.Function(fields.Many2One('party.party', "Client"),
        'on_change_with_party', searcher='search_party')
    acted = fields.Function(fields.Boolean("Acted"), 'get_acted')

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.installation, Index.Range()),
                    (t.month, Index.Range())),
                Index(t, (t.origin, Index.Equality())),
                })

    @staticmethod
    def default_kind():
        return 'maintenance'

    @staticmethod
    def default_quantity():
        return Decimal(1)

    @staticmethod
    def default_tax_amount():
        return ZERO

    @classmethod
    def get_bill_states(cls):
        Bill = Pool().get('itsvc.bill')
        return Bill.fields_get(['state'])['state']['selection']

    @fields.depends('bill', '_parent_bill.state')
    def on_change_with_bill_state(self, name=None):
        return self.bill.state if self.bill else None

    @fields.depends('bill', '_parent_bill.currency')
    def on_change_with_currency(self, name=None):
        return self.bill.currency if self.bill else None

    @classmethod
    def get_currency(cls, lines, name):
        "The currency of the bills, in a query (the amounts' digits)"
        Bill = Pool().get('itsvc.bill')
        line = cls.__table__()
        bill = Bill.__table__()
        cursor = Transaction().connection.cursor()
        result = {}
        for sub in grouped_slice(
                [l.id for l in lines], backend.MAX_QUERY_PARAMS):
            cursor.execute(*line.join(bill, condition=line.bill == bill.id
                    ).select(line.id, bill.currency,
                    where=line.id.in_(list(sub))))
            result.update(cursor)
        return result

    @fields.depends('bill', '_parent_bill.party')
    def on_change_with_party(self, name=None):
        return self.bill.party if self.bill else None

    @classmethod
    def search_party(cls, name, clause):
        return [('bill.party' + clause[0][len(name):], *clause[1:])]

    @classmethod
    def get_origins(cls):
        IrModel = Pool().get('ir.model')
        models = ['itsvc.contract.line', 'itsvc.contract.amendment.line']
        return [(None, '')] + [(m, IrModel.get_name(m)) for m in models]

    @classmethod
    def get_discount_rules(cls):
        IrModel = Pool().get('ir.model')
        models = ['itsvc.discount', 'itsvc.loyalty.step']
        return [(None, '')] + [(m, IrModel.get_name(m)) for m in models]

    @fields.depends('base_price', 'discount', 'quantity', 'active_days',
        'month_days', 'taxes', 'bill', '_parent_bill.date')
    def compute_amounts(self):
        "Unit price, amount, tax and total of a line typed by hand"
        if self.base_price is None:
            return
        discount = self.discount or ZERO
        ratio = Decimal(1)
        if self.active_days and self.month_days:
            ratio = Decimal(self.active_days) / Decimal(self.month_days)
        self.unit_price = round_money(self.base_price * (1 - discount))
        self.amount = round_money(self.base_price * (1 - discount) * ratio
            * (self.quantity or 0))
        self.tax_amount = tax_amounts(list(self.taxes or []), self.amount,
            self.bill.date if self.bill else None)
        self.total_amount = self.amount + self.tax_amount

    @fields.depends(methods=['compute_amounts'])
    def on_change_base_price(self):
        self.compute_amounts()

    @fields.depends(methods=['compute_amounts'])
    def on_change_discount(self):
        self.compute_amounts()

    @fields.depends(methods=['compute_amounts'])
    def on_change_quantity(self):
        self.compute_amounts()

    @fields.depends(methods=['compute_amounts'])
    def on_change_taxes(self):
        self.compute_amounts()

    def get_rec_name(self, name):
        return f'{self.bill.rec_name} / {self.product.rec_name}'

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if external:
            check_rules(cls, lines, mode)
            for line in lines:
                if line.bill.state != 'draft':
                    raise BillModifyError(gettext(
                            'itsvc_billing.msg_bill_modify',
                            bill=line.bill.rec_name))

    @classmethod
    def line_paid_amounts(cls, line_ids):
        "{bill line id: allocated amount} of the lines"
        return line_paid_amounts(line_ids)

    @classmethod
    def get_acted(cls, lines, name):
        acted = cls.acted_line_ids([l.id for l in lines])
        return {l.id: l.id in acted for l in lines}

    @classmethod
    def acted_line_ids(cls, line_ids):
        "Ids of the bill lines already in a non-cancelled act"
        pool = Pool()
        InvoiceLine = pool.get('account.invoice.line')
        Invoice = pool.get('account.invoice')
        invoice_line = InvoiceLine.__table__()
        invoice = Invoice.__table__()
        cursor = Transaction().connection.cursor()
        result = set()
        origins = {f'itsvc.bill.line,{i}': i for i in line_ids}
        for sub in grouped_slice(list(origins), backend.MAX_QUERY_PARAMS):
            cursor.execute(*invoice_line.join(invoice,
                    condition=invoice_line.invoice == invoice.id
                    ).select(invoice_line.origin,
                    where=invoice_line.origin.in_(list(sub))
                    & (invoice.state != 'cancelled')))
            result.update(origins[o] for o, in cursor)
        return result


class BillLineTax(ModelSQL):
    __name__ = 'itsvc.bill.line-account.tax'
    line = fields.Many2One(
        'itsvc.bill.line', "Bill Line", required=True, ondelete='CASCADE')
    tax = fields.Many2One(
        'account.tax', "Tax", required=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('line')


def product_taxes(product):
    "The customer taxes of a product; a clear error without tax category"
    if not product.account_category:
        raise BillError(gettext('itsvc_billing.msg_product_no_tax_category',
                product=product.rec_name))
    return list(product.customer_taxes_used)


def tax_amounts(taxes, amount, date):
    "Taxes of an amount without VAT, rounded to kopecks (one line)"
    Tax = Pool().get('account.tax')
    if not taxes:
        return round_money(ZERO)
    return round_money(sum(
            (t['amount'] for t in Tax.compute(taxes, amount, 1, date)), ZERO))
