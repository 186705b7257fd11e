# This file is part of itsvc.
"""Delivery of each issue to each subscriber."""
from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from itsvc_base.document import WorkflowFieldsMixin
from itsvc_billing.pricing import ZERO

from .exceptions import PressModifyError
from .subscription import METHODS


class Delivery(WorkflowFieldsMixin, Workflow, ModelSQL, ModelView):
    "An issue delivered to a subscriber: planned, delivered or returned"
    __name__ = 'itsvc.press.delivery'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        readonly=True)
    subscription = fields.Many2One('itsvc.press.subscription',
        "Subscription", required=True, ondelete='RESTRICT', readonly=True)
    party = fields.Many2One('party.party', "Subscriber", required=True,
        ondelete='RESTRICT', readonly=True)
    issue = fields.Many2One('itsvc.press.issue', "Issue", required=True,
        ondelete='RESTRICT', readonly=True)
    release_date = fields.Function(fields.Date("Release Date"),
        'get_release_date')
    copies = fields.Integer("Copies", required=True, readonly=True)
    method = fields.Selection(METHODS, "Method", required=True,
        states={'readonly': Eval('state') == 'delivered'})
    address = fields.Many2One('party.address', "Address",
        ondelete='RESTRICT', domain=[('party', '=', Eval('party', -1))],
        states={'readonly': Eval('state') == 'delivered'})
    delivery_date = fields.Date("Delivery Date",
        states={'readonly': Eval('state') == 'delivered'},
        help="Filled with today when empty at delivery.")
    return_date = fields.Date("Return Date",
        states={
            'readonly': Eval('state') != 'delivered',
            'invisible': Eval('state') == 'planned',
            },
        help="Filled with today when empty at return.")
    note = fields.Char("Note",
        help="For instance the reason of a return.")
    bill_line = fields.Function(fields.Many2One('itsvc.bill.line',
            "Bill Line"), 'get_billing')
    amount = fields.Function(fields.Numeric("Amount", digits=(16, 2),
            help="With VAT."), 'get_billing')
    paid_amount = fields.Function(fields.Numeric("Paid", digits=(16, 2)),
        'get_billing')
    acted = fields.Function(fields.Boolean("Acted"), 'get_billing')
    state = fields.Selection([
            ('planned', "Planned"),
            ('delivered', "Delivered"),
            ('returned', "Returned"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('issue_unique', Unique(t, t.subscription, t.issue),
                'itsvc_press.msg_delivery_unique'),
            ]
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Range())),
                Index(t, (t.issue, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                })
        cls._order = [('issue.release_date', 'DESC'), ('id', 'DESC')]
        cls._draft_states = {'planned'}
        cls._editable_fields = cls._editable_fields | {'note'}
        cls._editable_in_state = {
            'delivered': {'return_date'},
            # delivered again, maybe elsewhere
            'returned': {'method', 'address', 'delivery_date',
                'return_date'},
            }
        cls._transitions |= {
            ('planned', 'delivered'),
            ('delivered', 'returned'),
            ('returned', 'delivered'),
            }
        cls._buttons.update({
                'deliver': {
                    'invisible': Eval('state') == 'delivered',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'return_': {
                    'invisible': Eval('state') != 'delivered',
                    'icon': 'tryton-undo',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'planned'

    def get_rec_name(self, name):
        return f'{self.issue.rec_name} — {self.party.rec_name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('issue.rec_name', operator, value),
            ('party.rec_name', operator, value),
            ]

    def get_release_date(self, name):
        return self.issue.release_date

    @classmethod
    def bill_lines(cls, deliveries):
        "{delivery id: its line of a non-cancelled bill}"
        Line = Pool().get('itsvc.bill.line')
        lines = Line.search([
                ('origin', 'in', [str(d) for d in deliveries]),
                ('bill.state', '!=', 'cancelled'),
                ])
        return {l.origin.id: l for l in lines}

    @classmethod
    def get_billing(cls, deliveries, names):
        Line = Pool().get('itsvc.bill.line')
        lines = cls.bill_lines(deliveries)
        line_ids = [l.id for l in lines.values()]
        paid = Line.line_paid_amounts(line_ids)
        acted = Line.acted_line_ids(line_ids)
        result = {n: {} for n in names}
        for delivery in deliveries:
            line = lines.get(delivery.id)
            values = {
                'bill_line': line.id if line else None,
                'amount': line.total_amount if line else None,
                'paid_amount': paid.get(line.id, ZERO) if line else None,
                'acted': bool(line and line.id in acted),
                }
            for name in names:
                result[name][delivery.id] = values[name]
        return result

    @classmethod
    def check_modification(cls, mode, deliveries, values=None,
            external=False):
        super().check_modification(
            mode, deliveries, values=values, external=external)
        if mode == 'delete':
            lines = cls.bill_lines(deliveries)
            for delivery in deliveries:
                if delivery.state != 'planned' or delivery.id in lines:
                    raise PressModifyError(gettext(
                            'itsvc_press.msg_delivery_delete',
                            delivery=delivery.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('delivered')
    def deliver(cls, deliveries):
        today = Pool().get('ir.date').today()
        to_write = []
        for delivery in deliveries:
            date = delivery.delivery_date or today
            if delivery.state == 'returned' and (
                    delivery.return_date and date <= delivery.return_date):
                # delivered again after the return
                date = max(today, delivery.return_date)
            if date != delivery.delivery_date:
                to_write.extend(([delivery], {'delivery_date': date}))
        if to_write:
            cls.write(*to_write)

    @classmethod
    @ModelView.button
    @Workflow.transition('returned')
    def return_(cls, deliveries):
        today = Pool().get('ir.date').today()
        to_write = []
        for delivery in deliveries:
            date = delivery.return_date
            if not date or date < delivery.delivery_date:
                to_write.extend(([delivery], {
                            'return_date': max(today,
                                delivery.delivery_date),
                            }))
        if to_write:
            cls.write(*to_write)
