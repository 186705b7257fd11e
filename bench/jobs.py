"""One benchmark job in this process: `python -m bench.jobs JOB DATABASE`.

Prints one JSON line: the job's size, rows and seconds (the pool is loaded
before the clock starts). The runner reads the peak memory of the process.
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
    assert format_ == 'pdf' and bytes(data[:4]) == b'%PDF', format_
    return len(acts), len(acts), seconds


def aging(pool, company):
    "Receivables aging of every client at a date (from the bills)"
    from trytond.transaction import Transaction
    Receivable = pool.get('itsvc.receivable')
    with Transaction().set_context(date=dt.date(2027, 1, 31)):
        rows = Receivable.search_read([], fields_names=[
                'party', 'amount', 'not_due', 'due_30', 'due_60', 'due_90',
                'due_more'])
    return len(rows), len(rows)


JOBS = {
    'billing_run': (billing_run, ['itsvc_bill']),
    'statement': (statement, ['itsvc_payment']),
    'closing': (closing, CLOSING_LOCKS),
    'pdf': (pdf, []),
    'aging': (aging, []),
    }


def main(job, database, login='admin'):
    from itsvc.batch import as_user
    from trytond.pool import Pool
    func, locks = JOBS[job]
    pool = Pool(database)
    pool.init()
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
