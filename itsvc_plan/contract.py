# This file is part of itsvc.
"""The sales manager responsible for a contract."""
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction


class Contract(metaclass=PoolMeta):
    __name__ = 'itsvc.contract'

    salesman = fields.Many2One(
        'company.employee', "Sales Manager", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        states={
            'readonly': Eval('state').in_(['terminated', 'cancelled']),
            },
        help="The employee credited with the sales of the contract and "
        "of its amendments.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # the manager may be reassigned on a registered contract
        cls._editable_fields = cls._editable_fields | {'salesman'}

    @classmethod
    def default_salesman(cls):
        "The employee of the user who makes the contract"
        return Transaction().context.get('employee')
