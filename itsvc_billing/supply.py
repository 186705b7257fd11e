# This file is part of itsvc.
"""Supply bills: systems of contract lines and of amendment additions."""
from trytond.i18n import gettext
from trytond.model import ModelView
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval

from .bill import product_taxes, tax_amounts
from .exceptions import BillError
from .pricing import DiscountBook, PriceBook, price_and_discount, round_money


class Contract(metaclass=PoolMeta):
    __name__ = 'itsvc.contract'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'bill_supply': {
                    'invisible': ((Eval('state') != 'registered')
                        | (Eval('type') == 'maintenance')),
                    'icon': 'tryton-forward',
                    'depends': ['state', 'type'],
                    },
                })

    def supply_origins(self):
        "Contract lines and registered amendment additions to supply"
        origins = list(self.lines)
        for amendment in self.amendments:
            if amendment.state == 'registered':
                origins.extend(
                    l for l in amendment.lines if l.action == 'add')
        return origins

    @classmethod
    @ModelView.button
    def bill_supply(cls, contracts):
        cls.create_supply_bills(contracts)

    @classmethod
    def create_supply_bills(cls, contracts):
        "Bill the systems not billed yet, at the supply prices of their date"
        pool = Pool()
        Bill = pool.get('itsvc.bill')
        Line = pool.get('itsvc.bill.line')
        Configuration = pool.get('itsvc.configuration')
        Date = pool.get('ir.date')
        today = Date.today()
        config = Configuration(1)
        bills = []
        for contract in contracts:
            if contract.type == 'maintenance':
                continue
            origins = contract.supply_origins()
            billed = {str(l.origin) for l in Line.search([
                        ('origin', 'in', [str(o) for o in origins]),
                        ('bill.state', '!=', 'cancelled'),
                        ])}
            prices = PriceBook(contract.company, 'retail', 'supply')
            discounts = DiscountBook(
                contract.company, config.discount_combination)
            lines = []
            group = contract.party.client_group
            for origin in origins:
                if str(origin) in billed:
                    continue
                date = getattr(origin, 'amendment', None)
                date = date.effective_date if date else contract.date
                base, discount, rule, _ = price_and_discount(
                    prices, discounts, date, 'supply', origin.product.id,
                    group.id if group else None, contract.party.id,
                    contract.id)
                if base is None:
                    raise BillError(gettext(
                            'itsvc_billing.msg_supply_no_price',
                            product=origin.product.rec_name,
                            contract=contract.rec_name))
                taxes = product_taxes(origin.product)
                unit_price = round_money(base * (1 - discount))
                amount = round_money(unit_price * origin.quantity)
                tax = tax_amounts(taxes, amount, today)
                lines.append({
                        'kind': 'supply',
                        'contract': contract.id,
                        'origin': str(origin),
                        'product': origin.product.id,
                        'description': origin.product.rec_name,
                        'quantity': origin.quantity,
                        'base_price': base,
                        'discount': discount,
                        'discount_rule': str(rule) if rule else None,
                        'unit_price': unit_price,
                        'amount': amount,
                        'taxes': [('add', [t.id for t in taxes])],
                        'tax_amount': tax,
                        'total_amount': amount + tax,
                        })
            if lines:
                bills.append({
                        'company': contract.company.id,
                        'kind': 'supply',
                        'party': contract.party.id,
                        'contract': contract.id,
                        'date': today,
                        'due_date': Bill.due_date_for(today),
                        'currency': contract.company.currency.id,
                        'lines': [('create', lines)],
                        })
        bills = Bill.create(bills)
        Bill.issue(bills)
        return bills
