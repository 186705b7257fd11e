# This file is part of itsvc.
"""Build the database of the RPC isolation test (run in a subprocess with
TRYTOND_CONFIG set): the centre, two dealers with a user each, and one
record of every isolated model per dealer. Prints the ids as JSON."""
import datetime as dt
import json
import sys
from decimal import Decimal

PASSWORD = 'itsvc2026'
INN = {'north': '7780334815', 'south': '7795469935'}
# models and a field each that the owner may write
MODELS = {
    'itsvc.contract': ('description', 'Изменено'),
    'itsvc.contract.line': ('quantity', 2),
    'itsvc.contract.amendment': ('description', 'Изменено'),
    'itsvc.installation': ('note', 'Изменено'),
    'itsvc.installation.period': ('end_date', None),
    'itsvc.service_point': ('note', 'Изменено'),
    'itsvc.bill': ('description', 'Изменено'),
    'itsvc.bill.line': ('description', 'Изменено'),
    'itsvc.payment': ('purpose', 'Изменено'),
    'itsvc.billing.run': ('bill_date', '2026-11-30'),
    'itsvc.price_list': ('name', 'Изменено'),
    'itsvc.dealer.plan': ('target_new_clients', 5),
    'itsvc.dealer.transfer': ('reason', 'Изменено'),
    # acts: posted customer invoices, the description stays writable
    'account.invoice': ('description', 'Изменено'),
    'account.invoice.line': ('description', 'Изменено'),
    # distributives and their operations
    'stock.lot': ('number', 'Изменено'),
    'itsvc.distributive.operation': ('note', 'Изменено'),
    # staff plans
    'itsvc.plan': ('base_amount', 1000),
    }
# models under Tryton's rule 'company in companies' (not child_of): the
# centre sees them only when it selects the dealer's company
MODULES = ['itsvc_dealer', 'itsvc_distrib', 'itsvc_plan', 'account_ru']


def main(name):
    from itsvc import database
    from itsvc.transaction import in_transaction
    from trytond.pool import Pool

    database.create(name)
    database.activate(name, modules=MODULES)
    pool = Pool(name)
    # restarted with the table locks it asks for (account configuration)
    result = in_transaction(name, 0, lambda: build(pool))
    print(json.dumps(result))


