from trytond.tests.test_tryton import ModuleTestCase


class RuI18nTestCase(ModuleTestCase):
    "Test ru_i18n module"
    module = 'ru_i18n'


del ModuleTestCase
