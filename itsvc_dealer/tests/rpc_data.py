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
    }


def main(name):
    from itsvc import database
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    database.create(name)
    database.activate(name, modules=['itsvc_dealer'])
    pool = Pool(name)
    with Transaction().start(name, 0) as transaction:
        result = build(pool)
        transaction.commit()
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
    director = ModelData.get_id('itsvc_base', 'group_itsvc_director')
    users = User.create([{
                'login': login, 'name': login, 'password': PASSWORD,
                'companies': [('add', [company.id])],
                'company': company.id,
                'groups': [('add', groups + extra)],
                } for login, company, extra in [
                ('dealer1', north, []), ('dealer2', south, []),
                ('director', centre, [director])]])
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
                'party': client.id,
                })
    return {'records': records, 'users': [u.id for u in users],
        'companies': {'centre': centre.id, 'north': north.id,
            'south': south.id}}


if __name__ == '__main__':
    main(sys.argv[1])
