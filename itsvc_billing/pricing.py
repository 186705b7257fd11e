# This file is part of itsvc.
"""Prices and discounts of a company read once, then looked up in memory.

The billing run prices thousands of installation-months: the price list
versions, the discount rules and the loyalty ladder are read in a few
queries and kept in these books (domain.md §5).
"""
import bisect
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from trytond.pool import Pool

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal('0.01')
# prices are in roubles and kopecks, as bills and acts print them
PRICE_DIGITS = (16, 2)


def round_money(value):
    "Round to kopecks, half up (domain.md §4)"
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class PriceBook:
    "Confirmed versions of a kind and purpose: price at a date"

    def __init__(self, company, kind, purpose):
        pool = Pool()
        Line = pool.get('itsvc.price_list.line')
        lines = Line.search([
                ('version.state', '=', 'confirmed'),
                ('version.price_list.company', '=', company.id),
                ('version.price_list.kind', '=', kind),
                ('version.price_list.purpose', '=', purpose),
                ('version.price_list.active', '=', True),
                ])
        # (group id or None, product id) -> sorted [(date, price, line)]
        self._prices = defaultdict(list)
        for line in lines:
            version = line.version
            group = version.price_list.client_group
            key = (group.id if group else None, line.product.id)
            self._prices[key].append(
                (version.effective_date, version.id, line.price, line))
        for prices in self._prices.values():
            prices.sort(key=lambda p: p[:2])

    def replace_version(self, version):
        "Price with version in force from its date (draft or not)"
        for prices in self._prices.values():
            prices[:] = [p for p in prices if p[1] != version.id]
        group = version.price_list.client_group
        for line in version.lines:
            key = (group.id if group else None, line.product.id)
            self._prices[key].append(
                (version.effective_date, version.id, line.price, line))
            self._prices[key].sort(key=lambda p: p[:2])

    def _at(self, key, date):
        prices = self._prices.get(key)
        if not prices:
            return None
        index = bisect.bisect_right(prices, (date, float('inf')),
            key=lambda p: p[:2]) - 1
        if index < 0:
            return None
        return prices[index]

    def price(self, product_id, group_id, date):
        "(price, price list line) in force at date; group list first"
        found = None
        if group_id is not None:
            found = self._at((group_id, product_id), date)
        if found is None:
            found = self._at((None, product_id), date)
        if found is None:
            return None, None
        return found[2], found[3]


class DiscountBook:
    "Loyalty ladder and discount rules of a company"

    def __init__(self, company, combination='largest'):
        pool = Pool()
        Step = pool.get('itsvc.loyalty.step')
        Discount = pool.get('itsvc.discount')
        self.combination = combination
        self.steps = Step.search([], order=[('year', 'ASC')])
        rules = Discount.search([('company', '=', company.id)])
        self.fixed = [r for r in rules if r.kind == 'fixed']
        self.discounts = [r for r in rules if r.kind != 'fixed']
        # ids of the M2M, read once
        self._products = {r.id: {p.id for p in r.products} for r in rules}
        self._groups = {r.id: {g.id for g in r.client_groups} for r in rules}

    def _applies(self, rule, date, purpose, product, group, party, contract):
        if rule.start_date > date or (
                rule.end_date and rule.end_date < date):
            return False
        if rule.purpose not in {purpose, 'both'}:
            return False
        if self._products[rule.id] and product not in self._products[rule.id]:
            return False
        if self._groups[rule.id] and group not in self._groups[rule.id]:
            return False
        if rule.party and rule.party.id != party:
            return False
        if rule.contract and rule.contract.id != contract:
            return False
        return True

    def loyalty(self, year):
        "The ladder step for a maintenance year, or None"
        step = None
        for candidate in self.steps:
            if candidate.year <= year:
                step = candidate
        return step if step and step.percentage else None

    def fixed_price(self, date, purpose, product, group, party, contract):
        "The most specific fixed price rule that applies, or None"
        rules = [r for r in self.fixed if self._applies(
                r, date, purpose, product, group, party, contract)]
        if not rules:
            return None
        return max(rules, key=lambda r: (
                rule_specificity(r, self._groups, self._products), r.id))

    def discount(self, date, purpose, product, group, party, contract,
            year=None):
        "(percentage, rule) of the applicable discounts combined"
        candidates = []
        if year is not None:
            step = self.loyalty(year)
            if step:
                candidates.append((step.percentage, step))
        for rule in self.discounts:
            if self._applies(
                    rule, date, purpose, product, group, party, contract):
                candidates.append((rule.percentage, rule))
        if not candidates:
            return ZERO, None
        if self.combination == 'sum':
            total = min(sum(p for p, _ in candidates), ONE)
            best = max(candidates, key=lambda c: c[0])
            return total, best[1]
        return max(candidates, key=lambda c: (c[0], -_order(c[1])))


def _order(rule):
    "Prefer, at equal percentage, an individual rule, then a promotion"
    return {'itsvc.loyalty.step': 2}.get(rule.__name__, 0) + (
        0 if getattr(rule, 'kind', None) == 'individual' else 1)


def rule_specificity(rule, groups, products):
    return (bool(rule.contract), bool(rule.party), bool(groups[rule.id]),
        bool(products[rule.id]))


def price_and_discount(prices, discounts, date, purpose, product, group,
        party, contract, year=None):
    """(base price, discount, rule, price line) for one product

    A fixed price replaces the base price; unless it allows discounts it is
    final (discount 0, the rule is the fixed price)."""
    fixed = discounts.fixed_price(
        date, purpose, product, group, party, contract)
    if fixed:
        if not fixed.allow_discounts:
            return fixed.fixed_price, ZERO, fixed, None
        percentage, rule = discounts.discount(
            date, purpose, product, group, party, contract, year)
        return fixed.fixed_price, percentage, rule or fixed, None
    price, line = prices.price(product, group, date)
    if price is None:
        return None, ZERO, None, None
    percentage, rule = discounts.discount(
        date, purpose, product, group, party, contract, year)
    return price, percentage, rule, line
