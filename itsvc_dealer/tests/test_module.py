from trytond.tests.test_tryton import ModuleTestCase

from party_ru.tests.mixins import PartyReplaceMixin


class ItsvcDealerTestCase(PartyReplaceMixin, ModuleTestCase):
    "Test itsvc_dealer module"
    module = 'itsvc_dealer'


del ModuleTestCase
