from trytond.tests.test_tryton import ModuleTestCase


class ItsvcBaseTestCase(ModuleTestCase):
    "Test itsvc_base module"
    module = 'itsvc_base'


del ModuleTestCase
