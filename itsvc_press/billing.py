# This file is part of itsvc.
"""Monthly prepayment bills of a subscriber group, on the billing's own
bills, payments and month closing (domain.md §10)."""
from collections import OrderedDict, namedtuple

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import set_employee
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from itsvc_base.installation import month_name
from itsvc_base.tenure import month_bounds
from itsvc_billing.bill import product_taxes, tax_amounts
from itsvc_billing.month_batch import BillingBatchMixin
from itsvc_billing.pricing import (
    ZERO, DiscountBook, PriceBook, price_and_discount, round_money)

from .exceptions import PressError

# a subscription and an issue to bill; delivery is None until planned
Charge = namedtuple('Charge', ['subscription', 'issue', 'delivery',
        'base_price', 'discount', 'rule', 'unit_price', 'amount'])


class PressRun(BillingBatchMixin, Workflow, ModelSQL, ModelView):
    "Subscription billing: the issues of a month billed in advance"
    __name__ = 'itsvc.press.run'

    subscriber_group = fields.Many2One('itsvc.press.subscriber.group',
        "Subscriber Group", ondelete='RESTRICT',
        states={'readonly': Eval('state') != 'draft'})
    publication = fields.Many2One('itsvc.press.publication', "Publication",
        ondelete='RESTRICT',
        states={'readonly': Eval('state') != 'draft'})
    bills = fields.One2Many('itsvc.bill', 'press_run', "Bills",
        readonly=True)

    def get_rec_name(self, name):
        return gettext('itsvc_press.msg_press_run_rec_name',
            month=month_name(self.period))

    def charges(self):
        """The issues released in the month for the registered
        subscriptions of the selection, not billed yet, priced by the
        retail supply price list and the discounts at the release date;
        and the problems (no price)"""
        pool = Pool()
        Configuration = pool.get('itsvc.configuration')
        Issue = pool.get('itsvc.press.issue')
        Subscription = pool.get('itsvc.press.subscription')
        Delivery = pool.get('itsvc.press.delivery')
        first, last = month_bounds(self.period.year, self.period.month)
        domain = [
            ('release_date', '>=', first),
            ('release_date', '<=', last),
            ]
        if self.publication:
            domain.append(('publication', '=', self.publication.id))
        issues = Issue.search(domain)
        if not issues:
            return [], []
        domain = [
            ('company', '=', self.company.id),
            ('state', '=', 'registered'),
            ('publication', 'in', list({i.publication.id for i in issues})),
            ('start_date', '<=', last),
            ['OR', ('end_date', '=', None), ('end_date', '>=', first)],
            ]
        if self.subscriber_group:
            domain.append(('group', '=', self.subscriber_group.id))
        if self.client_group:
            domain.append(('party.client_group', '=', self.client_group.id))
        if self.party:
            domain.append(('party', '=', self.party.id))
        subscriptions = Subscription.search(domain)
        deliveries = {(d.subscription.id, d.issue.id): d
            for d in Delivery.search([
                    ('subscription', 'in', [s.id for s in subscriptions]),
                    ('issue', 'in', [i.id for i in issues]),
                    ])}
        billed = Delivery.bill_lines(list(deliveries.values()))
        prices = PriceBook(self.company, 'retail', 'supply')
        discounts = DiscountBook(
            self.company, Configuration(1).discount_combination)
        charges, problems = [], []
        for subscription in subscriptions:
            publication = subscription.publication
            party = subscription.party
            group = party.client_group
            for issue in issues:
                if (issue.publication != publication
                        or not subscription.covers(issue.release_date)):
                    continue
                delivery = deliveries.get((subscription.id, issue.id))
                if delivery and delivery.id in billed:
                    continue
                base, discount, rule, _ = price_and_discount(
                    prices, discounts, issue.release_date, 'supply',
                    publication.product.id, group.id if group else None,
                    party.id, None)
                if base is None:
                    problems.append(gettext(
                            'itsvc_billing.msg_problem_no_price',
                            party=party.rec_name,
                            product=publication.product.rec_name,
                            month=issue.rec_name))
                    continue
                unit_price = round_money(base * (1 - discount))
                charges.append(Charge(subscription, issue, delivery, base,
                        discount, rule, unit_price,
                        round_money(unit_price * subscription.copies)))
        return charges, problems

    def _figures(self, charges, problems):
        return {
            'bills_count': len({c.subscription.party for c in charges}),
            'lines_count': len(charges),
            'untaxed_amount': sum((c.amount for c in charges), ZERO),
            'problems': '\n'.join(problems),
            }

    @classmethod
    @ModelView.button
    def preview(cls, runs):
        for run in runs:
            run.write([run], run._figures(*run.charges()))

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    @set_employee('run_by')
    def process(cls, runs):
        Bill = Pool().get('itsvc.bill')
        # one run at a time: a second one waits, then finds the month billed
        Bill.lock()
        for run in runs:
            charges, problems = run.charges()
            bills = run.make_bills(charges)
            figures = run._figures(charges, problems)
            figures['bills_count'] = len(bills)
            run.write([run], figures)

    def plan_deliveries(self, charges):
        "Create the missing planned deliveries; return the charges with them"
        Delivery = Pool().get('itsvc.press.delivery')
        missing = [c for c in charges if not c.delivery]
        deliveries = Delivery.create([{
                    'company': c.subscription.company.id,
                    'subscription': c.subscription.id,
                    'party': c.subscription.party.id,
                    'issue': c.issue.id,
                    'copies': c.subscription.copies,
                    'method': c.subscription.delivery_method,
                    'address': (c.subscription.delivery_address.id
                        if c.subscription.delivery_address else None),
                    } for c in missing])
        created = dict(zip([id(c) for c in missing], deliveries))
        return [c._replace(delivery=created[id(c)]) if not c.delivery else c
            for c in charges]

    def make_bills(self, charges):
        """One prepayment bill a subscriber with a line an issue, issued:
        the subscriber's advance pays it at once"""
        pool = Pool()
        Bill = pool.get('itsvc.bill')
        Lang = pool.get('ir.lang')
        if not charges:
            return []
        charges = self.plan_deliveries(charges)
        lang = Lang.get()
        taxes = {}
        by_party = OrderedDict()
        for charge in sorted(charges, key=lambda c: (
                    c.subscription.party.rec_name, c.subscription.party.id,
                    c.issue.release_date, c.subscription.id)):
            by_party.setdefault(charge.subscription.party, []).append(charge)
        first = self.period.replace(day=1)
        values = []
        for party, party_charges in by_party.items():
            lines = []
            for charge in party_charges:
                subscription, issue = charge.subscription, charge.issue
                product = subscription.publication.product
                if product not in taxes:
                    taxes[product] = product_taxes(product)
                line_taxes = taxes[product]
                tax = tax_amounts(line_taxes, charge.amount, self.bill_date)
                lines.append({
                        'kind': 'press',
                        'origin': str(charge.delivery),
                        'product': product.id,
                        'description': gettext('itsvc_press.msg_line',
                            issue=issue.rec_name,
                            date=lang.strftime(issue.release_date),
                            copies=subscription.copies),
                        'month': first,
                        'quantity': subscription.copies,
                        'base_price': charge.base_price,
                        'discount': charge.discount,
                        'discount_rule': (str(charge.rule)
                            if charge.rule else None),
                        'unit_price': charge.unit_price,
                        'amount': charge.amount,
                        'taxes': [('add', [t.id for t in line_taxes])],
                        'tax_amount': tax,
                        'total_amount': charge.amount + tax,
                        })
            values.append({
                    'company': self.company.id,
                    'kind': 'press',
                    'party': party.id,
                    'date': self.bill_date,
                    'due_date': Bill.due_date_for(self.bill_date),
                    'period': first,
                    'press_run': self.id,
                    'currency': self.company.currency.id,
                    'description': gettext('itsvc_press.msg_bill_description',
                        month=month_name(first)),
                    'lines': [('create', lines)],
                    })
        bills = Bill.create(values)
        Bill.issue(bills)
        return bills


