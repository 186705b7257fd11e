# This file is part of itsvc.
"""Maintained systems at a date, by company, client group, system and
version type."""
from sql import Null
from sql.aggregate import Count, Min

from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction

from .common import filters


class Maintained(ModelSQL, ModelView):
    "Maintained Systems"
    __name__ = 'itsvc.report.maintained'

    company = fields.Many2One('company.company', "Company")
    client_group = fields.Many2One('itsvc.client.group', "Client Group")
    product = fields.Many2One('product.product', "System")
    version_type = fields.Selection('get_version_types', "Version Type")
    installations = fields.Integer("Maintained Systems",
        help="Installations with a maintained period covering the date, "
        "not transferred.")
    clients = fields.Integer("Clients",
        help="Clients with at least one of these systems.")

    _export_fields = ['company', 'client_group', 'product', 'version_type',
        'installations', 'clients']

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('installations', 'DESC'), ('id', 'ASC')]

    @classmethod
    def get_version_types(cls):
        Template = Pool().get('product.template')
        return Template.fields_get(['version_type'])['version_type'][
            'selection']

    @classmethod
    def _date(cls):
        return Transaction().context.get('date') or (
            Pool().get('ir.date').today())

    @classmethod
    def table_query(cls):
        pool = Pool()
        Installation = pool.get('itsvc.installation')
        Party = pool.get('party.party')
        Period = pool.get('itsvc.installation.period')
        Product = pool.get('product.product')
        Template = pool.get('product.template')
        installation = Installation.__table__()
        period = Period.__table__()
        party = Party.__table__()
        product = Product.__table__()
        template = Template.__table__()
        date = cls._date()
        # the semantics of itsvc_base: the state «maintained» at the date
        with Transaction().set_context(date=date):
            maintained = Installation.search(
                [('state', '=', 'maintained')], order=[], query=True)
        # the system of the period covering the date (periods of an
        # installation do not overlap)
        return (installation
            .join(period, condition=(period.installation == installation.id)
                & (period.start_date <= date)
                & ((period.end_date == Null) | (period.end_date >= date)))
            .join(party, condition=installation.party == party.id)
            .join(product, condition=period.product == product.id)
            .join(template, condition=product.template == template.id)
            .select(
                Min(installation.id).as_('id'),
                installation.company.as_('company'),
                party.client_group.as_('client_group'),
                period.product.as_('product'),
                template.version_type.as_('version_type'),
                Count(installation.id).as_('installations'),
                Count(installation.party, distinct=True).as_('clients'),
                where=installation.id.in_(maintained)
                & filters(installation, party, period.product),
                group_by=[installation.company, party.client_group,
                    period.product, template.version_type]))
