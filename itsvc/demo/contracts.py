"""Demo steps of itsvc_base: service points, two years of contracts and
amendments, hence installations and their history."""
import datetime as dt

from itsvc.progress import Progress

BATCH = 500
# the demo's history: contracts from START to END
START = dt.date(2024, 11, 1)
END = dt.date(2026, 10, 31)
POINTS = ['Главный офис', 'Бухгалтерия', 'Филиал', 'Склад', 'Отдел кадров']


def _date(rng, start=START, end=END):
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def service_points(demo):
    pool = demo.pool
    ServicePoint = pool.get('itsvc.service_point')
    Employee = pool.get('company.employee')
    rng = demo.rng
    specialists = {}
    for employee in Employee.search([]):
        specialists.setdefault(employee.company.id, []).append(employee)
    values = []
    for party in demo.records['clients']:
        company = party.owner_company.id
        for name in POINTS[:rng.choice([1, 1, 1, 2, 2, 3])]:
            values.append({
                    'company': company,
                    'party': party.id,
                    'name': name,
                    'address': party.addresses[0].id,
                    'specialist': rng.choice(specialists[company]).id,
                    })
    points = []
    for start in range(0, len(values), BATCH):
        points.extend(ServicePoint.create(values[start:start + BATCH]))
    demo.records['service_points'] = by_party = {}
    for point in points:
        by_party.setdefault(point.party.id, []).append(point)


def contracts(demo):
    "Most clients have a registered contract; some are still prospects"
    pool = demo.pool
    Contract = pool.get('itsvc.contract')
    rng = demo.rng
    systems = demo.records['systems']
    clients = [p for p in demo.records['clients'] if rng.random() < 0.9]
    registered = []
    with Progress('Contracts', len(clients)) as progress:
        for start in range(0, len(clients), BATCH):
            values = []
            for party in clients[start:start + BATCH]:
                date = _date(rng)
                lines = []
                for point in demo.records['service_points'][party.id]:
                    for _ in range(rng.choice([1, 1, 2])):
                        local, network = rng.choice(systems)
                        lines.append({
                                'product': rng.choice(
                                    [local, local, network]).id,
                                'service_point': point.id,
                                'quantity': 1,
                                'maintenance_start': date,
                                })
                values.append({
                        'company': party.owner_company.id,
                        'party': party.id,
                        'date': date,
                        'start_date': date,
                        'type': 'supply_maintenance',
                        'lines': [('create', lines)],
                        })
            batch = Contract.create(values)
            Contract.register(batch)
            registered.extend(batch)
            progress.advance(len(values))
    demo.records['contracts'] = registered


def amendments(demo):
    "A fifth of the contracts changed later: additions, exclusions, switches"
    pool = demo.pool
    Amendment = pool.get('itsvc.contract.amendment')
    Reason = pool.get('itsvc.exclusion.reason')
    rng = demo.rng
    reasons = Reason.search([])
    systems = demo.records['systems']
    counterpart = {}
    for local, network in systems:
        counterpart[local.id], counterpart[network.id] = network, local
    values = []
    for contract in demo.records['contracts']:
        if rng.random() > 0.2:
            continue
        start = contract.date + dt.timedelta(days=31)
        if start >= END:
            continue
        date = _date(rng, start, END)
        installation = rng.choice(contract.installations)
        action = rng.choice(['add', 'add', 'exclude', 'switch'])
        line = {'action': action}
        if action == 'add':
            line.update({
                    'product': rng.choice(systems)[0].id,
                    'service_point': installation.service_point.id,
                    'quantity': 1,
                    'maintained': True,
                    })
        elif action == 'exclude':
            line.update({
                    'installation': installation.id,
                    'exclusion_reason': rng.choice(reasons).id,
                    })
        else:
            line.update({
                    'installation': installation.id,
                    'product': counterpart[installation.product.id].id,
                    })
        values.append({
                'contract': contract.id,
                'date': date,
                'effective_date': date,
                'lines': [('create', [line])],
                })
    with Progress('Amendments', len(values)) as progress:
        for start in range(0, len(values), BATCH):
            batch = Amendment.create(values[start:start + BATCH])
            Amendment.register(batch)
            progress.advance(len(batch))
