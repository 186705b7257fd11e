"""Demo steps of the foundation: currency, companies, staff, clients."""
from decimal import Decimal

from itsvc.progress import Progress

from . import names
from .identifiers import inn_legal, inn_person, kpp

CENTRE = ('ООО «Информ-Центр»', '7707083893', '770701001')
DEALERS = [
    ('ООО «Дилер-Юг»', '23'),
    ('ООО «Сибирь-Софт»', '54'),
    ]
STAFF = [
    # login, name, groups (xml ids, of itsvc_base when without a module)
    ('director', 'Орлова Марина Викторовна', [
            'group_itsvc_director', 'group_itsvc_sales',
            'group_itsvc_maintenance', 'group_itsvc_accounting']),
    ('manager', 'Кузнецов Андрей Петрович', ['group_itsvc_sales']),
    ('specialist', 'Лебедева Ольга Сергеевна', ['group_itsvc_maintenance']),
    ('accountant', 'Сидорова Наталья Ивановна', ['group_itsvc_accounting']),
    ('storekeeper', 'Волков Сергей Николаевич', [
            'itsvc_distrib.group_itsvc_warehouse', 'stock.group_stock']),
    ]
SYSTEMS = [
    # name, local maintenance price, network maintenance price
    ('Бухгалтер', Decimal('11000.00'), Decimal('19800.00')),
    ('Юрист', Decimal('9500.00'), Decimal('17100.00')),
    ('Кадры', Decimal('7200.00'), Decimal('12960.00')),
    ('Госзакупки', Decimal('6400.00'), Decimal('11520.00')),
    ('Налоги', Decimal('8300.00'), Decimal('14940.00')),
    ]
BATCH = 500


def _ref(demo, module, xml_id):
    "The id of the record; xml_id may name its module (module.xml_id)"
    ModelData = demo.pool.get('ir.model.data')
    if '.' in xml_id:
        module, xml_id = xml_id.split('.', 1)
    return ModelData.get_id(module, xml_id)


def currency_and_country(demo):
    Currency = demo.pool.get('currency.currency')
    Country = demo.pool.get('country.country')
    rub = Currency.search([('code', '=', 'RUB')])
    if not rub:
        rub = Currency.create([{
                    'name': 'Российский рубль',
                    'code': 'RUB',
                    'numeric_code': '643',
                    'symbol': '₽',
                    'rounding': Decimal('0.01'),
                    'digits': 2,
                    }])
    russia = Country.search([('code', '=', 'RU')])
    if not russia:
        russia = Country.create([{
                    'name': 'Россия', 'code': 'RU', 'code3': 'RUS',
                    'code_numeric': '643'}])
    demo.records['currency'], = rub
    demo.records['country'], = russia


def _address(demo, city=None):
    rng = demo.rng
    if city is None:
        city = rng.choice(names.CITIES)
    name, _, postcode = city
    return {
        'street': f'{rng.choice(names.STREETS)}, д. {rng.randint(1, 120)}',
        'city': name,
        'postal_code': postcode,
        'country': demo.records['country'].id,
        }


def companies(demo):
    pool = demo.pool
    Party = pool.get('party.party')
    Company = pool.get('company.company')
    parties = [{
            'name': CENTRE[0],
            'kpp': CENTRE[2],
            'identifiers': [('create', [
                            {'type': 'ru_vat', 'code': CENTRE[1]}])],
            'addresses': [('create', [_address(demo, names.CITIES[0])])],
            }]
    for name, region in DEALERS:
        parties.append({
                'name': name,
                'identifiers': [('create', [{
                                'type': 'ru_vat',
                                'code': inn_legal(region, demo.rng)}])],
                'addresses': [('create', [_address(demo, next(
                                    c for c in names.CITIES
                                    if c[1] == region))])],
                })
    parties = Party.create(parties)
    values = [{
            'party': p.id,
            'currency': demo.records['currency'].id,
            'timezone': 'Europe/Moscow',
            } for p in parties]
    centre, = Company.create(values[:1])
    if 'parent' in Company._fields:  # itsvc_dealer: dealers under the centre
        for value in values[1:]:
            value['parent'] = centre.id
    companies = [centre] + list(Company.create(values[1:]))
    demo.records['company'] = companies[0]
    demo.records['company_id'] = companies[0].id
    demo.records['dealers'] = companies[1:]
    company_bank(demo, companies[0])


def company_bank(demo, company):
    "The centre's settlement account at its bank (valid БИК and keys)"
    pool = demo.pool
    Party = pool.get('party.party')
    Bank = pool.get('bank')
    Account = pool.get('bank.account')
    bank_party, = Party.create([{'name': 'АО «Альфа-Банк»'}])
    bank, = Bank.create([{
                'party': bank_party.id,
                'bik': '044525593',
                'correspondent_account': '30101810200000000593',
                }])
    Account.create([{
                'bank': bank.id,
                'owners': [('add', [company.party.id])],
                'numbers': [('create', [{
                                'type': 'other',
                                'number': '40702810800000000001',
                                }])],
                }])


