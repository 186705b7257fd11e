# This file is part of itsvc.
from trytond.i18n import gettext
from trytond.model import fields
from trytond.modules.company.model import employee_field
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from itsvc_base.bounds import check_month
from itsvc_base.document import WorkflowFieldsMixin

from .exceptions import BatchModifyError


class MonthBatchMixin(WorkflowFieldsMixin):
    """A batch job over a month and a selection of clients (all, a group,
    one client): previewed, then done once (billing run, month closing)"""
    __slots__ = ()

    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    period = fields.Date("Month", required=True, states=_states,
        help="Any day of the month.")
    client_group = fields.Many2One(
        'itsvc.client.group', "Client Group", ondelete='RESTRICT',
        states=_states)
    party = fields.Many2One(
        'party.party', "Client", ondelete='RESTRICT', states=_states)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    lines_count = fields.Integer("Lines", readonly=True)
    untaxed_amount = Monetary("Untaxed", currency='currency',
        digits='currency', readonly=True)
    run_by = employee_field("Run By", states=['done'])
    state = fields.Selection([
            ('draft', "Draft"),
            ('done', "Done"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('period', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'done')}
        cls._buttons.update({
                'preview': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-search',
                    'depends': ['state'],
                    },
                'process': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def check_modification(cls, mode, batches, values=None, external=False):
        super().check_modification(
            mode, batches, values=values, external=external)
        if mode == 'delete':
            for batch in batches:
                if batch.state != 'draft':
                    raise BatchModifyError(gettext(
                            'itsvc_billing.msg_batch_delete_done',
                            batch=batch.rec_name))

    @classmethod
    def validate_fields(cls, batches, field_names):
        super().validate_fields(batches, field_names)
        if field_names is None or 'period' in field_names:
            # a month of this century, at most a year ahead
            check_month(cls, batches, 'period',
                Pool().get('ir.date').today())

    @staticmethod
    def default_state():
        return 'draft'

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @property
    def month(self):
        return self.period.replace(day=1)


class BillingBatchMixin(MonthBatchMixin):
    "A month batch that issues bills on a date (billing runs)"
    __slots__ = ()

    bill_date = fields.Date("Bill Date", required=True,
        states={'readonly': Eval('state') != 'draft'})
    bills_count = fields.Integer("Bills", readonly=True)
    problems = fields.Text("Problems", readonly=True)

    @staticmethod
    def default_period():
        return Pool().get('ir.date').today().replace(day=1)

    @staticmethod
    def default_bill_date():
        return Pool().get('ir.date').today()

    @fields.depends('period', 'bill_date')
    def on_change_period(self):
        "The bills are dated today in the month billed, else its first day"
        if not self.period:
            return
        today = Pool().get('ir.date').today()
        first = self.period.replace(day=1)
        if (today.year, today.month) == (first.year, first.month):
            self.bill_date = today
        else:
            self.bill_date = first
