# This file is part of itsvc.
"""Приходный кассовый ордер (форма КО-1, ОКУД 0310001, Постановление
Госкомстата России от 18.08.1998 № 88) of a cash payment, with its
tear-off receipt."""
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from trytond.pool import Pool
from trytond.report import Report

from party_ru.amount import amount_in_words
from party_ru.formatting import date_words, money

from .pricing import ZERO

KOPECK = Decimal('0.01')


class CashOrderReport(Report):
    "КО-1 of the cash receipt orders (payments of kind cash_order)"
    __name__ = 'itsvc.payment.cash_order'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['amount_in_words'] = amount_in_words
        context['money'] = money
        context['date_words'] = date_words
        context['vat_lines'] = cls.vat_lines
        context['accounts'] = cls.accounts
        return context

    @staticmethod
    def vat_lines(payment):
        """[(rate text, VAT)] included in the payment: the VAT of the bill
        lines it pays in proportion; the advance part at the rate of the
        named bill. [] when no VAT"""
        shares = []  # (amount paid, line)
        for allocation in payment.allocations:
            shares.append((allocation.amount, allocation.line))
        rest = payment.amount - sum((a for a, _ in shares), ZERO)
        if rest > 0 and payment.bill and payment.bill.lines:
            lines = payment.bill.lines
            total = sum((l.total_amount for l in lines), ZERO)
            for line in lines:
                if total:
                    shares.append((rest * line.total_amount / total, line))
        vat = defaultdict(lambda: ZERO)
        for amount, line in shares:
            if not line.total_amount or not line.tax_amount:
                continue
            rates = [t for t in line.taxes if t.rate]
            label = (rates[0].description or rates[0].name) if rates else ''
            vat[label] += amount * line.tax_amount / line.total_amount
        return sorted((label, value.quantize(KOPECK, ROUND_HALF_UP))
            for label, value in vat.items() if value)

    @staticmethod
    def accounts(payment):
        "(debit, credit) account codes: cash (50.01) and the client (62.01)"
        pool = Pool()
        Configuration = pool.get('itsvc.configuration')
        config = Configuration(1)
        cash = getattr(config, 'cash_account', None)
        debit = cash.code if cash and cash.code else '50.01'
        credit = '62.01'
        if payment.party:
            receivable = payment.party.account_receivable_used
            if receivable and receivable.code:
                credit = receivable.code
        return debit, credit
