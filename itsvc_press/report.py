# This file is part of itsvc.
"""Subscription report: copies, billed, paid and unpaid, deliveries."""
from sql import Cast
from sql.aggregate import Sum
from sql.conditionals import Case, Coalesce
from sql.operators import Concat

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.transaction import Transaction


class SubscriptionReport(ModelSQL, ModelView):
    "A line a subscription: what was billed, paid and delivered"
    __name__ = 'itsvc.press.subscription.report'

    company = fields.Many2One('company.company', "Company")
    subscription = fields.Many2One('itsvc.press.subscription',
        "Subscription")
    party = fields.Many2One('party.party', "Subscriber")
    publication = fields.Many2One('itsvc.press.publication', "Publication")
    group = fields.Many2One('itsvc.press.subscriber.group',
        "Subscriber Group")
    copies = fields.Integer("Copies")
    state = fields.Selection('get_states', "State")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'get_currency')
    billed_amount = Monetary("Billed", currency='currency',
        digits='currency')
    paid_amount = Monetary("Paid", currency='currency', digits='currency')
    unpaid_amount = Monetary("Unpaid", currency='currency',
        digits='currency')
    planned = fields.Integer("Deliveries Pending")
    delivered = fields.Integer("Delivered")
    returned = fields.Integer("Returned")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('party', 'ASC'), ('id', 'ASC')]

    @classmethod
    def get_states(cls):
        Subscription = Pool().get('itsvc.press.subscription')
        return Subscription.fields_get(['state'])['state']['selection']

    def get_currency(self, name):
        return self.company.currency.id

    @classmethod
    def table_query(cls):
        pool = Pool()
        Subscription = pool.get('itsvc.press.subscription')
        Delivery = pool.get('itsvc.press.delivery')
        Bill = pool.get('itsvc.bill')
        Line = pool.get('itsvc.bill.line')
        Allocation = pool.get('itsvc.payment.allocation')
        subscription = Subscription.__table__()
        delivery = Delivery.__table__()
        delivery_l = Delivery.__table__()
        bill = Bill.__table__()
        line = Line.__table__()
        allocation = Allocation.__table__()

        def count(state):
            return Sum(Case((delivery.state == state, 1), else_=0))

        deliveries = delivery.select(
            delivery.subscription.as_('subscription'),
            count('planned').as_('planned'),
            count('delivered').as_('delivered'),
            count('returned').as_('returned'),
            group_by=[delivery.subscription])
        paid = allocation.select(allocation.line.as_('line'),
            Sum(allocation.amount).as_('amount'),
            group_by=[allocation.line])
        origin = Concat('itsvc.press.delivery,',
            Cast(delivery_l.id, Line.origin.sql_type().base))
        billing = (line
            .join(bill, condition=line.bill == bill.id)
            .join(delivery_l, condition=line.origin == origin)
            .join(paid, 'LEFT', condition=paid.line == line.id)
            .select(
                delivery_l.subscription.as_('subscription'),
                Sum(line.total_amount).as_('billed'),
                Sum(Coalesce(paid.amount, 0)).as_('paid'),
                where=(bill.state == 'issued') & (line.kind == 'press'),
                group_by=[delivery_l.subscription]))
        where = None
        company = Transaction().context.get('company')
        if company:
            where = subscription.company == company
        billed = Coalesce(billing.billed, 0)
        paid_amount = Coalesce(billing.paid, 0)
        return (subscription
            .join(deliveries, 'LEFT',
                condition=deliveries.subscription == subscription.id)
            .join(billing, 'LEFT',
                condition=billing.subscription == subscription.id)
            .select(
                subscription.id.as_('id'),
                subscription.company.as_('company'),
                subscription.id.as_('subscription'),
                subscription.party.as_('party'),
                subscription.publication.as_('publication'),
                subscription.group.as_('group'),
                subscription.copies.as_('copies'),
                subscription.state.as_('state'),
                billed.as_('billed_amount'),
                paid_amount.as_('paid_amount'),
                (billed - paid_amount).as_('unpaid_amount'),
                Coalesce(deliveries.planned, 0).as_('planned'),
                Coalesce(deliveries.delivered, 0).as_('delivered'),
                Coalesce(deliveries.returned, 0).as_('returned'),
                where=where))
