# This file is part of itsvc.
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

KINDS = [
    (None, ""),
    ('system', "System"),
    ('maintenance', "Maintenance Service"),
    ('publication', "Publication"),
    ('other', "Other"),
    ]
VERSION_TYPES = [
    (None, ""),
    ('local', "Local"),
    ('network', "Network"),
    ]


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'

    itsvc_kind = fields.Selection(KINDS, "Software Service Kind",
        help="The role of the product in software service.")
    version_type = fields.Selection(VERSION_TYPES, "Version Type",
        states={
            'invisible': Eval('itsvc_kind') != 'system',
            'required': Eval('itsvc_kind') == 'system',
            })
    maintenance_product = fields.Many2One(
        'product.product', "Maintenance Service", ondelete='RESTRICT',
        domain=[('itsvc_kind', '=', 'maintenance')],
        states={
            'invisible': Eval('itsvc_kind') != 'system',
            },
        help="The service billed monthly for maintaining this system.")



class Product(metaclass=PoolMeta):
    "Registered so that the variants get the template's fields"
    __name__ = 'product.product'
