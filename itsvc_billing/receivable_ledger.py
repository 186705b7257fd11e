# This file is part of itsvc.
"""Receivables by client with aging, from the ledger: the open receivable
lines (acts) less the client's credits (payments), oldest due first."""
import datetime as dt

from sql import Literal, Null, Union, Window
from sql.aggregate import Min, Sum
from sql.conditionals import Case, Coalesce

from trytond.pool import Pool
from trytond.transaction import Transaction

from .receivable import BUCKETS, Receivable


class ReceivableLedger(Receivable):
    "What a client owes at a date in the ledger, by age"
    __name__ = 'itsvc.receivable.ledger'

    @classmethod
    def table_query(cls):
        pool = Pool()
        Line = pool.get('account.move.line')
        Move = pool.get('account.move')
        Account = pool.get('account.account')
        AccountType = pool.get('account.account.type')
        Reconciliation = pool.get('account.move.reconciliation')
        Party = pool.get('party.party')
        line = Line.__table__()
        move = Move.__table__()
        account = Account.__table__()
        type_ = AccountType.__table__()
        reconciliation = Reconciliation.__table__()
        party = Party.__table__()
        date = cls._date()

        receivable = account.join(type_,
            condition=account.type == type_.id
            ).select(account.id, where=type_.receivable == Literal(True))
        where = (line.account.in_(receivable)
            & (move.state == 'posted') & (move.date <= date)
            & (line.party != Null))
        company = Transaction().context.get('company')
        if company:
            where &= move.company == company

        def lines(query, where):
            return query.select(
                line.id.as_('id'),
                move.company.as_('company'),
                line.party.as_('party'),
                (line.debit - line.credit).as_('amount'),
                Coalesce(line.maturity_date, move.date).as_('maturity'),
                where=where)
        # not reconciled (a partial index), or reconciled after the date
        open_lines = Union(
            lines(line.join(move, condition=line.move == move.id),
                where & (line.reconciliation == Null)),
            lines(line.join(move, condition=line.move == move.id
                    ).join(reconciliation,
                    condition=line.reconciliation == reconciliation.id),
                where & (reconciliation.date > date)),
            all_=True)

        # the credits pay the debits oldest due first (FIFO)
        debit = open_lines.select(
            open_lines.id, open_lines.company, open_lines.party,
            open_lines.amount, open_lines.maturity,
            Sum(open_lines.amount, window=Window(
                    [open_lines.company, open_lines.party],
                    order_by=[open_lines.maturity.asc, open_lines.id.asc])
                ).as_('cumulated'),
            where=open_lines.amount > 0)
        credit = open_lines.select(
            open_lines.company, open_lines.party,
            Sum(-open_lines.amount).as_('amount'),
            where=open_lines.amount < 0,
            group_by=[open_lines.company, open_lines.party])
        paid = Coalesce(credit.amount, 0)
        due = Case(
            (debit.cumulated <= paid, 0),
            (debit.cumulated - debit.amount >= paid, debit.amount),
            else_=debit.cumulated - paid)
        columns = []
        for name, first, last in BUCKETS:
            condition = Literal(True)
            if first is not None:
                condition &= debit.maturity <= date - dt.timedelta(
                    days=first)
            if last is not None:
                condition &= debit.maturity >= date - dt.timedelta(days=last)
            columns.append(Sum(Case((condition, due), else_=0)).as_(name))
        return (debit
            .join(credit, 'LEFT', condition=(credit.company == debit.company)
                & (credit.party == debit.party))
            .join(party, condition=debit.party == party.id)
            .select(
                Min(debit.id).as_('id'),
                debit.company.as_('company'),
                debit.party.as_('party'),
                party.client_group.as_('client_group'),
                Sum(due).as_('amount'),
                *columns,
                group_by=[debit.company, debit.party, party.client_group],
                having=Sum(due) != 0))
