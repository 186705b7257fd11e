# This file is part of itsvc.
from trytond.i18n import gettext
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from itsvc_base.bounds import AmountBoundsMixin
from itsvc_base.document import WorkflowFieldsMixin

from .exceptions import PriceListError, PriceListVersionModifyError
from .pricing import PRICE_DIGITS

KINDS = [
    ('retail', "Retail"),
    ('wholesale', "Wholesale"),
    ('recommended', "Recommended"),
    ]
PURPOSES = [
    ('maintenance', "Maintenance"),
    ('supply', "Supply"),
    ]


class PriceList(DeactivableMixin, ModelSQL, ModelView):
    "A price list: its prices are in dated versions"
    __name__ = 'itsvc.price_list'

    name = fields.Char("Name", required=True)
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    kind = fields.Selection(KINDS, "Kind", required=True,
        help="Retail for clients, wholesale for dealers, recommended by "
        "the coordination centre.")
    purpose = fields.Selection(PURPOSES, "Purpose", required=True)
    client_group = fields.Many2One(
        'itsvc.client.group', "Client Group", ondelete='RESTRICT',
        help="Preferred over the general list for the clients of the group."
        " Leave empty for the general list.")
    versions = fields.One2Many(
        'itsvc.price_list.version', 'price_list', "Versions",
        order=[('effective_date', 'DESC')])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [
            ('kind', 'ASC'), ('purpose', 'ASC'), ('name', 'ASC'),
            ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_kind():
        return 'retail'

    @staticmethod
    def default_purpose():
        return 'maintenance'


class PriceListVersion(WorkflowFieldsMixin, Workflow, ModelSQL, ModelView):
    "A version of a price list in force from its effective date"
    __name__ = 'itsvc.price_list.version'

    price_list = fields.Many2One(
        'itsvc.price_list', "Price List", required=True, ondelete='CASCADE',
        states={'readonly': Eval('state') != 'draft'})
    effective_date = fields.Date("Effective Date", required=True,
        states={'readonly': Eval('state') != 'draft'})
    description = fields.Char("Description",
        states={'readonly': Eval('state') != 'draft'})
    origin = fields.Reference("Origin", selection='get_origins',
        readonly=True,
        help="The version this one was derived from.")
    lines = fields.One2Many(
        'itsvc.price_list.line', 'version', "Prices",
        states={'readonly': Eval('state') != 'draft'})
    state = fields.Selection([
            ('draft', "Draft"),
            ('confirmed', "Confirmed"),
            ], "State", readonly=True, required=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._not_draft_message = (
            'itsvc_billing.msg_price_version_modify', 'version')
        cls._modify_error = PriceListVersionModifyError
        cls.__access__.add('price_list')
        t = cls.__table__()
        cls._sql_indexes.add(Index(t,
                (t.price_list, Index.Range()),
                (t.effective_date, Index.Range())))
        cls._order = [('effective_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {('draft', 'confirmed')}
        cls._buttons.update({
                'confirm': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_state():
        return 'draft'

    @classmethod
    def get_origins(cls):
        IrModel = Pool().get('ir.model')
        return [(None, ''),
            (cls.__name__, IrModel.get_name(cls.__name__))]

    def get_rec_name(self, name):
        Lang = Pool().get('ir.lang')
        return (f'{self.price_list.rec_name} — '
            f'{Lang.get().strftime(self.effective_date)}')

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('price_list.rec_name',) + tuple(clause[1:])]

    @classmethod
    def check_modification(cls, mode, versions, values=None, external=False):
        super().check_modification(
            mode, versions, values=values, external=external)
        if mode == 'delete':
            for version in versions:
                if version.state != 'draft':
                    raise PriceListVersionModifyError(gettext(
                            'itsvc_billing.msg_price_version_modify',
                            version=version.rec_name))

    @classmethod
    def copy(cls, versions, default=None):
        default = default.copy() if default else {}
        default.setdefault('state', 'draft')
        default.setdefault('origin', None)
        return super().copy(versions, default=default)

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, versions):
        for version in versions:
            if not version.lines:
                raise PriceListError(gettext(
                        'itsvc_billing.msg_price_version_empty',
                        version=version.rec_name))
            same = cls.search([
                    ('price_list', '=', version.price_list.id),
                    ('effective_date', '=', version.effective_date),
                    ('state', '=', 'confirmed'),
                    ('id', '!=', version.id),
                    ])
            if same:
                raise PriceListError(gettext(
                        'itsvc_billing.msg_price_version_same_date',
                        version=version.rec_name))


class PriceListLine(AmountBoundsMixin, ModelSQL, ModelView):
    __name__ = 'itsvc.price_list.line'

    version = fields.Many2One(
        'itsvc.price_list.version', "Version", required=True,
        ondelete='CASCADE')
    product = fields.Many2One(
        'product.product', "Product", required=True, ondelete='RESTRICT')
    price = fields.Numeric("Price", digits=PRICE_DIGITS, required=True,
        domain=[('price', '>=', 0)],
        help="Without VAT; monthly for maintenance services.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('version')
        t = cls.__table__()
        cls._sql_constraints += [
            ('version_product_unique', Unique(t, t.version, t.product),
                'itsvc_billing.msg_price_line_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.product, Index.Range())))

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        for line in lines:
            if line.version.state != 'draft':
                raise PriceListVersionModifyError(gettext(
                        'itsvc_billing.msg_price_version_modify',
                        version=line.version.rec_name))
