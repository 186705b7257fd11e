# This file is part of itsvc.
"""Payments (bank statement documents, cash receipt orders, advance
reports); their allocation to bill lines is in allocation.py (domain.md §4)."""
from collections import defaultdict

from sql.aggregate import Sum
from sql.conditionals import Coalesce

from trytond import backend
from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction

from itsvc_base.bounds import AmountBoundsMixin
from itsvc_base.document import WorkflowFieldsMixin
from itsvc_base.installation import format_date

from .allocation import allocate
from .exceptions import BillModifyError, PaymentError
from .ledger import payment_rows, post_payments
from .pricing import ZERO, round_money

KINDS = [
    ('bank', "Bank Statement"),
    ('cash_order', "Cash Receipt Order"),
    ('advance_report', "Advance Report"),
    ]


class Payment(
        AmountBoundsMixin, WorkflowFieldsMixin, Workflow, ModelSQL,
        ModelView):
    "A payment received from a client"
    __name__ = 'itsvc.payment'
    _history = True
    _rec_name = 'number'

    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    kind = fields.Selection(KINDS, "Kind", required=True, states=_states)
    number = fields.Char("Number", states=_states,
        help="The number of the payment document; cash orders and advance "
        "reports are numbered at registration when empty.")
    date = fields.Date("Date", required=True, states=_states)
    party = fields.Many2One('party.party', "Client", ondelete='RESTRICT',
        states={
            'readonly': _states['readonly'],
            'required': Eval('state') == 'registered',
            })
    amount = Monetary("Amount", currency='currency', digits='currency',
        required=True, states=_states, domain=[('amount', '>', 0)])
    currency = fields.Many2One('currency.currency', "Currency",
        required=True, states=_states)
    purpose = fields.Text("Purpose", states=_states)
    bill = fields.Many2One('itsvc.bill', "Bill", ondelete='RESTRICT',
        domain=[('party', '=', Eval('party', -1))], states=_states,
        help="The bill named by the payment, paid first.")
    employee = fields.Many2One('company.employee', "Employee",
        states={
            'readonly': _states['readonly'],
            'invisible': Eval('kind') != 'advance_report',
            'required': Eval('kind') == 'advance_report',
            },
        help="The employee who collected the cash from the client.")
    bank_account = fields.Char("Payer Account", readonly=True)
    bank_key = fields.Char("Bank Document Key", readonly=True,
        help="Number, date, amount and account of the bank document: "
        "a document is never imported twice.")
    origin_kind = fields.Char("Document Kind", readonly=True)
    allocations = fields.One2Many('itsvc.payment.allocation', 'payment',
        "Allocations", readonly=True)
    allocated_amount = fields.Function(Monetary("Allocated",
            currency='currency', digits='currency'), 'get_amounts')
    advance_amount = fields.Function(Monetary("Advance",
            currency='currency', digits='currency',
            help="Not allocated yet: it pays the next bills."),
        'get_amounts', searcher='search_advance_amount')
    registered_by = employee_field("Registered By",
        states=['registered', 'cancelled'])
    state = fields.Selection([
            ('draft', "Draft"),
            ('registered', "Registered"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)
    move = fields.Many2One('account.move', "Move", readonly=True,
        ondelete='RESTRICT')
    advance_vat = fields.Many2One('account.advance.vat', "VAT on Advance",
        readonly=True, ondelete='RESTRICT')
    statement_line = fields.Many2One('account.statement.line',
        "Statement Line", readonly=True, ondelete='RESTRICT')

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('bank_key_unique', Unique(t, t.company, t.bank_key),
                'itsvc_billing.msg_payment_bank_key_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._workflow_fields = cls._workflow_fields | {
            'registered_by', 'allocations'}
        cls._not_draft_message = (
            'itsvc_billing.msg_payment_modify', 'payment')
        cls._modify_error = BillModifyError
        cls._transitions |= {
            ('draft', 'registered'),
            ('draft', 'cancelled'),
            }
        cls._buttons.update({
                'register': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
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
        return 'cash_order'

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    def get_rec_name(self, name):
        if self.number:
            return self.number
        # a draft has no number yet: its client and date name it
        return gettext('itsvc_billing.msg_payment_draft_rec_name',
            party=self.party.rec_name if self.party else '',
            date=format_date(self.date) if self.date else '')

    @classmethod
    def get_amounts(cls, payments, names):
        Allocation = Pool().get('itsvc.payment.allocation')
        allocation = Allocation.__table__()
        cursor = Transaction().connection.cursor()
        allocated = defaultdict(lambda: ZERO)
        for sub_ids in grouped_slice(
                [p.id for p in payments], backend.MAX_QUERY_PARAMS):
            cursor.execute(*allocation.select(
                    allocation.payment, Sum(allocation.amount),
                    where=reduce_ids(allocation.payment, sub_ids),
                    group_by=[allocation.payment]))
            for payment_id, amount in cursor:
                allocated[payment_id] = round_money(amount or 0)
        result = {'allocated_amount': {}, 'advance_amount': {}}
        for payment in payments:
            result['allocated_amount'][payment.id] = allocated[payment.id]
            result['advance_amount'][payment.id] = (
                payment.amount - allocated[payment.id])
        return {n: result[n] for n in names}

    @classmethod
    def search_advance_amount(cls, name, clause):
        pool = Pool()
        Allocation = pool.get('itsvc.payment.allocation')
        payment = cls.__table__()
        allocation = Allocation.__table__()
        _, operator, value = clause
        Operator = fields.SQL_OPERATORS[operator]
        advance = payment.amount - Sum(Coalesce(allocation.amount, 0))
        query = payment.join(allocation, 'LEFT',
            condition=allocation.payment == payment.id
            ).select(payment.id,
                group_by=[payment.id, payment.amount],
                having=Operator(advance, value))
        return [('id', 'in', query)]

    @classmethod
    def check_modification(cls, mode, payments, values=None, external=False):
        super().check_modification(
            mode, payments, values=values, external=external)
        if mode == 'delete':
            for payment in payments:
                if payment.state != 'draft':
                    raise BillModifyError(gettext(
                            'itsvc_billing.msg_payment_modify',
                            payment=payment.rec_name))

    @classmethod
    def set_number(cls, payments):
        "Number cash orders and advance reports from their sequences"
        pool = Pool()
        Configuration = pool.get('itsvc.configuration')
        ConfigurationSequence = pool.get('itsvc.configuration.bill_sequence')
        Sequence = pool.get('ir.sequence.strict')
        config = Configuration(1)
        to_write = []
        for payment in payments:
            if payment.number or payment.kind == 'bank':
                continue
            field = f'{payment.kind}_sequence'
            sequence = (config.get_multivalue(
                    field, company=payment.company.id)
                or Sequence(ConfigurationSequence._default(
                        f'sequence_strict_{payment.kind}')))
            with Transaction().set_context(date=payment.date):
                to_write.extend(([payment], {'number': sequence.get()}))
        if to_write:
            cls.write(*to_write)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, payments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('registered')
    @set_employee('registered_by')
    def register(cls, payments):
        for payment in payments:
            if not payment.party:
                raise PaymentError(gettext(
                        'itsvc_billing.msg_payment_no_party',
                        payment=payment.rec_name))
        cls.set_number(payments)
        # allocate now: the transition writes the state after this method
        cls.write(payments, {'state': 'registered'})
        registered(cls.browse(payments))


def registered(payments):
    "Allocate the payments just registered and post them"
    Party = Pool().get('party.party')
    rows = payment_rows([p.id for p in payments])
    allocate(Party.browse(list({r.party for r in rows})))
    post_payments(rows)
