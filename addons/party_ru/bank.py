# This file is part of itsvc.
from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.exceptions import ValidationError
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from .identifiers import (
    bik_valid, correspondent_account_valid, settlement_account_valid)


class BankValidationError(ValidationError):
    pass


class Bank(metaclass=PoolMeta):
    __name__ = 'bank'

    bik = fields.Char("BIK", size=9,
        help="Russian bank identification code (БИК), 9 digits.")
    correspondent_account = fields.Char("Correspondent Account", size=20,
        states={'required': Eval('bik', False)},
        help="The bank's correspondent account at the Bank of Russia.")

    @classmethod
    def validate_fields(cls, banks, field_names):
        super().validate_fields(banks, field_names)
        if field_names and not (
                field_names & {'bik', 'correspondent_account'}):
            return
        for bank in banks:
            if bank.bik and not bik_valid(bank.bik):
                raise BankValidationError(gettext(
                        'party_ru.msg_bik_invalid', bik=bank.bik))
            if bank.bik and bank.correspondent_account and not (
                    correspondent_account_valid(
                        bank.correspondent_account, bank.bik)):
                raise BankValidationError(gettext(
                        'party_ru.msg_correspondent_account_invalid',
                        account=bank.correspondent_account, bik=bank.bik))


class AccountNumber(metaclass=PoolMeta):
    __name__ = 'bank.account.number'

    @classmethod
    def validate_fields(cls, numbers, field_names):
        super().validate_fields(numbers, field_names)
        for number in numbers:
            bank = number.account.bank
            code = (number.number or '').replace(' ', '')
            if (bank and bank.bik and code.isdigit() and len(code) == 20
                    and not settlement_account_valid(code, bank.bik)):
                raise BankValidationError(gettext(
                        'party_ru.msg_settlement_account_invalid',
                        account=code, bik=bank.bik))
