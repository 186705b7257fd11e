"""One benchmark job in this process: `python -m bench.jobs JOB DATABASE`.

Prints one JSON line: the job's size, rows and seconds (the pool is loaded
before the clock starts). The runner reads the peak memory of the process.
The peer job (Tryton's sale_subscription path) first prints the lines of
its untimed preparation: the activation of sale_subscription in the
database, and the subscriptions.
"""
import datetime as dt
import json
import sys
import time

from itsvc.batch import CLOSING_LOCKS

PERIOD = dt.date(2026, 12, 1)
CLOSED = dt.date(2026, 11, 1)


def billing_run(pool, company):
    "Bill December 2026 for every client"
    Run = pool.get('itsvc.billing.run')
    run = Run.bill_month(company, PERIOD, PERIOD)
    return len(run.bills), run.lines_count


def statement(pool, company):
    "A 1CClientBankExchange file paying every open bill, imported"
    from itsvc_billing.payment_import import import_statement, our_accounts
    Bill = pool.get('itsvc.bill')
    bills = Bill.search([
            ('company', '=', company.id),
            ('state', '=', 'issued'),
            ('payment_state', '!=', 'paid'),
            ], order=[('id', 'ASC')], limit=10000)
    data = exchange_file(company, bills, our_accounts(company))
    started = time.perf_counter()
    figures = import_statement(company, data)
    return figures['imported'], figures['documents'], (
        time.perf_counter() - started)


def exchange_file(company, bills, accounts):
    "The text of a bank statement: one payment per bill, in full"
    account = sorted(accounts)[0]
    lines = ['1CClientBankExchange', 'ВерсияФормата=1.03',
        'Кодировка=Windows', f'РасчСчет={account}']
    for number, bill in enumerate(bills, 1):
        lines += ['СекцияДокумент=Платежное поручение',
            f'Номер={number}', 'Дата=15.12.2026',
            f'Сумма={bill.total_amount - bill.paid_amount:.2f}',
            f'ПлательщикИНН={bill.party.inn}',
            f'ПлательщикСчет=40702810{number:012d}',
            f'ПолучательСчет={account}',
            f'НазначениеПлатежа=Оплата по счёту {bill.number}',
            'КонецДокумента']
    lines.append('КонецФайла')
    return '\r\n'.join(lines).encode('cp1251')


def closing(pool, company):
    "Close November 2026: an act per client with paid lines"
    Closing = pool.get('itsvc.closing')
    result = Closing.close_month(company, CLOSED)
    return result.acts_count, result.lines_count


def pdf(pool, company):
    "1 000 posted acts printed to one PDF"
    Invoice = pool.get('account.invoice')
    ActReport = pool.get('itsvc.act', type='report')
    acts = Invoice.search([('state', '=', 'posted')], limit=1000,
        order=[('id', 'ASC')])
    started = time.perf_counter()
    format_, data, *_ = ActReport.execute([a.id for a in acts], {})
    seconds = time.perf_counter() - started
    if format_ != 'pdf' or bytes(data[:4]) != b'%PDF':
        raise ValueError(f'not a PDF: {format_}')
    return len(acts), len(acts), seconds


def aging(pool, company):
    "Receivables aging of every client at a date (from the bills)"
    from trytond.transaction import Transaction
    Receivable = pool.get('itsvc.receivable')
    # the report itself, as a running server answers it: the start of the
    # process (user, preferences, access rules) is not timed
    started = time.perf_counter()
    with Transaction().set_context(date=dt.date(2027, 1, 31)):
        rows = Receivable.search_read([], fields_names=[
                'party', 'amount', 'not_due', 'due_30', 'due_60', 'due_90',
                'due_more'])
    return len(rows), len(rows), time.perf_counter() - started


LEDGER_LINES = 1_000_000


