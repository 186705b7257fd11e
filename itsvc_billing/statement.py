# This file is part of itsvc.
"""Bank statements (account_statement) register the clients' payments.

The import of a 1CClientBankExchange file gives a line for each receipt
from a client: the client's receivable account, the document's number,
date, amount and purpose. Validating the statement registers a payment
for each of these lines, with the line's move, so its allocation pays the
bills as a payment of the itsvc import does; posting the statement posts
the moves and reconciles the clients' receivables."""
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.transaction import without_check_access

from bank_exchange_1c.exchange import bill_numbers

from .ledger import reconcile_parties


class ImportStatement(metaclass=PoolMeta):
    __name__ = 'account.statement.import'

    def do_import_(self, action):
        action, data = super().do_import_(action)
        Statement = Pool().get('account.statement')
        client_lines(Statement.browse(data['res_id']))
        return action, data


def client_lines(statements):
    "A line for each receipt from a client not yet on a line"
    pool = Pool()
    Line = pool.get('account.statement.line')
    lines = []
    for statement in statements:
        for origin in statement.origins:
            if origin.amount > 0 and origin.party and not origin.lines:
                lines.append(Line(statement=statement, origin=origin,
                        number=origin.number, date=origin.date,
                        amount=origin.amount, party=origin.party,
                        account=origin.party.account_receivable_used,
                        description=origin.description))
    Line.save(lines)
    return lines


class Statement(metaclass=PoolMeta):
    __name__ = 'account.statement'

    # the payments are registered by the statement's buttons, as by the
    # payment's: without the access check of the user's request

    @classmethod
    def validate_statement(cls, statements):
        super().validate_statement(statements)
        with without_check_access():
            register_payments([l for s in statements for l in s.lines])

    @classmethod
    def post(cls, statements):
        super().post(statements)
        with without_check_access():
            payments = [p for s in statements for l in s.lines
                for p in l.itsvc_payments]
            reconcile_parties({(p.company.id, p.party.id,
                        p.statement_line.account.id) for p in payments})


class StatementLine(metaclass=PoolMeta):
    __name__ = 'account.statement.line'

    itsvc_payments = fields.One2Many('itsvc.payment', 'statement_line',
        "Payments", readonly=True)


def register_payments(lines):
    "Registered payments of the client lines, their moves those of the lines"
    pool = Pool()
    Payment = pool.get('itsvc.payment')
    Bill = pool.get('itsvc.bill')
    lines = [l for l in lines if l.amount > 0 and l.party
        and l.account.type.receivable and not l.itsvc_payments]
    if not lines:
        return []
    numbers = {n for l in lines for n in bill_numbers(l.description or '')}
    bills = {(b.party.id, b.number): b for b in Bill.search([
                ('number', 'in', list(numbers)),
                ('state', '=', 'issued'),
                ])}
    payments = Payment.create([{
                'company': l.statement.company.id,
                'kind': 'bank',
                'number': l.number,
                'date': l.date,
                'party': l.party.id,
                'amount': l.amount,
                'currency': l.statement.company.currency.id,
                'purpose': l.description,
                'bill': next((bills[l.party.id, n].id
                        for n in bill_numbers(l.description or '')
                        if (l.party.id, n) in bills), None),
                'bank_key': f'statement-line-{l.id}',
                'origin_kind': l.statement.journal.rec_name,
                'statement_line': l.id,
                'move': l.move.id if l.move else None,
                } for l in lines])
    Payment.register(payments)
    return payments
