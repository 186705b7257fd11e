# This file is part of itsvc.
"""Turn the engine's charges into issued bills, a few bills a query."""
from collections import OrderedDict, defaultdict
from decimal import Decimal

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

from itsvc_base.installation import month_name

from account_ru import bulk

from .bill import product_taxes, tax_amounts
from .allocation import allocate
from .pricing import ZERO

# bills inserted a batch at a time, for the progress of the job
BATCH = 400
FOUR = Decimal('0.0001')


def describe(charge, products, months):
    "The line's text; products and month names are read once a batch"
    product = products[charge.product].rec_name
    key = ('itsvc_billing.msg_line_adjustment'
        if charge.kind == 'adjustment'
        else 'itsvc_billing.msg_line_maintenance')
    text = gettext(key, product=product, month=months[charge.month])
    if charge.kind != 'adjustment' and charge.days != charge.month_days:
        text += ' ' + gettext('itsvc_billing.msg_line_days',
            days=charge.days, month_days=charge.month_days)
    return text


def make_bills(company, charges, date, kind, billing_run=None,
        progress=None):
    """Create and issue the bills of the charges; return them.
    progress(count) is called as bills are created"""
    pool = Pool()
    Bill = pool.get('itsvc.bill')
    Party = pool.get('party.party')
    Product = pool.get('product.product')
    Configuration = pool.get('itsvc.configuration')
    if not charges:
        return []
    grouping = Configuration(1).bill_grouping
    products = {p.id: p for p in Product.browse(
            list({c.product for c in charges}))}
    taxes = {i: product_taxes(p) for i, p in products.items()}
    months = {m: month_name(m) for m in {c.month for c in charges}}
    groups = OrderedDict()
    for charge in sorted(charges, key=lambda c: (
                c.party, c.contract, c.installation, c.month, c.kind)):
        key = (charge.party,
            charge.contract if grouping == 'contract' else None)
        groups.setdefault(key, []).append(charge)
    due_date = Bill.due_date_for(date)
    values = []
    for (party, contract), group in groups.items():
        lines = []
        totals = defaultdict(lambda: ZERO)
        for charge in group:
            line_taxes = taxes[charge.product]
            tax = tax_amounts(line_taxes, charge.amount, date)
            base_price = unit_price = None
            if charge.base_price is not None:
                base_price = charge.base_price.quantize(FOUR)
                unit_price = (charge.base_price * (1 - charge.discount)
                    ).quantize(FOUR)
            lines.append({
                    'kind': charge.kind,
                    'installation': charge.installation,
                    'contract': charge.contract,
                    'product': charge.product,
                    'description': describe(charge, products, months),
                    'month': charge.month,
                    'period_start': charge.start,
                    'period_end': charge.end,
                    'active_days': charge.days or None,
                    'month_days': charge.month_days or None,
                    'quantity': Decimal(1),
                    'base_price': base_price,
                    'discount': charge.discount.quantize(FOUR),
                    'discount_rule': (str(charge.rule)
                        if charge.rule else None),
                    'unit_price': unit_price,
                    'amount': charge.amount,
                    'taxes': [t.id for t in line_taxes],
                    'tax_amount': tax,
                    'total_amount': charge.amount + tax,
                    })
            totals['untaxed'] += charge.amount
            totals['tax'] += tax
        values.append({
                'company': company.id,
                'kind': kind,
                'party': party,
                'contract': contract,
                'date': date,
                'due_date': due_date,
                'period': group[0].month if kind == 'monthly' else None,
                'billing_run': billing_run.id if billing_run else None,
                'currency': company.currency.id,
                'untaxed_amount': totals['untaxed'],
                'tax_amount': totals['tax'],
                'total_amount': totals['untaxed'] + totals['tax'],
                'lines': lines,
                })
    bills = []
    for sub in grouped_slice(values, BATCH):
        bills.extend(insert_issued(company, date, list(sub)))
        if progress:
            progress(len(bills))
    # the clients' advances pay the new bills
    allocate(Party.browse(list({party for party, _ in groups})))
    return bills


def insert_issued(company, date, values):
    """Insert the bills of values (with their lines, the lines with their
    taxes) issued: numbered, issued by the user's employee. The engine
    made them from registered contracts and taxed products: they are
    valid by construction and go in a few queries (see bulk)."""
    pool = Pool()
    Bill = pool.get('itsvc.bill')
    User = pool.get('res.user')
    employee = User(Transaction().user).employee
    issued_by = (employee.id
        if employee and employee.company == company else None)
    numbers = Bill.next_numbers(company, date, len(values))
    bill_ids = bulk.insert('itsvc.bill', [dict(
                {k: x for k, x in v.items() if k != 'lines'}, number=n,
                state='issued', payment_state='unpaid', issued_by=issued_by,
                description=None)
            for v, n in zip(values, numbers)])
    lines = [dict(l, bill=i) for v, i in zip(values, bill_ids)
        for l in v['lines']]
    line_ids = bulk.insert('itsvc.bill.line', [
            {k: v for k, v in l.items() if k != 'taxes'} for l in lines])
    bulk.insert('itsvc.bill.line-account.tax', [
            {'line': i, 'tax': t} for l, i in zip(lines, line_ids)
            for t in l['taxes']])
    return Bill.browse(bill_ids)
