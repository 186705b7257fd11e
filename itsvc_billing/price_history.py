# This file is part of itsvc.
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool

from .price_list import KINDS, PURPOSES
from .pricing import PRICE_DIGITS


class PriceHistory(ModelSQL, ModelView):
    "The confirmed prices of a product, version after version"
    __name__ = 'itsvc.price_history'

    product = fields.Many2One('product.product', "Product")
    price_list = fields.Many2One('itsvc.price_list', "Price List")
    kind = fields.Selection(KINDS, "Kind")
    purpose = fields.Selection(PURPOSES, "Purpose")
    client_group = fields.Many2One('itsvc.client.group', "Client Group")
    company = fields.Many2One('company.company', "Company")
    effective_date = fields.Date("Effective Date")
    price = fields.Numeric("Price", digits=PRICE_DIGITS)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('effective_date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Line = pool.get('itsvc.price_list.line')
        Version = pool.get('itsvc.price_list.version')
        PriceList = pool.get('itsvc.price_list')
        line = Line.__table__()
        version = Version.__table__()
        price_list = PriceList.__table__()
        return (line
            .join(version, condition=line.version == version.id)
            .join(price_list, condition=version.price_list == price_list.id)
            .select(
                line.id.as_('id'),
                line.product.as_('product'),
                price_list.id.as_('price_list'),
                price_list.kind.as_('kind'),
                price_list.purpose.as_('purpose'),
                price_list.client_group.as_('client_group'),
                price_list.company.as_('company'),
                version.effective_date.as_('effective_date'),
                line.price.as_('price'),
                where=version.state == 'confirmed'))
