"""Run a function in a Tryton transaction outside of a request.

Like the RPC dispatcher: when the code asks for a table lock (or another
transaction fix), the transaction is restarted with it. When another job
holds the tables (a second billing run of the month started at once), the
job waits for it, then runs on what the first one committed.
"""
import sys
import time


class Busy(Exception):
    "Another job kept the tables longer than the wait"


def in_transaction(database, user, func, context=None, lock_tables=(),
        retries=20, wait=900, out=sys.stderr):
    """Run func in a transaction that is committed; lock_tables are locked
    from the start (the tables the job is known to lock)"""
    from trytond import backend
    from trytond.transaction import Transaction, TransactionError
    extras = {'_lock_tables': list(lock_tables)} if lock_tables else {}
    deadline = time.monotonic() + wait
    waiting = False
    while retries:
        try:
            with Transaction().start(
                    database, user, context=context, **extras
                    ) as transaction:
                try:
                    result = func()
                except TransactionError as error:
                    transaction.rollback()
                    error.fix(extras)
                    print(f"Restarting with the locks {extras}", file=out,
                        flush=True)
                    retries -= 1
                    continue
                transaction.commit()
                return result
        except backend.DatabaseOperationalError as error:
            if time.monotonic() > deadline:
                raise Busy("another job still holds the tables "
                    f"({error}); nothing was done, run it again later")
            if not waiting:
                print("Another job holds the tables; waiting for it...",
                    file=out, flush=True)
                waiting = True
            time.sleep(1)
    raise RuntimeError(f"transaction could not be fixed: {extras}")
