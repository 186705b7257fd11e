# This file is part of itsvc.
"""Helpers of the billing scenarios."""
from decimal import Decimal

from proteus import Model
from proteus import config as pconfig

from trytond.modules.account.tests.tools import create_chart, get_accounts


def setup_accounting(config=None):
    "A chart of accounts; VAT 22 % and 10 % taxes"
    config = config or pconfig.get_config()
    Tax = Model.get('account.tax', config=config)
    create_chart(config=config)
    # VAT of each line, as bills and invoices (счёт-фактура) show it
    Configuration = Model.get('account.configuration', config=config)
    configuration = Configuration(1)
    configuration.tax_rounding = 'line'
    configuration.save()
    accounts = get_accounts(config=config)
    taxes = []
    for name, rate in [('НДС 22%', '0.22'), ('НДС 10%', '0.10')]:
        tax = Tax(name=name, description=name, type='percentage',
            rate=Decimal(rate), invoice_account=accounts['tax'],
            credit_note_account=accounts['tax'])
        tax.save()
        taxes.append(tax)
    return taxes


def tax_category(name, taxes, config=None):
    "An accounting product category with these customer taxes"
    config = config or pconfig.get_config()
    Category = Model.get('product.category', config=config)
    accounts = get_accounts(config=config)
    category = Category(name=name, accounting=True,
        account_revenue=accounts['revenue'],
        account_expense=accounts['expense'])
    category.customer_taxes.extend(taxes)
    category.save()
    return category