def aging_ledger_setup(pool, company):
    """Not timed: the receivable ledger topped up to a million move lines.

    The posted moves of the acts and payments are copied in SQL, each copy
    moved one month back, until the receivable accounts hold a million
    lines; the copies are reconciled, as the lines of years of history
    are, a tenth of them after the date of the aging: the aging reads them
    all and keeps the open ones."""
    from sql import Literal

    from trytond import backend
    from trytond.model import fields
    from trytond.transaction import Transaction
    Line = pool.get('account.move.line')
    Reconciliation = pool.get('account.move.reconciliation')
    line = Line.__table__()
    cursor = Transaction().connection.cursor()
    receivable = [('account.type.receivable', '=', True),
        ('move.state', '=', 'posted')]
    count = Line.search(receivable, count=True)
    if not count:
        return 0, 0
    template = [l.id for l in Line.search(receivable)]
    # most copies were reconciled long ago; a tenth of them after the date
    # of the aging: those are open at that date
    past, future = Reconciliation.create([{
                'company': company.id, 'date': date,
                } for date in [dt.date(2024, 12, 31), dt.date(2027, 6, 30)]])
    columns = [n for n, f in Line._fields.items() if n != 'id'
        and not isinstance(f, (fields.Function, fields.One2Many,
                fields.Many2Many))]
    months = 0
    while count < LEDGER_LINES:
        months += 1
        values = []
        for name in columns:
            column = getattr(line, name)
            if name == 'reconciliation':
                column = Literal(
                    (future if months % 10 == 0 else past).id)
            elif name in {'maturity_date'}:
                column = column - dt.timedelta(days=30 * (months + 2))
            values.append(column)
        target = Line.__table__()
        cursor.execute(*target.insert(
                [getattr(target, c) for c in columns],
                line.select(*values, where=line.id.in_(template[
                            :LEDGER_LINES - count]))))
        count += min(len(template), LEDGER_LINES - count)
    if backend.name == 'postgresql':
        cursor.execute(f'ANALYZE "{Line._table}"')
    return count, months


def aging_ledger(pool, company):
    "Receivables aging of every client from the ledger's receivable lines"
    from trytond.transaction import Transaction
    Receivable = pool.get('itsvc.receivable.ledger')
    Line = pool.get('account.move.line')
    size = Line.search([('account.type.receivable', '=', True)], count=True)
    started = time.perf_counter()
    with Transaction().set_context(date=dt.date(2027, 1, 31)):
        rows = Receivable.search_read([], fields_names=[
                'party', 'amount', 'not_due', 'due_30', 'due_60', 'due_90',
                'due_more'])
    return size, len(rows), time.perf_counter() - started


