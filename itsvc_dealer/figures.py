# This file is part of itsvc.
"""Dealer figures read in a few grouped queries: new clients, maintained
systems and billed revenue per company, and the same in total."""
from sql import Null
from sql.aggregate import Count, Min, Sum
from sql.conditionals import Coalesce

from trytond.pool import Pool
from trytond.transaction import Transaction

from itsvc_base.sql import as_money

NAMES = ['new_clients', 'maintained', 'revenue']


def company_figures(company_ids, start, end):
    """{company id: {name: value}} and the total over the companies,
    each counted by its own query (the total is not a sum in Python)

    new_clients: clients whose first registered contract with the company
    is dated in [start, end]; maintained: installations with a maintained
    period covering end; revenue: untaxed amount of the issued bills dated
    in [start, end]."""
    pool = Pool()
    Contract = pool.get('itsvc.contract')
    Installation = pool.get('itsvc.installation')
    Period = pool.get('itsvc.installation.period')
    Bill = pool.get('itsvc.bill')
    contract = Contract.__table__()
    installation = Installation.__table__()
    period = Period.__table__()
    bill = Bill.__table__()
    cursor = Transaction().connection.cursor()
    ids = list(company_ids) or [-1]
    result = {i: {'new_clients': 0, 'maintained': 0,
            'revenue': as_money(None)} for i in company_ids}
    total = {}

    first = contract.select(contract.company, contract.party,
        Min(contract.date).as_('first'),
        where=contract.company.in_(ids)
        & contract.state.in_(['registered', 'terminated']),
        group_by=[contract.company, contract.party])
    in_range = (first.first >= start) & (first.first <= end)
    cursor.execute(*first.select(first.company, Count(first.party),
            where=in_range, group_by=[first.company]))
    for company, count in cursor:
        result[company]['new_clients'] = count
    cursor.execute(*first.select(Count(first.party), where=in_range))
    total['new_clients'] = cursor.fetchone()[0]

    query = installation.join(period,
        condition=period.installation == installation.id)
    where = (installation.company.in_(ids)
        & (period.start_date <= end)
        & ((period.end_date == Null) | (period.end_date >= end))
        & ((installation.transferred_date == Null)
            | (installation.transferred_date > end)))
    cursor.execute(*query.select(installation.company,
            Count(installation.id, distinct=True),
            where=where, group_by=[installation.company]))
    for company, count in cursor:
        result[company]['maintained'] = count
    cursor.execute(*query.select(
            Count(installation.id, distinct=True), where=where))
    total['maintained'] = cursor.fetchone()[0]

    where = (bill.company.in_(ids) & (bill.state == 'issued')
        & (bill.date >= start) & (bill.date <= end))
    cursor.execute(*bill.select(bill.company,
            Sum(Coalesce(bill.untaxed_amount, 0)),
            where=where, group_by=[bill.company]))
    for company, amount in cursor:
        result[company]['revenue'] = as_money(amount)
    cursor.execute(*bill.select(
            Sum(Coalesce(bill.untaxed_amount, 0)), where=where))
    total['revenue'] = as_money(cursor.fetchone()[0])
    return result, total
