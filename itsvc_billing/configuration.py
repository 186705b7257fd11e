# This file is part of itsvc.
from sql import Null

from trytond import backend
from trytond.model import ModelSQL, fields
from trytond.modules.company.model import CompanyValueMixin
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval, Id
from trytond.transaction import Transaction

bill_sequence = fields.Many2One(
    'ir.sequence', "Bill Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('context', {}).get('company', -1), None]),
        ('sequence_type', '=', Id('itsvc_billing', 'sequence_type_bill')),
        ])


cash_order_sequence = fields.Many2One(
    'ir.sequence.strict', "Cash Receipt Order Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('context', {}).get('company', -1), None]),
        ('sequence_type', '=',
            Id('itsvc_billing', 'sequence_type_cash_order')),
        ])
advance_report_sequence = fields.Many2One(
    'ir.sequence.strict', "Advance Report Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('context', {}).get('company', -1), None]),
        ('sequence_type', '=',
            Id('itsvc_billing', 'sequence_type_advance_report')),
        ])


class Configuration(metaclass=PoolMeta):
    __name__ = 'itsvc.configuration'

    bill_sequence = fields.MultiValue(bill_sequence)
    cash_order_sequence = fields.MultiValue(cash_order_sequence)
    advance_report_sequence = fields.MultiValue(advance_report_sequence)
    bill_due_days = fields.Integer("Bill Due Days", required=True,
        domain=[('bill_due_days', '>=', 0)],
        help="Days from the bill date to its due date.")
    bill_grouping = fields.Selection([
            ('party', "Per Client"),
            ('contract', "Per Contract"),
            ], "Bill Grouping", required=True,
        help="The billing run makes one bill per client or per contract.")
    discount_combination = fields.Selection([
            ('largest', "Largest Discount"),
            ('sum', "Sum Capped at 100%"),
            ], "Discount Combination", required=True,
        help="How the discounts that apply to a line are combined.")
    acts_require_payment = fields.Boolean("Acts Require Payment",
        help="The month closing acts only the bill lines fully paid.")
    adjustment_months = fields.Integer("Adjustment Months", required=True,
        domain=[('adjustment_months', '>=', 0)],
        help="How many months back the billing run looks for changes of "
        "billed months to adjust.")

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field in {'bill_sequence', 'cash_order_sequence',
                'advance_report_sequence'}:
            return pool.get('itsvc.configuration.bill_sequence')
        return super().multivalue_model(field)

    @classmethod
    def default_bill_sequence(cls, **pattern):
        return cls.multivalue_model('bill_sequence').default_bill_sequence()

    @classmethod
    def default_cash_order_sequence(cls, **pattern):
        return cls.multivalue_model(
            'cash_order_sequence').default_cash_order_sequence()

    @classmethod
    def default_advance_report_sequence(cls, **pattern):
        return cls.multivalue_model(
            'advance_report_sequence').default_advance_report_sequence()

    @classmethod
    def default_bill_due_days(cls):
        return 10

    @classmethod
    def default_bill_grouping(cls):
        return 'party'

    @classmethod
    def default_discount_combination(cls):
        return 'largest'

    @classmethod
    def default_acts_require_payment(cls):
        return True

    @classmethod
    def default_adjustment_months(cls):
        return 12


class ConfigurationBillSequence(ModelSQL, CompanyValueMixin):
    "The document sequences of a company"
    __name__ = 'itsvc.configuration.bill_sequence'
    bill_sequence = bill_sequence
    cash_order_sequence = cash_order_sequence
    advance_report_sequence = advance_report_sequence

    @classmethod
    def __register__(cls, module):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        model_data = ModelData.__table__()
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        # migration: cash documents numbered by strict sequences (the old
        # values are cleared; the numbering falls back to the defaults)
        cursor.execute(*model_data.select(model_data.id,
                where=(model_data.module == module)
                & (model_data.fs_id == 'sequence_cash_order')))
        migrate = bool(cursor.fetchone()) and backend.TableHandler.table_exist(
            cls._table)
        if migrate:
            cursor.execute(*table.update(
                    [table.cash_order_sequence, table.advance_report_sequence],
                    [Null, Null]))
        super().__register__(module)

    @staticmethod
    def _default(xml_id):
        ModelData = Pool().get('ir.model.data')
        try:
            return ModelData.get_id('itsvc_billing', xml_id)
        except KeyError:
            return None

    @classmethod
    def default_bill_sequence(cls):
        return cls._default('sequence_bill')

    @classmethod
    def default_cash_order_sequence(cls):
        return cls._default('sequence_strict_cash_order')

    @classmethod
    def default_advance_report_sequence(cls):
        return cls._default('sequence_strict_advance_report')
