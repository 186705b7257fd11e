from trytond.tests.test_tryton import ModuleTestCase


class AccountRuTestCase(ModuleTestCase):
    "Test account_ru module"
    module = 'account_ru'


del ModuleTestCase
