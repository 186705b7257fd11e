# This file is part of itsvc.
"""Supply to dealers: the centre bills each dealer at wholesale prices,
through the billing engine and the billing run of itsvc_billing.

A dealer's installations are priced with the centre's wholesale
maintenance list (the dealer's own list first, then the general one) and
billed to the dealer company's party; the systems the dealer supplied in
the month (its contract lines and amendment additions) are billed at the
wholesale supply prices.
"""
import bisect
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import without_check_access

from itsvc_base.tenure import month_bounds
from itsvc_billing.bill import product_taxes, tax_amounts
from itsvc_billing.engine import BillingEngine, Selection
from itsvc_billing.pricing import (
    DiscountBook, PriceBook, price_and_discount, round_money)

from .exceptions import WholesaleError


class PriceList(metaclass=PoolMeta):
    __name__ = 'itsvc.price_list'

    dealer = fields.Many2One(
        'company.company', "Dealer", ondelete='RESTRICT',
        domain=[('parent', '=', Eval('company', -1))],
        states={'invisible': Eval('kind') != 'wholesale'},
        help="A wholesale list of one dealer, preferred over the general "
        "wholesale list.")


class WholesaleBook(PriceBook):
    "The centre's wholesale prices for a dealer: his own list first"

    def __init__(self, centre, dealer, purpose):
        Line = Pool().get('itsvc.price_list.line')
        lines = Line.search([
                ('version.state', '=', 'confirmed'),
                ('version.price_list.company', '=', centre.id),
                ('version.price_list.kind', '=', 'wholesale'),
                ('version.price_list.purpose', '=', purpose),
                ('version.price_list.active', '=', True),
                ['OR',
                    ('version.price_list.dealer', '=', None),
                    ('version.price_list.dealer', '=', dealer.id),
                    ],
                ])
        self._prices = defaultdict(list)
        for line in lines:
            version = line.version
            own = bool(version.price_list.dealer)
            self._prices[(own, line.product.id)].append(
                (version.effective_date, version.id, line.price, line))
        for prices in self._prices.values():
            prices.sort(key=lambda p: p[:2])

    def _at(self, key, date):
        prices = self._prices.get(key)
        if not prices:
            return None
        index = bisect.bisect_right(prices, (date, float('inf')),
            key=lambda p: p[:2]) - 1
        return prices[index] if index >= 0 else None

    def price(self, product_id, group_id, date):
        found = self._at((True, product_id), date) or self._at(
            (False, product_id), date)
        if found is None:
            return None, None
        return found[2], found[3]


class WholesaleDiscounts(DiscountBook):
    "No loyalty ladder for dealers; only the centre's rules for the dealer"

    def __init__(self, centre, dealer_party, combination='largest'):
        super().__init__(centre, combination)
        self.steps = []
        self.fixed = [r for r in self.fixed if r.party == dealer_party]
        self.discounts = [r for r in self.discounts
            if r.party == dealer_party]


class WholesaleEngine(BillingEngine):
    """The engine over a dealer's installations, billing the centre's
    wholesale prices to the dealer's party"""

    def __init__(self, centre, dealer, client_group=None, party=None):
        Configuration = Pool().get('itsvc.configuration')
        super().__init__(Selection(dealer, client_group=client_group,
                party=party), kind='wholesale')
        self.company = centre
        self.dealer = dealer
        self.prices = WholesaleBook(centre, dealer, 'maintenance')
        self.discounts = WholesaleDiscounts(centre, dealer.party,
            Configuration(1).discount_combination)

    def billing_start(self):
        """The first month of a done wholesale run of the dealer: the
        months before it were not billed to the dealer by the system"""
        Run = Pool().get('itsvc.billing.run')
        runs = Run.search([
                ('company', '=', self.company.id),
                ('dealer', '=', self.dealer.id),
                ('state', '=', 'done'),
                ], order=[('period', 'ASC')], limit=1)
        return runs[0].period.replace(day=1) if runs else None

    def load(self, last_day):
        "The rows of the dealer's installations, for the dealer's party"
        super().load(last_day)
        party = self.dealer.party.id
        self.rows = [r._replace(party=party, contract=None)
            for r in self.rows]
        self.rows_by_installation = defaultdict(list)
        for row in self.rows:
            self.rows_by_installation[row.installation].append(row)
        periods = [p for ps in self.party_periods.values() for p in ps]
        self.party_periods = defaultdict(list, {party: periods})


