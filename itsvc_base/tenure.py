# This file is part of itsvc.
"""Maintained periods and tenure (domain.md §4, §5.4), on plain values.

The billing run calls these functions over thousands of installations read
in one query, so they take tuples, not records.
"""
import calendar
import datetime as dt


def add_months(date, months):
    "The same day `months` later, clipped to the end of the month"
    month = date.month - 1 + months
    year = date.year + month // 12
    month = month % 12 + 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def month_bounds(year, month):
    "First and last day of the month"
    return (dt.date(year, month, 1),
        dt.date(year, month, calendar.monthrange(year, month)[1]))


def tenure_start(periods, date, gap_months):
    """The start of the tenure in force at date.

    periods: (start, end) pairs, end None when open; only those starting on
    or before date count. The tenure starts with the first maintained day;
    a switch or a move (adjacent periods) keeps it; a gap longer than
    gap_months restarts it at the resumption.
    """
    start = previous_end = None
    for period_start, period_end in sorted(periods):
        if period_start > date:
            break
        if start is None:
            start = period_start
        elif previous_end is not None and period_start > add_months(
                previous_end + dt.timedelta(days=1), gap_months):
            start = period_start
        previous_end = period_end
        if period_end is None:
            break
    return start


def whole_years(start, date):
    "Whole years from start to date, 0 when date is before start"
    if start is None or date < start:
        return 0
    return date.year - start.year - (
        (date.month, date.day) < (start.month, start.day))


def maintenance_year(periods, year, month, gap_months):
    """Maintenance year at a month: 1 + whole years from the tenure start
    to the first day of the month (a period starting within the month
    counts from its own start)."""
    first, last = month_bounds(year, month)
    start = tenure_start(periods, last, gap_months)
    return 1 + whole_years(start, first)


def active_days(periods, first, last):
    "Days of [first, last] inside the periods"
    days = 0
    for start, end in periods:
        start = max(start, first)
        end = min(end or last, last)
        if end >= start:
            days += (end - start).days + 1
    return days
