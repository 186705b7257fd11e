from trytond.tests.test_tryton import ModuleTestCase


class ItsvcDealerTestCase(ModuleTestCase):
    "Test itsvc_dealer module"
    module = 'itsvc_dealer'


del ModuleTestCase
