"""Demo step of the accounting the billing needs: a chart and the VAT.

The Russian chart of accounts (Приказ Минфина 94н, account_ru) with its
taxes: VAT 22 % on maintenance services, licences of registered Russian
software without VAT; VAT rounded per line.
"""
import datetime as dt

YEARS = [2024, 2025, 2026, 2027]


def chart_and_taxes(demo):
    pool = demo.pool
    ModelData = pool.get('ir.model.data')
    Template = pool.get('account.account.template')
    Account = pool.get('account.account')
    Tax = pool.get('account.tax')
    Configuration = pool.get('account.configuration')
    Category = pool.get('product.category')
    Template_ = pool.get('product.template')
    CreateChart = pool.get('account.create_chart', type='wizard')
    company = demo.records['company']

    session_id, _, _ = CreateChart.create()
    wizard = CreateChart(session_id)
    wizard.account.account_template = Template(
        ModelData.get_id('account_ru', 'account_template_root_ru'))
    wizard.account.company = company
    wizard.transition_create_account()
    accounts = {a.code: a for a in Account.search([
                ('company', '=', company.id),
                ('code', 'in', ['62.01', '60.01', '90.01', '90.02']),
                ])}
    wizard.properties.company = company
    wizard.properties.account_receivable = accounts['62.01']
    wizard.properties.account_payable = accounts['60.01']
    wizard.transition_create_properties()
    CreateChart.delete(session_id)
    # VAT of each line, as the lines of an invoice (счёт-фактура) show it
    configuration = Configuration(1)
    configuration.tax_rounding = 'line'
    configuration.save()

    revenue, expense = accounts['90.01'], accounts['90.02']
    taxes = {t.name: t for t in Tax.search([
                ('company', '=', company.id),
                ('name', 'in', ['НДС 22 %', 'НДС 10 %']),
                ])}
    vat22, vat10 = taxes['НДС 22 %'], taxes['НДС 10 %']
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
    payments_in_ledger(demo)


def payments_in_ledger(demo):
    "Payments post Дт 51 / 50.01 / 71 Кт 62.01 with the VAT of advances"
    pool = demo.pool
    Account = pool.get('account.account')
    Journal = pool.get('account.journal')
    Tax = pool.get('account.tax')
    Configuration = pool.get('itsvc.configuration')
    company = demo.records['company']
    accounts = {a.code: a for a in Account.search([
                ('company', '=', company.id),
                ('code', 'in', ['51', '50.01', '71']),
                ])}
    journal, = Journal.search([('type', '=', 'cash')], limit=1)
    advance_tax, = Tax.search([
            ('company', '=', company.id),
            ('name', '=', 'НДС с авансов 22/122'),
            ])
    configuration = Configuration(1)
    configuration.payment_journal = journal
    configuration.bank_account = accounts['51']
    configuration.cash_account = accounts['50.01']
    configuration.advance_report_account = accounts['71']
    configuration.advance_tax = advance_tax
    configuration.save()


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
