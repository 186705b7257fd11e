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

The run re-prices every installation-month of its look-back window from
the periods as they stand, whether the month has a line or not: a system
added back-dated into a billed month, or a month whose bill was cancelled,
is billed by an adjustment of the next run. The window starts no earlier
than the first month the company billed (its first monthly billing run
done): the months before it were billed before itsvc. Months paid by a
prepayment bill are left as the prepayment billed them. A change reaching
a billed month older than the window is not billed: the run lists it as
a problem with its amount.

The engine reads the periods, the billed amounts, the prices and the
discounts in a handful of queries and computes in memory.
"""
from collections import defaultdict, namedtuple

from sql import Null
from sql.aggregate import Max, Min, Sum
from sql.conditionals import Coalesce

from trytond.pool import Pool
from trytond.transaction import Transaction

from itsvc_base.sql import as_date, as_decimal
from itsvc_base.tenure import (
    add_months, maintenance_year, month_bounds, tenure_start, whole_years)

from .pricing import (
    ZERO, DiscountBook, PriceBook, price_and_discount, round_money)

Charge = namedtuple('Charge', [
        'installation', 'party', 'contract', 'group', 'month', 'product',
        'system', 'start', 'end', 'days', 'month_days', 'base_price',
        'discount', 'rule', 'amount', 'kind'])
Problem = namedtuple('Problem', ['party', 'installation', 'product', 'month',
        'reason', 'amount'], defaults=[None])
Row = namedtuple('Row', ['installation', 'party', 'contract', 'group',
        'system', 'service', 'start', 'end'])


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
            row = Row(*row[:6], as_date(row[6]), as_date(row[7]))
            self.rows.append(row)
            self.rows_by_installation[row.installation].append(row)
            self.periods[row.installation].append((row.start, row.end))
            self.party_periods[row.party].append((row.start, row.end))

    def billed(self, first, last, installations=None):
        """{(installation, month): billed amount} of maintenance and
        adjustment lines of non-cancelled bills for months in [first, last]
        (of the installations when given)"""
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
        where = (self.selection.where(installation, party)
            & (bill.company == self.company.id)
            & (bill.state != 'cancelled')
            & line.kind.in_(['maintenance', 'adjustment'])
            & (line.month != Null)
            & (line.month >= first) & (line.month <= last))
        if installations is not None:
            where &= line.installation.in_(list(installations) or [-1])
        cursor.execute(*line
            .join(bill, condition=line.bill == bill.id)
            .join(installation,
                condition=line.installation == installation.id)
            .join(party, condition=installation.party == party.id)
            .select(line.installation, line.month, Sum(line.amount),
                where=where,
                group_by=[line.installation, line.month]))
        result = {}
        for installation_id, month, amount in cursor:
            amount = as_decimal(amount)
            result[(installation_id, as_date(month))] = round_money(amount)
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
        yet billed, and adjustments of the months from lookback months
        before (not before the first month billed) up to month"""
        first, last = month_bounds(month.year, month.month)
        billing_start = self.billing_start() or first
        start = max(add_months(first, -lookback), min(billing_start, first))
        self.load(last)
        billed = self.billed(start, first)
        prepaid = self.prepaid(start, first)
        result = []
        current = start
        while current <= first:
            result.extend(self._reprice(current, billed, prepaid,
                    current == first))
            current = add_months(current, 1)
        if billing_start < start:
            self._beyond_window(billing_start, start)
        return result

    def _reprice(self, month, billed, prepaid, is_current):
        """Charges of month: a maintenance line for what is not billed of
        the current month, adjustments for the rest"""
        charges = self.charges(month, problems=is_current)
        expected = defaultdict(list)
        for charge in charges:
            expected[charge.installation].append(charge)
        keys = set(expected) | {
            i for i, m in billed if m == month}
        result = []
        for installation in sorted(keys):
            key = (installation, month)
            if key in prepaid:
                continue
            pieces = expected.get(installation, [])
            if not pieces and self._failed(installation, month):
                continue
            should = sum((c.amount for c in pieces), ZERO)
            if key not in billed:
                if is_current:
                    result.extend(pieces)
                elif should:
                    result.extend(
                        c._replace(kind='adjustment') for c in pieces)
            elif should != billed[key]:
                result.append(
                    self._adjustment(key, pieces, should - billed[key]))
        return result

    def _beyond_window(self, first, end):
        """List as problems the differences of the months from first to
        before end of the installations whose periods changed since the
        last run: they are too old to be adjusted"""
        changed = self.changed_installations()
        if not changed:
            return
        billed = self.billed(first, add_months(end, -1),
            installations=changed)
        prepaid = self.prepaid(first, add_months(end, -1))
        month = first
        while month < end:
            charges = self.charges(month, changed, problems=False)
            expected = defaultdict(lambda: ZERO)
            for charge in charges:
                expected[charge.installation] += charge.amount
            for installation in sorted(changed):
                key = (installation, month)
                if key in prepaid or (installation not in expected
                        and self._failed(installation, month)):
                    continue
                difference = expected.get(installation, ZERO) - billed.get(
                    key, ZERO)
                if difference:
                    row = self.rows_by_installation[installation][-1]
                    self.problems.append(Problem(row.party, installation,
                            row.system, month, 'beyond_window', difference))
            month = add_months(month, 1)

    def billing_start(self):
        "The first month of a done monthly billing run of the company"
        Run = Pool().get('itsvc.billing.run')
        run = Run.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*run.select(Min(run.period),
                where=(run.company == self.company.id)
                & (run.state == 'done')))
        period, = cursor.fetchone()
        if period is None:
            return None
        return as_date(period).replace(day=1)

    def changed_installations(self):
        """The installations of the selection whose periods were created or
        changed since the last done billing run of the company"""
        pool = Pool()
        Run = pool.get('itsvc.billing.run')
        Period = pool.get('itsvc.installation.period')
        run = Run.__table__()
        period = Period.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*run.select(
                Max(Coalesce(run.write_date, run.create_date)),
                where=(run.company == self.company.id)
                & (run.state == 'done')))
        since, = cursor.fetchone()
        if since is None:
            return set()
        cursor.execute(*period.select(period.installation,
                where=(period.create_date >= since)
                | (period.write_date >= since),
                group_by=[period.installation]))
        return {i for i, in cursor} & set(self.rows_by_installation)

    def prepaid(self, first, last):
        "{(installation, month)} billed by non-cancelled prepayment bills"
        pool = Pool()
        Bill = pool.get('itsvc.bill')
        Line = pool.get('itsvc.bill.line')
        bill = Bill.__table__()
        line = Line.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*line
            .join(bill, condition=line.bill == bill.id)
            .select(line.installation, line.month,
                where=(bill.company == self.company.id)
                & (bill.kind == 'prepayment')
                & (bill.state != 'cancelled')
                & (line.installation != Null)
                & (line.month >= first) & (line.month <= last),
                group_by=[line.installation, line.month]))
        return {(i, as_date(m)) for i, m in cursor}

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
