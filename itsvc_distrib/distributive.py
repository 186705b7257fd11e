# This file is part of itsvc.
"""Distributives: stock lots of systems with a registration number."""
import secrets
from collections import Counter, defaultdict

from sql import Null
from sql.aggregate import Max
from trytond import backend
from trytond.model import Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction, without_check_access

PLACES = [
    (None, ""),
    ('in_stock', "In Stock"),
    ('at_client', "At Client"),
    ('transferred', "Transferred to a Third Party"),
    ('returned', "Returned to the Coordination Centre"),
    ('written_off', "Written Off"),
    ]
STATES = [
    (None, ""),
    ('in_stock', "In Stock"),
    ('assigned', "Assigned to Client"),
    ('maintained', "Installed, Maintained"),
    ('not_maintained', "Installed, Not Maintained"),
    ('transferred', "Transferred to a Third Party"),
    ('returned', "Returned to the Coordination Centre"),
    ('written_off', "Written Off"),
    ]
# the place of a lot after a move to a location of this type
PLACE_OF_LOCATION = {
    'storage': 'in_stock',
    'customer': 'at_client',
    'supplier': 'returned',
    'lost_found': 'written_off',
    }


def new_key():
    "A secret the client's updater sends with its registration number"
    return secrets.token_hex(16)


class Lot(metaclass=PoolMeta):
    __name__ = 'stock.lot'

    company = fields.Many2One('company.company', "Company",
        ondelete='RESTRICT')
    update_key = fields.Char("Update Key", readonly=True,
        help="The key the client's updater sends with the registration "
        "number.")
    place = fields.Selection(PLACES, "Place", readonly=True,
        help="Where the distributive is after its last movement.")
    holder = fields.Many2One('party.party', "Holder", readonly=True,
        ondelete='RESTRICT',
        help="The client (or the third party) who has the distributive.")
    installation = fields.Many2One('itsvc.installation', "Installation",
        readonly=True, ondelete='RESTRICT',
        domain=[('product', '=', Eval('product', -1))])
    service_point = fields.Function(fields.Many2One(
            'itsvc.service_point', "Service Point"), 'get_service_point')
    itsvc_state = fields.Function(fields.Selection(STATES,
            "Distributive State"), 'get_itsvc_state',
        searcher='search_itsvc_state')
    operations = fields.One2Many('itsvc.distributive.operation',
        'distributive', "History", readonly=True,
        order=[('date', 'ASC'), ('id', 'ASC')])
    update_requests = fields.One2Many('itsvc.update.request',
        'distributive', "Update Requests", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('product_number_unique', Unique(t, t.product, t.number),
                'itsvc_distrib.msg_registration_number_unique'),
            ]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @classmethod
    def preprocess_values(cls, mode, values):
        values = super().preprocess_values(mode, values)
        if mode == 'create' and not values.get('update_key'):
            values['update_key'] = new_key()
        return values

    def get_service_point(self, name):
        if self.installation:
            return self.installation.service_point.id

    @classmethod
    def get_itsvc_state(cls, lots, name):
        Installation = Pool().get('itsvc.installation')
        installations = Installation.browse(
            {l.installation.id for l in lots if l.installation})
        installation_states = {i.id: i.state for i in installations}
        result = {}
        for lot in lots:
            state = lot.place
            if lot.place == 'at_client':
                if lot.installation:
                    state = installation_states[lot.installation.id]
                else:
                    state = 'assigned'
            result[lot.id] = state
        return result

    @classmethod
    def search_itsvc_state(cls, name, clause):
        _, operator, value = clause
        if operator in {'=', '!='}:
            values = {value}
        elif operator in {'in', 'not in'}:
            values = set(value or [])
        else:
            return []
        domain = ['OR']
        for state in values:
            if state in {'in_stock', 'returned', 'written_off'}:
                domain.append([('place', '=', state)])
            elif state == 'assigned':
                domain.append([('place', '=', 'at_client'),
                        ('installation', '=', None)])
            elif state in {'maintained', 'not_maintained'}:
                domain.append([('place', '=', 'at_client'),
                        ('installation.state', '=', state)])
            elif state == 'transferred':
                domain.append(['OR',
                        ('place', '=', 'transferred'),
                        [('place', '=', 'at_client'),
                            ('installation.state', '=', 'transferred')],
                        ])
        if len(domain) == 1:
            domain = [('id', '=', None)]
        if operator in {'!=', 'not in'}:
            return ['NOT', domain]
        return [domain]

    @classmethod
    def update_places(cls, lots):
        "Set the place of the lots from their last done move"
        pool = Pool()
        Move = pool.get('stock.move')
        Location = pool.get('stock.location')
        move = Move.__table__()
        location = Location.__table__()
        cursor = Transaction().connection.cursor()
        last = {}
        for sub_ids in grouped_slice(
                [l.id for l in lots], backend.MAX_QUERY_PARAMS):
            cursor.execute(*move.select(move.lot, Max(move.id),
                    where=reduce_ids(move.lot, sub_ids)
                    & (move.state == 'done'),
                    group_by=[move.lot]))
            last.update(cursor)
        places = {}
        for sub_ids in grouped_slice(
                list(last.values()), backend.MAX_QUERY_PARAMS):
            cursor.execute(*move.join(location,
                    condition=move.to_location == location.id
                    ).select(move.lot, location.type,
                    where=reduce_ids(move.id, sub_ids)
                    & (move.lot != Null)))
            places.update(
                (lot, PLACE_OF_LOCATION.get(type_, 'in_stock'))
                for lot, type_ in cursor)
        by_place = defaultdict(list)
        for lot in lots:
            place = places.get(lot.id)
            if place and place != lot.place:
                by_place[place].append(lot)
        to_write = []
        for place, place_lots in by_place.items():
            to_write.extend((place_lots, {'place': place}))
        if to_write:
            cls.write(*to_write)

    @classmethod
    def count_by_state(cls, product_ids):
        "{(product id, state): number of distributives}"
        lots = cls.search([
                ('product', 'in', product_ids),
                ('place', '!=', None),
                ], order=[])
        states = cls.get_itsvc_state(lots, 'itsvc_state')
        return Counter((l.product.id, states[l.id]) for l in lots)


