# This file is part of itsvc.
"""Subscriber groups and subscriptions."""
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Workflow, fields)
from trytond.modules.company.model import employee_field, set_employee
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from itsvc_base.document import WorkflowFieldsMixin

from .exceptions import PressModifyError

METHODS = [
    ('mail', "Mail"),
    ('courier', "Courier"),
    ('pickup', "Pickup at the Office"),
    ]


class SubscriberGroup(DeactivableMixin, ModelSQL, ModelView):
    "Subscribers billed together (a district, a route, an organisation)"
    __name__ = 'itsvc.press.subscriber.group'

    name = fields.Char("Name", required=True)
    subscriptions = fields.One2Many('itsvc.press.subscription', 'group',
        "Subscriptions", readonly=True)


class Subscription(WorkflowFieldsMixin, Workflow, ModelSQL, ModelView):
    "Subscription of a subscriber to a publication"
    __name__ = 'itsvc.press.subscription'

    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    party = fields.Many2One('party.party', "Subscriber", required=True,
        ondelete='RESTRICT', states=_states)
    publication = fields.Many2One('itsvc.press.publication', "Publication",
        required=True, ondelete='RESTRICT', states=_states)
    group = fields.Many2One('itsvc.press.subscriber.group',
        "Subscriber Group", ondelete='RESTRICT', states=_states)
    copies = fields.Integer("Copies", required=True, states=_states,
        domain=[('copies', '>', 0)])
    start_date = fields.Date("Start Date", required=True, states=_states)
    end_date = fields.Date("End Date", states=_states,
        domain=[If(Eval('end_date') & Eval('start_date'),
                ('end_date', '>=', Eval('start_date')), ())],
        help="The last day of the subscription; empty until ended.")
    delivery_address = fields.Many2One('party.address', "Delivery Address",
        ondelete='RESTRICT', states=_states,
        domain=[('party', '=', Eval('party', -1))])
    delivery_method = fields.Selection(METHODS, "Delivery Method",
        required=True, states=_states)
    deliveries = fields.One2Many('itsvc.press.delivery', 'subscription',
        "Deliveries", readonly=True)
    registered_by = employee_field("Registered By",
        states=['registered', 'ended'])
    state = fields.Selection([
            ('draft', "Draft"),
            ('registered', "Registered"),
            ('ended', "Ended"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._not_draft_message = (
            'itsvc_press.msg_subscription_modify', 'subscription')
        cls._modify_error = PressModifyError
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                })
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'registered'),
            ('registered', 'ended'),
            }
        cls._buttons.update({
                'register': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'end': {
                    'invisible': Eval('state') != 'registered',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_copies():
        return 1

    @staticmethod
    def default_delivery_method():
        return 'mail'

    @staticmethod
    def default_start_date():
        return Pool().get('ir.date').today()

    @fields.depends('party')
    def on_change_party(self):
        self.delivery_address = (
            self.party.address_get(type='delivery') if self.party else None)

    def get_rec_name(self, name):
        return f'{self.party.rec_name} — {self.publication.rec_name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('party.rec_name', operator, value),
            ('publication.name', operator, value),
            ]

    def covers(self, date):
        "Whether the subscription runs on date"
        return self.start_date <= date and (
            self.end_date is None or date <= self.end_date)

    @classmethod
    def check_modification(cls, mode, subscriptions, values=None,
            external=False):
        super().check_modification(
            mode, subscriptions, values=values, external=external)
        if mode == 'delete':
            for subscription in subscriptions:
                if subscription.state != 'draft':
                    raise PressModifyError(gettext(
                            'itsvc_press.msg_subscription_modify',
                            subscription=subscription.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('registered')
    @set_employee('registered_by')
    def register(cls, subscriptions):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('ended')
    def end(cls, subscriptions):
        "End the subscription: its issues are no longer billed"
        Date = Pool().get('ir.date')
        today = Date.today()
        to_write = []
        for subscription in subscriptions:
            if not subscription.end_date:
                to_write.extend(([subscription], {
                            'end_date': max(today, subscription.start_date),
                            }))
        if to_write:
            cls.write(*to_write)