def employees_and_users(demo):
    pool = demo.pool
    Party = pool.get('party.party')
    Employee = pool.get('company.employee')
    User = pool.get('res.user')
    Lang = pool.get('ir.lang')
    ru, = Lang.search([('code', '=', 'ru')])
    company = demo.records['company']
    dealers = demo.records['dealers']

    staff = list(STAFF)
    for i, dealer in enumerate(dealers, 1):
        staff.append((f'dealer{i}',
                f'{demo.rng.choice(names.LAST_NAMES)} '
                f'{demo.rng.choice(names.FIRST_NAMES)} '
                f'{demo.rng.choice(names.PATRONYMICS)}',
                ['group_itsvc_sales', 'group_itsvc_maintenance',
                    'group_itsvc_accounting']))
    parties = Party.create([{'name': s[1]} for s in staff])
    user_companies = [company] * len(STAFF) + list(dealers)
    employees = Employee.create([{
                'party': p.id, 'company': c.id}
            for p, c in zip(parties, user_companies)])
    users = []
    for (login, name, groups), employee, user_company in zip(
            staff, employees, user_companies):
        # the centre's staff see the dealers too (consolidated figures)
        companies = [user_company] + (
            list(dealers) if user_company == company else [])
        users.append({
                'login': login,
                'name': name,
                'password': demo.password,
                'language': ru.id,
                'companies': [('add', [c.id for c in companies])],
                'company': user_company.id,
                'company_filter': 'all',
                'employees': [('add', [employee.id])],
                'employee': employee.id,
                # Tryton's administration groups (address formats, units,
                # product categories) are the admin's; the director keeps
                # the systems and their prices (product administration)
                'groups': [('add', [
                                _ref(demo, 'itsvc_base', g) for g in groups]
                            + ([_ref(demo, 'product', 'group_product_admin')]
                                if login == 'director' else []))],
                })
    User.create(users)
    admin, = User.search([('login', '=', 'admin')])
    User.write([admin], {
            'language': ru.id,
            'companies': [('add', [company.id] + [d.id for d in dealers])],
            'company': company.id,
            'groups': [('add', [
                            _ref(demo, 'itsvc_base', s)
                            for s in STAFF[0][2]])],
            })
    demo.records['employees'] = employees


# Tryton's stock locations keep Latin codes shown in their names ([WH])
LOCATION_CODES = {'WH': 'СК', 'IN': 'ПРМ', 'OUT': 'ОТГ', 'STO': 'ХР'}


def locations(demo):
    "Russian codes of the warehouse locations"
    if not demo.activated('stock'):
        return
    Location = demo.pool.get('stock.location')
    found = Location.search([('code', 'in', list(LOCATION_CODES))])
    for location in found:
        location.code = LOCATION_CODES[location.code]
    Location.save(found)


def systems(demo):
    pool = demo.pool
    Template = pool.get('product.template')
    Category = pool.get('product.category')
    unit = _ref(demo, 'product', 'uom_unit')
    category_systems, category_services = Category.create([
            {'name': 'Системы'}, {'name': 'Сопровождение'}])
    services = []
    for name, local, network in SYSTEMS:
        for suffix, price in (('лок.', local), ('сет.', network)):
            services.append({
                    'name': f'Сопровождение {name} {suffix}',
                    'type': 'service',
                    'itsvc_kind': 'maintenance',
                    'default_uom': unit,
                    'list_price': price,
                    'categories': [('add', [category_services.id])],
                    'products': [('create', [{}])],
                    })
    services = Template.create(services)
    systems = []
    services = iter(services)
    for name, _, _ in SYSTEMS:
        for suffix, version_type in (('лок.', 'local'), ('сет.', 'network')):
            systems.append({
                    'name': f'{name} {suffix}',
                    'type': 'goods',
                    'itsvc_kind': 'system',
                    'version_type': version_type,
                    'maintenance_product': next(services).products[0].id,
                    'default_uom': unit,
                    'list_price': Decimal(0),
                    'categories': [('add', [category_systems.id])],
                    'products': [('create', [{}])],
                    })
    systems = Template.create(systems)
    # (local, network) product pairs of each system
    demo.records['systems'] = [
        (systems[i].products[0], systems[i + 1].products[0])
        for i in range(0, len(systems), 2)]


GROUPS = [('small', 50), ('medium', 25), ('large', 10), ('bundle', 15)]


def clients(demo):
    pool = demo.pool
    Party = pool.get('party.party')
    Group = pool.get('itsvc.client.group')
    rng = demo.rng
    seen = set()
    groups = {g.code: g for g in Group.search([])}
    group_codes = [code for code, weight in GROUPS for _ in range(weight)]
    owners = ([demo.records['company']] * 7
        + [d for d in demo.records['dealers'] for _ in range(2)])
    with Progress('Clients', demo.clients_count) as progress:
        for start in range(0, demo.clients_count, BATCH):
            values = []
            for _ in range(min(BATCH, demo.clients_count - start)):
                city = rng.choice(names.CITIES)
                form = rng.choice(names.LEGAL_FORMS)
                if form == 'ИП':
                    name = (f'ИП {rng.choice(names.LAST_NAMES)} '
                        f'{rng.choice(names.FIRST_NAMES)[0]}.'
                        f'{rng.choice(names.PATRONYMICS)[0]}.')
                    inn = inn_person(city[1], rng)
                else:
                    title = rng.choice([
                            rng.choice(names.ROOTS),
                            rng.choice(names.TRADES)
                            + rng.choice(names.SUFFIXES)])
                    name = f'{form} «{title}»'
                    inn = inn_legal(city[1], rng)
                while inn in seen:
                    inn = (inn_person if form == 'ИП' else inn_legal)(
                        city[1], rng)
                seen.add(inn)
                kpp_ = kpp(inn) if form != 'ИП' else None
                while name in seen:
                    name += f' {city[0]}' if city[0] not in name else '-2'
                seen.add(name)
                values.append({
                        'name': name,
                        'kpp': kpp_,
                        'client_status': 'prospect',
                        'client_group': groups[rng.choice(group_codes)].id,
                        'owner_company': rng.choice(owners).id,
                        'identifiers': [('create', [
                                        {'type': 'ru_vat', 'code': inn}])],
                        'addresses': [('create', [_address(demo, city)])],
                        })
            demo.records.setdefault('clients', []).extend(
                Party.create(values))
            progress.advance(len(values))
