# This file is part of itsvc.
import datetime as dt
from sql import Null
from sql.aggregate import Min
from trytond import backend
from trytond.model import (
    DeactivableMixin,
    ModelSQL,
    ModelView,
    Unique,
    fields,
    sequence_ordered,
)
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction

from .bounds import check_lengths
from .sql import as_date


def months_between(start, end):
    "Whole months from start to end"
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)


class ClientGroup(DeactivableMixin, sequence_ordered(), ModelSQL, ModelView):
    __name__ = 'itsvc.client.group'

    name = fields.Char("Name", required=True, translate=True)
    code = fields.Char("Code", required=True,
        help="Short code used in imports and command-line selections.")
    description = fields.Text("Description")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('code_unique', Unique(t, t.code),
                'itsvc_base.msg_client_group_code_unique'),
            ]


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    client_group = fields.Many2One(
        'itsvc.client.group', "Client Group", ondelete='RESTRICT')
    client_status = fields.Selection([
            (None, ""),
            ('prospect', "Prospect"),
            ('client', "Client"),
            ('former', "Former Client"),
            ], "Client Status",
        states={
            'readonly': Eval('client_status').in_(['client', 'former']),
            },
        help="Empty for parties that are not clients (staff, suppliers).\n"
        "Prospect until the first registered contract, client while a "
        "system is maintained, former client afterwards.")
    inn = fields.Function(fields.Char("INN",
            help="The party's first ИНН identifier; typed here, it is "
            "written as that identifier."),
        'get_inn', setter='set_inn', searcher='search_inn')
    owner_company = fields.Many2One(
        'company.company', "Owner Company", ondelete='RESTRICT',
        help="The company that works with this client.")
    cooperation_start = fields.Function(
        fields.Date("Cooperation Start",
            help="The date of the first registered contract."),
        'get_cooperation')
    cooperation_months = fields.Function(
        fields.Integer("Cooperation (Months)"), 'get_cooperation')
    service_points = fields.One2Many(
        'itsvc.service_point', 'party', "Service Points")
    installations = fields.One2Many(
        'itsvc.installation', 'party', "Installations", readonly=True)
    maintained_installations = fields.Function(fields.Many2Many(
            'itsvc.installation', None, None, "Maintained Systems"),
        'get_installations_by_state')
    disconnected_installations = fields.Function(fields.Many2Many(
            'itsvc.installation', None, None, "Disconnected Systems"),
        'get_installations_by_state')
    contracts = fields.One2Many(
        'itsvc.contract', 'party', "Contracts", readonly=True)
    timeline = fields.One2Many(
        'itsvc.client.event', 'party', "Cooperation History", readonly=True)

    @classmethod
    def read(cls, ids, fields_names):
        """The lists of a card hold only the lines the user may read: a
        dealer opening a client shared with another dealer sees his own
        systems and history, not rows he is refused"""
        pool = Pool()
        ModelAccess = pool.get('ir.model.access')
        result = super().read(ids, fields_names)
        if not Transaction().check_access:
            return result
        for name in fields_names:
            field = cls._fields.get(name)
            if field is None or field._type not in {'one2many', 'many2many'}:
                continue
            Target = field.get_target()
            listed = {i for r in result for i in (r.get(name) or ())}
            if not listed:
                continue
            if ModelAccess.check(
                    Target.__name__, 'read', raise_exception=False):
                with Transaction().set_context(active_test=False):
                    readable = set(map(int, Target.search(
                                [('id', 'in', list(listed))], order=[])))
            else:
                readable = set()
            if readable != listed:
                for row in result:
                    row[name] = tuple(
                        i for i in row.get(name) or () if i in readable)
        return result

    @classmethod
    def default_owner_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        if field_names is None or 'name' in field_names:
            check_lengths(cls, parties, ['name'])

    @classmethod
    def get_inn(cls, parties, name):
        """The code of the party's first active ИНН identifier (in the
        order of the identifiers), read in SQL"""
        Identifier = Pool().get('party.identifier')
        identifier = Identifier.__table__()
        cursor = Transaction().connection.cursor()
        rows = []
        for sub_ids in grouped_slice(
                [p.id for p in parties], backend.MAX_QUERY_PARAMS):
            cursor.execute(*identifier.select(
                    identifier.party, identifier.sequence, identifier.id,
                    identifier.code,
                    where=reduce_ids(identifier.party, list(sub_ids))
                    & (identifier.type == 'ru_vat') & identifier.active))
            rows.extend(cursor)
        result = {p.id: None for p in parties}
        # the first of each party (sequence, empty first, then id) last
        for party_id, _, _, code in sorted(rows, reverse=True,
                key=lambda r: (r[1] is not None, r[1] or 0, r[2])):
            result[party_id] = code
        return result

    @classmethod
    def set_inn(cls, parties, name, value):
        "Write value as the code of the first ИНН identifier (or create it)"
        Identifier = Pool().get('party.identifier')
        value = (value or '').strip()
        to_save, to_delete = [], []
        for party in parties:
            identifiers = [i for i in party.identifiers
                if i.type == 'ru_vat' and i.active]
            if identifiers and value:
                identifiers[0].code = value
                to_save.append(identifiers[0])
            elif value:
                to_save.append(Identifier(
                        party=party, type='ru_vat', code=value))
            else:
                to_delete.extend(identifiers[:1])
        Identifier.save(to_save)
        Identifier.delete(to_delete)

    @classmethod
    def search_inn(cls, name, clause):
        _, operator, value, *extra = clause
        return [('identifiers', 'where', [
                    ('type', '=', 'ru_vat'),
                    ('code', operator, value, *extra),
                    ])]

    @classmethod
    def get_cooperation(cls, parties, names):
        pool = Pool()
        Contract = pool.get('itsvc.contract')
        contract = Contract.__table__()
        cursor = Transaction().connection.cursor()
        start = {p.id: None for p in parties}
        for sub_ids in grouped_slice(parties, backend.MAX_QUERY_PARAMS):
            cursor.execute(*contract.select(
                    contract.party, Min(contract.date),
                    where=reduce_ids(
                        contract.party, [p.id for p in sub_ids])
                    & contract.state.in_(['registered', 'terminated'])
                    & (contract.date != Null),
                    group_by=[contract.party]))
            for party_id, date in cursor:
                start[party_id] = as_date(date)
        today = dt.date.today()
        result = {}
        if 'cooperation_start' in names:
            result['cooperation_start'] = start
        if 'cooperation_months' in names:
            result['cooperation_months'] = {
                i: months_between(d, today) if d else None
                for i, d in start.items()}
        return result

    @classmethod
    def get_installations_by_state(cls, parties, names):
        pool = Pool()
        Installation = pool.get('itsvc.installation')
        result = {n: {p.id: [] for p in parties} for n in names}
        installations = Installation.search([
                ('party', 'in', [p.id for p in parties]),
                ], order=[('id', 'ASC')])
        for installation in installations:
            if installation.state == 'maintained':
                name = 'maintained_installations'
            else:
                name = 'disconnected_installations'
            if name in result:
                result[name][installation.party.id].append(installation.id)
        return result

    @classmethod
    def update_client_status(cls, parties):
        "Set the status from the contracts and the installations of today"
        pool = Pool()
        Contract = pool.get('itsvc.contract')
        Installation = pool.get('itsvc.installation')
        party_ids = [p.id for p in parties]
        maintained = {i.party.id for i in Installation.search([
                    ('party', 'in', party_ids),
                    ('state', '=', 'maintained'),
                    ])}
        contracted = {c.party.id for c in Contract.search([
                    ('party', 'in', party_ids),
                    ('state', 'in', ['registered', 'terminated']),
                    ])}
        to_write = {}
        for party in parties:
            if party.id in maintained:
                status = 'client'
            elif party.id in contracted:
                status = 'former'
            else:
                status = party.client_status
            if party.client_status != status:
                to_write.setdefault(status, []).append(party)
        args = []
        for status, records in to_write.items():
            args.extend((records, {'client_status': status}))
        if args:
            cls.write(*args)


class Replace(metaclass=PoolMeta):
    "Merging two clients moves the references of this module too"
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('itsvc.service_point', 'party'),
            ('itsvc.contract', 'party'),
            ('itsvc.installation', 'party'),
            ]
