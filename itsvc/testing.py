"""Run the test suite of every itsvc module (unit tests and scenarios)
and the cross-module tests of tests/ (demo centre, web client).

Tryton scenarios are doctests collected through the unittest `load_tests`
protocol, so the suite is run by unittest. The last line is
`N passed, N failed` (`, N skipped` when some are skipped).
"""
import argparse
import os
import sys
import time
import unittest

from .database import ADDONS, MODULES, ROOT


class CountingResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = 0

        self.timings = []
        self._mark = time.monotonic()

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed += 1

    def stopTest(self, test):
        # the time since the previous test ended: the class fixtures
        # (demo databases, servers) count for the first test of a class
        super().stopTest(test)
        now = time.monotonic()
        self.timings.append((now - self._mark, test.id()))
        self._mark = now


def _suite(loader, modules):
    suite = unittest.TestSuite()
    for module in modules:
        top = ROOT / 'addons' if module in ADDONS else ROOT
        suite.addTests(loader.discover(
                start_dir=str(top / module / 'tests'),
                pattern='test_*.py', top_level_dir=str(top)))
    suite.addTests(loader.discover(start_dir=str(ROOT / 'tests'),
            pattern='test_*.py', top_level_dir=str(ROOT)))
    return suite


def _count(suite):
    if isinstance(suite, unittest.TestSuite):
        return sum(_count(s) for s in suite)
    return 1


def main(argv=None):
    parser = argparse.ArgumentParser(prog='itsvc-test')
    parser.add_argument('-k', dest='patterns', action='append',
        help="only tests matching the pattern")
    parser.add_argument('modules', nargs='*', default=MODULES)
    options = parser.parse_args(argv)

    loader = unittest.TestLoader()
    if options.patterns:
        loader.testNamePatterns = [
            p if '*' in p else f'*{p}*' for p in options.patterns]
    sys.path.insert(0, str(ROOT))
    suite = _suite(loader, options.modules)
    backend = os.environ.get('TRYTOND_DATABASE__URI', 'sqlite://')
    print(f'Running {_count(suite)} tests on '
        f'{backend.split(":", 1)[0]}', file=sys.stderr)
    started = time.monotonic()
    runner = unittest.TextTestRunner(
        verbosity=2, resultclass=CountingResult, stream=sys.stdout)
    result = runner.run(suite)
    failed = len(result.failures) + len(result.errors) + len(
        result.unexpectedSuccesses)
    line = f'{result.passed} passed, {failed} failed'
    if result.skipped:
        line += f', {len(result.skipped)} skipped'
    print('slowest:')
    for duration, name in sorted(result.timings, reverse=True)[:15]:
        print(f'  {duration:7.1f} s  {name}')
    print(f'in {time.monotonic() - started:.1f} s')
    print(line)
    return 0 if failed == 0 and result.passed > 0 else 1


if __name__ == '__main__':
    sys.exit(main())
