# This file is part of itsvc.
"""Dealers are companies below the centre."""
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    parent = fields.Many2One(
        'company.company', "Centre", ondelete='RESTRICT',
        domain=[('id', '!=', Eval('id', -1))],
        help="The centre of a dealer; empty for the centre itself.")
    dealers = fields.One2Many('company.company', 'parent', "Dealers",
        readonly=True)
