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


def differences_from_tryton(database, invoice_ids):
    """The acts whose taxes or move differ from those Tryton computes for
    them (Invoice._get_taxes, Invoice.get_move): [(act number, what)]"""
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    def taxes(tax_lines):
        return sorted((t.tax.id, t.account.id, t.base, t.amount)
            for t in tax_lines)

    def lines(move_lines):
        # the lines get_move builds leave unset what they do not fill
        def get(line, name):
            return getattr(line, name, None)
        return sorted((l.account.id, get(l, 'party') and l.party.id,
                l.debit, l.credit, get(l, 'maturity_date'),
                get(l, 'description'), str(get(l, 'origin') or ''),
                sorted((t.type, t.tax.id, t.amount)
                    for t in get(l, 'tax_lines') or []))
            for l in move_lines)

    result = []
    with Transaction().start(database, 0, readonly=True,
            context={'_skip_warnings': True}):
        Invoice = Pool().get('account.invoice')
        for invoice in Invoice.browse(invoice_ids):
            with Transaction().set_context(company=invoice.company.id):
                if taxes(invoice.taxes) != taxes(
                        invoice._get_taxes().values()):
                    result.append((invoice.number, 'taxes'))
                posted = invoice.move
                invoice.move = None
                move = invoice.get_move()
                if ((posted.journal, posted.period, posted.date,
                            posted.origin, posted.company)
                        != (move.journal, move.period, move.date,
                            move.origin, move.company)
                        or lines(posted.lines) != lines(move.lines)):
                    result.append((invoice.number, 'move'))
    return result


def invariant(year, month, acts=False, config=None):
    """What breaks the invariants of billing after the run of the month
    (and its closing when acts): [] when they hold (itsvc_billing.invariant)
    """
    import datetime as dt

    from trytond.pool import Pool
    from trytond.transaction import Transaction

    from itsvc_billing.invariant import check_acts, check_billing, check_rerun

    config = config or pconfig.get_config()
    month = dt.date(year, month, 1)
    with Transaction().start(config.database_name, 0, readonly=True):
        Company = Pool().get('company.company')
        company, = Company.search([])
        with Transaction().set_context(company=company.id):
            result = check_billing(company, month)
            result += [('rerun', c.installation, c.month, c.amount)
                for c in check_rerun(company, month)]
            if acts:
                result += check_acts(company, month)
    return result
