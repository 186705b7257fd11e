# This file is part of itsvc.
import datetime as dt

from sql.aggregate import Max
from trytond.i18n import gettext
from trytond.model import (
    Index,
    ModelSQL,
    ModelView,
    Workflow,
    fields,
    sequence_ordered,
)
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .document import WorkflowFieldsMixin, check_rules
from .exceptions import AmendmentError, ContractModifyError
from .installation import format_date

ACTIONS = [
    ('add', "Add System"),
    ('exclude', "Exclude from Maintenance"),
    ('resume', "Resume Maintenance"),
    ('switch', "Switch Version"),
    ('move', "Move to Service Point"),
    ]


class Amendment(WorkflowFieldsMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'itsvc.contract.amendment'
    _history = True

    _states = {'readonly': Eval('state') != 'draft'}

    contract = fields.Many2One(
        'itsvc.contract', "Contract", required=True, ondelete='RESTRICT',
        states={
            'readonly': (Eval('state') != 'draft') | Eval('lines', [0]),
            })
    company = fields.Function(fields.Many2One(
            'company.company', "Company"),
        'on_change_with_company', searcher='search_company')
    party = fields.Function(fields.Many2One('party.party', "Client"),
        'on_change_with_party', searcher='search_party')
    number = fields.Integer("Number", readonly=True,
        help="The number of the amendment within its contract.")
    date = fields.Date("Date", required=True, states=_states)
    effective_date = fields.Date("Effective Date", required=True,
        states=_states,
        help="The day from which the changes apply.")
    description = fields.Char("Description", states=_states)
    lines = fields.One2Many(
        'itsvc.contract.amendment.line', 'amendment', "Lines",
        states={
            'readonly': (Eval('state') != 'draft') | ~Eval('contract'),
            })
    registered_by = employee_field("Registered By", states=['registered'])
    state = fields.Selection([
            ('draft', "Draft"),
            ('registered', "Registered"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.contract, Index.Range())))
        cls._order = [('effective_date', 'DESC'), ('id', 'DESC')]
        cls._workflow_fields = cls._workflow_fields | {
            'number', 'registered_by'}
        cls._set_on_create = {'number'}
        cls._not_draft_message = (
            'itsvc_base.msg_amendment_modify_registered', 'amendment')
        cls._modify_error = ContractModifyError
        cls._transitions |= {
            ('draft', 'registered'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
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
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @classmethod
    def default_contract(cls):
        context = Transaction().context
        if context.get('active_model') == 'itsvc.contract':
            return context.get('active_id')

    @fields.depends('date', 'effective_date')
    def on_change_date(self):
        if self.date and not self.effective_date:
            self.effective_date = self.date

    @fields.depends('contract', '_parent_contract.company')
    def on_change_with_company(self, name=None):
        return self.contract.company if self.contract else None

    @classmethod
    def search_company(cls, name, clause):
        return [('contract.company' + clause[0][len(name):], *clause[1:])]

    @fields.depends('contract', '_parent_contract.party')
    def on_change_with_party(self, name=None):
        return self.contract.party if self.contract else None

    @classmethod
    def search_party(cls, name, clause):
        return [('contract.party' + clause[0][len(name):], *clause[1:])]

    def get_rec_name(self, name):
        return gettext('itsvc_base.msg_amendment_rec_name',
            contract=self.contract.rec_name,
            number=self.number or '?')

    @classmethod
    def create(cls, vlist):
        "Number amendments within their contract"
        cls.check_create_values(vlist)
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        last = {}
        vlist = [v.copy() for v in vlist]
        for values in vlist:
            contract = values.get('contract')
            if contract is None or values.get('number'):
                continue
            if contract not in last:
                cursor.execute(*table.select(Max(table.number),
                        where=table.contract == contract))
                last[contract] = cursor.fetchone()[0] or 0
            last[contract] += 1
            values['number'] = last[contract]
        return super().create(vlist)

    @classmethod
    def validate_fields(cls, amendments, field_names):
        super().validate_fields(amendments, field_names)
        if field_names and not (field_names & {'contract', 'state'}):
            return
        for amendment in amendments:
            if (amendment.state == 'draft'
                    and amendment.contract.state != 'registered'):
                raise AmendmentError(gettext(
                        'itsvc_base.msg_amendment_contract_draft',
                        contract=amendment.contract.rec_name))

    @classmethod
    def check_modification(
            cls, mode, amendments, values=None, external=False):
        super().check_modification(
            mode, amendments, values=values, external=external)
        if mode == 'delete':
            for amendment in amendments:
                if amendment.state == 'registered':
                    raise ContractModifyError(gettext(
                            'itsvc_base.msg_amendment_modify_registered',
                            amendment=amendment.rec_name))

    @classmethod
    def copy(cls, amendments, default=None):
        default = default.copy() if default else {}
        default.setdefault('number', None)
        default.setdefault('registered_by', None)
        return super().copy(amendments, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, amendments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, amendments):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('registered')
    @set_employee('registered_by', company='company')
    def register(cls, amendments):
        pool = Pool()
        Party = pool.get('party.party')
        for amendment in sorted(amendments,
                key=lambda a: (a.effective_date, a.id)):
            if amendment.contract.state != 'registered':
                raise AmendmentError(gettext(
                        'itsvc_base.msg_amendment_contract_not_registered',
                        amendment=amendment.rec_name,
                        contract=amendment.contract.rec_name))
            if not amendment.lines:
                raise AmendmentError(gettext(
                        'itsvc_base.msg_amendment_no_lines',
                        amendment=amendment.rec_name))
            for line in amendment.lines:
                line.apply()
        Party.update_client_status(list({a.party for a in amendments}))


class AmendmentLine(sequence_ordered(), ModelSQL, ModelView):
    __name__ = 'itsvc.contract.amendment.line'

    _states = {'readonly': Eval('amendment_state') != 'draft'}

    amendment = fields.Many2One(
        'itsvc.contract.amendment', "Amendment", required=True,
        ondelete='CASCADE', states=_states)
    amendment_state = fields.Function(fields.Selection(
            'get_amendment_states', "Amendment State"),
        'on_change_with_amendment_state')
    contract = fields.Function(fields.Many2One(
            'itsvc.contract', "Contract"), 'on_change_with_contract')
    party = fields.Function(fields.Many2One('party.party', "Client"),
        'on_change_with_party')
    action = fields.Selection(ACTIONS, "Action", required=True,
        states=_states)
    action_string = action.translated('action')
    installation = fields.Many2One(
        'itsvc.installation', "Installation", ondelete='RESTRICT',
        domain=[('contract', '=', Eval('contract', -1))],
        states={
            'readonly': _states['readonly'],
            'invisible': Eval('action') == 'add',
            'required': Eval('action') != 'add',
            })
    product = fields.Many2One(
        'product.product', "System", ondelete='RESTRICT',
        domain=[('itsvc_kind', '=', 'system')],
        states={
            'readonly': _states['readonly'],
            'invisible': ~Eval('action').in_(['add', 'switch']),
            'required': Eval('action').in_(['add', 'switch']),
            },
        help="The system to add, or the version to switch to.")
    service_point = fields.Many2One(
        'itsvc.service_point', "Service Point", ondelete='RESTRICT',
        domain=[('party', '=', Eval('party', -1))],
        states={
            'readonly': _states['readonly'],
            'invisible': ~Eval('action').in_(['add', 'move']),
            'required': Eval('action').in_(['add', 'move']),
            })
    quantity = fields.Integer("Quantity",
        domain=[If(Eval('action') == 'add', ('quantity', '>', 0), ())],
        states={
            'readonly': _states['readonly'],
            'invisible': Eval('action') != 'add',
            'required': Eval('action') == 'add',
            })
    maintained = fields.Boolean("Maintained",
        states={
            'readonly': _states['readonly'],
            'invisible': Eval('action') != 'add',
            },
        help="Start the maintenance of the added systems.")
    exclusion_reason = fields.Many2One(
        'itsvc.exclusion.reason', "Exclusion Reason", ondelete='RESTRICT',
        states={
            'readonly': _states['readonly'],
            'invisible': Eval('action') != 'exclude',
            'required': Eval('action') == 'exclude',
            })
    installations = fields.One2Many(
        'itsvc.installation', 'origin', "Added Installations",
        readonly=True, states={'invisible': Eval('action') != 'add'})

    del _states

    @classmethod
    def default_quantity(cls):
        return 1

    @classmethod
    def default_maintained(cls):
        return True

    @classmethod
    def get_amendment_states(cls):
        Amendment = Pool().get('itsvc.contract.amendment')
        return Amendment.fields_get(['state'])['state']['selection']

    @fields.depends('amendment', '_parent_amendment.state')
    def on_change_with_amendment_state(self, name=None):
        return self.amendment.state if self.amendment else None

    @fields.depends('amendment', '_parent_amendment.contract')
    def on_change_with_contract(self, name=None):
        return self.amendment.contract if self.amendment else None

    @fields.depends('amendment', '_parent_amendment.contract')
    def on_change_with_party(self, name=None):
        if self.amendment and self.amendment.contract:
            return self.amendment.contract.party

    def get_rec_name(self, name):
        return f'{self.amendment.rec_name} / {self.action_string}'

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if external:
            check_rules(cls, lines, mode)
            for line in lines:
                if line.amendment.state != 'draft':
                    raise ContractModifyError(gettext(
                            'itsvc_base.msg_amendment_modify_registered',
                            amendment=line.amendment.rec_name))

    def apply(self):
        "Apply the line to the installations as dated history"
        getattr(self, f'_apply_{self.action}')()

    @property
    def _effective_date(self):
        return self.amendment.effective_date

    def _close_period(self, **values):
        "End the current period the day before the effective date"
        date = self._effective_date
        period = self.installation.check_maintained(
            date, self.amendment.rec_name)
        end_date = period.end_date
        period.end_date = date - dt.timedelta(days=1)
        period.end_origin = self
        for name, value in values.items():
            setattr(period, name, value)
        period.save()
        return period, end_date

    def _open_period(self, product, service_point, end_date=None):
        Period = Pool().get('itsvc.installation.period')
        return Period.create([{
                    'installation': self.installation.id,
                    'product': product.id,
                    'service_point': service_point.id,
                    'start_date': self._effective_date,
                    'end_date': end_date,
                    'origin': str(self),
                    }])

    def _apply_add(self):
        pool = Pool()
        Installation = pool.get('itsvc.installation')
        contract = self.amendment.contract
        periods = []
        if self.maintained:
            periods = [('create', [{
                            'product': self.product.id,
                            'service_point': self.service_point.id,
                            'start_date': self._effective_date,
                            'end_date': contract.end_date,
                            'origin': str(self),
                            }])]
        Installation.create([{
                    'company': contract.company.id,
                    'party': contract.party.id,
                    'service_point': self.service_point.id,
                    'product': self.product.id,
                    'contract': contract.id,
                    'origin': str(self),
                    'periods': periods,
                    } for _ in range(self.quantity)])

    def _apply_exclude(self):
        self._close_period(exclusion_reason=self.exclusion_reason)

    def _apply_resume(self):
        date = self._effective_date
        installation = self.installation
        if (installation.current_period(date)
                or installation.later_period(date)):
            raise AmendmentError(gettext(
                    'itsvc_base.msg_installation_already_maintained',
                    installation=installation.rec_name, date=format_date(date),
                    document=self.amendment.rec_name))
        last = installation.periods[-1] if installation.periods else None
        self._open_period(
            last.product if last else installation.product,
            installation.service_point,
            end_date=installation.contract.end_date)

    def _apply_switch(self):
        installation = self.installation
        if self.product == installation.product:
            raise AmendmentError(gettext(
                    'itsvc_base.msg_switch_same_system',
                    installation=installation.rec_name,
                    document=self.amendment.rec_name))
        period, end_date = self._close_period()
        self._open_period(self.product, period.service_point, end_date)
        installation.product = self.product
        installation.save()

    def _apply_move(self):
        installation = self.installation
        period, end_date = self._close_period()
        self._open_period(period.product, self.service_point, end_date)
        installation.service_point = self.service_point
        installation.save()
