# This file is part of itsvc.
"""Monthly maintenance prices of the systems in the printed contract and
amendments: the retail price list in force at the document's date with
the client's discounts (loyalty years not counted), VAT of the
maintenance service."""
from decimal import Decimal

from trytond.pool import Pool, PoolMeta

from .pricing import (
    ZERO, DiscountBook, PriceBook, price_and_discount, round_money)


class PricesMixin:

    @classmethod
    def line_prices(cls, record, lines):
        pool = Pool()
        Configuration = pool.get('itsvc.configuration')
        Tax = pool.get('account.tax')
        prices = super().line_prices(record, lines)
        if record.__name__ == 'itsvc.contract':
            contract = record
            date = contract.start_date or contract.date
        else:
            contract = record.contract
            date = record.effective_date
        config = Configuration(1)
        book = PriceBook(contract.company, 'retail', 'maintenance')
        discounts = DiscountBook(contract.company, config.discount_combination)
        party = contract.party
        group = party.client_group.id if party.client_group else None
        for line in lines:
            if getattr(line, 'action', 'add') not in {'add', 'resume'}:
                continue
            system = line.product or (
                line.installation.product
                if getattr(line, 'installation', None) else None)
            service = system.maintenance_product if system else None
            if not service:
                continue
            base, discount, _, _ = price_and_discount(book, discounts, date,
                'maintenance', service.id, group, party.id, contract.id)
            if base is None:
                continue
            quantity = line.quantity or 1
            amount = round_money(base * (1 - discount)) * quantity
            taxes = list(service.customer_taxes_used)
            vat = sum((t['amount'] for t in Tax.compute(
                        taxes, amount, Decimal(1), date)), ZERO)
            labels = [t.description or t.name for t in taxes if t.rate]
            prices[line] = (
                amount, round_money(vat), labels[0] if labels else '')
        return prices


class ContractReport(PricesMixin, metaclass=PoolMeta):
    __name__ = 'itsvc.contract'


class AmendmentReport(PricesMixin, metaclass=PoolMeta):
    __name__ = 'itsvc.contract.amendment'
