from trytond.tests.test_tryton import ModuleTestCase

from party_ru.tests.mixins import PartyReplaceMixin


class ItsvcBillingTestCase(PartyReplaceMixin, ModuleTestCase):
    "Test itsvc_billing module"
    module = 'itsvc_billing'


del ModuleTestCase
