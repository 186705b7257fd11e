# This file is part of account_ru.
"""VAT on advances received (п.1 ст.154, п.4 ст.164, п.8 ст.171,
п.6 ст.172 НК РФ).

On the day an advance arrives the seller charges VAT at the calculated
rate (22/122, 10/110, …): Дт 76.АВ Кт 68.02. When goods or services are
shipped against it (act, posted customer invoice) the VAT charged on the
covered part of the advance is deducted: Дт 68.02 Кт 76.АВ.
"""
from decimal import ROUND_HALF_UP, Decimal

from sql.aggregate import Sum

from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.model.exceptions import AccessError
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from . import bulk
from .exceptions import AdvanceVatError

ZERO = Decimal(0)
KOPECK = Decimal('0.01')


def vat_of(amount, rate):
    """VAT included in `amount` at the exact calculated `rate` (a
    Fraction such as 11/61 for 22/122), in kopecks rounded half up"""
    amount = Decimal(amount)
    value = Decimal(amount * rate.numerator) / rate.denominator
    return value.quantize(KOPECK, rounding=ROUND_HALF_UP)


def tax_applies(tax, date):
    "Whether the tax applies on the date"
    return not ((tax.start_date and date < tax.start_date)
        or (tax.end_date and date > tax.end_date))


def move_values(tax, party, company, journal, date, vat, origin,
        description, offset=False):
    """The move (values for bulk.post_moves) charging (or, offset,
    deducting) `vat` of an advance of the party (an id) with the tax"""
    tax_account = (tax.credit_note_account if offset
        else tax.invoice_account)
    advance_line = {'account': tax.advance_account.id}
    tax_line = {'account': tax_account.id, 'tax_lines': [{
                'type': 'tax', 'tax': tax.id,
                'amount': -vat if offset else vat}]}
    if offset:
        advance_line.update(debit=ZERO, credit=vat)
        tax_line.update(debit=vat, credit=ZERO)
    else:
        advance_line.update(debit=vat, credit=ZERO)
        tax_line.update(debit=ZERO, credit=vat)
    for line, account in [(advance_line, tax.advance_account),
            (tax_line, tax_account)]:
        line['party'] = party if account.party_required else None
    return {
        'company': company, 'journal': journal, 'date': date,
        'origin': origin, 'description': description,
        'lines': [advance_line, tax_line],
        }


