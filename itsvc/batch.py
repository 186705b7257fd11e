"""Batch jobs of the command line: billing run (and, later, closing)."""
import datetime as dt
import sys

from .progress import Progress


def _user_context(pool, login):
    User = pool.get('res.user')
    user, = User.search([('login', '=', login)])
    return user.id


def billing_run(database, period, group=None, client=None, date=None,
        login='admin', out=sys.stdout):
    "Bill the month for the user's company; print the figures"
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    from .transaction import in_transaction

    pool = Pool(database)
    pool.init()
    with Transaction().start(database, 0, readonly=True):
        user_id = _user_context(pool, login)

    def run_():
        User = pool.get('res.user')
        context = User.get_preferences(context_only=True)
        with Transaction().set_context(context):
            Run = pool.get('itsvc.billing.run')
            Group = pool.get('itsvc.client.group')
            Party = pool.get('party.party')
            Company = pool.get('company.company')
            company = Company(context['company'])
            client_group = party = None
            if group:
                client_group, = Group.search([('code', '=', group)])
            if client:
                party, = Party.search([('inn', '=', client)])
            run, = Run.create([{
                        'company': company.id,
                        'period': period,
                        'bill_date': date or dt.date.today(),
                        'client_group': (
                            client_group.id if client_group else None),
                        'party': party.id if party else None,
                        }])
            Run.preview([run])
            print(f'{run.rec_name}: {run.bills_count} bill(s), '
                f'{run.lines_count} line(s), {run.untaxed_amount} '
                f'{company.currency.code} without VAT', file=out)
            if run.summary:
                print(run.summary, file=out)
            if run.problems:
                print(run.problems, file=out)
            with Progress('Bills', max(run.bills_count, 1)) as progress:
                Run.process([run], progress=progress.advance)
            print(f'{len(run.bills)} bill(s) issued', file=out)
            return run
    return in_transaction(database, user_id, run_,
        lock_tables=['itsvc_bill'])


def close_month(database, period, date=None, login='admin', out=sys.stdout):
    "Create the acts of the paid lines of the month; print the figures"
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    from .transaction import in_transaction

    pool = Pool(database)
    pool.init()
    with Transaction().start(database, 0, readonly=True):
        user_id = _user_context(pool, login)

    def run_():
        User = pool.get('res.user')
        context = User.get_preferences(context_only=True)
        with Transaction().set_context(context):
            Closing = pool.get('itsvc.closing')
            Company = pool.get('company.company')
            company = Company(context['company'])
            closing = Closing.close_month(company, period, date)
            print(f'{closing.rec_name}: {closing.acts_count} act(s), '
                f'{closing.lines_count} line(s), {closing.untaxed_amount} '
                f'{company.currency.code} without VAT', file=out)
            return closing
    return in_transaction(database, user_id, run_, lock_tables=[
            'account_invoice', 'account_configuration', 'account_fiscalyear',
            'account_period'])
