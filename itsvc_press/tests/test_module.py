from trytond.tests.test_tryton import ModuleTestCase

from party_ru.tests.mixins import PartyReplaceMixin


class ItsvcPressTestCase(PartyReplaceMixin, ModuleTestCase):
    "Test itsvc_press module"
    module = 'itsvc_press'


del ModuleTestCase
