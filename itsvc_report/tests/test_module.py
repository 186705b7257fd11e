from trytond.tests.test_tryton import ModuleTestCase


class ItsvcReportTestCase(ModuleTestCase):
    "Test itsvc_report module"
    module = 'itsvc_report'


del ModuleTestCase
