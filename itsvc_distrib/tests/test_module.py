from trytond.tests.test_tryton import ModuleTestCase


class ItsvcDistribTestCase(ModuleTestCase):
    "Test itsvc_distrib module"
    module = 'itsvc_distrib'


del ModuleTestCase