class AdvanceVat(Workflow, ModelSQL, ModelView):
    "VAT on an advance received"
    __name__ = 'account.advance.vat'
    _rec_name = 'number'

    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    number = fields.Char("Number", states=_states,
        help="The number of the VAT invoice issued on the advance.")
    date = fields.Date("Date", required=True, states=_states,
        help="The day the advance was received.")
    party = fields.Many2One('party.party', "Party", required=True,
        ondelete='RESTRICT', states=_states,
        context={'company': Eval('company', -1)})
    amount = Monetary("Amount Received", currency='currency',
        digits='currency', required=True, states=_states,
        domain=[('amount', '>', 0)],
        help="The advance received, VAT included.")
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    tax = fields.Many2One('account.tax', "Tax", required=True,
        ondelete='RESTRICT', states=_states,
        domain=[
            ('company', '=', Eval('company', -1)),
            ('type', '=', 'percentage'),
            ('advance_account', '!=', None),
            ('parent', '=', None),
            ],
        help="A tax at a calculated rate (22/122, 10/110, …) with an "
        "advance account.")
    vat_amount = Monetary("VAT", currency='currency', digits='currency',
        readonly=True)
    journal = fields.Many2One('account.journal', "Journal", required=True,
        ondelete='RESTRICT', states=_states,
        context={'company': Eval('company', -1)})
    description = fields.Char("Description", states=_states,
        help="The basis: the payment document, the contract.")
    origin = fields.Reference("Origin", selection='get_origin',
        states=_states)
    move = fields.Many2One('account.move', "Move", readonly=True,
        domain=[('company', '=', Eval('company', -1))])
    offsets = fields.One2Many('account.advance.vat.offset', 'advance',
        "Offsets", readonly=True)
    amount_offset = fields.Function(Monetary("Amount Offset",
            currency='currency', digits='currency'), 'get_offset')
    vat_offset = fields.Function(Monetary("VAT Offset",
            currency='currency', digits='currency'), 'get_offset')
    amount_remaining = fields.Function(Monetary("Amount Remaining",
            currency='currency', digits='currency',
            help="The part of the advance not covered by shipments yet."),
        'get_offset')
    state = fields.Selection([
            ('draft', "Draft"),
            ('posted', "Posted"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Range())),
                Index(t, (t.state, Index.Equality(cardinality='low'))),
                })
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'posted'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'post': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                })

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'draft'

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @classmethod
    def default_journal(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        Journal = pool.get('account.journal')
        try:
            return ModelData.get_id('account', 'journal_miscellaneous')
        except KeyError:
            journals = Journal.search([('type', '=', 'general')], limit=1)
            if journals:
                return journals[0].id

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('amount', 'tax')
    def on_change_with_vat_amount(self):
        if self.amount is not None and self.tax and self.tax.rate:
            return vat_of(self.amount, self.tax.advance_rate)

    @classmethod
    def _get_origin(cls):
        "Models a payment document may come from"
        return ['account.move.line']

    @classmethod
    def get_origin(cls):
        IrModel = Pool().get('ir.model')
        return [(None, '')] + [
            (m, IrModel.get_name(m)) for m in cls._get_origin()]

    @classmethod
    def get_offset(cls, advances, names):
        result = {n: {} for n in names}
        for advance in advances:
            amount = sum((o.amount for o in advance.offsets), ZERO)
            vat = sum((o.vat_amount for o in advance.offsets), ZERO)
            values = {
                'amount_offset': amount,
                'vat_offset': vat,
                'amount_remaining': (advance.amount or ZERO) - amount,
                }
            for name in names:
                result[name][advance.id] = values[name]
        return result

    def get_rec_name(self, name):
        label = self.number or str(self.id)
        return f'{label} ({self.party.rec_name}, {self.date})'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith('!') else 'OR'
        return [bool_op,
            ('number', *clause[1:]),
            ('party.rec_name', *clause[1:]),
            ]

    @classmethod
    def check_modification(cls, mode, advances, values=None,
            external=False):
        super().check_modification(
            mode, advances, values=values, external=external)
        if mode == 'delete':
            for advance in advances:
                if advance.state == 'posted':
                    raise AccessError(gettext(
                            'account_ru.msg_advance_delete_posted',
                            advance=advance.rec_name))

    @classmethod
    def copy(cls, advances, default=None):
        default = default.copy() if default else {}
        default.setdefault('move', None)
        default.setdefault('offsets', None)
        default.setdefault('vat_amount', None)
        default.setdefault('number', None)
        return super().copy(advances, default=default)

    def check_tax_date(self):
        if not tax_applies(self.tax, self.date):
            raise AdvanceVatError(gettext(
                    'account_ru.msg_advance_tax_date',
                    advance=self.rec_name, tax=self.tax.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, advances):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, advances):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('posted')
    def post(cls, advances):
        "Charge the VAT: Дт advance account Кт tax account"
        for advance in advances:
            advance.check_tax_date()
            advance.vat_amount = vat_of(
                advance.amount, advance.tax.advance_rate)
        cls.save(advances)
        cls._post_moves(advances)

    @classmethod
    def charge(cls, vlist):
        """Advances created posted, with their moves: `post` for the
        advances of a batch job (a bank statement's payments). Return the
        ids of the advances."""
        Tax = Pool().get('account.tax')
        taxes = {t.id: t for t in Tax.browse(list({v['tax'] for v in vlist}))}
        vlist = [dict(v, state='posted', vat_amount=vat_of(
                    v['amount'], taxes[v['tax']].advance_rate))
            for v in vlist]
        for values in vlist:
            if not tax_applies(taxes[values['tax']], values['date']):
                # raises, with the names of the advance and the tax
                cls(**values).check_tax_date()
        ids = bulk.insert(cls.__name__, vlist)
        bulk.post_document_moves(cls.__name__, {
                i: move_values(taxes[v['tax']], v['party'], v['company'],
                    v['journal'], v['date'], v['vat_amount'],
                    f'{cls.__name__},{i}', v['description'])
                for i, v in zip(ids, vlist)})
        return ids

    @classmethod
    def _post_moves(cls, advances):
        bulk.post_document_moves(cls.__name__, {
                a.id: move_values(a.tax, a.party.id, a.company.id,
                    a.journal.id, a.date, a.vat_amount, str(a),
                    a.description)
                for a in advances})

    @classmethod
    def offset(cls, advances, amount, date, origin=None, description=None):
        """Deduct the VAT of `advances` covered by a shipment of `amount`
        (VAT included) on `date`: Дт tax account Кт advance account.

        The advances are covered in the given order, each up to its
        remaining amount. The VAT deducted on a part is the VAT of the
        advance covered so far minus the VAT already deducted, so the
        parts of an advance always add up to its VAT to the kopeck.
        Return the offsets created (their moves posted)."""
        return cls.offset_many(
            [(advances, amount, date, origin, description)])

    @classmethod
    def offset_many(cls, requests):
        """Several offsets at once: `requests` are tuples (advances,
        amount, date, origin, description) as the arguments of `offset`,
        applied in order; the offsets and their moves are inserted and
        posted together (bulk). Return the offsets created."""
        pool = Pool()
        Offset = pool.get('account.advance.vat.offset')
        covered = {a.id: ZERO for r in requests for a in r[0]}
        covered.update(offset_amounts(list(covered)))
        values = []
        for advances, amount, date, origin, description in requests:
            left = Decimal(amount)
            for advance in advances:
                if left <= 0:
                    break
                if advance.state != 'posted':
                    raise AdvanceVatError(gettext(
                            'account_ru.msg_advance_offset_not_posted',
                            advance=advance.rec_name))
                if date < advance.date:
                    raise AdvanceVatError(gettext(
                            'account_ru.msg_advance_offset_date',
                            advance=advance.rec_name, date=date))
                before = covered[advance.id]
                part = min(left, advance.amount - before)
                if part <= 0:
                    continue
                rate = advance.tax.advance_rate
                vat = vat_of(before + part, rate) - vat_of(before, rate)
                covered[advance.id] += part
                left -= part
                values.append((advance, {'date': date,
                        'amount': part, 'vat_amount': vat,
                        'origin': str(origin) if origin else None,
                        'description': description or advance.description,
                        }))
        ids = bulk.insert(Offset.__name__, [
                dict(v, advance=a.id) for a, v in values])
        bulk.post_document_moves(Offset.__name__, {
                i: move_values(a.tax, a.party.id, a.company.id,
                    a.journal.id, v['date'], v['vat_amount'],
                    f'{Offset.__name__},{i}', v['description'], offset=True)
                for i, (a, v) in zip(ids, values)})
        return Offset.browse(ids)

    @classmethod
    def open_advances(cls, invoice):
        "Posted advances of the invoice's party not fully offset, oldest first"
        advances = cls.search([
                ('company', '=', invoice.company.id),
                ('party', '=', invoice.party.id),
                ('state', '=', 'posted'),
                ('date', '<=', invoice.accounting_date
                    or invoice.invoice_date),
                ], order=[('date', 'ASC'), ('id', 'ASC')])
        return [a for a in advances if a.amount_remaining > 0]

    @classmethod
    def invoice_amount_to_offset(cls, invoice):
        "The invoice total not yet used to offset advances"
        pool = Pool()
        Offset = pool.get('account.advance.vat.offset')
        offsets = Offset.search([('origin', '=', str(invoice))])
        return invoice.total_amount - sum((o.amount for o in offsets), ZERO)

    @classmethod
    def offset_invoice(cls, invoice, advances=None, amount=None):
        """Offset advances by a posted customer invoice (an act).

        `advances` default to the open advances of the invoice's party
        (oldest first) and `amount` to the part of the invoice total not
        used by earlier offsets, so a second call offsets nothing.
        Return the offsets created."""
        if invoice.type != 'out' or invoice.state not in {'posted', 'paid'}:
            raise AdvanceVatError(gettext(
                    'account_ru.msg_advance_offset_invoice',
                    invoice=invoice.rec_name))
        if advances is None:
            advances = cls.open_advances(invoice)
        if amount is None:
            amount = cls.invoice_amount_to_offset(invoice)
        return cls.offset(advances, amount,
            invoice.accounting_date or invoice.invoice_date,
            origin=invoice, description=invoice.rec_name)


def offset_amounts(advance_ids):
    "{advance id: the amount its offsets cover}, read in SQL"
    Offset = Pool().get('account.advance.vat.offset')
    offset = Offset.__table__()
    cursor = Transaction().connection.cursor()
    result = {}
    for sub in grouped_slice(advance_ids, backend.MAX_QUERY_PARAMS):
        cursor.execute(*offset.select(offset.advance, Sum(offset.amount),
                where=reduce_ids(offset.advance, list(sub)),
                group_by=[offset.advance]))
        result.update((a, Decimal(str(s)).quantize(KOPECK))
            for a, s in cursor)
    return result


class AdvanceVatOffset(ModelSQL, ModelView):
    "Offset of VAT on an advance"
    __name__ = 'account.advance.vat.offset'
    advance = fields.Many2One('account.advance.vat', "Advance",
        required=True, ondelete='RESTRICT', readonly=True)
    date = fields.Date("Date", required=True, readonly=True)
    amount = Monetary("Amount Covered", currency='currency',
        digits='currency', required=True, readonly=True,
        help="The part of the advance covered by the shipment, VAT "
        "included.")
    vat_amount = Monetary("VAT", currency='currency', digits='currency',
        required=True, readonly=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    origin = fields.Reference("Origin", selection='get_origin',
        readonly=True)
    description = fields.Char("Description", readonly=True)
    move = fields.Many2One('account.move', "Move", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.advance, Index.Range())))
        cls._order = [('date', 'ASC'), ('id', 'ASC')]

    @fields.depends('advance', '_parent_advance.company')
    def on_change_with_currency(self, name=None):
        if self.advance and self.advance.company:
            return self.advance.company.currency

    @classmethod
    def _get_origin(cls):
        "Models a shipment document may come from"
        return ['account.invoice', 'account.move.line']

    @classmethod
    def get_origin(cls):
        IrModel = Pool().get('ir.model')
        return [(None, '')] + [
            (m, IrModel.get_name(m)) for m in cls._get_origin()]

    @classmethod
    def check_modification(cls, mode, offsets, values=None,
            external=False):
        super().check_modification(
            mode, offsets, values=values, external=external)
        if mode in {'write', 'delete'}:
            for offset in offsets:
                if offset.move and offset.move.state == 'posted':
                    raise AccessError(gettext(
                            'account_ru.msg_offset_modify_posted',
                            advance=offset.advance.rec_name))


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + [
            'account.advance.vat', 'account.advance.vat.offset']


