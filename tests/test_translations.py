"""Every string of the itsvc modules has its Russian translation, and the
Russian UI (Tryton's own modules and the web client) is counted."""
import re
import shutil
import subprocess
import unittest

from .tools import Instance

# Strings a Russian user sees in English in a database with every itsvc
# module activated (`itsvc ui-untranslated`): none.
UI_UNTRANSLATED_MAX = 0


class TranslationsTestCase(unittest.TestCase):
    "`itsvc po-check` and `itsvc ui-untranslated` on a fresh database"

    @classmethod
    def setUpClass(cls):
        cls.instance = Instance('i18n')
        try:
            cls.instance.env['ITSVC_ADMIN_PASSWORD'] = 'i18n-admin-2026'
            cls.instance.itsvc('setup', '--no-demo')
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.instance.drop()
        shutil.rmtree(cls.instance.tmp, ignore_errors=True)

    def test_po_check(self):
        try:
            result = self.instance.itsvc('po-check')
        except subprocess.CalledProcessError as error:
            self.fail(error.stdout + error.stderr)
        self.assertIn('0 untranslated string(s)', result.stderr)

    def test_ui_untranslated(self):
        "The UI strings without Russian stay within UI_UNTRANSLATED_MAX"
        try:
            result = self.instance.itsvc(
                'ui-untranslated', '--max', str(UI_UNTRANSLATED_MAX))
            output = result.stdout
        except subprocess.CalledProcessError as error:
            output = error.stdout
            print(output)
            self.fail(f'more than {UI_UNTRANSLATED_MAX} untranslated UI '
                f'strings:\n{output}{error.stderr}')
        print(output)
        total = int(re.search(r'^total\s+(\d+)$', output, re.M).group(1))
        web = int(re.search(
                r'^web client \(sao\)\s+(\d+)$', output, re.M).group(1))
        self.assertLessEqual(total, UI_UNTRANSLATED_MAX)
        self.assertEqual(web, 0)
        for module in ['ir', 'res', 'party', 'account', 'stock']:
            self.assertRegex(output, rf'(?m)^{module}\s+\d+')


class OverridesTestCase(unittest.TestCase):
    "Fragments of Tryton's ru.po become entries of ru_i18n"

    def test_override_entries(self):
        import polib

        from itsvc.i18n import override_entries

        def entry(msgctxt, msgid, msgstr):
            return polib.POEntry(msgctxt=msgctxt, msgid=msgid, msgstr=msgstr)
        fragment = [
            # empty in Tryton: overrides the row of ir
            entry('field:ir.lang,plural:', 'Plural', 'Множественное число'),
            # fuzzy in Tryton with this very text: a row of ru_i18n
            entry('field:ir.model.field,model_ref:', 'Model', 'Модель'),
            # a record Tryton has fuzzy with this text: not effective
            entry('model:ir.message,text:msg_active', 'Active',
                'Действующий'),
            # a record without row: skipped
            entry('model:ir.message,text:msg_no_such', 'No such', 'Нет'),
            # not translated: left out
            entry('field:ir.lang,pm:', 'PM', ''),
            ]
        entries, skipped = override_entries('ir', fragment)
        self.assertEqual([e.msgctxt for e in entries], [
                'field:ir.lang,plural:ir.',
                'field:ir.model.field,model_ref:',
                'model:ir.message,text:ir.msg_active',
                ])
        self.assertEqual([e.msgctxt for e in skipped], [
                'model:ir.message,text:msg_active',
                'model:ir.message,text:msg_no_such',
                ])

    def test_web_untranslated(self):
        import json
        import tempfile
        from pathlib import Path

        from itsvc.i18n import web_untranslated
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / 'ru.json'
            path.write_text(json.dumps({
                        '': {'language': 'ru'},
                        'Save': [None, 'Сохранить'],
                        'Delete': [None, ''],
                        '%1 record saved': ['%1 records saved', 'a', '', ''],
                        ', ': [None, ''],
                        }))
            self.assertEqual(
                web_untranslated(path, Path(tmp) / 'none.pot'),
                ['%1 record saved', 'Delete'])
