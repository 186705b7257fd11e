"""Run a function in a Tryton transaction outside of a request.

Like the RPC dispatcher: when the code asks for a table lock (or another
transaction fix), the transaction is restarted with it.
"""


def in_transaction(database, user, func, context=None, retries=5):
    from trytond.transaction import Transaction, TransactionError
    extras = {}
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
