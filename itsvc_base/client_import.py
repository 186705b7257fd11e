# This file is part of itsvc.
"""Import of clients, service points and installations from a table."""
from collections import OrderedDict

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from party_ru.identifiers import inn_valid, kpp_valid

from .tabular import TabularError, parse_date, read_rows, text

# column key: accepted headers (lower case)
COLUMNS = OrderedDict([
        ('inn', {'инн', 'inn'}),
        ('kpp', {'кпп', 'kpp'}),
        ('name', {'наименование', 'клиент', 'name', 'client'}),
        ('group', {'группа', 'группа клиентов', 'group'}),
        ('service_point', {'точка обслуживания', 'service point'}),
        ('address', {'адрес', 'address'}),
        ('system', {'система', 'system'}),
        ('maintenance_start', {
                'начало сопровождения', 'maintenance start'}),
        ])
TITLES = {
    'inn': 'ИНН',
    'kpp': 'КПП',
    'name': 'Наименование',
    'group': 'Группа',
    'service_point': 'Точка обслуживания',
    'address': 'Адрес',
    'system': 'Система',
    'maintenance_start': 'Начало сопровождения',
    }
REQUIRED = ['inn', 'name', 'service_point', 'system', 'maintenance_start']


class ClientImportStart(ModelView):
    __name__ = 'itsvc.client.import.start'

    file = fields.Binary("File", required=True, filename='filename',
        help="XLSX or CSV with the columns: ИНН, КПП, Наименование, Группа, "
        "Точка обслуживания, Адрес, Система, Начало сопровождения.")
    filename = fields.Char("File Name")


class ClientImportResult(ModelView):
    __name__ = 'itsvc.client.import.result'

    imported = fields.Boolean("Imported", readonly=True)
    message = fields.Text("Result", readonly=True)


