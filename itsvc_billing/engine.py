# This file is part of itsvc.
"""The billing engine: installation-months priced on sets (domain.md §4).

For an installation and a month: active days are the days of the month in
its maintained periods; each period piece is priced with the maintenance
service of its system:

    amount = price(M) × active days / days in M × (1 − discount(M))

rounded to kopecks half up. A month is billed when non-cancelled bill lines
cover it; when the amount it should have differs from what was billed
(amendment, exclusion, price fix), an adjustment line carries the
difference.

The engine reads the periods, the billed amounts, the prices and the
discounts in a handful of queries and computes in memory.
"""
import datetime as dt
from collections import defaultdict, namedtuple
from decimal import Decimal

from sql import Null
from sql.aggregate import Sum

from trytond.pool import Pool
from trytond.transaction import Transaction

from itsvc_base.tenure import (
    add_months, maintenance_year, month_bounds, tenure_start, whole_years)

from .pricing import (
    ZERO, DiscountBook, PriceBook, price_and_discount, round_money)

Charge = namedtuple('Charge', [
        'installation', 'party', 'contract', 'group', 'month', 'product',
        'system', 'start', 'end', 'days', 'month_days', 'base_price',
        'discount', 'rule', 'amount', 'kind'])
Problem = namedtuple('Problem', ['party', 'installation', 'product', 'month',
        'reason'])
Row = namedtuple('Row', ['installation', 'party', 'contract', 'group',
        'system', 'service', 'start', 'end'])


def _date(value):
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def months(first, count):
    "count first days of months from first"
    return [add_months(first, i) for i in range(count)]


class Selection:
    "Which installations: all of the company, a client group or a client"

    def __init__(self, company, client_group=None, party=None,
            installations=None):
        self.company = company
        self.client_group = client_group
        self.party = party
        self.installations = installations

    def where(self, installation, party):
        where = installation.company == self.company.id
        if self.client_group:
            where &= party.client_group == self.client_group.id
        if self.party:
            where &= installation.party == self.party.id
        if self.installations is not None:
            where &= installation.id.in_(
                [i.id for i in self.installations] or [-1])
        return where


