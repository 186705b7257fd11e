"""Parser of 1CClientBankExchange files.

Text of ``Key=Value`` lines: ``1CClientBankExchange`` first, a header
(``ВерсияФормата``, ``Кодировка``: ``Windows`` = cp1251, ``DOS`` = cp866,
``РасчСчет`` repeatable, ...), sections ``СекцияРасчСчет`` …
``КонецРасчСчет`` (balances of an account), ``СекцияДокумент=<kind>`` …
``КонецДокумента`` (every kind of payment document), ``КонецФайла`` last.

A malformed file is refused whole: :class:`ExchangeError` carries the line
number and the reason (a message id of this module and its parameters).
"""
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

ENCODINGS = {
    'windows': 'cp1251',
    'dos': 'cp866',
    'utf-8': 'utf-8',
    'utf8': 'utf-8',
    }
AMOUNT = re.compile(r'^\d{1,15}(\.\d{1,2})?$')
DATE = re.compile(r'^\d{2}\.\d{2}\.\d{4}$')
DATE_KEYS = {'Дата', 'ДатаСписано', 'ДатаПоступило', 'ДатаНачала',
    'ДатаКонца', 'ДатаСоздания'}
AMOUNT_KEYS = {'Сумма', 'НачальныйОстаток', 'ВсегоПоступило',
    'ВсегоСписано', 'КонечныйОстаток'}


class ExchangeError(Exception):
    "The file is refused: message id, line number (1-based) and values"

    def __init__(self, message, line=None, **values):
        super().__init__(message, line, values)
        self.message = message
        self.line = line
        self.values = values


@dataclass
class Section:
    "A СекцияРасчСчет (kind None) or a СекцияДокумент of a kind"
    kind: str
    line: int
    values: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.values.get(key)

    def get(self, key, default=None):
        return self.values.get(key, default)

    def date(self, key):
        value = self.values.get(key)
        if value:
            return dt.datetime.strptime(value, '%d.%m.%Y').date()

    def amount(self, key):
        value = self.values.get(key)
        return Decimal(value) if value else None


@dataclass
class Exchange:
    header: dict
    accounts: list
    documents: list

    @property
    def our_accounts(self):
        "Settlement accounts of the header and of the account sections"
        accounts = set(self.header.get('РасчСчет', []))
        accounts.update(a['РасчСчет'] for a in self.accounts if a['РасчСчет'])
        return accounts

    def incoming(self, accounts=None):
        "Documents whose payee account is one of ours"
        accounts = set(accounts or self.our_accounts)
        return [d for d in self.documents
            if d['ПолучательСчет'] in accounts]


def _encoding(data):
    "The encoding named by the Кодировка line, read in any candidate"
    for candidate in ('cp1251', 'cp866', 'utf-8'):
        key = 'Кодировка='.encode(candidate)
        for raw in data.splitlines():
            raw = raw.lstrip(b'\xef\xbb\xbf').strip()
            if raw.startswith(key):
                value = raw[len(key):].decode('ascii', 'replace').strip()
                encoding = ENCODINGS.get(value.lower())
                if not encoding:
                    raise ExchangeError('msg_unknown_encoding',
                        encoding=value)
                return encoding
    raise ExchangeError('msg_no_encoding')


def parse(data):
    "Parse the bytes of a file into an :class:`Exchange`"
    if not data.lstrip(b'\xef\xbb\xbf').startswith(b'1CClientBankExchange'):
        raise ExchangeError('msg_not_exchange', line=1)
    encoding = _encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b'\n') + 1
        raise ExchangeError('msg_decode', line=line, encoding=encoding)
    header, accounts, documents = {}, [], []
    current = None
    ended = False
    for number, line in enumerate(text.lstrip('\ufeff').splitlines(), 1):
        line = line.strip()
        if number == 1 or not line:
            continue
        if ended:
            raise ExchangeError('msg_after_end', line=number)
        key, sep, value = line.partition('=')
        key, value = key.strip(), value.strip()
        if key == 'КонецФайла':
            if current is not None:
                raise ExchangeError('msg_section_not_closed',
                    line=current.line)
            ended = True
        elif key == 'СекцияРасчСчет':
            if current is not None:
                raise ExchangeError('msg_section_not_closed',
                    line=current.line)
            current = Section(None, number)
        elif key == 'СекцияДокумент':
            if current is not None:
                raise ExchangeError('msg_section_not_closed',
                    line=current.line)
            if not value:
                raise ExchangeError('msg_document_kind', line=number)
            current = Section(value, number)
        elif key == 'КонецРасчСчет':
            if current is None or current.kind is not None:
                raise ExchangeError('msg_unexpected_end', line=number,
                    key=key)
            accounts.append(current)
            current = None
        elif key == 'КонецДокумента':
            if current is None or current.kind is None:
                raise ExchangeError('msg_unexpected_end', line=number,
                    key=key)
            _check_document(current)
            documents.append(current)
            current = None
        elif not sep:
            raise ExchangeError('msg_not_key_value', line=number,
                text=line[:50])
        else:
            _check_value(key, value, number)
            if current is not None:
                current.values[key] = value
            elif key == 'РасчСчет':
                header.setdefault(key, []).append(value)
            else:
                header[key] = value
    if current is not None:
        raise ExchangeError('msg_section_not_closed', line=current.line)
    if not ended:
        raise ExchangeError('msg_no_end')
    return Exchange(header, accounts, documents)


def _check_value(key, value, line):
    if key in AMOUNT_KEYS and value and not AMOUNT.match(value):
        raise ExchangeError('msg_bad_amount', line=line, key=key,
            value=value)
    if key in DATE_KEYS and value:
        try:
            if not DATE.match(value):
                raise ValueError
            dt.datetime.strptime(value, '%d.%m.%Y')
        except ValueError:
            raise ExchangeError('msg_bad_date', line=line, key=key,
                value=value)


def _check_document(document):
    for key in ('Номер', 'Дата', 'Сумма'):
        if not document[key]:
            raise ExchangeError('msg_document_missing', line=document.line,
                key=key)


BILL_NUMBER = re.compile(r'(?<![\w-])([A-Za-zА-Яа-яЁё]{1,5}-\d{2,4}-\d{1,10})')
NUMBER_SIGN = re.compile(
    r'(?:№|N|сч(?:е|ё)?т?у?\.?)\s*(\d{1,10})(?![\d.,/-])', re.IGNORECASE)


def bill_numbers(purpose):
    "Candidate bill numbers in a payment purpose, in order"
    if not purpose:
        return []
    numbers = BILL_NUMBER.findall(purpose) + NUMBER_SIGN.findall(purpose)
    return list(dict.fromkeys(numbers))