class BillingRun(metaclass=PoolMeta):
    __name__ = 'itsvc.billing.run'

    dealer = fields.Many2One(
        'company.company', "Dealer", ondelete='RESTRICT',
        domain=[('parent', '=', Eval('company', -1))],
        states={'readonly': Eval('state') != 'draft'},
        help="Bill this dealer at the wholesale prices for the maintenance "
        "of his clients and the systems he supplied in the month.")

    def _engine(self):
        if self.dealer:
            return WholesaleEngine(self.company, self.dealer,
                client_group=self.client_group, party=self.party)
        return super()._engine()

    @classmethod
    def process(cls, runs, progress=None):
        super().process(runs, progress=progress)
        # the button's work: without the access check of the request
        with without_check_access():
            for run in runs:
                if run.dealer:
                    bills = run.supply_dealer()
                    if bills:
                        run.write([run], {
                                'bills_count': (run.bills_count or 0)
                                + len(bills)})

    def supply_origins(self):
        "Contract and amendment lines of the dealer supplied in the month"
        Contract = Pool().get('itsvc.contract')
        first, last = month_bounds(self.period.year, self.period.month)
        domain = [
            ('company', '=', self.dealer.id),
            ('state', 'in', ['registered', 'terminated']),
            ('type', '!=', 'maintenance'),
            ]
        if self.party:
            domain.append(('party', '=', self.party.id))
        if self.client_group:
            domain.append(('party.client_group', '=', self.client_group.id))
        result = []
        for contract in Contract.search(domain, order=[('id', 'ASC')]):
            for origin in contract.supply_origins():
                amendment = getattr(origin, 'amendment', None)
                date = (amendment.effective_date if amendment
                    else contract.date)
                if first <= date <= last:
                    result.append((origin, date))
        return result

    def supply_dealer(self):
        "One wholesale supply bill of the month's systems not yet billed"
        pool = Pool()
        Bill = pool.get('itsvc.bill')
        Line = pool.get('itsvc.bill.line')
        origins = self.supply_origins()
        if not origins:
            return []
        billed = {str(l.origin) for l in Line.search([
                    ('origin', 'in', [str(o) for o, _ in origins]),
                    ('bill.company', '=', self.company.id),
                    ('bill.state', '!=', 'cancelled'),
                    ])}
        prices = WholesaleBook(self.company, self.dealer, 'supply')
        discounts = WholesaleDiscounts(self.company, self.dealer.party)
        lines = []
        for origin, date in origins:
            if str(origin) in billed:
                continue
            base, discount, rule, _ = price_and_discount(
                prices, discounts, date, 'supply', origin.product.id, None,
                self.dealer.party.id, None)
            if base is None:
                raise WholesaleError(gettext(
                        'itsvc_dealer.msg_wholesale_no_price',
                        product=origin.product.rec_name,
                        dealer=self.dealer.rec_name))
            taxes = product_taxes(origin.product)
            unit_price = round_money(base * (1 - discount))
            amount = round_money(unit_price * origin.quantity)
            tax = tax_amounts(taxes, amount, self.bill_date)
            lines.append({
                    'kind': 'supply',
                    'origin': str(origin),
                    'product': origin.product.id,
                    'description': gettext(
                        'itsvc_dealer.msg_wholesale_supply_line',
                        product=origin.product.rec_name,
                        contract=origin.contract.rec_name),
                    'quantity': origin.quantity,
                    'base_price': base,
                    'discount': discount,
                    'discount_rule': str(rule) if rule else None,
                    'unit_price': unit_price,
                    'amount': amount,
                    'taxes': [('add', [t.id for t in taxes])],
                    'tax_amount': tax,
                    'total_amount': amount + tax,
                    })
        if not lines:
            return []
        bills = Bill.create([{
                    'company': self.company.id,
                    'kind': 'supply',
                    'party': self.dealer.party.id,
                    'date': self.bill_date,
                    'due_date': Bill.due_date_for(self.bill_date),
                    'period': self.period.replace(day=1),
                    'billing_run': self.id,
                    'currency': self.company.currency.id,
                    'lines': [('create', lines)],
                    }])
        Bill.issue(bills)
        return bills
