"""Every string of the itsvc modules has its Russian translation."""
import shutil
import subprocess
import unittest

from .tools import Instance


class TranslationsTestCase(unittest.TestCase):
    "`itsvc po-check` finds no untranslated string"

    def test_po_check(self):
        instance = Instance('i18n')
        try:
            instance.itsvc('setup', '--no-demo')
            try:
                result = instance.itsvc('po-check')
            except subprocess.CalledProcessError as error:
                self.fail(error.stdout + error.stderr)
            self.assertIn('0 untranslated string(s)', result.stderr)
        finally:
            instance.drop()
            shutil.rmtree(instance.tmp, ignore_errors=True)
