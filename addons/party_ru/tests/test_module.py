# This file is part of itsvc.
import unittest
from decimal import Decimal

from trytond.modules.party.exceptions import InvalidIdentifierCode
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

from ..amount import amount_in_words, plural
from ..identifiers import (
    bik_valid, correspondent_account_valid, inn_valid, kpp_valid,
    ogrn_valid, settlement_account_valid)


class IdentifiersTestCase(unittest.TestCase):
    "Russian identifiers on real samples"

    def test_inn(self):
        # ПАО Сбербанк (10 digits), an individual (12 digits)
        self.assertTrue(inn_valid('7707083893'))
        self.assertTrue(inn_valid('500100732259'))
        for bad in ['7707083894', '500100732258', '770708389', '77070838930',
                '77O7083893', '', None]:
            self.assertFalse(inn_valid(bad), bad)

    def test_kpp(self):
        self.assertTrue(kpp_valid('773601001'))
        self.assertTrue(kpp_valid('7736AB001'))
        for bad in ['77360100', '7736ab001', '77360100A', '']:
            self.assertFalse(kpp_valid(bad), bad)

    def test_ogrn(self):
        self.assertTrue(ogrn_valid('1027700132195'))  # ПАО Сбербанк
        # ОГРНИП: python-stdnum 2.2 refuses this valid number
        self.assertTrue(ogrn_valid('304770000000020'))
        for bad in ['1027700132196', '304770000000021', '10277001321',
                '3047700000000200']:
            self.assertFalse(ogrn_valid(bad), bad)

    def test_bank_accounts(self):
        # correspondent accounts of Сбербанк, Альфа-Банк, Т-Банк
        for account, bik in [
                ('30101810400000000225', '044525225'),
                ('30101810200000000593', '044525593'),
                ('30101810145250000974', '044525974')]:
            self.assertTrue(bik_valid(bik))
            self.assertTrue(correspondent_account_valid(account, bik))
            wrong = account[:-1] + str((int(account[-1]) + 1) % 10)
            self.assertFalse(correspondent_account_valid(wrong, bik))
        self.assertTrue(settlement_account_valid(
                '40702810938000000001', '044525225'))
        self.assertFalse(settlement_account_valid(
                '40702810938000000002', '044525225'))
        self.assertFalse(bik_valid('04452522'))


class AmountTestCase(unittest.TestCase):
    "Amounts in words"

    def test_example(self):
        self.assertEqual(amount_in_words(Decimal('1234567.89')),
            'Один миллион двести тридцать четыре тысячи пятьсот '
            'шестьдесят семь рублей 89 копеек')

    def test_declension(self):
        self.assertEqual(amount_in_words(Decimal('21.01')),
            'Двадцать один рубль 01 копейка')
        self.assertEqual(amount_in_words(Decimal('12078')),
            'Двенадцать тысяч семьдесят восемь рублей 00 копеек')
        self.assertEqual(amount_in_words(Decimal('2.22')),
            'Два рубля 22 копейки')
        self.assertEqual(amount_in_words(Decimal('11.11')),
            'Одиннадцать рублей 11 копеек')
        self.assertEqual(plural(114, 'рубль', 'рубля', 'рублей'), 'рублей')

    def test_rounding_half_up(self):
        self.assertEqual(amount_in_words(Decimal('0.005')),
            'Ноль рублей 01 копейка')
        self.assertEqual(amount_in_words(Decimal('9192.855')),
            'Девять тысяч сто девяносто два рубля 86 копеек')


class PartyRuTestCase(ModuleTestCase):
    "Test party_ru module"
    module = 'party_ru'

    @with_transaction()
    def test_identifiers(self):
        "ИНН and ОГРНИП checked by the Russian rules"
        Party = Pool().get('party.party')
        party, = Party.create([{'name': 'ИП Иванов', 'identifiers': [
                        ('create', [
                                {'type': 'ru_vat', 'code': '500100732259'},
                                {'type': 'ru_ogrn',
                                    'code': '304770000000020'}])]}])
        self.assertEqual(len(party.identifiers), 2)
        with self.assertRaises(InvalidIdentifierCode):
            Party.create([{'name': 'ООО «Ошибка»', 'identifiers': [
                            ('create', [
                                    {'type': 'ru_vat',
                                        'code': '7707083894'}])]}])

    @with_transaction()
    def test_russian_defaults(self):
        "A new identifier is an ИНН among the Russian types; Russia"
        pool = Pool()
        Identifier = pool.get('party.identifier')
        Address = pool.get('party.address')
        Country = pool.get('country.country')
        self.assertEqual(Identifier.default_type(), 'ru_vat')
        self.assertEqual([t for t, _ in Identifier.get_types()],
            [None, 'ru_vat', 'ru_ogrn'])
        self.assertIsNone(Address.default_country())
        russia, = Country.create([{'name': 'Россия', 'code': 'RU'}])
        self.assertEqual(Address.default_country(), russia.id)
        Party = pool.get('party.party')
        party, = Party.create([{'name': 'ООО «Ромашка»', 'addresses': [
                        ('create', [{'city': 'Москва',
                                    'postal_code': '101000'}])]}])
        address, = party.addresses
        self.assertEqual(address.country, russia)
        self.assertEqual(address.rec_name, 'ООО «Ромашка», 101000, Москва')

    @with_transaction()
    def test_unsaved_party_message(self):
        "The ИНН of a party not saved yet: the message names no party"
        pool = Pool()
        Party = pool.get('party.party')
        Identifier = pool.get('party.identifier')
        identifier = Identifier(type='ru_vat', code='7707083894',
            party=Party(name=None))
        with self.assertRaises(InvalidIdentifierCode) as context:
            identifier.check_code()
        self.assertTrue(context.exception.message.startswith(
                'The INN "7707083894" is not valid:'),
            context.exception.message)


del ModuleTestCase