def peer_activate(database):
    """Activate sale_subscription (and sale, its dependency) in the bench
    database if needed: the product itself does not depend on it"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    with Transaction().start(database, 0, readonly=True):
        Module = pool.get('ir.module')
        if Module.search([
                    ('name', '=', 'sale_subscription'),
                    ('state', '=', 'activated'),
                    ]):
            return
    pool.init(update=['sale_subscription'], activatedeps=True)


def peer_setup(pool, company):
    """Not timed: a running sale subscription per client from December
    2026, 3 lines of 1 month each: the maintenance services of the
    client's installations (completed with other maintenance services up
    to 3), at their sale price; services consumed and invoiced monthly.
    The clients are those billing_run billed for the month (all the
    clients with installations if it did not run)"""
    from trytond.transaction import Transaction
    Installation = pool.get('itsvc.installation')
    Template = pool.get('product.template')
    Product = pool.get('product.product')
    RuleSet = pool.get('sale.subscription.recurrence.rule.set')
    Service = pool.get('sale.subscription.service')
    Subscription = pool.get('sale.subscription')
    Party = pool.get('party.party')
    Bill = pool.get('itsvc.bill')

    done = Subscription.search([('company', '=', company.id)])
    if done:
        return len(done), sum(len(s.lines) for s in done)
    maintenance = Product.search([
            ('itsvc_kind', '=', 'maintenance'),
            ], order=[('id', 'ASC')])
    templates = {p.template for p in maintenance}
    uoms = {t.default_uom for t in templates}
    Template.write(*sum(([[t for t in templates if t.default_uom == u],
                    {'salable': True, 'sale_uom': u.id}] for u in uoms),
            []))
    monthly, = RuleSet.create([{
                'name': 'Ежемесячно',
                'rules': [('create', [{'freq': 'monthly', 'interval': 1}])],
                }])
    services = {s.product: s for s in Service.search([])}
    services.update(zip(
            [p for p in maintenance if p not in services],
            Service.create([{
                        'product': p.id,
                        'consumption_recurrence': monthly.id,
                        } for p in maintenance if p not in services])))
    with Transaction().set_context(company=company.id,
            currency=company.currency.id, sale_date=PERIOD):
        prices = Product.get_sale_price(maintenance, 1)

    systems = {t.products[0].id: t.maintenance_product
        for t in Template.search([('itsvc_kind', '=', 'system')])
        if t.maintenance_product and t.products}
    clients = {}
    for row in Installation.search_read([
                ('company', '=', company.id),
                ], fields_names=['party', 'product'],
            order=[('party', 'ASC'), ('id', 'ASC')]):
        products = clients.setdefault(row['party'], [])
        product = systems.get(row['product'])
        if product and product not in products:
            products.append(product)
    # the same clients as billing_run: those it billed for the month
    billed = {b['party'] for b in Bill.search_read([
                ('company', '=', company.id),
                ('period', '=', PERIOD),
                ], fields_names=['party'])}
    if billed:
        clients = {k: v for k, v in clients.items() if k in billed}
    subscriptions = []
    for party in Party.browse(list(clients)):
        products = clients[party.id][:3]
        for product in maintenance:
            if len(products) == 3:
                break
            if product not in products:
                products.append(product)
        address = party.address_get(type='invoice')
        subscriptions.append({
                'company': company.id,
                'party': party.id,
                'invoice_address': address.id if address else None,
                'currency': company.currency.id,
                'start_date': PERIOD,
                'invoice_start_date': PERIOD,
                'invoice_recurrence': monthly.id,
                'lines': [('create', [{
                                'service': services[p].id,
                                'quantity': 1,
                                'unit': p.sale_uom.id,
                                'unit_price': prices[p.id],
                                'start_date': PERIOD,
                                'consumption_recurrence': monthly.id,
                                } for p in products])],
                })
    subscriptions = Subscription.create(subscriptions)
    Subscription.quote(subscriptions)
    Subscription.run(subscriptions)
    return len(subscriptions), sum(len(s.lines) for s in subscriptions)


def peer(pool, company):
    """Tryton's own sale_subscription path for December 2026, as users do
    it: 'Create Consumptions' at the 1st of the month, 'Create Invoices'
    at the same date, then post the draft invoices created"""
    from trytond.transaction import Transaction
    Line = pool.get('sale.subscription.line')
    Subscription = pool.get('sale.subscription')
    Consumption = pool.get('sale.subscription.line.consumption')
    Invoice = pool.get('account.invoice')
    last, = Invoice.search([], order=[('id', 'DESC')], limit=1) or [None]
    Line.generate_consumption(date=PERIOD)
    Subscription.generate_invoice(date=PERIOD)
    invoices = Invoice.search([
            ('id', '>', last.id if last else 0),
            ('type', '=', 'out'),
            ('state', '=', 'draft'),
            ])
    # the user confirms the warning on invoices dated in the future
    # (December 2026 is billed ahead, like billing_run does)
    with Transaction().set_context(_skip_warnings=True):
        Invoice.post(invoices)
    consumptions = Consumption.search([
            ('date', '=', PERIOD),
            ('invoice_line.invoice.state', '=', 'posted'),
            ], count=True)
    return len(invoices), consumptions


JOBS = {
    'billing_run': (billing_run, ['itsvc_bill']),
    'statement': (statement, ['itsvc_payment'] + CLOSING_LOCKS),
    'closing': (closing, CLOSING_LOCKS),
    'pdf': (pdf, []),
    'aging': (aging, []),
    'aging_ledger': (aging_ledger, []),
    'peer': (peer, CLOSING_LOCKS),
    }
# the untimed preparation of a job, printed as a JSON line of its own
SETUP = {
    'aging_ledger': aging_ledger_setup,
    'peer': peer_setup,
    }


def main(job, database, login='admin'):
    from itsvc.batch import as_user
    from trytond.pool import Pool
    func, locks = JOBS[job]
    if job == 'peer':
        started = time.perf_counter()
        peer_activate(database)
        print(json.dumps({'job': 'peer activation', 'size': 1, 'rows': 1,
                    'seconds': round(time.perf_counter() - started, 3)}))
    pool = Pool(database)
    pool.init()
    if job in SETUP:
        started = time.perf_counter()
        size, rows = as_user(database, login, SETUP[job])
        print(json.dumps({'job': f'{job} setup', 'size': size,
                    'rows': rows,
                    'seconds': round(time.perf_counter() - started, 3)}))
    started = time.perf_counter()
    result = as_user(database, login, func, lock_tables=locks)
    seconds = time.perf_counter() - started
    size, rows = result[:2]
    if len(result) > 2:
        seconds = result[2]
    print(json.dumps({'job': job, 'size': size, 'rows': rows,
                'seconds': round(seconds, 3)}))


if __name__ == '__main__':
    main(*sys.argv[1:])