class OffsetInvoiceStart(ModelView):
    "Offset VAT on advances by an invoice"
    __name__ = 'account.advance.vat.offset_invoice.start'
    invoice = fields.Many2One('account.invoice', "Invoice", readonly=True)
    party = fields.Many2One('party.party', "Party", readonly=True)
    currency = fields.Many2One('currency.currency', "Currency",
        readonly=True)
    amount = Monetary("Amount", currency='currency', digits='currency',
        required=True, domain=[('amount', '>=', 0)],
        help="The part of the invoice total, VAT included, that covers "
        "the advances.")
    advances = fields.Many2Many('account.advance.vat', None, None,
        "Advances",
        domain=[
            ('party', '=', Eval('party', -1)),
            ('state', '=', 'posted'),
            ],
        help="Covered oldest first.")


class OffsetInvoice(Wizard):
    "Offset VAT on advances by an invoice"
    __name__ = 'account.advance.vat.offset_invoice'
    start = StateView('account.advance.vat.offset_invoice.start',
        'account_ru.advance_vat_offset_invoice_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Offset", 'offset_', 'tryton-ok', default=True),
            ])
    offset_ = StateTransition()

    def default_start(self, fields):
        pool = Pool()
        AdvanceVat = pool.get('account.advance.vat')
        invoice = self.record
        if invoice.type != 'out' or invoice.state not in {'posted', 'paid'}:
            raise AdvanceVatError(gettext(
                    'account_ru.msg_advance_offset_invoice',
                    invoice=invoice.rec_name))
        return {
            'invoice': invoice.id,
            'party': invoice.party.id,
            'currency': invoice.company.currency.id,
            'amount': AdvanceVat.invoice_amount_to_offset(invoice),
            'advances': [a.id for a in AdvanceVat.open_advances(invoice)],
            }

    def transition_offset_(self):
        pool = Pool()
        AdvanceVat = pool.get('account.advance.vat')
        advances = sorted(self.start.advances, key=lambda a: (a.date, a.id))
        AdvanceVat.offset_invoice(self.record, advances=advances,
            amount=self.start.amount)
        return 'end'
