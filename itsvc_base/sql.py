# This file is part of itsvc.
"""The values of raw SQL rows as Python wants them, and reads in slices.

The batch jobs and reports read with set-based SQL; the backends give back
their values differently (SQLite returns dates as strings and sums as
floats, PostgreSQL dates and Decimals). Every module converts here."""
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from trytond import backend
from trytond.tools import grouped_slice
from trytond.transaction import Transaction

CENT = Decimal('0.01')


def as_date(value):
    "A date (or None) from a date column or aggregate of any backend"
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def as_decimal(value):
    "A Decimal (or None) from a numeric column, unrounded"
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def as_money(value, rounding=ROUND_HALF_UP):
    """An amount in kopecks from a numeric column or sum: None is zero;
    half up as the bills round, unless rounding says otherwise"""
    if value is None:
        value = 0
    if not isinstance(value, Decimal):
        value = Decimal(str(value))
    return value.quantize(CENT, rounding=rounding)


def fetch_in_slices(query_for, ids, size=None):
    """The rows of query_for(list of ids) over all the ids, a slice of
    at most size (the backend's parameter limit) ids a query"""
    cursor = Transaction().connection.cursor()
    for sub in grouped_slice(ids, size or backend.MAX_QUERY_PARAMS):
        cursor.execute(*query_for(list(sub)))
        yield from cursor.fetchall()
