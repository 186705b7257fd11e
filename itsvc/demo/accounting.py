"""Demo step of the accounting the billing needs: a chart and the VAT.

Until the Russian chart (94н) lands, Tryton's generic chart is used; the
taxes are the Russian ones: VAT 22 % on maintenance services, licences of
registered Russian software without VAT.
"""
import datetime as dt
from decimal import Decimal

YEARS = [2024, 2025, 2026, 2027]


def chart_and_taxes(demo):
    pool = demo.pool
    ModelData = pool.get('ir.model.data')
    Template = pool.get('account.account.template')
    Account = pool.get('account.account')
    Tax = pool.get('account.tax')
    Category = pool.get('product.category')
    Template_ = pool.get('product.template')
    CreateChart = pool.get('account.create_chart', type='wizard')
    company = demo.records['company']

    session_id, _, _ = CreateChart.create()
    wizard = CreateChart(session_id)
    wizard.account.account_template = Template(
        ModelData.get_id('account', 'account_template_root_en'))
    wizard.account.company = company
    wizard.transition_create_account()
    receivable, = Account.search([
            ('type.receivable', '=', True), ('party_required', '=', True),
            ('company', '=', company.id)], limit=1)
    payable, = Account.search([
            ('type.payable', '=', True), ('party_required', '=', True),
            ('company', '=', company.id)], limit=1)
    wizard.properties.company = company
    wizard.properties.account_receivable = receivable
    wizard.properties.account_payable = payable
    wizard.transition_create_properties()
    CreateChart.delete(session_id)

    tax_account, = Account.search([
            ('company', '=', company.id), ('code', '=', '6.3.6')], limit=1)
    revenue, = Account.search([
            ('type.revenue', '=', True), ('closed', '!=', True),
            ('company', '=', company.id)], limit=1)
    expense, = Account.search([
            ('type.expense', '=', True), ('closed', '!=', True),
            ('company', '=', company.id)], limit=1)
    vat22, vat10 = Tax.create([{
                'name': f'НДС {rate}%',
                'description': f'НДС {rate}%',
                'company': company.id,
                'type': 'percentage',
                'rate': Decimal(rate) / 100,
                'invoice_account': tax_account.id,
                'credit_note_account': tax_account.id,
                } for rate in (22, 10)])
    services, licences = Category.create([{
                'name': name,
                'accounting': True,
                'account_revenue': revenue.id,
                'account_expense': expense.id,
                'customer_taxes': [('add', taxes)],
                } for name, taxes in [
                ('Услуги сопровождения (НДС 22%)', [vat22.id]),
                ('Лицензии ПО из реестра (без НДС)', [])]])
    templates = Template_.search([('itsvc_kind', 'in',
                ['system', 'maintenance'])])
    for kind, category in [('maintenance', services), ('system', licences)]:
        Template_.write([t for t in templates if t.itsvc_kind == kind],
            {'account_category': category.id})
    demo.records['taxes'] = {'vat22': vat22, 'vat10': vat10}


def fiscal_years(demo):
    "Fiscal years with monthly periods and invoice (act) numbering"
    pool = demo.pool
    ModelData = pool.get('ir.model.data')
    FiscalYear = pool.get('account.fiscalyear')
    Sequence = pool.get('ir.sequence.strict')
    company = demo.records['company']
    move_type = ModelData.get_id('account', 'sequence_type_account_move')
    invoice_type = ModelData.get_id(
        'account_invoice', 'sequence_type_account_invoice')
    values = []
    for year in YEARS:
        move, invoice = Sequence.create([
                {'name': f'Проводки {year}', 'sequence_type': move_type,
                    'company': company.id},
                {'name': f'Акты {year}', 'sequence_type': invoice_type,
                    'company': company.id, 'prefix': f'А-{year}-'}])
        values.append({
                'name': str(year),
                'company': company.id,
                'start_date': dt.date(year, 1, 1),
                'end_date': dt.date(year, 12, 31),
                'move_sequence': move.id,
                'invoice_sequences': [('create', [{
                                'company': company.id,
                                'out_invoice_sequence': invoice.id,
                                'in_invoice_sequence': invoice.id,
                                'out_credit_note_sequence': invoice.id,
                                'in_credit_note_sequence': invoice.id,
                                }])],
                })
    FiscalYear.create_period(FiscalYear.create(values))
