from trytond.tests.test_tryton import ModuleTestCase


class ItsvcPlanTestCase(ModuleTestCase):
    "Test itsvc_plan module"
    module = 'itsvc_plan'


del ModuleTestCase
