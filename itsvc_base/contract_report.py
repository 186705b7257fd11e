# This file is part of itsvc.
"""Print forms of the contract and of its amendments (supplementary
agreements), HTML templates to PDF."""
from decimal import Decimal

from trytond.pool import Pool
from trytond.report import Report

from party_ru.amount import amount_in_words
from party_ru.formatting import date_words, money, one_line_address

SUBJECTS = {
    'supply': "поставка программного обеспечения",
    'maintenance': "сопровождение программного обеспечения",
    'supply_maintenance': (
        "поставка и сопровождение программного обеспечения"),
    }

ACTIONS = {
    'add': "Включить систему",
    'exclude': "Исключить из сопровождения",
    'resume': "Возобновить сопровождение",
    'switch': "Перевести на другую версию",
    'move': "Перенести в другое место обслуживания",
    }


def bank_details(party):
    "«р/с 40702… в АО «Альфа-Банк», БИК …, к/с …» of the first account"
    Number = Pool().get('bank.account.number')
    numbers = Number.search([
            ('account.owners', '=', party.id),
            ], limit=1)
    if not numbers:
        return ''
    number = numbers[0]
    bank = number.account.bank
    text = f'р/с {number.number}'
    if bank:
        text += f' в {bank.party.name}'
        if getattr(bank, 'bik', None):
            text += f', БИК {bank.bik}'
        if getattr(bank, 'correspondent_account', None):
            text += f', к/с {bank.correspondent_account}'
    return text


class PriceMixin:
    "Prices of the systems in the forms"

    @classmethod
    def line_prices(cls, record, lines):
        """{line: (monthly amount without VAT, VAT amount, VAT label)} of
        the lines at the document's date; empty when prices are not known
        here (the billing module gives them)"""
        return {}

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context.update({
                'amount_in_words': amount_in_words,
                'money': money,
                'date_words': date_words,
                'address': one_line_address,
                'bank_details': bank_details,
                'subjects': SUBJECTS,
                'actions': ACTIONS,
                'line_prices': cls.line_prices,
                'totals': cls.totals,
                })
        return context

    @staticmethod
    def totals(prices):
        "(amount without VAT, VAT, total, VAT labels) of line_prices"
        untaxed = sum((p[0] for p in prices.values()), Decimal(0))
        tax = sum((p[1] for p in prices.values()), Decimal(0))
        labels = sorted({p[2] for p in prices.values() if p[1]})
        return untaxed, tax, untaxed + tax, labels


class ContractReport(PriceMixin, Report):
    "Договор"
    __name__ = 'itsvc.contract'


class AmendmentReport(PriceMixin, Report):
    "Дополнительное соглашение"
    __name__ = 'itsvc.contract.amendment'