def build(pool):
    from trytond.transaction import Transaction
    Currency = pool.get('currency.currency')
    Party = pool.get('party.party')
    Company = pool.get('company.company')
    User = pool.get('res.user')
    Group = pool.get('res.group')
    ModelData = pool.get('ir.model.data')
    Uom = pool.get('product.uom')
    Template = pool.get('product.template')
    ServicePoint = pool.get('itsvc.service_point')
    Contract = pool.get('itsvc.contract')
    Amendment = pool.get('itsvc.contract.amendment')
    Installation = pool.get('itsvc.installation')
    Bill = pool.get('itsvc.bill')
    Payment = pool.get('itsvc.payment')
    BillingRun = pool.get('itsvc.billing.run')
    PriceList = pool.get('itsvc.price_list')
    Plan = pool.get('itsvc.dealer.plan')
    Transfer = pool.get('itsvc.dealer.transfer')

    rub, = Currency.create([{'name': 'Российский рубль', 'code': 'RUB',
                'symbol': '₽'}])
    centre_party, north_party, south_party = Party.create([
            {'name': 'ООО «Информ-Центр»'},
            {'name': 'ООО «Дилер Север»'},
            {'name': 'ООО «Дилер Юг»'}])
    centre, = Company.create([{'party': centre_party.id,
                'currency': rub.id}])
    north, south = Company.create([
            {'party': north_party.id, 'currency': rub.id,
                'parent': centre.id},
            {'party': south_party.id, 'currency': rub.id,
                'parent': centre.id}])
    groups = [ModelData.get_id('itsvc_base', f'group_itsvc_{g}')
        for g in ['sales', 'maintenance', 'accounting']]
    # Tryton's accounting (acts) and the warehouse (distributives)
    groups += [ModelData.get_id(m, g) for m, g in [
            ('account', 'group_account'), ('stock', 'group_stock'),
            ('itsvc_distrib', 'group_itsvc_warehouse')]]
    director = ModelData.get_id('itsvc_base', 'group_itsvc_director')
    # the centre's users work in the centre and see every company
    users = User.create([{
                'login': login, 'name': login, 'password': PASSWORD,
                'companies': [('add', [c.id for c in companies])],
                'company': companies[0].id,
                'company_filter': 'all',
                'groups': [('add', groups + extra)],
                } for login, companies, extra in [
                ('dealer1', [north], []), ('dealer2', [south], []),
                ('director', [centre, north, south], [director])]])
    assert Group.search([('id', 'in', groups)])

    unit, = Uom.search([('name', '=', 'Unit')])
    service, = Template.create([{'name': 'Сопровождение Бухгалтер лок.',
                'type': 'service', 'default_uom': unit.id,
                'itsvc_kind': 'maintenance',
                'products': [('create', [{}])]}])
    system, = Template.create([{'name': 'Бухгалтер лок.', 'type': 'goods',
                'default_uom': unit.id, 'itsvc_kind': 'system',
                'version_type': 'local',
                'maintenance_product': service.products[0].id,
                'products': [('create', [{}])]}])
    product = system.products[0]
    day = dt.date(2026, 11, 1)

    records = {}
    for key, company in [('north', north), ('south', south)]:
        ids = records[key] = {}
        with Transaction().set_context(company=company.id):
            client, = Party.create([{
                        'name': f'ООО «Клиент {key}»',
                        'addresses': [('create', [{'city': 'Москва'}])],
                        'owner_company': company.id,
                        'client_status': 'prospect',
                        'identifiers': [('create', [
                                        {'type': 'ru_vat',
                                            'code': INN[key]}])],
                        }])
            point, = ServicePoint.create([{'company': company.id,
                        'party': client.id, 'name': 'Главный офис'}])
            registered, draft = Contract.create([{
                        'company': company.id, 'party': client.id,
                        'date': day, 'start_date': day,
                        'type': 'maintenance',
                        'lines': [('create', [{
                                        'product': product.id,
                                        'service_point': point.id,
                                        'maintenance_start': day}])],
                        } for _ in range(2)])
            Contract.register([registered])
            installation, = Installation.search(
                [('contract', '=', registered.id)])
            amendment, = Amendment.create([{'contract': registered.id,
                        'date': day, 'effective_date': day}])
            bill, = Bill.create([{'company': company.id,
                        'party': client.id, 'date': day, 'due_date': day,
                        'currency': rub.id, 'kind': 'supply',
                        'lines': [('create', [{'kind': 'supply',
                                        'product': product.id,
                                        'quantity': Decimal(1),
                                        'amount': Decimal('100.00'),
                                        'tax_amount': Decimal(0),
                                        'total_amount': Decimal('100.00'),
                                        }])]}])
            payment, = Payment.create([{'company': company.id,
                        'kind': 'bank', 'date': day, 'party': client.id,
                        'amount': Decimal('100.00'), 'currency': rub.id}])
            run, = BillingRun.create([{'company': company.id,
                        'period': day, 'bill_date': day}])
            price_list, = PriceList.create([{'company': company.id,
                        'name': 'Розница', 'kind': 'retail',
                        'purpose': 'maintenance'}])
            act = create_act(pool, company, client, day)
            lot, operation = create_distributive(
                pool, company, client, product, key, day)
            staff_plan = create_staff_plan(pool, company, key)
        plan, = Plan.create([{'company': centre.id, 'dealer': company.id,
                    'start_date': day, 'end_date': dt.date(2026, 12, 31)}])
        # a transfer asked by the dealer for a client of the centre
        with Transaction().set_context(company=centre.id):
            prospect, = Party.create([{'name': f'ООО «Проспект {key}»',
                        'owner_company': centre.id}])
        transfer, = Transfer.create([{'company': company.id,
                    'party': prospect.id, 'date': day,
                    'reason': 'Клиент обратился к дилеру'}])
        ids.update({
                'itsvc.contract': draft.id,
                'itsvc.contract.line': draft.lines[0].id,
                'itsvc.contract.amendment': amendment.id,
                'itsvc.installation': installation.id,
                'itsvc.installation.period': installation.periods[0].id,
                'itsvc.service_point': point.id,
                'itsvc.bill': bill.id,
                'itsvc.bill.line': bill.lines[0].id,
                'itsvc.payment': payment.id,
                'itsvc.billing.run': run.id,
                'itsvc.price_list': price_list.id,
                'itsvc.dealer.plan': plan.id,
                'itsvc.dealer.transfer': transfer.id,
                'account.invoice': act.id,
                'account.invoice.line': act.lines[0].id,
                'stock.lot': lot.id,
                'itsvc.distributive.operation': operation.id,
                'itsvc.plan': staff_plan.id,
                'party': client.id,
                })
    return {'records': records, 'users': [u.id for u in users],
        'companies': {'centre': centre.id, 'north': north.id,
            'south': south.id}}


