# This file is part of itsvc.
"""Import a price list version from XLSX or CSV (coordination centre)."""
from decimal import Decimal, InvalidOperation

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from itsvc_base.tabular import TabularError, read_rows, text

from .pricing import round_money

CODE = {'код', 'артикул', 'code'}
NAME = {'наименование', 'товар', 'услуга', 'name', 'product'}
PRICE = {'цена', 'цена без ндс', 'price'}


class PriceImportStart(ModelView):
    __name__ = 'itsvc.price_list.import.start'

    price_list = fields.Many2One('itsvc.price_list', "Price List",
        required=True)
    effective_date = fields.Date("Effective Date", required=True)
    file = fields.Binary("File", required=True, filename='filename',
        help="XLSX or CSV with the columns Код (or Наименование) and Цена "
        "(without VAT).")
    filename = fields.Char("File Name")


class PriceImportResult(ModelView):
    __name__ = 'itsvc.price_list.import.result'

    message = fields.Text("Result", readonly=True)
    version = fields.Many2One('itsvc.price_list.version', "Version",
        readonly=True)


class PriceImport(Wizard):
    "Import prices as a new draft version; nothing on any error"
    __name__ = 'itsvc.price_list.import'

    start = StateView('itsvc.price_list.import.start',
        'itsvc_billing.price_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateTransition()
    result = StateView('itsvc.price_list.import.result',
        'itsvc_billing.price_import_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_start(self, fields):
        context = Transaction().context
        if context.get('active_model') == 'itsvc.price_list':
            return {'price_list': context.get('active_id')}
        return {}

    def transition_import_(self):
        Version = Pool().get('itsvc.price_list.version')
        lines, errors = read_prices(self.start.file, self.start.filename)
        if errors:
            self.result.message = '\n'.join(
                [gettext('itsvc_base.msg_import_nothing_imported',
                        count=len(errors))] + errors)
            self.result.version = None
            return 'result'
        version, = Version.create([{
                    'price_list': self.start.price_list.id,
                    'effective_date': self.start.effective_date,
                    'description': self.start.filename,
                    'lines': [('create', [
                                {'product': p.id, 'price': price}
                                for p, price in lines])],
                    }])
        self.result.version = version
        self.result.message = gettext('itsvc_billing.msg_price_imported',
            count=len(lines), version=version.rec_name)
        return 'result'

    def default_result(self, fields):
        return {
            'message': self.result.message,
            'version': self.result.version.id
            if self.result.version else None,
            }


def read_prices(data, filename):
    "[(product, price)] and the errors (a message a bad row)"
    Product = Pool().get('product.product')
    try:
        rows = read_rows(bytes(data), filename)
    except TabularError as exception:
        return [], [gettext('itsvc_base.msg_import_unreadable',
                error=str(exception))]
    rows = [r for r in rows if any(text(v) for v in r)]
    if not rows:
        return [], [gettext('itsvc_base.msg_import_empty')]
    header = [text(v).lower() for v in rows[0]]
    code = next((i for i, h in enumerate(header) if h in CODE), None)
    name = next((i for i, h in enumerate(header) if h in NAME), None)
    price = next((i for i, h in enumerate(header) if h in PRICE), None)
    if price is None or (code is None and name is None):
        return [], [gettext('itsvc_billing.msg_price_import_columns')]
    products = {}
    for product in Product.search([]):
        if product.code:
            products[('code', product.code)] = product
        products[('name', product.name)] = product
    result, errors, seen = [], [], set()

    def error(number, key, **kwargs):
        errors.append(gettext('itsvc_base.msg_import_row', row=number,
                error=gettext(key, **kwargs)))

    for number, row in enumerate(rows[1:], 2):
        def cell(index):
            return text(row[index]) if index is not None and index < len(
                row) else ''
        product = None
        if cell(code):
            product = products.get(('code', cell(code)))
        if product is None and cell(name):
            product = products.get(('name', cell(name)))
        if product is None:
            error(number, 'itsvc_billing.msg_price_import_product',
                product=cell(code) or cell(name))
        elif product in seen:
            error(number, 'itsvc_billing.msg_price_import_duplicate',
                product=product.rec_name)
        else:
            seen.add(product)
        raw = row[price] if price < len(row) else ''
        try:
            if isinstance(raw, (int, float, Decimal)):
                value = Decimal(str(raw))
            else:
                value = Decimal(text(raw).replace(' ', '').replace(
                        '\xa0', '').replace(',', '.'))
            if value < 0 or not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            error(number, 'itsvc_billing.msg_price_import_price',
                price=text(raw))
            continue
        if product is not None:
            result.append((product, round_money(value)))
    return result, errors