class Move(metaclass=PoolMeta):
    __name__ = 'stock.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['itsvc.distributive.operation']

    @classmethod
    def do(cls, moves):
        Lot = Pool().get('stock.lot')
        super().do(moves)
        lots = Lot.browse({m.lot.id for m in moves if m.lot})
        if lots:
            with without_check_access():
                Lot.update_places(lots)


class Installation(metaclass=PoolMeta):
    __name__ = 'itsvc.installation'

    distributives = fields.One2Many('stock.lot', 'installation',
        "Distributives", readonly=True)
    update_requests = fields.One2Many('itsvc.update.request',
        'installation', "Update Requests", readonly=True)


class ServicePoint(metaclass=PoolMeta):
    __name__ = 'itsvc.service_point'

    update_requests = fields.One2Many('itsvc.update.request',
        'service_point', "Update Requests", readonly=True)


class Product(metaclass=PoolMeta):
    __name__ = 'product.product'

    distributives_in_stock = fields.Function(fields.Integer(
            "In Stock"), 'get_distributive_counts')
    distributives_assigned = fields.Function(fields.Integer(
            "Assigned"), 'get_distributive_counts')
    distributives_maintained = fields.Function(fields.Integer(
            "Maintained"), 'get_distributive_counts')
    distributives_not_maintained = fields.Function(fields.Integer(
            "Not Maintained"), 'get_distributive_counts')
    distributives_transferred = fields.Function(fields.Integer(
            "Transferred"), 'get_distributive_counts')
    distributives_min_quantity = fields.Function(fields.Float(
            "Minimum Quantity",
            help="The minimum stock that triggers a purchase request."),
        'get_distributives_min_quantity')

    @classmethod
    def get_distributive_counts(cls, products, names):
        Lot = Pool().get('stock.lot')
        counts = Lot.count_by_state([p.id for p in products])
        prefix = len('distributives_')
        return {name: {p.id: counts[p.id, name[prefix:]] for p in products}
            for name in names}

    @classmethod
    def get_distributives_min_quantity(cls, products, name):
        OrderPoint = Pool().get('stock.order_point')
        result = {p.id: None for p in products}
        for point in OrderPoint.search([
                    ('product', 'in', [p.id for p in products]),
                    ('type', '=', 'purchase'),
                    ], order=[('id', 'ASC')]):
            result[point.product.id] = point.min_quantity
        return result
