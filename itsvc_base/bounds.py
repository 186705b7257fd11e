# This file is part of itsvc.
"""Sane bounds of the values typed by the users: money amounts finite
and within ±10¹², months of the batch jobs between 2000 and a year ahead,
names of a reasonable length."""
import datetime as dt
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool

from .exceptions import BoundsError

MAX_AMOUNT = Decimal(10) ** 12
FIRST_MONTH = dt.date(2000, 1, 1)
MAX_NAME = 500
# the months billed ahead (prepaid contracts bill a few months ahead)
MONTHS_AHEAD = 12


def _field_name(Model, name):
    return Pool().get('ir.model.field').get_name(Model.__name__, name)


def check_amounts(Model, records, field_names=None):
    "Refuse the numeric values that are not finite or beyond ±10¹²"
    names = [n for n, f in Model._fields.items()
        if isinstance(f, fields.Numeric)
        and not isinstance(f, fields.Function)
        and (field_names is None or n in field_names)]
    for record in records:
        for name in names:
            value = getattr(record, name)
            if value is None:
                continue
            if not isinstance(value, Decimal):
                value = Decimal(str(value))
            if not value.is_finite() or abs(value) > MAX_AMOUNT:
                raise BoundsError(gettext('itsvc_base.msg_amount_bounds',
                        field=_field_name(Model, name),
                        record=record.rec_name))


def check_month(Model, records, name, today):
    "Refuse the months before 2000 or more than MONTHS_AHEAD ahead"
    index = today.year * 12 + today.month - 1 + MONTHS_AHEAD
    last = dt.date(index // 12, index % 12 + 1, 1)
    for record in records:
        value = getattr(record, name)
        if value and not (FIRST_MONTH <= value.replace(day=1) <= last):
            raise BoundsError(gettext('itsvc_base.msg_month_bounds',
                    field=_field_name(Model, name),
                    first=FIRST_MONTH.strftime('%m.%Y'),
                    last=last.strftime('%m.%Y')))


def check_lengths(Model, records, names, size=MAX_NAME):
    "Refuse the texts longer than size"
    for record in records:
        for name in names:
            value = getattr(record, name)
            if value and len(value) > size:
                raise BoundsError(gettext('itsvc_base.msg_text_bounds',
                        field=_field_name(Model, name), size=size))


class AmountBoundsMixin:
    "The stored numeric fields of the model are bounded"
    __slots__ = ()

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        check_amounts(cls, records, field_names)
