# This file is part of itsvc.
"""Property-based tests of the client import (CSV and XLSX): whatever the
file, the wizard answers with its messages and imports all or nothing."""
import csv
import datetime as dt
import io
import unittest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction

from ..client_import import COLUMNS, REQUIRED
from ..tabular import TabularError, read_rows

SETTINGS = dict(deadline=None, derandomize=True,
    suppress_health_check=list(HealthCheck))
TITLES = [title for titles in COLUMNS.values() for title in sorted(titles)]
CELL = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.text('0123456789', min_size=9, max_size=13),
    st.integers(-10**13, 10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1900, 1, 1)).map(
        lambda d: d.strftime('%d.%m.%Y')),
    st.dates(min_value=dt.date(1900, 1, 1)),
    )
HEADER = st.lists(st.one_of(st.sampled_from(TITLES), st.text(max_size=10)),
    max_size=10).map(lambda h: [t.upper() if len(t) % 2 else t for t in h])
TABLE = st.tuples(HEADER, st.lists(st.lists(CELL, max_size=10), max_size=6))


def cells(row):
    return ['' if value is None else str(value) for value in row]


def to_csv(header, rows, delimiter, encoding):
    "The table as a spreadsheet saves it: quoted where needed"
    text = io.StringIO(newline='')
    writer = csv.writer(text, delimiter=delimiter)
    for row in [header] + rows:
        writer.writerow(cells(row))
    return text.getvalue().encode(encoding, 'replace')


def to_xlsx(header, rows):
    from openpyxl import Workbook
    workbook = Workbook()
    sheet = workbook.active
    for row in [header] + rows:
        sheet.append([c if not isinstance(c, str) else
                ''.join(ch for ch in c if ch.isprintable())[:100]
                for c in row])
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


class TabularPropertiesTestCase(unittest.TestCase):
    "Reading tables: rows or a TabularError, nothing else"

    @settings(max_examples=1500, **SETTINGS)
    @given(st.binary(max_size=300), st.sampled_from(['', 'f.csv', 'f.xlsx']))
    def test_any_bytes(self, data, filename):
        try:
            rows = read_rows(data, filename)
        except TabularError:
            return
        self.assertIsInstance(rows, list)

    @settings(max_examples=500, **SETTINGS)
    @given(st.lists(st.lists(st.text(
                    st.characters(blacklist_characters=';,\t\x00',
                        blacklist_categories=['Cs']), max_size=12),
                min_size=3, max_size=3), min_size=1, max_size=6),
        st.sampled_from([';', ',', '\t']))
    def test_csv_round_trip(self, rows, delimiter):
        "A CSV saved by a spreadsheet reads back cell for cell"
        header = ['ИНН', 'Наименование', 'Система']
        data = to_csv(header, rows, delimiter, 'utf-8')
        self.assertEqual(read_rows(data, 'f.csv'), [header] + rows)


class ImportPropertiesTestCase(unittest.TestCase):
    "The import wizard: all or nothing, with clear messages"

    @classmethod
    def setUpClass(cls):
        activate_module('itsvc_base')

    def import_(self, data, filename):
        pool = Pool()
        Import = pool.get('itsvc.client.import', type='wizard')
        Party = pool.get('party.party')
        before = Party.search_count([])
        session_id, _, _ = Import.create()
        wizard = Import(session_id)
        wizard.start.file = data
        wizard.start.filename = filename
        self.assertEqual(wizard.transition_import_(), 'result')
        self.assertTrue(wizard.result.message)
        if not wizard.result.imported:
            self.assertEqual(Party.search_count([]), before)
        return wizard.result

    @settings(max_examples=700, **SETTINGS)
    @given(TABLE, st.sampled_from(['csv', 'xlsx']))
    @with_transaction()
    def test_generated_tables(self, table, kind):
        header, rows = table
        if kind == 'csv':
            data = to_csv(header, rows, ';', 'utf-8')
        else:
            data = to_xlsx(header, rows)
        result = self.import_(data, f'clients.{kind}')
        # no system exists in this database: no row can be imported
        self.assertFalse(result.imported)

    @settings(max_examples=300, **SETTINGS)
    @given(st.binary(max_size=200))
    @with_transaction()
    def test_garbage(self, data):
        self.assertFalse(self.import_(data, 'clients.xlsx').imported)

    @with_transaction()
    def test_missing_columns_named(self):
        "The message names the missing columns in Russian"
        result = self.import_('ИНН;Наименование\n7707083893;ООО «А»\n'
            .encode('utf-8'), 'clients.csv')
        self.assertFalse(result.imported)
        self.assertIn('Точка обслуживания', result.message)
        self.assertEqual(len(REQUIRED), 5)