class BillingEngine:

    def __init__(self, selection, kind='retail'):
        pool = Pool()
        Configuration = pool.get('itsvc.configuration')
        config = Configuration(1)
        self.selection = selection
        self.company = selection.company
        self.gap_months = config.loyalty_gap_months
        self.tenure_basis = config.tenure_basis
        self.prices = PriceBook(self.company, kind, 'maintenance')
        self.discounts = DiscountBook(
            self.company, config.discount_combination)
        self.problems = []
        self.rows = []
        self.rows_by_installation = defaultdict(list)
        self.periods = defaultdict(list)
        self.party_periods = defaultdict(list)

    def load(self, last_day):
        "Read every period of the selection starting up to last_day"
        pool = Pool()
        Period = pool.get('itsvc.installation.period')
        Installation = pool.get('itsvc.installation')
        Contract = pool.get('itsvc.contract')
        Party = pool.get('party.party')
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        period = Period.__table__()
        installation = Installation.__table__()
        contract = Contract.__table__()
        party = Party.__table__()
        product = Product.__table__()
        template = Template.__table__()
        cursor = Transaction().connection.cursor()
        query = (period
            .join(installation,
                condition=period.installation == installation.id)
            .join(contract, condition=installation.contract == contract.id)
            .join(party, condition=installation.party == party.id)
            .join(product, condition=period.product == product.id)
            .join(template, condition=product.template == template.id)
            .select(
                installation.id, installation.party, installation.contract,
                party.client_group, period.product,
                template.maintenance_product, period.start_date,
                period.end_date,
                where=self.selection.where(installation, party)
                & contract.state.in_(['registered', 'terminated'])
                & (period.start_date <= last_day),
                order_by=[installation.id, period.start_date]))
        cursor.execute(*query)
        for row in cursor:
            row = Row(*row[:6], _date(row[6]), _date(row[7]))
            self.rows.append(row)
            self.rows_by_installation[row.installation].append(row)
            self.periods[row.installation].append((row.start, row.end))
            self.party_periods[row.party].append((row.start, row.end))

    def billed(self, first, last):
        """{(installation, month): billed amount} of maintenance and
        adjustment lines of non-cancelled bills for months in [first, last]
        """
        pool = Pool()
        Bill = pool.get('itsvc.bill')
        Line = pool.get('itsvc.bill.line')
        Installation = pool.get('itsvc.installation')
        Party = pool.get('party.party')
        bill = Bill.__table__()
        line = Line.__table__()
        installation = Installation.__table__()
        party = Party.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*line
            .join(bill, condition=line.bill == bill.id)
            .join(installation,
                condition=line.installation == installation.id)
            .join(party, condition=installation.party == party.id)
            .select(line.installation, line.month, Sum(line.amount),
                where=self.selection.where(installation, party)
                & (bill.company == self.company.id)
                & (bill.state != 'cancelled')
                & line.kind.in_(['maintenance', 'adjustment'])
                & (line.month != Null)
                & (line.month >= first) & (line.month <= last),
                group_by=[line.installation, line.month]))
        result = {}
        for installation_id, month, amount in cursor:
            amount = Decimal(str(amount)) if not isinstance(
                amount, Decimal) else amount
            result[(installation_id, _date(month))] = round_money(amount)
        return result

    def year(self, row, month):
        "Maintenance year of the installation (or its client) at month"
        if self.tenure_basis == 'client':
            periods = self.party_periods[row.party]
            first, last = month_bounds(month.year, month.month)
            start = tenure_start(periods, last, self.gap_months)
            return 1 + whole_years(start, first)
        return maintenance_year(self.periods[row.installation],
            month.year, month.month, self.gap_months)

    def charges(self, month, installations=None, problems=True):
        """Charges of every installation-month piece of month (of the
        installations when given); problems are kept when asked"""
        first, last = month_bounds(month.year, month.month)
        month_days = last.day
        result = []
        failed = set()
        for row in self.rows:
            if row.start > last or (row.end is not None and row.end < first):
                continue
            if installations is not None and (
                    row.installation not in installations):
                continue
            start = max(row.start, first)
            end = min(row.end or last, last)
            days = (end - start).days + 1
            if not row.service:
                failed.add(row.installation)
                if problems:
                    self.problems.append(Problem(row.party,
                            row.installation, row.system, first,
                            'no_service'))
                continue
            year = self.year(row, first)
            base, discount, rule, _ = price_and_discount(
                self.prices, self.discounts, first, 'maintenance',
                row.service, row.group, row.party, row.contract, year)
            if base is None:
                failed.add(row.installation)
                if problems:
                    self.problems.append(Problem(row.party,
                            row.installation, row.service, first,
                            'no_price'))
                continue
            amount = round_money(base * days / month_days * (1 - discount))
            result.append(Charge(row.installation, row.party, row.contract,
                    row.group, first, row.service, row.system, start, end,
                    days, month_days, base, discount, rule, amount,
                    'maintenance'))
        # an installation-month partly priced is not billed at all
        return [c for c in result if c.installation not in failed]

    def run(self, month, lookback=12):
        """Charges to bill for month: the installation-months of month not
        yet billed, and adjustments of the billed months from lookback
        months before up to month"""
        first, last = month_bounds(month.year, month.month)
        start = add_months(first, -lookback)
        self.load(last)
        billed = self.billed(start, first)
        by_month = defaultdict(dict)
        for (installation, current), amount in billed.items():
            by_month[current][installation] = amount
        result = []
        for current in months(start, lookback + 1):
            if current == first:
                charges = self.charges(current)
            elif by_month[current]:
                charges = self.charges(current, set(by_month[current]),
                    problems=False)
            else:
                continue
            expected = defaultdict(list)
            for charge in charges:
                expected[charge.installation].append(charge)
            if current == first:
                for installation, key_charges in expected.items():
                    if installation not in by_month[current]:
                        result.extend(key_charges)
            priced = {c.installation for c in charges}
            for installation, amount in by_month[current].items():
                if installation not in priced and self._failed(
                        installation, current):
                    continue
                should = sum(
                    (c.amount for c in expected.get(installation, [])), ZERO)
                if should != amount:
                    result.append(self._adjustment(
                            (installation, current),
                            expected.get(installation), should - amount))
        return result

    def _failed(self, installation, month):
        "Has the installation days in month that could not be priced"
        first, last = month_bounds(month.year, month.month)
        return any(r.start <= last and (r.end is None or r.end >= first)
            for r in self.rows_by_installation[installation])

    def _adjustment(self, key, charges, difference):
        installation, month = key
        if charges:
            charge = charges[-1]
            return charge._replace(amount=difference, kind='adjustment')
        row = self.rows_by_installation[installation][-1]
        return Charge(installation, row.party, row.contract, row.group,
            month, row.service, row.system, None, None, 0, 0, None, ZERO,
            None, difference, 'adjustment')

    def prepayment(self, first, count):
        "Charges of count months from first not yet billed"
        last = month_bounds(*add_months(first, count - 1).timetuple()[:2])[1]
        self.load(last)
        billed = self.billed(first, last)
        result = []
        for month in months(first, count):
            for charge in self.charges(month):
                if (charge.installation, month) not in billed:
                    result.append(charge)
        return result
