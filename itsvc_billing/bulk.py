# This file is part of itsvc.
"""Rows of a batch job inserted a few hundred a query.

For records a batch job computes complete and valid by construction (the
billing engine's bills): the ORM's create validates, reads back and checks
each record, which is most of the time of a billing run. Here the rows go
in as given, with their creator and history; there are no defaults, no
validation and no triggers, so the caller sets every field itself."""
from sql import Column
from sql.functions import CurrentTimestamp

from trytond.pool import Pool
from trytond.transaction import Transaction


def insert(model_name, vlist):
    "Insert the values (dicts with the same keys) of vlist; return the ids"
    pool = Pool()
    Model = pool.get(model_name)
    ModelAccess = pool.get('ir.model.access')
    if not vlist:
        return []
    ModelAccess.check(model_name, 'create')
    transaction = Transaction()
    database = transaction.database
    connection = transaction.connection
    cursor = connection.cursor()
    table = Model.__table__()
    names = sorted(vlist[0])
    columns = [table.create_uid, table.create_date] + [
        Column(table, n) for n in names]
    formats = [Model._fields[n].sql_format for n in names]
    rows = [[transaction.user, CurrentTimestamp()]
        + [f(v[n]) for f, n in zip(formats, names)] for v in vlist]
    ids = []
    new_ids = database.nextid(connection, Model._table, count=len(rows))
    if new_ids is not None:
        if isinstance(new_ids, int):
            new_ids = [new_ids]
        # one statement, run for each row (pipelined by the driver); the
        # creation date is the database's time, the rest are parameters
        query, _ = tuple(table.insert(columns + [table.id],
                [rows[0] + [new_ids[0]]]))
        cursor.executemany(query, [[r[0]] + r[2:] + [i]
                for r, i in zip(rows, new_ids)])
        ids = new_ids
    else:
        # SQLite: the rowid of each insert
        for row in rows:
            cursor.execute(*table.insert(columns, [row]))
            ids.append(database.lastid(cursor))
    Model._insert_history(ids)
    return ids
