# This file is part of itsvc.
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin,
    CompanyValueMixin,
)
from trytond.pool import Pool
from trytond.pyson import Eval, Id

contract_sequence = fields.Many2One(
    'ir.sequence', "Contract Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('context', {}).get('company', -1), None]),
        ('sequence_type', '=', Id('itsvc_base', 'sequence_type_contract')),
        ])


class Configuration(
        ModelSingleton, ModelSQL, ModelView, CompanyMultiValueMixin):
    __name__ = 'itsvc.configuration'

    contract_sequence = fields.MultiValue(contract_sequence)
    loyalty_gap_months = fields.Integer(
        "Loyalty Gap", required=True,
        domain=[('loyalty_gap_months', '>=', 0)],
        help="A maintenance gap longer than this number of months restarts "
        "the tenure of an installation at resumption.")
    tenure_basis = fields.Selection([
            ('installation', "Per Installation"),
            ('client', "Per Client"),
            ], "Tenure Basis", required=True,
        help="Whether the maintenance year (loyalty discounts) is counted "
        "for each installation or from the client's first maintained day.")

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field == 'contract_sequence':
            return pool.get('itsvc.configuration.sequence')
        return super().multivalue_model(field)

    @classmethod
    def default_contract_sequence(cls, **pattern):
        return cls.multivalue_model(
            'contract_sequence').default_contract_sequence()

    @classmethod
    def default_loyalty_gap_months(cls):
        return 3

    @classmethod
    def default_tenure_basis(cls):
        return 'installation'


class ConfigurationSequence(ModelSQL, CompanyValueMixin):
    __name__ = 'itsvc.configuration.sequence'
    contract_sequence = contract_sequence

    @classmethod
    def default_contract_sequence(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id('itsvc_base', 'sequence_contract')
        except KeyError:
            return None

