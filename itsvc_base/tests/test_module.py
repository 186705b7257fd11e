# This file is part of itsvc.
import datetime as dt
import unittest

from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

from party_ru.tests.mixins import PartyReplaceMixin

from ..tenure import (
    active_days, add_months, maintenance_year, tenure_start, whole_years)

D = dt.date


class TenureTestCase(unittest.TestCase):
    "Maintained periods and tenure (domain.md §4, §5.4)"

    def test_add_months(self):
        self.assertEqual(add_months(D(2025, 1, 31), 1), D(2025, 2, 28))
        self.assertEqual(add_months(D(2024, 11, 30), 3), D(2025, 2, 28))
        self.assertEqual(add_months(D(2024, 12, 15), 14), D(2026, 2, 15))

    def test_whole_years(self):
        self.assertEqual(whole_years(D(2024, 1, 15), D(2026, 12, 1)), 2)
        self.assertEqual(whole_years(D(2024, 1, 15), D(2025, 1, 15)), 1)
        self.assertEqual(whole_years(D(2024, 1, 15), D(2025, 1, 14)), 0)
        self.assertEqual(whole_years(D(2027, 2, 16), D(2027, 2, 1)), 0)

    def test_worked_example_years(self):
        "«Альфа» is in year 3 in December 2026, «Бета» in 2 then 3"
        alpha = [(D(2024, 1, 15), None)]
        self.assertEqual(maintenance_year(alpha, 2026, 12, 3), 3)
        beta = [(D(2025, 3, 1), None)]
        self.assertEqual(
            [maintenance_year(beta, 2027, m, 3) for m in range(1, 7)],
            [2, 2, 3, 3, 3, 3])
        network = [(D(2027, 2, 16), None)]
        self.assertEqual(maintenance_year(network, 2027, 2, 3), 1)

    def test_gap_keeps_or_restarts_tenure(self):
        two_months = [(D(2024, 1, 15), D(2025, 3, 10)),
            (D(2025, 5, 11), None)]
        self.assertEqual(
            tenure_start(two_months, D(2025, 6, 1), 3), D(2024, 1, 15))
        exactly_three = [(D(2024, 1, 15), D(2025, 3, 31)),
            (D(2025, 7, 1), None)]
        self.assertEqual(
            tenure_start(exactly_three, D(2025, 7, 1), 3), D(2024, 1, 15))
        five_months = [(D(2024, 1, 15), D(2025, 6, 30)),
            (D(2025, 12, 1), None)]
        self.assertEqual(
            tenure_start(five_months, D(2025, 12, 1), 3), D(2025, 12, 1))
        # before the resumption the old tenure is in force
        self.assertEqual(
            tenure_start(five_months, D(2025, 11, 30), 3), D(2024, 1, 15))

    def test_switch_keeps_tenure(self):
        periods = [(D(2024, 1, 15), D(2026, 1, 31)), (D(2026, 2, 1), None)]
        self.assertEqual(
            tenure_start(periods, D(2026, 3, 1), 3), D(2024, 1, 15))

    def test_active_days(self):
        self.assertEqual(active_days(
                [(D(2027, 2, 16), None)], D(2027, 2, 1), D(2027, 2, 28)), 13)
        self.assertEqual(active_days(
                [(D(2024, 1, 15), D(2025, 3, 10))],
                D(2025, 3, 1), D(2025, 3, 31)), 10)
        self.assertEqual(active_days(
                [(D(2025, 1, 1), D(2025, 3, 10)), (D(2025, 3, 21), None)],
                D(2025, 3, 1), D(2025, 3, 31)), 21)
        self.assertEqual(active_days(
                [(D(2025, 4, 1), None)], D(2025, 3, 1), D(2025, 3, 31)), 0)


class ItsvcBaseTestCase(PartyReplaceMixin, ModuleTestCase):
    "Test itsvc_base module"
    module = 'itsvc_base'

    @with_transaction()
    def test_inn_on_party(self):
        "The ИНН typed on the client is its ИНН identifier"
        Party = Pool().get('party.party')
        party, = Party.create([{'name': 'ООО «Ромашка»',
                    'inn': '7707083893'}])
        self.assertEqual([(i.type, i.code) for i in party.identifiers],
            [('ru_vat', '7707083893')])
        self.assertEqual(party.inn, '7707083893')
        Party.write([party], {'inn': '7708123450'})
        self.assertEqual([(i.type, i.code) for i in party.identifiers],
            [('ru_vat', '7708123450')])
        self.assertEqual(Party.search([('inn', '=', '7708123450')]),
            [party])
        Party.write([party], {'inn': None})
        self.assertEqual(party.identifiers, ())


del ModuleTestCase
