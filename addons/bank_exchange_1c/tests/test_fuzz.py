# This file is part of itsvc.
"""Property-based tests of the 1CClientBankExchange parser: whatever the
bytes, the parser returns the whole file or refuses it with one of its
messages; a well-formed file round-trips exactly."""
import datetime as dt
import unittest
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..exchange import ExchangeError, parse

FIXTURE = Path(__file__).with_name('statement_cp1251.txt')
MESSAGES = {r.get('id') for r in ET.parse(
        Path(__file__).parent.parent / 'message.xml').iter('record')}
SETTINGS = dict(deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow])

KINDS = ['Платежное поручение', 'Банковский ордер', 'Платежное требование',
    'Инкассовое поручение', 'Мемориальный ордер']
ACCOUNT = st.text('0123456789', min_size=20, max_size=20)
INN = st.text('0123456789', min_size=10, max_size=12)
WORDS = st.text(
    st.sampled_from('абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГД №"-.,0123456789 '),
    max_size=60).map(str.strip)
AMOUNT = st.decimals(min_value=Decimal('0.01'), max_value=Decimal(
        '999999999.99'), places=2)
DATE = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
DOCUMENT = st.fixed_dictionaries({
        'kind': st.sampled_from(KINDS),
        'Номер': st.text('0123456789', min_size=1, max_size=6),
        'Дата': DATE,
        'Сумма': AMOUNT,
        'ПлательщикИНН': INN,
        'ПлательщикСчет': ACCOUNT,
        'ПолучательСчет': ACCOUNT,
        'НазначениеПлатежа': WORDS,
        })


def render(accounts, documents, encoding='Windows'):
    "The text of a file with these account sections and documents"
    lines = ['1CClientBankExchange', 'ВерсияФормата=1.03',
        f'Кодировка={encoding}', 'Отправитель=Бухгалтерия']
    lines += [f'РасчСчет={a}' for a in accounts]
    for account in accounts:
        lines += ['СекцияРасчСчет', f'РасчСчет={account}',
            'НачальныйОстаток=0.00', 'КонецРасчСчет']
    for document in documents:
        lines.append(f'СекцияДокумент={document["kind"]}')
        for key, value in document.items():
            if key == 'kind':
                continue
            if isinstance(value, dt.date):
                value = value.strftime('%d.%m.%Y')
            lines.append(f'{key}={value}')
        lines.append('КонецДокумента')
    lines.append('КонецФайла')
    return '\r\n'.join(lines) + '\r\n'


class ParserPropertiesTestCase(unittest.TestCase):
    "Parser of 1CClientBankExchange under generated input"

    def assertRefusedClearly(self, data):
        "Parsed whole, or refused with a message of the module"
        try:
            exchange = parse(data)
        except ExchangeError as error:
            self.assertIn(error.message, MESSAGES)
            if error.line is not None:
                self.assertGreaterEqual(error.line, 1)
            return None
        return exchange

    @settings(max_examples=2500, **SETTINGS)
    @given(st.binary(max_size=400))
    def test_any_bytes(self, data):
        "Random bytes are refused with a clear message"
        self.assertRefusedClearly(data)

    @settings(max_examples=2500, **SETTINGS)
    @given(st.binary(max_size=300), st.sampled_from(
            ['Windows', 'DOS', 'UTF-8', 'KOI8', '']))
    def test_header_and_garbage(self, tail, encoding):
        "A valid header followed by garbage"
        data = (f'1CClientBankExchange\r\nКодировка={encoding}\r\n'
            .encode('cp1251') + tail)
        self.assertRefusedClearly(data)

    @settings(max_examples=2000, **SETTINGS)
    @given(st.lists(ACCOUNT, min_size=1, max_size=3, unique=True),
        st.lists(DOCUMENT, max_size=8),
        st.sampled_from([('Windows', 'cp1251'), ('DOS', 'cp866')]))
    def test_round_trip(self, accounts, documents, encoding):
        "A well-formed file gives back exactly what it holds"
        name, codec = encoding
        exchange = parse(render(accounts, documents, name).encode(codec))
        self.assertEqual(exchange.header['РасчСчет'], accounts)
        self.assertEqual(len(exchange.accounts), len(accounts))
        self.assertEqual(len(exchange.documents), len(documents))
        for parsed, document in zip(exchange.documents, documents):
            self.assertEqual(parsed.kind, document['kind'])
            self.assertEqual(parsed.amount('Сумма'), document['Сумма'])
            self.assertEqual(parsed.date('Дата'), document['Дата'])
            self.assertEqual(parsed['ПлательщикИНН'],
                document['ПлательщикИНН'])
            self.assertEqual(parsed['НазначениеПлатежа'],
                document['НазначениеПлатежа'])
        self.assertEqual(len(exchange.incoming()), sum(
                d['ПолучательСчет'] in accounts for d in documents))

    @settings(max_examples=3000, **SETTINGS)
    @given(st.data())
    def test_mutated_fixture(self, data):
        "The real statement with lines dropped, doubled or altered"
        lines = FIXTURE.read_bytes().decode('cp1251').splitlines()
        for _ in range(data.draw(st.integers(1, 3))):
            index = data.draw(st.integers(0, len(lines) - 1))
            action = data.draw(st.sampled_from(
                    ['drop', 'double', 'value', 'truncate', 'swap']))
            if action == 'drop':
                del lines[index]
            elif action == 'double':
                lines.insert(index, lines[index])
            elif action == 'value':
                key = lines[index].partition('=')[0]
                lines[index] = f'{key}=' + data.draw(st.text(
                        'ёЁабв0123456789.,-=x ', max_size=12))
            elif action == 'truncate':
                lines[index] = lines[index][:data.draw(
                        st.integers(0, len(lines[index])))]
            else:
                other = data.draw(st.integers(0, len(lines) - 1))
                lines[index], lines[other] = lines[other], lines[index]
            if not lines:
                break
        text = '\r\n'.join(lines)
        exchange = self.assertRefusedClearly(
            text.encode('cp1251', 'replace'))
        if exchange is not None:
            for document in exchange.documents:
                # every accepted document is complete and valid
                self.assertIsInstance(document.amount('Сумма'), Decimal)
                self.assertIsInstance(document.date('Дата'), dt.date)
                self.assertTrue(document['Номер'])
