"""Batch jobs of the command line: billing run and month closing."""
import datetime as dt
import sys

from .progress import Progress
from .transaction import in_transaction

# the tables a closing locks: acts are posted (moves, journal periods)
CLOSING_LOCKS = ['account_invoice', 'account_configuration',
    'account_fiscalyear', 'account_period', 'account_journal_period',
    'account_move', 'ir_sequence_strict']


def as_user(database, login, job, lock_tables=()):
    """Run job(pool, company) as the user, in the user's company and
    language, in a committed transaction"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    pool = Pool(database)
    pool.init()
    with Transaction().start(database, 0, readonly=True):
        User = pool.get('res.user')
        user, = User.search([('login', '=', login)])
        user_id = user.id

    def run():
        User = pool.get('res.user')
        Company = pool.get('company.company')
        context = User.get_preferences(context_only=True)
        with Transaction().set_context(context):
            return job(pool, Company(context['company']))
    return in_transaction(database, user_id, run, lock_tables=lock_tables)


def billing_run(database, period, group=None, client=None, date=None,
        login='admin', out=sys.stdout):
    "Bill the month for the user's company; print the figures"

    def job(pool, company):
        Run = pool.get('itsvc.billing.run')
        Group = pool.get('itsvc.client.group')
        Party = pool.get('party.party')
        client_group = party = None
        if group:
            client_group, = Group.search([('code', '=', group)])
        if client:
            party, = Party.search([('inn', '=', client)])
        run, = Run.create([{
                    'company': company.id,
                    'period': period,
                    'bill_date': date or dt.date.today(),
                    'client_group': client_group.id if client_group else None,
                    'party': party.id if party else None,
                    }])
        Run.preview([run])
        print(f'{run.rec_name}: {run.bills_count} bill(s), '
            f'{run.lines_count} line(s), {run.untaxed_amount} '
            f'{company.currency.code} without VAT', file=out)
        for text in [run.summary, run.problems]:
            if text:
                print(text, file=out)
        with Progress('Bills', max(run.bills_count, 1)) as progress:
            Run.process([run], progress=progress.advance)
        print(f'{len(run.bills)} bill(s) issued', file=out)
        return run
    return as_user(database, login, job, lock_tables=['itsvc_bill'])


def close_month(database, period, date=None, login='admin', out=sys.stdout):
    "Create the acts of the paid lines of the month; print the figures"

    def job(pool, company):
        Closing = pool.get('itsvc.closing')
        closing = Closing.close_month(company, period, date)
        print(f'{closing.rec_name}: {closing.acts_count} act(s), '
            f'{closing.lines_count} line(s), {closing.untaxed_amount} '
            f'{company.currency.code} without VAT', file=out)
        return closing
    return as_user(database, login, job, lock_tables=CLOSING_LOCKS)