class Bill(metaclass=PoolMeta):
    __name__ = 'itsvc.bill'

    press_run = fields.Many2One('itsvc.press.run', "Subscription Billing",
        readonly=True, ondelete='RESTRICT')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection.append(('press', "Subscription"))

    @classmethod
    def copy(cls, bills, default=None):
        default = default.copy() if default else {}
        default.setdefault('press_run', None)
        return super().copy(bills, default=default)

    @classmethod
    def check_lines(cls, bills):
        "Bills of issues come only from registered subscriptions"
        super().check_lines(bills)
        for bill in bills:
            for line in bill.lines:
                if line.kind != 'press':
                    continue
                subscription = getattr(line.origin, 'subscription', None)
                if not subscription or subscription.state not in {
                        'registered', 'ended'}:
                    raise PressError(gettext(
                            'itsvc_press.msg_bill_subscription_not_registered',
                            bill=bill.rec_name,
                            line=line.description or ''))


class BillLine(metaclass=PoolMeta):
    __name__ = 'itsvc.bill.line'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection.append(('press', "Publication Issue"))

    @classmethod
    def get_origins(cls):
        IrModel = Pool().get('ir.model')
        return super().get_origins() + [('itsvc.press.delivery',
                IrModel.get_name('itsvc.press.delivery'))]


class Closing(metaclass=PoolMeta):
    __name__ = 'itsvc.closing'

    def lines_to_act(self):
        """Also the issues delivered by the end of the month and paid in
        full, whatever the payment setting"""
        return super().lines_to_act() + self.press_lines_to_act()

    def press_lines_to_act(self):
        pool = Pool()
        Line = pool.get('itsvc.bill.line')
        Delivery = pool.get('itsvc.press.delivery')
        first, last = month_bounds(self.period.year, self.period.month)
        domain = [
            ('bill.company', '=', self.company.id),
            ('bill.state', '=', 'issued'),
            ('kind', '=', 'press'),
            ('month', '<=', first),
            ]
        if self.client_group:
            domain.append(('bill.party.client_group', '=',
                    self.client_group.id))
        if self.party:
            domain.append(('bill.party', '=', self.party.id))
        lines = Line.search(domain)
        if not lines:
            return []
        delivered = {d.id for d in Delivery.search([
                    ('id', 'in', [l.origin.id for l in lines]),
                    ('state', '=', 'delivered'),
                    ('delivery_date', '<=', last),
                    ])}
        lines = [l for l in lines if l.origin.id in delivered]
        acted = Line.acted_line_ids([l.id for l in lines])
        paid = Line.line_paid_amounts([l.id for l in lines])
        return [l for l in lines if l.id not in acted
            and paid.get(l.id, ZERO) == l.total_amount]
