# This file is part of itsvc.
"""1CClientBankExchange files in Tryton's statement import: a statement a
settlement account (СекцияРасчСчет) with its balances, an origin a
document (receipts positive, payments negative), the counterparty found
by its ИНН."""
from trytond.i18n import gettext
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool, PoolMeta

from .exchange import ExchangeError, parse


class StatementImportError(ValidationError):
    pass


class ImportStatementStart(metaclass=PoolMeta):
    __name__ = 'account.statement.import.start'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.file_format.selection.append(
            ('1c_bank_exchange', "1CClientBankExchange"))


class ImportStatement(metaclass=PoolMeta):
    __name__ = 'account.statement.import'

    def parse_1c_bank_exchange(self):
        pool = Pool()
        Statement = pool.get('account.statement')
        Origin = pool.get('account.statement.origin')
        Journal = pool.get('account.statement.journal')
        company = self.start.company
        try:
            exchange = parse(bytes(self.start.file_))
        except ExchangeError as error:
            raise StatementImportError(gettext(
                    f'bank_exchange_1c.{error.message}', line=error.line,
                    **error.values))
        parties = counterparties(exchange.documents)
        for section in exchange.accounts:
            number = section['РасчСчет']
            journal = Journal.get_by_bank_account(company.id, number)
            if not journal:
                raise StatementImportError(gettext(
                        'bank_exchange_1c.msg_no_statement_journal',
                        account=number))
            origins = []
            for document in exchange.documents:
                if document['ПолучательСчет'] == number:
                    sign, inn, date = 1, 'ПлательщикИНН', 'ДатаПоступило'
                elif document['ПлательщикСчет'] == number:
                    sign, inn, date = -1, 'ПолучательИНН', 'ДатаСписано'
                else:
                    continue
                origins.append(Origin(
                        number=document['Номер'],
                        date=document.date(date) or document.date('Дата'),
                        amount=sign * document.amount('Сумма'),
                        party=parties.get(document[inn]),
                        description=document['НазначениеПлатежа'],
                        ))
            if already_imported(journal, origins):
                raise StatementImportError(gettext(
                        'bank_exchange_1c.msg_statement_imported',
                        account=number,
                        start=section['ДатаНачала'],
                        end=section['ДатаКонца']))
            start = section.amount('НачальныйОстаток')
            yield Statement(
                company=company,
                journal=journal,
                name=f"{number} {section['ДатаНачала']}–"
                f"{section['ДатаКонца']}",
                date=section.date('ДатаКонца'),
                start_balance=start,
                end_balance=section.amount('КонечныйОстаток'),
                total_amount=sum(o.amount for o in origins),
                number_of_lines=len(origins),
                origins=origins,
                )


def counterparties(documents):
    "{ИНН: party} of the payers and payees of the documents"
    Identifier = Pool().get('party.identifier')
    inns = {d[k] for d in documents
        for k in ['ПлательщикИНН', 'ПолучательИНН'] if d[k]}
    parties = {}
    for identifier in Identifier.search([
                ('type', '=', 'ru_vat'),
                ('code', 'in', list(inns)),
                ], order=[('id', 'ASC')]):
        parties.setdefault(identifier.code, identifier.party)
    return parties


def already_imported(journal, origins):
    "Whether the documents are in a statement of the journal already"
    Origin = Pool().get('account.statement.origin')
    if not origins:
        return False
    existing = {(o.number, o.date, o.amount) for o in Origin.search([
                ('statement.journal', '=', journal.id),
                ('statement.state', '!=', 'cancelled'),
                ('number', 'in', list({o.number for o in origins})),
                ])}
    return all((o.number, o.date, o.amount) in existing for o in origins)
