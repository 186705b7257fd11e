from trytond.tests.test_tryton import ModuleTestCase


class ItsvcPressTestCase(ModuleTestCase):
    "Test itsvc_press module"
    module = 'itsvc_press'


del ModuleTestCase
