# This file is part of itsvc.
"""Transfer of a client to another company: the dealer asks, the centre
decides."""
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from itsvc_base.document import WorkflowFieldsMixin

from .exceptions import TransferError, TransferModifyError


class Transfer(WorkflowFieldsMixin, Workflow, ModelSQL, ModelView):
    "Client Transfer"
    __name__ = 'itsvc.dealer.transfer'

    _states = {'readonly': Eval('state') != 'requested'}

    company = fields.Many2One(
        'company.company', "Requesting Company", required=True,
        ondelete='RESTRICT', states=_states,
        help="The company that will own the client.")
    party = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        states=_states)
    from_company = fields.Many2One(
        'company.company', "Current Owner", readonly=True,
        ondelete='RESTRICT',
        help="The owner of the client when the transfer was requested.")
    date = fields.Date("Date", required=True, states=_states)
    reason = fields.Text("Reason", required=True, states=_states)
    decision_date = fields.Date("Decision Date", readonly=True)
    decision_note = fields.Text("Decision Note",
        states={'readonly': Eval('state') != 'requested'})
    decided_by = employee_field(
        "Decided By", states=['approved', 'refused'])
    state = fields.Selection([
            ('requested', "Requested"),
            ('approved', "Approved"),
            ('refused', "Refused"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.party, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._draft_states = {'requested'}
        cls._workflow_fields = cls._workflow_fields | {'decided_by'}
        cls._set_on_create = {'from_company'}
        cls._not_draft_message = (
            'itsvc_dealer.msg_transfer_modify', 'transfer')
        cls._modify_error = TransferModifyError
        cls._transitions |= {
            ('requested', 'approved'),
            ('requested', 'refused'),
            }
        cls._buttons.update({
                'approve': {
                    'invisible': Eval('state') != 'requested',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': Eval('state') != 'requested',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'requested'

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    def get_rec_name(self, name):
        return gettext('itsvc_dealer.msg_transfer_rec_name',
            party=self.party.rec_name, company=self.company.rec_name)

    @classmethod
    def create(cls, vlist):
        cls.check_create_values(vlist)
        Party = Pool().get('party.party')
        vlist = [v.copy() for v in vlist]
        with without_check_access():
            owners = {p.id: p.owner_company for p in Party.browse(
                    list({v['party'] for v in vlist if v.get('party')}))}
        for values in vlist:
            owner = owners.get(values.get('party'))
            values['from_company'] = owner.id if owner else None
        transfers = super().create(vlist)
        for transfer in transfers:
            if transfer.from_company == transfer.company:
                raise TransferError(gettext(
                        'itsvc_dealer.msg_transfer_same_owner',
                        party=transfer.party.rec_name,
                        company=transfer.company.rec_name))
        return transfers

    @classmethod
    def check_modification(cls, mode, transfers, values=None,
            external=False):
        super().check_modification(
            mode, transfers, values=values, external=external)
        if mode == 'delete' and external:
            for transfer in transfers:
                if transfer.state != 'requested':
                    raise TransferModifyError(gettext(
                            'itsvc_dealer.msg_transfer_modify',
                            transfer=transfer.rec_name))

    @classmethod
    def check_centre(cls, transfers):
        "Only the centre above the companies decides"
        Company = Pool().get('company.company')
        company_id = Transaction().context.get('company')
        centre = Company(company_id) if company_id else None
        for transfer in transfers:
            companies = [transfer.company] + (
                [transfer.from_company] if transfer.from_company else [])
            if (not centre or centre.parent
                    or not all(is_under(c, centre) for c in companies)):
                raise TransferError(gettext(
                        'itsvc_dealer.msg_transfer_not_centre',
                        transfer=transfer.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    @set_employee('decided_by')
    def approve(cls, transfers):
        pool = Pool()
        Party = pool.get('party.party')
        Date = pool.get('ir.date')
        cls.check_centre(transfers)
        for transfer in transfers:
            if transfer.party.owner_company != transfer.from_company:
                raise TransferError(gettext(
                        'itsvc_dealer.msg_transfer_owner_changed',
                        transfer=transfer.rec_name))
        args = []
        for transfer in transfers:
            args.extend(([transfer.party],
                    {'owner_company': transfer.company.id}))
        if args:
            with without_check_access():
                Party.write(*args)
        cls.write(transfers, {'decision_date': Date.today()})

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    @set_employee('decided_by')
    def refuse(cls, transfers):
        Date = Pool().get('ir.date')
        cls.check_centre(transfers)
        cls.write(transfers, {'decision_date': Date.today()})


def is_under(company, centre):
    "company is centre or one of its descendants"
    while company:
        if company == centre:
            return True
        company = company.parent
    return False
