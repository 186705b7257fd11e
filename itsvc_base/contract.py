# This file is part of itsvc.
import datetime as dt
from itertools import groupby

from trytond.i18n import gettext
from trytond.model import (
    Index,
    ModelSQL,
    ModelView,
    Workflow,
    fields,
    sequence_ordered,
)
from trytond.modules.company.model import (
    employee_field,
    reset_employee,
    set_employee,
)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from .document import WorkflowFieldsMixin, check_rules
from .exceptions import ContractError, ContractModifyError
from .installation import format_date

TYPES = [
    ('supply', "Supply"),
    ('maintenance', "Maintenance"),
    ('supply_maintenance', "Supply and Maintenance"),
    ]


class Contract(WorkflowFieldsMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'itsvc.contract'
    _history = True
    _rec_name = 'number'

    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states={
            'readonly': (Eval('state') != 'draft') | Eval('lines', [0]),
            })
    number = fields.Char("Number", readonly=True,
        help="Given from the contract sequence at registration.")
    reference = fields.Char("Reference", states=_states,
        help="The number of the contract on the client's side.")
    party = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        states={
            'readonly': (Eval('state') != 'draft') | Eval('lines', [0]),
            },
        context={'company': Eval('company', -1)}, depends={'company'})
    date = fields.Date("Date", required=True, states=_states)
    type = fields.Selection(TYPES, "Type", required=True, states=_states)
    start_date = fields.Date("Start Date", required=True, states=_states)
    end_date = fields.Date("End Date", states=_states,
        domain=['OR',
            ('end_date', '=', None),
            ('end_date', '>=', Eval('start_date', dt.date.min)),
            ],
        help="Leave empty for a contract without term.")
    description = fields.Char("Description", states=_states)
    lines = fields.One2Many(
        'itsvc.contract.line', 'contract', "Lines", states=_states)
    amendments = fields.One2Many(
        'itsvc.contract.amendment', 'contract', "Amendments", readonly=True)
    installations = fields.One2Many(
        'itsvc.installation', 'contract', "Installations", readonly=True)
    termination_date = fields.Date("Termination Date", readonly=True,
        states={'invisible': Eval('state') != 'terminated'},
        help="The first day without maintenance.")
    termination_reason = fields.Text("Termination Reason", readonly=True,
        states={'invisible': Eval('state') != 'terminated'})
    registered_by = employee_field(
        "Registered By", states=['registered', 'terminated'])
    terminated_by = employee_field("Terminated By", states=['terminated'])
    state = fields.Selection([
            ('draft', "Draft"),
            ('registered', "Registered"),
            ('terminated', "Terminated"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._workflow_fields = cls._workflow_fields | {
            'number', 'registered_by', 'terminated_by', 'termination_date',
            'termination_reason', 'amendments', 'installations'}
        cls._not_draft_message = (
            'itsvc_base.msg_contract_modify_registered', 'contract')
        cls._modify_error = ContractModifyError
        cls._transitions |= {
            ('draft', 'registered'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
            ('registered', 'terminated'),
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
                'terminate': {
                    'invisible': Eval('state') != 'registered',
                    'icon': 'tryton-close',
                    'depends': ['state'],
                    },
                'amend': {
                    'invisible': Eval('state') != 'registered',
                    'icon': 'tryton-add',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_type(cls):
        return 'supply_maintenance'

    @classmethod
    def default_date(cls):
        return Pool().get('ir.date').today()

    @fields.depends('date')
    def on_change_date(self):
        "The contract usually starts on its date"
        if self.date:
            self.start_date = self.date

    @property
    def maintained(self):
        return self.type in {'maintenance', 'supply_maintenance'}

    def get_rec_name(self, name):
        if self.number:
            return self.number
        # a draft has no number yet: its client and date name it
        return gettext('itsvc_base.msg_contract_draft_rec_name',
            party=self.party.rec_name if self.party else '',
            date=format_date(self.date) if self.date else '')

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('number', operator, value),
            ('reference', operator, value),
            ('party.rec_name', operator, value),
            ]

    @classmethod
    def check_modification(cls, mode, contracts, values=None, external=False):
        super().check_modification(
            mode, contracts, values=values, external=external)
        if mode == 'delete':
            for contract in contracts:
                if contract.state not in {'draft', 'cancelled'}:
                    raise ContractModifyError(gettext(
                            'itsvc_base.msg_contract_delete_registered',
                            contract=contract.rec_name))

    @classmethod
    def copy(cls, contracts, default=None):
        default = default.copy() if default else {}
        default.setdefault('number', None)
        default.setdefault('amendments', None)
        default.setdefault('installations', None)
        default.setdefault('termination_date', None)
        default.setdefault('termination_reason', None)
        default.setdefault('registered_by', None)
        default.setdefault('terminated_by', None)
        return super().copy(contracts, default=default)

    @classmethod
    def set_number(cls, contracts):
        "Number from the company's sequence, dated by the contract date"
        Configuration = Pool().get('itsvc.configuration')
        config = Configuration(1)
        contracts = [c for c in contracts if not c.number]
        for (company, date), c_contracts in groupby(
                sorted(contracts, key=lambda c: (c.company.id, c.date)),
                key=lambda c: (c.company, c.date)):
            c_contracts = list(c_contracts)
            sequence = config.get_multivalue(
                'contract_sequence', company=company.id)
            with Transaction().set_context(date=date):
                numbers = list(sequence.get_many(len(c_contracts)))
            for contract, number in zip(c_contracts, numbers):
                contract.number = number
        cls.save(contracts)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, contracts):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    @reset_employee('registered_by')
    def draft(cls, contracts):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('registered')
    @set_employee('registered_by')
    def register(cls, contracts):
        pool = Pool()
        Line = pool.get('itsvc.contract.line')
        Party = pool.get('party.party')
        for contract in contracts:
            if not contract.lines:
                raise ContractError(gettext(
                        'itsvc_base.msg_contract_register_no_lines',
                        contract=contract.rec_name))
        cls.set_number(contracts)
        Line.create_installations(
            [line for c in contracts for line in c.lines])
        Party.update_client_status(list({c.party for c in contracts}))

    @classmethod
    @ModelView.button_action('itsvc_base.wizard_contract_terminate')
    def terminate(cls, contracts):
        pass

    @classmethod
    @Workflow.transition('terminated')
    @set_employee('terminated_by')
    def do_terminate(cls, contracts, date, reason, exclusion_reason=None):
        "Close every maintained period of the contracts before date"
        pool = Pool()
        Installation = pool.get('itsvc.installation')
        Period = pool.get('itsvc.installation.period')
        Party = pool.get('party.party')
        installations = Installation.search([
                ('contract', 'in', [c.id for c in contracts]),
                ])
        last_day = date - dt.timedelta(days=1)
        to_save = []
        for installation in installations:
            for period in installation.periods:
                if period.end_date is not None and period.end_date < date:
                    continue
                if period.start_date >= date:
                    raise ContractError(gettext(
                            'itsvc_base.msg_contract_terminate_before_start',
                            contract=installation.contract.rec_name,
                            installation=installation.rec_name,
                            date=format_date(date)))
                period.end_date = last_day
                period.end_origin = installation.contract
                period.exclusion_reason = exclusion_reason
                to_save.append(period)
        Period.save(to_save)
        cls.write(contracts, {
                'termination_date': date,
                'termination_reason': reason,
                })
        Party.update_client_status(list({c.party for c in contracts}))

    @classmethod
    @ModelView.button_action('itsvc_base.act_amendment_new')
    def amend(cls, contracts):
        pass


class ContractLine(sequence_ordered(), ModelSQL, ModelView):
    __name__ = 'itsvc.contract.line'

    contract = fields.Many2One(
        'itsvc.contract', "Contract", required=True, ondelete='CASCADE',
        states={'readonly': Eval('contract_state') != 'draft'})
    contract_state = fields.Function(fields.Selection(
            'get_contract_states', "Contract State"),
        'on_change_with_contract_state')
    party = fields.Function(fields.Many2One('party.party', "Client"),
        'on_change_with_party')
    product = fields.Many2One(
        'product.product', "System", required=True, ondelete='RESTRICT',
        domain=[('itsvc_kind', '=', 'system')],
        states={'readonly': Eval('contract_state') != 'draft'})
    service_point = fields.Many2One(
        'itsvc.service_point', "Service Point", required=True,
        ondelete='RESTRICT',
        domain=[('party', '=', Eval('party', -1))],
        states={'readonly': Eval('contract_state') != 'draft'})
    quantity = fields.Integer("Quantity", required=True,
        domain=[('quantity', '>', 0)],
        states={'readonly': Eval('contract_state') != 'draft'})
    maintenance_start = fields.Date("Maintenance Start",
        states={
            'readonly': Eval('contract_state') != 'draft',
            'invisible': ~Eval('maintained', True),
            'required': Bool(Eval('maintained')),
            })
    maintained = fields.Function(fields.Boolean("Maintained"),
        'on_change_with_maintained')
    installations = fields.One2Many(
        'itsvc.installation', 'origin', "Installations", readonly=True)

    @classmethod
    def default_quantity(cls):
        return 1

    @classmethod
    def get_contract_states(cls):
        Contract = Pool().get('itsvc.contract')
        return Contract.fields_get(['state'])['state']['selection']

    @fields.depends('contract', '_parent_contract.state')
    def on_change_with_contract_state(self, name=None):
        return self.contract.state if self.contract else None

    @fields.depends('contract', '_parent_contract.party')
    def on_change_with_party(self, name=None):
        return self.contract.party if self.contract else None

    @fields.depends('contract', '_parent_contract.type')
    def on_change_with_maintained(self, name=None):
        return bool(self.contract and self.contract.type in {
                'maintenance', 'supply_maintenance'})

    @fields.depends('contract', '_parent_contract.start_date',
        'maintenance_start')
    def on_change_contract(self):
        if self.contract and not self.maintenance_start:
            self.maintenance_start = self.contract.start_date

    def get_rec_name(self, name):
        return f'{self.contract.rec_name} / {self.product.rec_name}'

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        if mode in {'create', 'write', 'delete'} and external:
            check_rules(cls, lines, mode)
            for line in lines:
                if line.contract.state != 'draft':
                    raise ContractModifyError(gettext(
                            'itsvc_base.msg_contract_modify_registered',
                            contract=line.contract.rec_name))

    @classmethod
    def create_installations(cls, lines):
        "Create the installations (and their first periods) of the lines"
        pool = Pool()
        Installation = pool.get('itsvc.installation')
        values = []
        for line in lines:
            contract = line.contract
            periods = []
            if contract.maintained and line.maintenance_start:
                periods = [('create', [{
                                'product': line.product.id,
                                'service_point': line.service_point.id,
                                'start_date': line.maintenance_start,
                                'end_date': contract.end_date,
                                'origin': str(line),
                                }])]
            for _ in range(line.quantity):
                values.append({
                        'company': contract.company.id,
                        'party': contract.party.id,
                        'service_point': line.service_point.id,
                        'product': line.product.id,
                        'contract': contract.id,
                        'origin': str(line),
                        'periods': periods,
                        })
        return Installation.create(values)


class TerminateStart(ModelView):
    __name__ = 'itsvc.contract.terminate.start'

    date = fields.Date("Termination Date", required=True,
        help="The first day without maintenance.")
    reason = fields.Text("Reason", required=True)
    exclusion_reason = fields.Many2One(
        'itsvc.exclusion.reason', "Exclusion Reason")


class Terminate(Wizard):
    __name__ = 'itsvc.contract.terminate'

    start = StateView('itsvc.contract.terminate.start',
        'itsvc_base.contract_terminate_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Terminate", 'terminate', 'tryton-ok', default=True),
            ])
    terminate = StateTransition()

    def default_start(self, fields):
        return {'date': Pool().get('ir.date').today()}

    def transition_terminate(self):
        Contract = Pool().get('itsvc.contract')
        contracts = [r for r in self.records if r.state == 'registered']
        Contract.do_terminate(contracts, self.start.date, self.start.reason,
            self.start.exclusion_reason)
        return 'end'

