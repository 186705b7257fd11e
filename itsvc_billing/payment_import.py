# This file is part of itsvc.
"""Import of a bank statement in the 1CClientBankExchange format: the
incoming documents become registered payments, allocated to the bills."""
from trytond import backend
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.tools import grouped_slice
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from account_ru import bulk
from bank_exchange_1c.exchange import ExchangeError, bill_numbers, parse

from .exceptions import PaymentImportError
from .payment import registered


class PaymentImportStart(ModelView):
    __name__ = 'itsvc.payment.import.start'

    file = fields.Binary("File", required=True, filename='filename',
        help="A bank statement exported in the 1CClientBankExchange "
        "format (kl_to_1c.txt).")
    filename = fields.Char("File Name")


class PaymentImportResult(ModelView):
    __name__ = 'itsvc.payment.import.result'

    message = fields.Text("Result", readonly=True)


class PaymentImport(Wizard):
    "Import a bank statement (1CClientBankExchange)"
    __name__ = 'itsvc.payment.import'

    start = StateView('itsvc.payment.import.start',
        'itsvc_billing.payment_import_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Import", 'import_', 'tryton-ok', default=True),
            ])
    import_ = StateTransition()
    result = StateView('itsvc.payment.import.result',
        'itsvc_billing.payment_import_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_import_(self):
        Company = Pool().get('company.company')
        company = Company(Transaction().context['company'])
        summary = import_statement(company, bytes(self.start.file))
        self.result.message = gettext('itsvc_billing.msg_payment_imported',
            **summary)
        return 'result'

    def default_result(self, fields):
        return {'message': self.result.message}


def our_accounts(company):
    "Settlement account numbers of the company (bank accounts it owns)"
    Number = Pool().get('bank.account.number')
    return {n.number_compact or n.number for n in Number.search([
                ('account.owners', '=', company.party.id),
                ])}


def import_statement(company, data):
    """Register the incoming documents of a 1CClientBankExchange file;
    refuse a malformed file whole; skip the documents already imported"""
    pool = Pool()
    Payment = pool.get('itsvc.payment')
    Party = pool.get('party.party')
    try:
        exchange = parse(data)
    except ExchangeError as error:
        raise PaymentImportError(gettext(
                f'bank_exchange_1c.{error.message}', line=error.line,
                **error.values))
    accounts = our_accounts(company) or exchange.our_accounts
    documents = exchange.incoming(accounts)
    keys = {document_key(d): d for d in documents}
    existing = {p.bank_key for p in Payment.search([
                ('company', '=', company.id),
                ('bank_key', 'in', list(keys)),
                ])}
    new = [(k, d) for k, d in keys.items() if k not in existing]
    inns = {d['ПлательщикИНН'] for _, d in new if d['ПлательщикИНН']}
    parties = {}
    for party in Party.search([('inn', 'in', list(inns))]):
        parties.setdefault(party.inn, party)
    numbers = {n for _, d in new for n in bill_numbers(
                d['НазначениеПлатежа'])}
    bills = bill_ids(company, numbers)
    employee = Transaction().context.get('employee')
    values = []
    for key, document in new:
        party = parties.get(document['ПлательщикИНН'])
        bill = None
        if party:
            bill = next((bills[(party.id, n)] for n in bill_numbers(
                        document['НазначениеПлатежа'])
                    if (party.id, n) in bills), None)
        amount = document.amount('Сумма')
        if amount <= 0:
            raise PaymentImportError(gettext(
                    'bank_exchange_1c.msg_bad_amount', line=document.line,
                    key='Сумма', value=document['Сумма']))
        values.append({
                'company': company.id,
                'kind': 'bank',
                'number': document['Номер'],
                'date': (document.date('ДатаПоступило')
                    or document.date('Дата')),
                'party': party.id if party else None,
                'amount': amount,
                'currency': company.currency.id,
                'purpose': document['НазначениеПлатежа'],
                'bill': bill,
                'bank_account': document['ПлательщикСчет'],
                'bank_key': key,
                'origin_kind': document.kind,
                'employee': None,
                # a document of a known client is registered at once
                'state': 'registered' if party else 'draft',
                'registered_by': employee if party else None,
                })
    # the documents are valid by construction: inserted a batch at a time
    ids = bulk.insert(Payment.__name__, values)
    registered(Payment.browse(
            [i for i, v in zip(ids, values) if v['party']]))
    return {
        'documents': len(documents),
        'imported': len(ids),
        'duplicates': len(documents) - len(new),
        'unknown': len([v for v in values if not v['party']]),
        }


def bill_ids(company, numbers):
    "{(party id, number): bill id} of the issued bills of these numbers"
    Bill = Pool().get('itsvc.bill')
    bill = Bill.__table__()
    cursor = Transaction().connection.cursor()
    result = {}
    for sub in grouped_slice(list(numbers), backend.MAX_QUERY_PARAMS):
        cursor.execute(*bill.select(bill.party, bill.number, bill.id,
                where=(bill.company == company.id)
                & bill.number.in_(list(sub)) & (bill.state == 'issued')))
        result.update(((p, n), i) for p, n, i in cursor)
    return result


def document_key(document):
    "Number, date, amount and payer account identify a bank document"
    return '|'.join([document['Номер'] or '', document['Дата'] or '',
            document['Сумма'] or '', document['ПлательщикСчет'] or ''])
