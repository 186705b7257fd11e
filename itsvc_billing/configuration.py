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


def _account(string, help):
    return fields.Many2One('account.account', string,
        domain=[
            ('company', '=', Eval('context', {}).get('company', -1)),
            ('type', '!=', None),
            ('closed', '!=', True),
            ], help=help)


payment_journal = fields.Many2One('account.journal', "Payment Journal",
    help="The journal of the moves of the payments.")
bank_account = _account("Bank Account",
    "Debited by the payments of bank statements (51).")
cash_account = _account("Cash Account",
    "Debited by the cash receipt orders (50.01).")
advance_report_account = _account("Advance Report Account",
    "Debited by the advance reports, with the employee (71).")
advance_tax = fields.Many2One('account.tax', "Tax on Advances",
    domain=[
        ('company', '=', Eval('context', {}).get('company', -1)),
        ('advance_account', '!=', None),
        ],
    help="The VAT charged on the advances received (22/122); "
    "empty: no VAT on advances.")
LEDGER_FIELDS = ['payment_journal', 'bank_account', 'cash_account',
    'advance_report_account', 'advance_tax']


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
    payment_journal = fields.MultiValue(payment_journal)
    bank_account = fields.MultiValue(bank_account)
    cash_account = fields.MultiValue(cash_account)
    advance_report_account = fields.MultiValue(advance_report_account)
    advance_tax = fields.MultiValue(advance_tax)

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field in {'bill_sequence', 'cash_order_sequence',
                'advance_report_sequence'}:
            return pool.get('itsvc.configuration.bill_sequence')
        if field in LEDGER_FIELDS:
            return pool.get('itsvc.configuration.ledger')
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


class ConfigurationLedger(ModelSQL, CompanyValueMixin):
    "The accounts of the payments of a company"
    __name__ = 'itsvc.configuration.ledger'
    payment_journal = payment_journal
    bank_account = bank_account
    cash_account = cash_account
    advance_report_account = advance_report_account
    advance_tax = advance_tax
