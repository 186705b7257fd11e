# This file is part of itsvc.
"""Market capacity: prospects and clients per segment, penetration, and
the planned sales that feed the targets of the sales managers."""
from collections import defaultdict
from decimal import Decimal

from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .plan import HUNDRED, round_cent


class Market(ModelSQL, ModelView):
    "Market capacity and sales plan"
    __name__ = 'itsvc.market'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT')
    name = fields.Char("Name", required=True)
    start_date = fields.Date("Start Date", required=True,
        help="The first day of the first month planned.")
    end_date = fields.Date("End Date", required=True,
        domain=[('end_date', '>=', Eval('start_date'))],
        help="The last day of the last month planned.")
    months = fields.Function(fields.Integer("Months"), 'get_months')
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    segments = fields.One2Many('itsvc.market.segment', 'market', "Segments")
    prospects = fields.Function(
        fields.Integer("Prospects"), 'get_totals')
    clients = fields.Function(fields.Integer("Clients"), 'get_totals')
    planned_sales = fields.Function(Monetary("Planned Sales",
            currency='currency', digits='currency'), 'get_totals')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]
        cls._buttons.update({
                'count': {
                    'icon': 'tryton-refresh',
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def get_months(self, name):
        if self.start_date and self.end_date:
            return ((self.end_date.year - self.start_date.year) * 12
                + self.end_date.month - self.start_date.month + 1)

    @classmethod
    def get_totals(cls, markets, names):
        result = {n: {} for n in names}
        for market in markets:
            for name in names:
                result[name][market.id] = sum(
                    (getattr(s, name) or 0 for s in market.segments),
                    Decimal(0) if name == 'planned_sales' else 0)
        return result

    @classmethod
    @ModelView.button
    def count(cls, markets):
        cls.count_parties(markets)

    @classmethod
    def count_parties(cls, markets):
        """Prospects and clients of every segment, from one read of the
        parties of each company with the regions of their addresses"""
        pool = Pool()
        Party = pool.get('party.party')
        Address = pool.get('party.address')
        Segment = pool.get('itsvc.market.segment')
        party = Party.__table__()
        address = Address.__table__()
        cursor = Transaction().connection.cursor()
        to_write = []
        for company in {m.company for m in markets}:
            # (group, region) -> status -> party ids
            parties = defaultdict(lambda: defaultdict(set))
            cursor.execute(*party.join(address, 'LEFT',
                    condition=(address.party == party.id)
                    & (address.active == True))  # noqa: E712
                .select(party.id, party.client_group, address.subdivision,
                    party.client_status,
                    where=(party.owner_company == company.id)
                    & party.client_status.in_(['prospect', 'client'])
                    & (party.active == True)))  # noqa: E712
            for party_id, group, region, status in cursor:
                parties[(group, region)][status].add(party_id)
            for market in markets:
                if market.company != company:
                    continue
                for segment in market.segments:
                    found = defaultdict(set)
                    group = segment.client_group
                    region = segment.region
                    for (p_group, p_region), statuses in parties.items():
                        if group and p_group != group.id:
                            continue
                        if region and p_region != region.id:
                            continue
                        for status, ids in statuses.items():
                            found[status] |= ids
                    to_write.extend(([segment], {
                                'prospects': len(found['prospect']),
                                'clients': len(found['client']),
                                }))
        if to_write:
            Segment.write(*to_write)


class Segment(ModelSQL, ModelView):
    "Market segment"
    __name__ = 'itsvc.market.segment'

    market = fields.Many2One('itsvc.market', "Market", required=True,
        ondelete='CASCADE')
    client_group = fields.Many2One(
        'itsvc.client.group', "Client Group", ondelete='RESTRICT',
        help="Empty for all the groups.")
    region = fields.Many2One('country.subdivision', "Region",
        ondelete='RESTRICT',
        help="The region of the client's addresses; empty for all.")
    capacity = fields.Integer("Capacity",
        domain=['OR', ('capacity', '=', None), ('capacity', '>=', 0)],
        help="Companies of the segment on the market; empty for the "
        "known prospects and clients.")
    prospects = fields.Integer("Prospects", readonly=True)
    clients = fields.Integer("Clients", readonly=True)
    penetration = fields.Function(fields.Numeric("Penetration (%)",
            digits=(16, 2)), 'on_change_with_penetration')
    employee = fields.Many2One('company.employee', "Sales Manager",
        ondelete='RESTRICT',
        help="The sales manager whose targets the planned sales feed.")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    planned_sales = Monetary("Planned Sales", currency='currency',
        digits='currency',
        help="The supply amount planned in the segment for the period.")
    planned_clients = fields.Integer("Planned New Clients")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('market')
        cls._order = [('market', 'ASC'), ('id', 'ASC')]

    @fields.depends('capacity', 'prospects', 'clients')
    def on_change_with_penetration(self, name=None):
        capacity = self.capacity
        if capacity is None:
            capacity = (self.prospects or 0) + (self.clients or 0)
        if capacity:
            return round_cent(
                Decimal(self.clients or 0) / capacity * HUNDRED)

    @fields.depends('market', '_parent_market.company')
    def on_change_with_currency(self, name=None):
        if self.market and self.market.company:
            return self.market.company.currency

    def get_rec_name(self, name):
        names = [x.rec_name for x in [self.client_group, self.region] if x]
        return ', '.join(names) or self.market.rec_name
