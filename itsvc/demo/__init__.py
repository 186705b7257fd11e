"""The demo centre: a regional centre with dealers, clients and systems.

Deterministic: the same seed gives the same data. Each step is a function
of a :class:`Demo`; steps of modules that are not activated are skipped.
"""
import random

from ..batch import CLOSING_LOCKS
from . import accounting, base, billing, contracts, distributives

STEPS = [
    base.currency_and_country,
    base.companies,
    base.employees_and_users,
    base.locations,
    base.systems,
    base.clients,
    contracts.service_points,
    contracts.contracts,
    contracts.amendments,
    accounting.chart_and_taxes,
    accounting.fiscal_years,
    billing.price_lists,
    billing.billing_runs,
    billing.payments,
    billing.closings,
    billing.wholesale,
    distributives.coordination_centre,
    ]


# tables the billing and the accounting lock while the demo writes, and
# the configuration (a singleton, locked when saved)
LOCKS = ['itsvc_bill', 'itsvc_configuration'] + CLOSING_LOCKS


class Demo:
    "What the steps share: the pool, a seeded random generator, records"

    def __init__(self, pool, clients, seed, password):
        self.pool = pool
        self.clients_count = clients
        self.rng = random.Random(seed)
        self.password = password
        self.records = {}

    def activated(self, module):
        Module = self.pool.get('ir.module')
        return bool(Module.search([
                    ('name', '=', module), ('state', '=', 'activated')]))


def loaded(name):
    "Tell if the demo centre is already in the database"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(name)
    pool.init()
    with Transaction().start(name, 0, readonly=True):
        Company = pool.get('company.company')
        return bool(Company.search([], limit=1))


def load(name, clients=200, seed=2026, password='itsvc2026'):
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    from itsvc.transaction import in_transaction
    pool = Pool(name)
    pool.init()

    def steps():
        demo = Demo(pool, clients, seed, password)
        for step in STEPS:
            with Transaction().set_context(
                    company=demo.records.get('company_id'),
                    language='ru'):
                step(demo)
    in_transaction(name, 0, steps, lock_tables=LOCKS)
