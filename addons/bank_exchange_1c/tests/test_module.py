# This file is part of itsvc.
import datetime as dt
import unittest
from decimal import Decimal
from pathlib import Path

from trytond.tests.test_tryton import ModuleTestCase

from ..exchange import ExchangeError, bill_numbers, parse

FIXTURE = Path(__file__).with_name('statement_cp1251.txt')


class ExchangeTestCase(unittest.TestCase):
    "Parser of 1CClientBankExchange"

    def setUp(self):
        self.data = FIXTURE.read_bytes()
        self.lines = self.data.decode('cp1251').splitlines()

    def refused(self, data):
        with self.assertRaises(ExchangeError) as context:
            parse(data)
        return context.exception

    def test_fixture(self):
        "Header, two account sections, every kind of document"
        exchange = parse(self.data)
        self.assertEqual(exchange.header['Кодировка'], 'Windows')
        self.assertEqual(exchange.header['РасчСчет'], [
                '40702810900000000001', '40702810500000000002'])
        self.assertEqual(len(exchange.accounts), 2)
        self.assertEqual(exchange.accounts[1].amount('КонечныйОстаток'),
            Decimal('1000.50'))
        self.assertEqual([d.kind for d in exchange.documents], [
                'Платежное поручение', 'Банковский ордер',
                'Платежное требование'])
        first = exchange.documents[0]
        self.assertEqual(first.amount('Сумма'), Decimal('12078.00'))
        self.assertEqual(first.date('Дата'), dt.date(2026, 12, 1))
        self.assertEqual(first['ПлательщикИНН'], '7780334815')
        self.assertEqual(first['Плательщик'], 'ИНН 7780334815 ООО "Альфа"')

    def test_incoming(self):
        "Incoming when the payee account is ours"
        exchange = parse(self.data)
        self.assertEqual([d['Номер'] for d in exchange.incoming()],
            ['518', '12'])

    def test_dos_and_utf8(self):
        text = self.data.decode('cp1251')
        dos = text.replace('Кодировка=Windows', 'Кодировка=DOS')
        self.assertEqual(len(parse(dos.encode('cp866')).documents), 3)

    def test_unknown_encoding(self):
        error = self.refused(self.data.replace(
                b'=Windows', b'=KOI8'))
        self.assertEqual(error.message, 'msg_unknown_encoding')
        self.assertEqual(error.values, {'encoding': 'KOI8'})

    def test_bad_amount(self):
        error = self.refused(self.data.replace(
                'Сумма=12078.00'.encode('cp1251'),
                'Сумма=12 078,00'.encode('cp1251')))
        self.assertEqual((error.message, error.line),
            ('msg_bad_amount', self.lines.index('Сумма=12078.00') + 1))

    def test_missing_end_of_document(self):
        data = self.data.replace(
            'НДС (22%) 2178.00\r\nКонецДокумента'.encode('cp1251'),
            'НДС (22%) 2178.00'.encode('cp1251'))
        error = self.refused(data)
        start = self.lines.index('СекцияДокумент=Платежное поручение') + 1
        self.assertEqual((error.message, error.line),
            ('msg_section_not_closed', start))

    def test_cut_file(self):
        error = self.refused(self.data.replace(
                'КонецФайла'.encode('cp1251'), b''))
        self.assertEqual(error.message, 'msg_no_end')

    def test_not_exchange(self):
        error = self.refused(b'<?xml version="1.0"?>')
        self.assertEqual(error.message, 'msg_not_exchange')

    def test_bad_date(self):
        error = self.refused(self.data.replace(
                b'=01.12.2026\r\n\xd1\xf3\xec', b'=31.02.2026\r\n\xd1\xf3\xec',
                1))
        self.assertEqual(error.message, 'msg_bad_date')

    def test_bill_numbers(self):
        self.assertEqual(bill_numbers(
                'Оплата по счёту № СЧ-2026-000001 от 01.12.2026'),
            ['СЧ-2026-000001'])
        self.assertEqual(bill_numbers('Оплата по сч. 15 за декабрь'),
            ['15'])
        self.assertEqual(bill_numbers('Оплата счета N 7 от 01.12.2026'),
            ['7'])
        self.assertEqual(bill_numbers(None), [])


class BankExchange1cTestCase(ModuleTestCase):
    "Test bank_exchange_1c module"
    module = 'bank_exchange_1c'


del ModuleTestCase
