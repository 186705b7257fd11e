# This file is part of itsvc.
"""Actuals of the staff plans, each a grouped query over a set of
employees and one period: {employee id: value}."""
from decimal import ROUND_HALF_EVEN, Decimal
from functools import partial

from sql import Cast, Literal, Null
from sql.aggregate import Count, Sum
from sql.conditionals import Coalesce
from sql.operators import Concat, Exists

from trytond import backend
from trytond.pool import Pool
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction

from itsvc_base.sql import as_money

REGISTERED = ['registered', 'terminated']


def _reference(model, table, field):
    "model,id of the table's rows, as a Reference column stores them"
    return Concat(Literal(model + ','),
        Cast(table.id, field.sql_type().base))


# sums come back as floats on SQLite; the plans round half even
_amount = partial(as_money, rounding=ROUND_HALF_EVEN)


def _count(value):
    return Decimal(value or 0)


def _execute(query_for, employee_ids, convert=_count):
    cursor = Transaction().connection.cursor()
    result = {}
    for sub_ids in grouped_slice(employee_ids, backend.MAX_QUERY_PARAMS):
        cursor.execute(*query_for(list(sub_ids)))
        for employee, value in cursor:
            result[employee] = convert(value)
    return result


def new_sales(company, employee_ids, start, end):
    """Untaxed supply of issued bills, credited to the contract's sales
    manager, dated by the contract (or the amendment adding the system)"""
    pool = Pool()
    BillLine = pool.get('itsvc.bill.line')
    Bill = pool.get('itsvc.bill')
    Contract = pool.get('itsvc.contract')
    AmendmentLine = pool.get('itsvc.contract.amendment.line')
    Amendment = pool.get('itsvc.contract.amendment')
    line = BillLine.__table__()
    bill = Bill.__table__()
    contract = Contract.__table__()
    amendment_line = AmendmentLine.__table__()
    amendment = Amendment.__table__()
    sale_date = Coalesce(amendment.effective_date, contract.date)

    def query(ids):
        return (line
            .join(bill, condition=line.bill == bill.id)
            .join(contract, condition=line.contract == contract.id)
            .join(amendment_line, 'LEFT', condition=line.origin
                == _reference('itsvc.contract.amendment.line',
                    amendment_line, BillLine.origin))
            .join(amendment, 'LEFT',
                condition=amendment_line.amendment == amendment.id)
            .select(contract.salesman, Sum(line.amount),
                where=(line.kind == 'supply')
                & (bill.state == 'issued')
                & (bill.company == company.id)
                & reduce_ids(contract.salesman, ids)
                & (sale_date >= start) & (sale_date <= end),
                group_by=[contract.salesman]))
    return _execute(query, employee_ids, _amount)


def maintenance_revenue(company, employee_ids, start, end):
    """Untaxed maintenance (and adjustments) of the acts of the period,
    credited to the specialist of the installation's service point"""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    InvoiceLine = pool.get('account.invoice.line')
    BillLine = pool.get('itsvc.bill.line')
    Installation = pool.get('itsvc.installation')
    ServicePoint = pool.get('itsvc.service_point')
    invoice = Invoice.__table__()
    invoice_line = InvoiceLine.__table__()
    bill_line = BillLine.__table__()
    installation = Installation.__table__()
    point = ServicePoint.__table__()

    def query(ids):
        return (invoice_line
            .join(invoice, condition=invoice_line.invoice == invoice.id)
            .join(bill_line, condition=invoice_line.origin
                == _reference('itsvc.bill.line', bill_line,
                    InvoiceLine.origin))
            .join(installation,
                condition=bill_line.installation == installation.id)
            .join(point, condition=installation.service_point == point.id)
            .select(point.specialist,
                Sum(invoice_line.quantity * invoice_line.unit_price),
                where=(invoice.type == 'out')
                & invoice.state.in_(['posted', 'paid'])
                & (invoice.company == company.id)
                & (invoice.itsvc_closing != Null)
                & (invoice.invoice_date >= start)
                & (invoice.invoice_date <= end)
                & bill_line.kind.in_(['maintenance', 'adjustment'])
                & reduce_ids(point.specialist, ids),
                group_by=[point.specialist]))
    return _execute(query, employee_ids, _amount)


def maintained_systems(company, employee_ids, start, end):
    """Installations of the specialist's service points maintained on the
    last day of the period"""
    pool = Pool()
    Installation = pool.get('itsvc.installation')
    Period = pool.get('itsvc.installation.period')
    ServicePoint = pool.get('itsvc.service_point')
    installation = Installation.__table__()
    period = Period.__table__()
    point = ServicePoint.__table__()

    def query(ids):
        covered = Exists(period.select(period.id,
                where=(period.installation == installation.id)
                & (period.start_date <= end)
                & ((period.end_date == Null) | (period.end_date >= end))))
        transferred = ((installation.transferred_date != Null)
            & (installation.transferred_date <= end))
        return (installation
            .join(point, condition=installation.service_point == point.id)
            .select(point.specialist, Count(installation.id),
                where=(installation.company == company.id)
                & covered & ~transferred
                & reduce_ids(point.specialist, ids),
                group_by=[point.specialist]))
    return _execute(query, employee_ids)


def lost_systems(company, employee_ids, start, end):
    """Installations of the specialist whose maintenance ended in the
    period and was not resumed by its end (a switch of version goes on)"""
    pool = Pool()
    Installation = pool.get('itsvc.installation')
    Period = pool.get('itsvc.installation.period')
    ServicePoint = pool.get('itsvc.service_point')
    installation = Installation.__table__()
    period = Period.__table__()
    later = Period.__table__()
    point = ServicePoint.__table__()

    def query(ids):
        resumed = Exists(later.select(later.id,
                where=(later.installation == period.installation)
                & (later.start_date > period.end_date)
                & (later.start_date <= end)))
        return (period
            .join(installation,
                condition=period.installation == installation.id)
            .join(point, condition=installation.service_point == point.id)
            .select(point.specialist, Count(installation.id, distinct=True),
                where=(installation.company == company.id)
                & (period.end_date >= start) & (period.end_date <= end)
                & ~resumed
                & reduce_ids(point.specialist, ids),
                group_by=[point.specialist]))
    return _execute(query, employee_ids)


def new_clients(company, employee_ids, start, end):
    """Clients whose first registered contract is dated in the period,
    credited to the sales manager of that contract"""
    Contract = Pool().get('itsvc.contract')
    contract = Contract.__table__()
    earlier = Contract.__table__()

    def query(ids):
        before = Exists(earlier.select(earlier.id,
                where=(earlier.party == contract.party)
                & (earlier.company == contract.company)
                & earlier.state.in_(REGISTERED)
                & ((earlier.date < contract.date)
                    | ((earlier.date == contract.date)
                        & (earlier.id < contract.id)))))
        return contract.select(contract.salesman,
            Count(contract.party, distinct=True),
            where=(contract.company == company.id)
            & contract.state.in_(REGISTERED)
            & (contract.date >= start) & (contract.date <= end)
            & ~before
            & reduce_ids(contract.salesman, ids),
            group_by=[contract.salesman])
    return _execute(query, employee_ids)


ACTUALS = {
    'new_sales': new_sales,
    'maintenance_revenue': maintenance_revenue,
    'maintained_systems': maintained_systems,
    'lost_systems': lost_systems,
    'new_clients': new_clients,
    }
