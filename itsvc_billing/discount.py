# This file is part of itsvc.
from trytond.i18n import gettext
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from .exceptions import DiscountValidationError
from .pricing import PRICE_DIGITS

PERCENT = (16, 4)


class LoyaltyStep(ModelSQL, ModelView):
    "A step of the loyalty ladder: from a maintenance year on, a discount"
    __name__ = 'itsvc.loyalty.step'

    year = fields.Integer("From Maintenance Year", required=True,
        domain=[('year', '>=', 1)])
    percentage = fields.Numeric("Discount", digits=PERCENT, required=True,
        domain=[('percentage', '>=', 0), ('percentage', '<=', 1)],
        help="In percent.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('year', 'ASC'), ('id', 'ASC')]

    def get_rec_name(self, name):
        return gettext('itsvc_billing.msg_loyalty_step_rec_name',
            year=self.year,
            percentage=f'{self.percentage * 100:.4g}')


class Discount(DeactivableMixin, ModelSQL, ModelView):
    "Promotion, individual discount or fixed price over a period"
    __name__ = 'itsvc.discount'

    name = fields.Char("Name", required=True)
    kind = fields.Selection([
            ('promotion', "Promotion"),
            ('individual', "Individual Discount"),
            ('fixed', "Fixed Price"),
            ], "Kind", required=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    start_date = fields.Date("Start Date", required=True)
    end_date = fields.Date("End Date",
        domain=['OR',
            ('end_date', '=', None),
            ('end_date', '>=', Eval('start_date')),
            ])
    purpose = fields.Selection([
            ('maintenance', "Maintenance"),
            ('supply', "Supply"),
            ('both', "Supply and Maintenance"),
            ], "Applies To", required=True)
    percentage = fields.Numeric("Discount", digits=PERCENT,
        domain=[If(Eval('kind') != 'fixed',
                [('percentage', '>', 0), ('percentage', '<=', 1)],
                [])],
        states={
            'invisible': Eval('kind') == 'fixed',
            'required': Eval('kind') != 'fixed',
            },
        help="In percent.")
    fixed_price = fields.Numeric("Fixed Price", digits=PRICE_DIGITS,
        domain=[If(Eval('kind') == 'fixed', ('fixed_price', '>=', 0), ())],
        states={
            'invisible': Eval('kind') != 'fixed',
            'required': Eval('kind') == 'fixed',
            },
        help="The monthly price (maintenance) or unit price (supply) "
        "without VAT that replaces the price list.")
    allow_discounts = fields.Boolean("Allow Discounts",
        states={'invisible': Eval('kind') != 'fixed'},
        help="Loyalty and promotions still apply on the fixed price.")
    products = fields.Many2Many(
        'itsvc.discount-product.product', 'discount', 'product', "Products",
        help="The services and systems concerned; empty for all.")
    client_groups = fields.Many2Many(
        'itsvc.discount-itsvc.client.group', 'discount', 'client_group',
        "Client Groups", states={'invisible': Eval('kind') == 'individual'},
        help="Empty for all groups.")
    party = fields.Many2One('party.party', "Client", ondelete='CASCADE',
        states={
            'invisible': Eval('kind') == 'promotion',
            })
    contract = fields.Many2One('itsvc.contract', "Contract",
        ondelete='CASCADE',
        domain=[If(Eval('party'), ('party', '=', Eval('party', -1)), ())],
        states={
            'invisible': Eval('kind') == 'promotion',
            })

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('start_date', 'DESC'), ('id', 'DESC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_purpose():
        return 'maintenance'

    @staticmethod
    def default_allow_discounts():
        return False

    @classmethod
    def validate_fields(cls, discounts, field_names):
        super().validate_fields(discounts, field_names)
        for discount in discounts:
            if (discount.kind == 'individual'
                    and not (discount.party or discount.contract)):
                raise DiscountValidationError(gettext(
                        'itsvc_billing.msg_discount_individual_target',
                        discount=discount.rec_name))


class DiscountProduct(ModelSQL):
    __name__ = 'itsvc.discount-product.product'
    discount = fields.Many2One(
        'itsvc.discount', "Discount", required=True, ondelete='CASCADE')
    product = fields.Many2One(
        'product.product', "Product", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('discount')


class DiscountClientGroup(ModelSQL):
    __name__ = 'itsvc.discount-itsvc.client.group'
    discount = fields.Many2One(
        'itsvc.discount', "Discount", required=True, ondelete='CASCADE')
    client_group = fields.Many2One(
        'itsvc.client.group', "Client Group", required=True,
        ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('discount')
