# This file is part of account_ru.
"""Print forms of a posted customer invoice: the VAT invoice (счёт-фактура,
п.5–6 ст.169 НК РФ, form of Постановление Правительства РФ от 26.12.2011
№ 1137 as amended, with line 5б of Постановление от 23.01.2026 № 26) and
the universal transfer document (УПД, письмо ФНС России от 21.10.2013
№ ММВ-20-3/96@): status 1 (VAT invoice and transfer document) and status 2
(transfer document only)."""
from collections import defaultdict
from decimal import Decimal

from trytond.pool import Pool
from trytond.report import Report

from party_ru.amount import amount_in_words
from party_ru.formatting import (
    date_ru, date_words, money, one_line_address, quantity)

ZERO = Decimal(0)
NONE = '--'

# unit of measure symbol → (ОКЕИ code, Russian name)
OKEI = {
    'u': ('796', 'шт'),
    'h': ('356', 'ч'),
    'd': ('359', 'сут'),
    'kg': ('166', 'кг'),
    'g': ('163', 'г'),
    't': ('168', 'т'),
    'm': ('006', 'м'),
    'km': ('008', 'км'),
    'm²': ('055', 'м²'),
    'm³': ('113', 'м³'),
    'l': ('112', 'л'),
    }

def inn(party):
    "ИНН: the party's identifier of type ru_vat"
    if not party:
        return ''
    return next((i.code for i in party.identifiers if i.type == 'ru_vat'),
        '')


def kpp(party):
    "КПП of the party (party_ru)"
    return (party.kpp or '') if party else ''


def inn_kpp(party):
    "7708123450/770801001"
    return '/'.join(filter(None, [inn(party), kpp(party)])) or NONE


def address(party, address=None):
    "The full address on one line, «--» when there is none"
    return one_line_address(party, address) or NONE


def unit(line):
    "(ОКЕИ code, name) of the line's unit"
    if not line.unit:
        return (NONE, NONE)
    return OKEI.get(line.unit.symbol, (NONE, line.unit.symbol))


def currency_name(currency):
    "Российский рубль, 643"
    if currency.code == 'RUB':
        return f'Российский рубль, {currency.numeric_code or "643"}'
    return ', '.join(filter(None, [currency.name, currency.numeric_code]))


def rate(tax):
    "22% or 22/122 or без НДС"
    if tax is None or tax.rate is None:
        return 'без НДС'
    value = (tax.rate * 100).normalize()
    return f'{value:f}'.replace('.', ',') + '%'


class InvoiceLines:
    "The goods lines of an invoice with the tax of each line"

    def __init__(self, invoice):
        pool = Pool()
        Tax = pool.get('account.tax')
        self.invoice = invoice
        self.lines = [l for l in invoice.lines if l.type == 'line']
        currency = invoice.currency
        self.tax = {}
        self.vat_tax = {}
        by_tax = defaultdict(list)
        date = invoice.tax_date or invoice.invoice_date
        for line in self.lines:
            taxes = Tax.compute(
                list(line.taxes), line.unit_price, line.quantity, date)
            amount = sum((t['amount'] for t in taxes), ZERO)
            self.tax[line] = currency.round(amount)
            self.vat_tax[line] = line.taxes[0] if line.taxes else None
            for tax in line.taxes:
                by_tax[tax.id].append(line)
        # line taxes add up to the invoice taxes, kopeck to the largest line
        for invoice_tax in invoice.taxes:
            lines = by_tax.get(invoice_tax.tax.id if invoice_tax.tax else None)
            if not lines or len(lines[0].taxes) != 1:
                continue
            difference = invoice_tax.amount - sum(
                self.tax[l] for l in lines)
            if difference:
                largest = max(lines, key=lambda l: abs(l.amount))
                self.tax[largest] += difference

    def __iter__(self):
        return iter(self.lines)

    def __len__(self):
        return len(self.lines)

    def total(self, line):
        return line.amount + self.tax[line]

    def taxed(self, line):
        "Whether the line bears a VAT rate (0 % included)"
        tax = self.vat_tax[line]
        return bool(tax and tax.rate is not None)

    def tax_text(self, line):
        "Column 8: the tax amount or «без НДС»"
        return money(self.tax[line]) if self.taxed(line) else 'без НДС'

    @property
    def exempt(self):
        "No line bears VAT"
        return not any(self.taxed(l) for l in self.lines)

    @property
    def services_only(self):
        return all(
            not l.product or l.product.type == 'service' for l in self.lines)


class InvoiceReport(Report):
    "Common context of the VAT invoice and the УПД"

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context.update({
                'amount_in_words': amount_in_words,
                'money': money,
                'quantity': quantity,
                'date_ru': date_ru,
                'date_words': date_words,
                'inn': inn,
                'kpp': kpp,
                'inn_kpp': inn_kpp,
                'address': address,
                'unit': unit,
                'currency_name': currency_name,
                'rate': rate,
                'invoice_lines': InvoiceLines,
                'advance_invoices': cls.advance_invoices,
                'payment_documents': cls.payment_documents,
                'NONE': NONE,
                'status': getattr(cls, 'status', None),
                })
        return context

    @classmethod
    def offset_advances(cls, invoice):
        "The advances whose VAT the invoice offsets, in date order"
        pool = Pool()
        Offset = pool.get('account.advance.vat.offset')
        offsets = Offset.search([
                ('origin', '=', str(invoice)),
                ], order=[('date', 'ASC'), ('id', 'ASC')])
        advances = []
        for offset in offsets:
            if offset.advance not in advances:
                advances.append(offset.advance)
        return sorted(advances, key=lambda a: (a.date, a.id))

    @classmethod
    def advance_invoices(cls, invoice):
        """Line 5б: «№ А-1 от 02.02.2026; № А-7 от 03.03.2026» — the VAT
        invoices on the advances offset by this shipment, or «--»"""
        advances = cls.offset_advances(invoice)
        return '; '.join(
            f'№ {a.number or a.id} от {date_ru(a.date)}'
            for a in advances) or NONE

    @classmethod
    def payment_documents(cls, invoice):
        "Line 5: the payment documents of the advances offset, or «--»"
        advances = cls.offset_advances(invoice)
        return '; '.join(dict.fromkeys(
                a.description for a in advances if a.description)) or NONE


class VatInvoiceReport(InvoiceReport):
    "Счёт-фактура"
    __name__ = 'account_ru.vat_invoice'


class UpdReport(InvoiceReport):
    "УПД, status 1: VAT invoice and transfer document"
    __name__ = 'account_ru.upd'
    status = 1


class UpdTransferReport(InvoiceReport):
    "УПД, status 2: transfer document only"
    __name__ = 'account_ru.upd_transfer'
    status = 2
