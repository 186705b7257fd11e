# This file is part of account_ru.
"""Records of a batch job written a few hundred a query.

For records a batch job computes complete and valid by construction (the
bills of a billing run, the payments of a bank statement and their
moves): the ORM's create validates, reads back and checks each record,
which is most of the time of such a job. Here the rows go in as given,
with their creator and history; there are no defaults and no triggers, so
the caller sets every field itself. `post_moves` checks its moves as a
set, as Tryton checks each move it posts."""
from collections import defaultdict
from decimal import Decimal

from sql import Column, Values
from sql.functions import CurrentTimestamp

from trytond import backend
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError
from trytond.modules.account.exceptions import PostError
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

ZERO = Decimal(0)


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
        + [sql_value(f, v[n]) for f, n in zip(formats, names)]
        for v in vlist]
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


def sql_value(sql_format, value):
    "The value for the database; ids and None as they are (the most)"
    if value is None or type(value) is int:
        return value
    return sql_format(value)


def set_field(model_name, name, values):
    """Set the field `name` of records, {id: value}, as a write does
    (history, caches) without its per-record checks: for a field a batch
    job fills once, such as the move of a document it has just posted"""
    pool = Pool()
    Model = pool.get(model_name)
    if not values:
        return
    transaction = Transaction()
    cursor = transaction.connection.cursor()
    table = Model.__table__()
    field = Model._fields[name]
    ids = list(values)
    columns = [Column(table, name), table.write_uid, table.write_date]
    if backend.name == 'postgresql':
        # UPDATE … FROM (VALUES (id, value), …): a statement a thousand
        for sub in grouped_slice(ids, 1000):
            rows = Values([[i, field.sql_format(values[i])] for i in sub])
            cursor.execute(*table.update(columns,
                    [rows.column2, transaction.user, CurrentTimestamp()],
                    from_=[rows], where=table.id == rows.column1))
    else:
        query, _ = tuple(table.update(columns,
                [None, transaction.user, CurrentTimestamp()],
                where=table.id == 0))
        cursor.executemany(query, [[field.sql_format(values[i]),
                    transaction.user, i] for i in ids])
    Model._insert_history(ids)
    transaction.counter += 1
    for cache in transaction.cache.values():
        if model_name in cache:
            cache[model_name].clear()


def post_moves(moves):
    """Insert posted moves; return their ids in order.

    `moves` are dicts of the fields of a move (company, journal, date,
    origin, description) with its `lines`: dicts of account, party, debit,
    credit and optionally description, origin, maturity_date and
    `tax_lines` (dicts of type, tax and amount).

    Checked for all the moves together, as Tryton checks a move it posts:
    the period is open at the date, the journal's period is not closed,
    each account has a type, is not closed, belongs to the company and is
    valid at the date, a party is set exactly on the accounts that require
    one, a line is a debit or a credit, each move balances. The moves are
    numbered from their period's sequence, a batch at a time."""
    pool = Pool()
    Account = pool.get('account.account')
    Date = pool.get('ir.date')
    Journal = pool.get('account.journal')
    Line = pool.get('account.move.line')
    Period = pool.get('account.period')
    if not moves:
        return []
    periods = {}
    for move in moves:
        key = (move['company'], move['date'])
        if key not in periods:
            periods[key] = Period.find(move['company'], date=move['date'])
    for journal, period in {(m['journal'], periods[m['company'], m['date']])
            for m in moves}:
        Line.check_journal_period_modify(period, Journal(journal))
    accounts = {a.id: a for a in Account.browse(list(
                {l['account'] for m in moves for l in m['lines']}))}
    rules = {i: account_rules(a) for i, a in accounts.items()}
    for move in moves:
        check_lines(move, rules)
    today = {}
    numbers = defaultdict(list)
    for i, move in enumerate(moves):
        period = periods[move['company'], move['date']]
        numbers[period.move_sequence_used].append(i)
        if move['company'] not in today:
            with Transaction().set_context(company=move['company']):
                today[move['company']] = Date.today()
    number = {}
    for sequence, indexes in numbers.items():
        for sub in grouped_slice(indexes, backend.MAX_QUERY_PARAMS):
            sub = list(sub)
            number.update(zip(sub, sequence.get_many(len(sub))))
    move_ids = insert('account.move', [{
                'company': m['company'],
                'journal': m['journal'],
                'period': periods[m['company'], m['date']].id,
                'date': m['date'],
                'post_date': today[m['company']],
                'number': number[i],
                'origin': m.get('origin'),
                'description': m.get('description'),
                'state': 'posted',
                } for i, m in enumerate(moves)])
    lines = [(move_id, l) for move_id, m in zip(move_ids, moves)
        for l in m['lines']]
    line_ids = insert('account.move.line', [{
                'move': move_id,
                'account': l['account'],
                'party': l.get('party'),
                'debit': l['debit'],
                'credit': l['credit'],
                'description': l.get('description'),
                'origin': l.get('origin'),
                'maturity_date': l.get('maturity_date'),
                'state': 'valid',
                } for move_id, l in lines])
    insert('account.tax.line', [dict(t, move_line=line_id)
            for line_id, (_, l) in zip(line_ids, lines)
            for t in l.get('tax_lines', [])])
    reconcile_zero(line_ids, lines, accounts)
    return move_ids


def post_document_moves(model_name, moves):
    """Post the moves of documents, {document id: move values}, and set
    the move of each document"""
    ids = list(moves)
    set_field(model_name, 'move', dict(zip(ids, post_moves(
                    [moves[i] for i in ids]))))


def check_lines(move, accounts):
    """Raise, as Tryton does, at the first line its account refuses;
    `accounts` are the account_rules of the accounts"""
    description = move.get('description') or str(move.get('origin'))
    balance = ZERO
    for line in move['lines']:
        usable, company, start, end, party_required, account = accounts[
            line['account']]
        if not usable:
            raise AccessError(gettext('account.msg_line_closed_account',
                    account=account.rec_name))
        if (company != move['company'] or (start and start > move['date'])
                or (end and end < move['date'])):
            raise AccessError(gettext('account_ru.msg_line_account_invalid',
                    account=account.rec_name, move=description,
                    date=move['date']))
        if bool(line.get('party')) != party_required:
            error = 'party_set' if line.get('party') else 'party_required'
            raise AccessError(gettext(f'account.msg_line_{error}',
                    account=account.rec_name, line=description))
        if line['debit'] < 0 or line['credit'] < 0 or (
                line['debit'] and line['credit']):
            raise PostError(gettext('account_ru.msg_line_debit_credit',
                    move=description))
        balance += line['debit'] - line['credit']
    if balance:
        raise PostError(gettext('account.msg_post_unbalanced_move',
                move=description))


def account_rules(account):
    "What check_lines checks of an account, read once"
    return (bool(account.type and not account.closed), account.company.id,
        account.start_date, account.end_date, bool(account.party_required),
        account)


def reconcile_zero(line_ids, lines, accounts):
    "Reconcile the lines of nothing on reconcilable accounts, as post does"
    Line = Pool().get('account.move.line')
    zero = [(accounts[l['account']], l.get('party'), i)
        for i, (_, l) in zip(line_ids, lines)
        if not l['debit'] and not l['credit']
        and accounts[l['account']].reconcile]
    groups = defaultdict(list)
    for account, party, line_id in zero:
        groups[account.id, party].append(line_id)
    if groups:
        Line.reconcile(*[Line.browse(g) for g in groups.values()])
