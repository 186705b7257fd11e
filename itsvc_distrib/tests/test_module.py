from trytond.tests.test_tryton import ModuleTestCase

from party_ru.tests.mixins import PartyReplaceMixin


class ItsvcDistribTestCase(PartyReplaceMixin, ModuleTestCase):
    "Test itsvc_distrib module"
    module = 'itsvc_distrib'


del ModuleTestCase
