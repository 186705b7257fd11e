"""Run a function in a Tryton transaction outside of a request.

Like the RPC dispatcher: when the code asks for a table lock (or another
transaction fix), the transaction is restarted with it.
"""


def in_transaction(database, user, func, context=None, lock_tables=(),
        retries=20):
    """Run func in a transaction that is committed; lock_tables are locked
    from the start (the tables the job is known to lock)"""
    from trytond.transaction import Transaction, TransactionError
    extras = {'_lock_tables': list(lock_tables)} if lock_tables else {}
    for _ in range(retries):
        with Transaction().start(
                database, user, context=context, **extras) as transaction:
            try:
                result = func()
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            transaction.commit()
            return result
    raise RuntimeError(f"transaction could not be fixed: {extras}")
