# This file is part of account_ru.
from trytond.pool import PoolMeta


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    def _customer_payment_reference_number_alnum(self, source):
        # The creditor reference (ISO 11649) takes Latin letters and
        # digits only: an invoice numbered in Cyrillic («АКТ-2026-…») has
        # none, instead of failing the form that shows it.
        number = super()._customer_payment_reference_number_alnum(source)
        if number and number.isascii():
            return number
