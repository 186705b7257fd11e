"""Demo steps of itsvc_billing: price lists and the last months billed."""
import datetime as dt
from decimal import Decimal

from itsvc.progress import Progress

from .base import SYSTEMS

# month billed by the demo, the last one is the current month of the demo
BILLED_MONTHS = [dt.date(2026, 9, 1), dt.date(2026, 10, 1),
    dt.date(2026, 11, 1)]
# group code: coefficient on the general retail price
GROUP_COEFFICIENTS = {'small': Decimal('0.9'), 'bundle': Decimal('0.85')}
PREVIOUS = Decimal('0.9')  # 2025 prices were 10 % lower


def price_lists(demo):
    "Retail maintenance and supply lists, general and per group, 2 versions"
    pool = demo.pool
    PriceList = pool.get('itsvc.price_list')
    Version = pool.get('itsvc.price_list.version')
    Group = pool.get('itsvc.client.group')
    company = demo.records['company']
    services, systems = {}, {}
    for (name, local, network), (local_p, network_p) in zip(
            SYSTEMS, demo.records['systems']):
        services[local_p.maintenance_product.id] = local
        services[network_p.maintenance_product.id] = network
        systems[local_p.id] = local * 12
        systems[network_p.id] = network * 12
    groups = {g.code: g for g in Group.search([])}
    lists = []
    for purpose, prices in [('maintenance', services), ('supply', systems)]:
        for code, coefficient in [(None, Decimal(1))] + sorted(
                GROUP_COEFFICIENTS.items()):
            versions = []
            for date, factor in [(dt.date(2025, 1, 1), PREVIOUS),
                    (dt.date(2026, 1, 1), Decimal(1))]:
                lines = [{
                        'product': product,
                        'price': (price * coefficient * factor).quantize(
                            Decimal(1)),
                        } for product, price in prices.items()]
                versions.append({
                        'effective_date': date,
                        'lines': [('create', lines)],
                        })
            name = {'maintenance': 'Розница, сопровождение',
                'supply': 'Розница, поставка'}[purpose]
            if code:
                name += f', {groups[code].name}'
            lists.append({
                    'name': name,
                    'company': company.id,
                    'kind': 'retail',
                    'purpose': purpose,
                    'client_group': groups[code].id if code else None,
                    'versions': [('create', versions)],
                    })
    lists = PriceList.create(lists)
    Version.confirm([v for l in lists for v in l.versions])


def billing_runs(demo):
    "The last months billed, as the accountant did each month"
    pool = demo.pool
    Run = pool.get('itsvc.billing.run')
    company = demo.records['company']
    with Progress('Billing runs', len(BILLED_MONTHS)) as progress:
        for month in BILLED_MONTHS:
            Run.bill_month(company, month, month)
            progress.advance()


def wholesale(demo):
    """The centre's wholesale lists (half the retail prices) and the
    dealers billed at them for the last month"""
    pool = demo.pool
    PriceList = pool.get('itsvc.price_list')
    Version = pool.get('itsvc.price_list.version')
    Run = pool.get('itsvc.billing.run')
    if 'dealer' not in Run._fields:
        return
    company = demo.records['company']
    retail = PriceList.search([
            ('company', '=', company.id),
            ('kind', '=', 'retail'),
            ('client_group', '=', None),
            ])
    lists = PriceList.create([{
                'name': {'maintenance': 'Опт, сопровождение',
                    'supply': 'Опт, поставка'}[r.purpose],
                'company': company.id,
                'kind': 'wholesale',
                'purpose': r.purpose,
                'versions': [('create', [{
                                'effective_date': v.effective_date,
                                'lines': [('create', [{
                                                'product': l.product.id,
                                                'price': (l.price / 2
                                                    ).quantize(Decimal(1)),
                                                } for l in v.lines])],
                                } for v in r.versions])],
                } for r in retail])
    Version.confirm([v for l in lists for v in l.versions])
    month = BILLED_MONTHS[-1]
    runs = Run.create([{
                'company': company.id,
                'period': month,
                'bill_date': month,
                'dealer': dealer.id,
                } for dealer in demo.records['dealers']])
    Run.process(runs)


def payments(demo):
    """Most clients paid their bills of the past months by bank transfer,
    some in cash; a few overpaid (an advance), a few are late"""
    pool = demo.pool
    Bill = pool.get('itsvc.bill')
    Payment = pool.get('itsvc.payment')
    rng = demo.rng
    company = demo.records['company']
    bills = Bill.search([
            ('company', '=', company.id),
            ('state', '=', 'issued'),
            ], order=[('date', 'ASC'), ('id', 'ASC')])
    values = []
    for bill in bills:
        late = bill.period == BILLED_MONTHS[-1]
        chance = rng.random()
        if (late and chance < 0.7) or chance < 0.1:
            continue
        amount = bill.total_amount
        if chance > 0.95:
            amount += Decimal(rng.choice([1000, 5000, 10000]))
        kind = 'cash_order' if chance > 0.9 else 'bank'
        date = bill.date + dt.timedelta(days=rng.randint(1, 15))
        values.append({
                'company': company.id,
                'kind': kind,
                'number': str(1000 + len(values)) if kind == 'bank' else None,
                'bank_key': (f'{1000 + len(values)}|{date:%d.%m.%Y}|'
                    f'{amount}|demo' if kind == 'bank' else None),
                'date': date,
                'party': bill.party.id,
                'amount': amount,
                'currency': company.currency.id,
                'purpose': f'Оплата по счёту № {bill.number}',
                'bill': bill.id,
                })
    with Progress('Payments', len(values)) as progress:
        for start in range(0, len(values), 400):
            batch = Payment.create(values[start:start + 400])
            Payment.register(batch)
            progress.advance(len(batch))


def closings(demo):
    "The paid months are closed: acts (posted invoices)"
    Closing = demo.pool.get('itsvc.closing')
    company = demo.records['company']
    with Progress('Closings', len(BILLED_MONTHS) - 1) as progress:
        for month in BILLED_MONTHS[:-1]:
            Closing.close_month(company, month)
            progress.advance()
