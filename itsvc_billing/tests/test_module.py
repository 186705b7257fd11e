from trytond.tests.test_tryton import ModuleTestCase


class ItsvcBillingTestCase(ModuleTestCase):
    "Test itsvc_billing module"
    module = 'itsvc_billing'


del ModuleTestCase
