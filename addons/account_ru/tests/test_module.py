from trytond.tests.test_tryton import ModuleTestCase

from party_ru.tests.mixins import PartyReplaceMixin


class AccountRuTestCase(PartyReplaceMixin, ModuleTestCase):
    "Test account_ru module"
    module = 'account_ru'


del ModuleTestCase
