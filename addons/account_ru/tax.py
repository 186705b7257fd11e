# This file is part of account_ru.
"""Taxes with an advance account: VAT on advances received is booked
Дт advance account (76.АВ) Кт tax account (68.02) and offset back at
shipment (п.1 ст.154, п.8 ст.171, п.6 ст.172 НК РФ)."""
from fractions import Fraction

from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Bool, Eval


def exact_rate(rate):
    """The exact fraction behind a stored rate: 0.1803278689 → 11/61
    (22/122), 0.0909090909 → 1/11 (10/110), 0.22 → 11/50.

    Rates are stored with 10 decimals; the calculated rates of п.4
    ст.164 НК (22/122, 10/110, 5/105, 7/107, 20/120) are recovered
    exactly by the nearest fraction with a denominator up to 1000."""
    return Fraction(rate).limit_denominator(1000)


class TaxTemplate(metaclass=PoolMeta):
    __name__ = 'account.tax.template'
    advance_account = fields.Many2One(
        'account.account.template', "Advance Account",
        domain=[
            ('type.statement', '=', 'balance'),
            ('closed', '!=', True),
            ],
        help="For VAT on advances received: the account debited when "
        "the tax is charged on an advance (76.АВ).")

    @classmethod
    def create_tax(cls, account_id, company_id, template2account,
            template2tax=None):
        pool = Pool()
        Tax = pool.get('account.tax')
        if template2tax is None:
            template2tax = {}
        super().create_tax(account_id, company_id, template2account,
            template2tax=template2tax)
        templates = cls.search([
                ('account', '=', account_id),
                ('advance_account', '!=', None),
                ])
        values = []
        for template in templates:
            if template.id in template2tax:
                values.append([Tax(template2tax[template.id])])
                values.append({
                        'advance_account': template2account[
                            template.advance_account.id],
                        })
        if values:
            Tax.write(*values)


class Tax(metaclass=PoolMeta):
    __name__ = 'account.tax'
    advance_account = fields.Many2One(
        'account.account', "Advance Account",
        domain=[
            ('company', '=', Eval('company', -1)),
            ('type.statement', '=', 'balance'),
            ('closed', '!=', True),
            ],
        states={
            'readonly': (Bool(Eval('template', -1))
                & ~Eval('template_override', False)),
            },
        help="For VAT on advances received: the account debited when "
        "the tax is charged on an advance (76.АВ).")

    @classmethod
    def update_tax(cls, company_id, template2account, template2tax=None):
        if template2tax is None:
            template2tax = {}
        super().update_tax(company_id, template2account,
            template2tax=template2tax)
        taxes = cls.search([
                ('company', '=', company_id),
                ('template', '!=', None),
                ('template_override', '=', False),
                ])
        values = []
        for tax in taxes:
            template = tax.template.advance_account
            account = (template2account.get(template.id)
                if template else None)
            current = tax.advance_account.id if tax.advance_account else None
            if account != current:
                values.extend([[tax], {'advance_account': account}])
        if values:
            cls.write(*values)

    @property
    def advance_rate(self):
        "The exact rate of the tax as a Fraction"
        return exact_rate(self.rate or 0)