def create_chart(pool, company):
    "The chart of account_ru for the company; its revenue account"
    ModelData = pool.get('ir.model.data')
    Template = pool.get('account.account.template')
    Account = pool.get('account.account')
    CreateChart = pool.get('account.create_chart', type='wizard')
    session_id, _, _ = CreateChart.create()
    wizard = CreateChart(session_id)
    wizard.account.account_template = Template(
        ModelData.get_id('account_ru', 'account_template_root_ru'))
    wizard.account.company = company
    wizard.transition_create_account()
    accounts = {a.code: a for a in Account.search([
                ('company', '=', company.id),
                ('code', 'in', ['62.01', '60.01', '90.01']),
                ])}
    wizard.properties.company = company
    wizard.properties.account_receivable = accounts['62.01']
    wizard.properties.account_payable = accounts['60.01']
    wizard.transition_create_properties()
    CreateChart.delete(session_id)
    return accounts['90.01']


def create_fiscal_year(pool, company, year):
    "The fiscal year with monthly periods and the numbering of the acts"
    ModelData = pool.get('ir.model.data')
    FiscalYear = pool.get('account.fiscalyear')
    Sequence = pool.get('ir.sequence.strict')
    move_type = ModelData.get_id('account', 'sequence_type_account_move')
    invoice_type = ModelData.get_id(
        'account_invoice', 'sequence_type_account_invoice')
    move, invoice = Sequence.create([
            {'name': f'Проводки {year}', 'sequence_type': move_type,
                'company': company.id},
            {'name': f'Акты {year}', 'sequence_type': invoice_type,
                'company': company.id, 'prefix': f'А-{year}-'}])
    fiscal_year, = FiscalYear.create([{
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
                }])
    FiscalYear.create_period([fiscal_year])


def create_act(pool, company, client, day):
    "A posted act (customer invoice) of the dealer for his client"
    Invoice = pool.get('account.invoice')
    Journal = pool.get('account.journal')
    revenue = create_chart(pool, company)
    create_fiscal_year(pool, company, day.year)
    journal, = Journal.search([('type', '=', 'revenue')], limit=1)
    act, = Invoice.create([{
                'type': 'out',
                'company': company.id,
                'party': client.id,
                'invoice_address': client.addresses[0].id,
                'currency': company.currency.id,
                'journal': journal.id,
                'account': client.account_receivable_used.id,
                'invoice_date': day,
                'description': 'Сопровождение за ноябрь',
                'lines': [('create', [{
                                'type': 'line',
                                'company': company.id,
                                'currency': company.currency.id,
                                'account': revenue.id,
                                'description': 'Сопровождение',
                                'quantity': 1,
                                'unit_price': Decimal('100.00'),
                                }])],
                }])
    Invoice.post([act])
    assert act.state == 'posted', act.state
    return act


def create_distributive(pool, company, client, product, key, day):
    """A distributive of the system in the dealer's company and its draft
    assignment to the client"""
    Lot = pool.get('stock.lot')
    Operation = pool.get('itsvc.distributive.operation')
    Location = pool.get('stock.location')
    warehouse, = Location.search([('type', '=', 'warehouse')], limit=1)
    number = {'north': '100201', 'south': '100301'}[key]
    lot, = Lot.create([{'company': company.id, 'product': product.id,
                'number': number}])
    operation, = Operation.create([{'company': company.id,
                'type': 'assign', 'date': day, 'distributive': lot.id,
                'warehouse': warehouse.id, 'party': client.id}])
    return lot, operation


def create_staff_plan(pool, company, key):
    "A quarterly plan of an employee of the dealer"
    Party = pool.get('party.party')
    Employee = pool.get('company.employee')
    Rule = pool.get('itsvc.plan.rule')
    Plan = pool.get('itsvc.plan')
    person, = Party.create([{'name': f'Менеджер {key}',
                'owner_company': company.id}])
    employee, = Employee.create([{'party': person.id,
                'company': company.id}])
    rule, = Rule.create([{'company': company.id, 'name': 'Премия'}])
    plan, = Plan.create([{'company': company.id, 'employee': employee.id,
                'period_type': 'quarter', 'year': 2026, 'number': 4,
                'rule': rule.id, 'base_amount': Decimal('10000.00')}])
    return plan


if __name__ == '__main__':
    main(sys.argv[1])