class ClientImport(Wizard):
    __name__ = 'itsvc.client.import'

    start = StateView('itsvc.client.import.start',
        'itsvc_base.client_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateTransition()
    result = StateView('itsvc.client.import.result',
        'itsvc_base.client_import_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_import_(self):
        importer = ClientImporter()
        errors = importer.load(self.start.file, self.start.filename)
        if errors:
            self.result.imported = False
            self.result.message = '\n'.join(
                [gettext('itsvc_base.msg_import_nothing_imported',
                        count=len(errors))] + errors)
        else:
            contracts = importer.save()
            self.result.imported = True
            self.result.message = gettext('itsvc_base.msg_import_done',
                clients=len(importer.clients),
                service_points=len(importer.service_points),
                installations=len(importer.rows),
                contracts=len(contracts))
        return 'result'

    def default_result(self, fields):
        return {
            'imported': self.result.imported,
            'message': self.result.message,
            }


class ClientImporter:
    "Validate every row first; create only when no row has an error"

    def __init__(self):
        self.rows = []
        self.clients = OrderedDict()
        self.service_points = OrderedDict()

    def load(self, data, filename=''):
        "Read and validate the file; return the list of errors"
        try:
            rows = read_rows(bytes(data), filename)
        except TabularError as exception:
            return [gettext('itsvc_base.msg_import_unreadable',
                    error=str(exception))]
        rows = [r for r in rows if any(text(v) for v in r)]
        if not rows:
            return [gettext('itsvc_base.msg_import_empty')]
        columns, errors = self._columns(rows[0])
        if errors:
            return errors
        for number, row in enumerate(rows[1:], 2):
            values = {k: row[i] if i < len(row) else ''
                for k, i in columns.items()}
            errors.extend(
                gettext('itsvc_base.msg_import_row', row=number, error=e)
                for e in self._validate(values))
            self.rows.append(values)
        if not self.rows:
            errors.append(gettext('itsvc_base.msg_import_empty'))
        return errors

    def _columns(self, header):
        columns = {}
        for index, title in enumerate(header):
            title = text(title).lower()
            for key, titles in COLUMNS.items():
                if title in titles:
                    columns[key] = index
        missing = [k for k in REQUIRED if k not in columns]
        if missing:
            return columns, [gettext('itsvc_base.msg_import_missing_columns',
                    columns=', '.join(TITLES[k] for k in missing))]
        return columns, []

    def _validate(self, values):
        pool = Pool()
        Group = pool.get('itsvc.client.group')
        Product = pool.get('product.product')
        inn = text(values.get('inn', ''))
        kpp = text(values.get('kpp', '')).upper()
        if not inn_valid(inn):
            yield gettext('itsvc_base.msg_import_inn_invalid', inn=inn)
        if kpp and not kpp_valid(kpp):
            yield gettext('itsvc_base.msg_import_kpp_invalid', kpp=kpp)
        for key in ['name', 'service_point', 'system']:
            if not text(values.get(key, '')):
                yield gettext('itsvc_base.msg_import_required',
                    column=TITLES[key])
        group = text(values.get('group', ''))
        values['group'] = None
        if group:
            groups = Group.search(['OR',
                    ('code', '=', group), ('name', '=', group)], limit=1)
            if not groups:
                yield gettext('itsvc_base.msg_import_group_unknown',
                    group=group)
            else:
                values['group'], = groups
        system = text(values.get('system', ''))
        values['product'] = None
        if system:
            products = Product.search([
                    ('itsvc_kind', '=', 'system'),
                    ['OR', ('code', '=', system), ('name', '=', system)],
                    ], limit=1)
            if not products:
                yield gettext('itsvc_base.msg_import_system_unknown',
                    system=system)
            else:
                values['product'], = products
        start = parse_date(values.get('maintenance_start', ''))
        if start is None:
            yield gettext('itsvc_base.msg_import_date_invalid',
                date=text(values.get('maintenance_start', '')))
        values['start'] = start
        values['inn'], values['kpp'] = inn, kpp or None
        values['name'] = text(values.get('name', ''))
        values['service_point'] = text(values.get('service_point', ''))
        values['address'] = text(values.get('address', ''))

    def save(self):
        "Create the clients, service points and registered contracts"
        pool = Pool()
        Party = pool.get('party.party')
        ServicePoint = pool.get('itsvc.service_point')
        Contract = pool.get('itsvc.contract')
        company = Transaction().context.get('company')

        keys = OrderedDict()
        for values in self.rows:
            keys.setdefault((values['inn'], values['kpp']), values)
        existing = {}
        for party in Party.search([('inn', 'in', [k[0] for k in keys])]):
            existing.setdefault((party.inn, party.kpp), party)
        to_create = []
        for key, values in keys.items():
            if key not in existing:
                to_create.append({
                        'name': values['name'],
                        'kpp': values['kpp'],
                        'client_status': 'prospect',
                        'client_group': (
                            values['group'].id if values['group'] else None),
                        'identifiers': [('create', [{
                                        'type': 'ru_vat',
                                        'code': values['inn']}])],
                        'addresses': [('create', [{
                                        'street': values['address']}])],
                        })
        for party in Party.create(to_create):
            existing[(party.inn, party.kpp)] = party
        self.clients = OrderedDict((k, existing[k]) for k in keys)

        points = {}
        for point in ServicePoint.search([
                    ('party', 'in', [p.id for p in self.clients.values()]),
                    ('company', '=', company),
                    ]):
            points.setdefault((point.party.id, point.name), point)
        to_create = OrderedDict()
        for values in self.rows:
            party = self.clients[(values['inn'], values['kpp'])]
            key = (party.id, values['service_point'])
            if key not in points and key not in to_create:
                to_create[key] = {
                    'company': company,
                    'party': party.id,
                    'name': values['service_point'],
                    'address': (party.addresses[0].id
                        if party.addresses else None),
                    }
        for point in ServicePoint.create(list(to_create.values())):
            points[(point.party.id, point.name)] = point
        self.service_points = points

        contracts = OrderedDict()
        for values in self.rows:
            party = self.clients[(values['inn'], values['kpp'])]
            contract = contracts.setdefault(party.id, {
                    'company': company,
                    'party': party.id,
                    'type': 'maintenance',
                    'date': values['start'],
                    'start_date': values['start'],
                    'description': gettext('itsvc_base.msg_import_contract'),
                    'lines': [('create', [])],
                    })
            contract['date'] = min(contract['date'], values['start'])
            contract['start_date'] = contract['date']
            contract['lines'][0][1].append({
                    'product': values['product'].id,
                    'service_point': points[
                        (party.id, values['service_point'])].id,
                    'quantity': 1,
                    'maintenance_start': values['start'],
                    })
        contracts = Contract.create(list(contracts.values()))
        Contract.register(contracts)
        return contracts
