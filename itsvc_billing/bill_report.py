# This file is part of itsvc.
"""Print form of the bill (счёт на оплату), HTML template to PDF."""
from collections import defaultdict

from trytond.pool import Pool
from trytond.report import Report

from party_ru.amount import amount_in_words
from party_ru.formatting import money

from .pricing import ZERO


def unit(product):
    "The unit printed on bills and acts: a service is «усл.», a system «шт»"
    return 'усл.' if product and product.type == 'service' else 'шт'


class BillReport(Report):
    __name__ = 'itsvc.bill'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['amount_in_words'] = amount_in_words
        context['bank_account'] = cls.bank_account
        context['tax_lines'] = cls.tax_lines
        context['money'] = money
        context['unit'] = unit
        return context

    @staticmethod
    def bank_account(company):
        "The company's first bank account number and its bank"
        Number = Pool().get('bank.account.number')
        numbers = Number.search([
                ('account.owners', '=', company.party.id),
                ], limit=1)
        if numbers:
            return numbers[0], numbers[0].account.bank

    @staticmethod
    def tax_lines(bill):
        "[(tax description, amount)] of the bill, «Без налога (НДС)» if none"
        taxes = defaultdict(lambda: ZERO)
        for line in bill.lines:
            for tax in line.taxes:
                taxes[tax.description or tax.name] += line.tax_amount
        return sorted(taxes.items())


class ActReport(Report):
    "Акт (ч.2 ст.9 402-ФЗ) of a month closing: a posted customer invoice"
    __name__ = 'itsvc.act'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['amount_in_words'] = amount_in_words
        context['money'] = money
        context['unit'] = unit
        return context
