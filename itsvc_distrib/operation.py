# This file is part of itsvc.
"""Movements of distributives: receipt, assignment, installation,
transfer, return and write-off, each a dated document."""
import re
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If, In, PYSONEncoder
from trytond.transaction import Transaction, without_check_access
from trytond.wizard import (
    Button, StateAction, StateTransition, StateView, Wizard)

from itsvc_base.document import WorkflowFieldsMixin, check_rules

from .exceptions import DistributiveError, OperationModifyError

TYPES = [
    ('receipt', "Receipt from the Coordination Centre"),
    ('assign', "Assignment to a Client"),
    ('install', "Installation"),
    ('transfer', "Transfer to a Third Party"),
    ('return', "Return from the Client"),
    ('return_supplier', "Return to the Coordination Centre"),
    ('write_off', "Write-Off"),
    ]
# the place a distributive must be in before the operation
PLACES_BEFORE = {
    'assign': {'in_stock'},
    'install': {'in_stock', 'at_client'},
    'transfer': {'at_client'},
    'return': {'at_client', 'transferred'},
    'return_supplier': {'in_stock'},
    'write_off': {'in_stock', 'at_client'},
    }
DRAFT = Eval('state') != 'draft'


class Operation(WorkflowFieldsMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'itsvc.distributive.operation'

    company = fields.Many2One('company.company', "Company", required=True,
        states={'readonly': DRAFT}, ondelete='RESTRICT')
    date = fields.Date("Date", required=True, states={'readonly': DRAFT})
    type = fields.Selection(TYPES, "Type", required=True,
        states={'readonly': DRAFT})
    distributive = fields.Many2One('stock.lot', "Distributive",
        required=True, ondelete='RESTRICT',
        domain=[
            ('product.itsvc_kind', '=', 'system'),
            If(Eval('state') == 'draft',
                [('company', 'in', [Eval('company', -1), None])], []),
            ],
        states={'readonly': DRAFT})
    product = fields.Function(fields.Many2One('product.product', "System"),
        'on_change_with_product', searcher='search_product')
    warehouse = fields.Many2One('stock.location', "Warehouse",
        domain=[('type', '=', 'warehouse')], ondelete='RESTRICT',
        states={
            'readonly': DRAFT,
            'required': In(Eval('type'), [
                    'assign', 'install', 'return', 'return_supplier',
                    'write_off']),
            })
    party = fields.Many2One('party.party', "Party", ondelete='RESTRICT',
        states={
            'readonly': DRAFT,
            'required': In(Eval('type'), ['assign', 'transfer']),
            'invisible': Eval('type') == 'install',
            },
        help="The client, the third party or the coordination centre.")
    holder = fields.Function(fields.Many2One('party.party', "Holder"),
        'on_change_with_holder')
    installation = fields.Many2One('itsvc.installation', "Installation",
        ondelete='RESTRICT',
        domain=[
            If(Bool(Eval('product')),
                ('product', '=', Eval('product', -1)), ()),
            If(Bool(Eval('holder')),
                ('party', '=', Eval('holder', -1)), ()),
            ],
        states={
            'readonly': DRAFT,
            'required': Eval('type') == 'install',
            'invisible': Eval('type') != 'install',
            })
    move = fields.Many2One('stock.move', "Stock Move", readonly=True,
        ondelete='RESTRICT')
    document = fields.Function(fields.Reference("Document",
            selection='get_documents'), 'get_document')
    note = fields.Text("Note")
    state = fields.Selection([
            ('draft', "Draft"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(
            Index(t, (t.distributive, Index.Range()),
                (t.date, Index.Range())))
        cls._order = [('date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('draft', 'done'),
            ('draft', 'cancelled'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'do': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': Eval('state') != 'draft',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'cancelled',
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

    @staticmethod
    def default_warehouse():
        Location = Pool().get('stock.location')
        return Location.get_default_warehouse()

    @fields.depends('distributive')
    def on_change_with_product(self, name=None):
        if self.distributive:
            return self.distributive.product

    @fields.depends('distributive')
    def on_change_with_holder(self, name=None):
        "The client the distributive was given to, whose system it serves"
        if self.distributive:
            return self.distributive.holder

    @classmethod
    def search_product(cls, name, clause):
        return [('distributive.product' + clause[0][len(name):],
                *clause[1:])]

    @classmethod
    def get_documents(cls):
        IrModel = Pool().get('ir.model')
        models = ['stock.shipment.in', 'stock.move']
        return [(None, '')] + [(m, IrModel.get_name(m)) for m in models]

    def get_document(self, name):
        if self.move:
            if self.move.shipment:
                return str(self.move.shipment)
            return str(self.move)

    def get_rec_name(self, name):
        types = dict(self.fields_get(['type'])['type']['selection'])
        return (f'{types[self.type]} {self.distributive.rec_name} '
            f'({self.date.strftime("%d.%m.%Y")})')

    @classmethod
    def check_modification(cls, mode, operations, values=None,
            external=False):
        if mode in {'write', 'delete'}:
            if external:
                check_rules(cls, operations, mode)
            for operation in operations:
                if operation.state == 'done':
                    raise OperationModifyError(gettext(
                            'itsvc_distrib.msg_operation_done',
                            operation=operation.rec_name))
        super().check_modification(
            mode, operations, values=values, external=external)

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, operations):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, operations):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, operations):
        pool = Pool()
        Move = pool.get('stock.move')
        Lot = pool.get('stock.lot')
        Installation = pool.get('itsvc.installation')
        with without_check_access():
            moves = {}
            for operation in operations:
                operation.check_place()
                move = operation.get_move()
                if move:
                    moves[operation] = move
            Move.save(list(moves.values()))
            for operation, move in moves.items():
                operation.move = move
            cls.save(list(moves))
            Move.do(list(moves.values()))

            transferred, lots = [], []
            for operation in operations:
                lot = operation.distributive
                lot.holder, lot.installation = operation.holder_after()
                if operation.type == 'transfer':
                    lot.place = 'transferred'
                    if (lot.installation
                            and not lot.installation.transferred_date):
                        transferred.append(lot.installation)
                        lot.installation.transferred_date = operation.date
                lots.append(lot)
            Lot.save(lots)
            Installation.save(transferred)

    def check_place(self):
        lot = self.distributive
        if lot.place not in PLACES_BEFORE.get(self.type, {lot.place}):
            places = dict(lot.fields_get(['place'])['place']['selection'])
            types = dict(self.fields_get(['type'])['type']['selection'])
            raise DistributiveError(gettext(
                    'itsvc_distrib.msg_operation_wrong_place',
                    distributive=lot.rec_name, place=places[lot.place],
                    operation=types[self.type]))
        if self.type == 'install':
            if self.installation.product != lot.product:
                raise DistributiveError(gettext(
                        'itsvc_distrib.msg_installation_other_system',
                        distributive=lot.rec_name,
                        installation=self.installation.rec_name))
            if (lot.place == 'at_client' and lot.holder
                    and lot.holder != self.installation.party):
                raise DistributiveError(gettext(
                        'itsvc_distrib.msg_installation_other_client',
                        distributive=lot.rec_name,
                        holder=lot.holder.rec_name,
                        installation=self.installation.rec_name))

    def _locations(self):
        "(from, to) locations of the stock move, None when nothing moves"
        pool = Pool()
        Location = pool.get('stock.location')
        lot = self.distributive
        storage = self.warehouse.storage_location if self.warehouse else None
        customer = lost_found = None
        if self.type in {'assign', 'install', 'return', 'write_off'}:
            party = self.party or (
                self.installation.party if self.installation else None)
            customer = (party.customer_location if party else None) or (
                Location.search([('type', '=', 'customer')], limit=1)[0])
        if self.type == 'write_off':
            lost_found, = Location.search(
                [('type', '=', 'lost_found')], limit=1)
        if self.type == 'assign':
            return storage, customer
        elif self.type == 'install':
            if lot.place == 'in_stock':
                return storage, customer
        elif self.type == 'return':
            return customer, storage
        elif self.type == 'return_supplier':
            supplier = (self.party.supplier_location if self.party
                else None) or Location.search(
                [('type', '=', 'supplier')], limit=1)[0]
            return storage, supplier
        elif self.type == 'write_off':
            if lot.place == 'at_client':
                return customer, lost_found
            return storage, lost_found
        return None, None

    def get_move(self):
        Move = Pool().get('stock.move')
        from_location, to_location = self._locations()
        if not from_location:
            return
        product = self.distributive.product
        move = Move(
            company=self.company,
            product=product,
            unit=product.default_uom,
            quantity=1,
            lot=self.distributive,
            from_location=from_location,
            to_location=to_location,
            planned_date=self.date,
            effective_date=self.date,
            origin=self)
        if move.on_change_with_unit_price_required():
            move.unit_price = product.cost_price or Decimal(0)
            move.currency = self.company.currency
        return move

    def holder_after(self):
        "The holder and the installation of the distributive after"
        lot = self.distributive
        if self.type == 'assign':
            return self.party, None
        elif self.type == 'install':
            return self.installation.party, self.installation
        elif self.type == 'transfer':
            return self.party, lot.installation
        return None, None


class ReceiveStart(ModelView):
    __name__ = 'itsvc.distributive.receive.start'

    company = fields.Many2One('company.company', "Company", required=True)
    supplier = fields.Many2One('party.party', "Coordination Centre",
        required=True)
    warehouse = fields.Many2One('stock.location', "Warehouse",
        required=True, domain=[('type', '=', 'warehouse')])
    date = fields.Date("Date", required=True)
    reference = fields.Char("Reference",
        help="The number of the coordination centre's delivery note.")
    product = fields.Many2One('product.product', "System", required=True,
        domain=[('itsvc_kind', '=', 'system')])
    numbers = fields.Text("Registration Numbers", required=True,
        help="One number a line (a list pasted from a file); commas, "
        "semicolons and spaces separate numbers too.")

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_date():
        return Pool().get('ir.date').today()

    @staticmethod
    def default_warehouse():
        return Pool().get('stock.location').get_default_warehouse()


def parse_numbers(text):
    "The registration numbers of a list, in their order"
    return [n for n in re.split(r'[\s,;]+', text or '') if n]


class Receive(Wizard):
    __name__ = 'itsvc.distributive.receive'

    start = StateView('itsvc.distributive.receive.start',
        'itsvc_distrib.receive_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Receive", 'receive', 'tryton-ok', default=True),
            ])
    receive = StateTransition()
    open_ = StateAction('itsvc_distrib.act_distributive_form')

    @without_check_access
    def transition_receive(self):
        pool = Pool()
        Lot = pool.get('stock.lot')
        Move = pool.get('stock.move')
        Shipment = pool.get('stock.shipment.in')
        Operation = pool.get('itsvc.distributive.operation')
        start = self.start
        product = start.product
        numbers = parse_numbers(start.numbers)
        seen = set()
        duplicates = [n for n in numbers if n in seen or seen.add(n)]
        existing = Lot.search([
                ('product', '=', product.id),
                ('number', 'in', numbers),
                ], order=[('number', 'ASC')])
        duplicates += [l.number for l in existing]
        if duplicates:
            raise DistributiveError(gettext(
                    'itsvc_distrib.msg_registration_number_duplicate',
                    system=product.rec_name,
                    numbers=', '.join(sorted(set(duplicates)))))
        lots = Lot.create([{
                    'company': start.company.id,
                    'product': product.id,
                    'number': n,
                    } for n in numbers])
        operations = Operation.create([{
                    'company': start.company.id,
                    'date': start.date,
                    'type': 'receipt',
                    'distributive': lot.id,
                    'warehouse': start.warehouse.id,
                    'party': start.supplier.id,
                    } for lot in lots])
        shipment = Shipment(
            company=start.company,
            supplier=start.supplier,
            warehouse=start.warehouse,
            reference=start.reference,
            effective_date=start.date,
            planned_date=start.date)
        shipment.on_change_warehouse()
        shipment.incoming_moves = [Move(
                company=start.company,
                product=product,
                unit=product.default_uom,
                quantity=1,
                lot=operation.distributive,
                from_location=start.supplier.supplier_location,
                to_location=start.warehouse.input_location,
                planned_date=start.date,
                effective_date=start.date,
                unit_price=product.cost_price or Decimal(0),
                currency=start.company.currency,
                origin=operation)
            for operation in operations]
        shipment.save()
        Shipment.receive([shipment])
        Shipment.do([shipment])
        operations = []
        for move in shipment.incoming_moves:
            operation = move.origin
            operation.move = move
            operation.state = 'done'
            operations.append(operation)
        Operation.save(operations)
        self.lots = lots
        return 'open_'

    def do_open_(self, action):
        action['domains'] = []
        action['pyson_domain'] = PYSONEncoder().encode(
            [('id', 'in', [l.id for l in self.lots])])
        return action, {}
