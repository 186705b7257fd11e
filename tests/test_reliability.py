"""Batch jobs under faults: billing runs and closings started twice at
once, or killed midway and run again, give exactly the figures of one
uninterrupted run."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unittest
from pathlib import Path

from .tools import BIN, Instance, on_postgresql

HERE = Path(__file__).resolve().parent

FIGURES = """
import json
from decimal import Decimal
from trytond.pool import Pool
from trytond.transaction import Transaction
name = %(database)r
pool = Pool(name)
pool.init()
with Transaction().start(name, 0, readonly=True) as transaction:
    cursor = transaction.connection.cursor()
    cursor.execute(
        "SELECT COUNT(*), "
        "COUNT(DISTINCT CAST(l.installation AS VARCHAR) || '/' || l.kind), "
        "COALESCE(SUM(l.amount), 0) "
        "FROM itsvc_bill_line AS l JOIN itsvc_bill AS b ON l.bill = b.id "
        "WHERE b.state != 'cancelled' AND l.month = '%(month)s'")
    lines, distinct, amount = cursor.fetchone()
    cursor.execute(
        "SELECT COUNT(*), COUNT(DISTINCT il.origin), "
        "COALESCE(SUM(il.quantity * il.unit_price), 0) "
        "FROM account_invoice_line AS il "
        "JOIN account_invoice AS i ON il.invoice = i.id "
        "JOIN itsvc_bill_line AS l "
        "ON il.origin = 'itsvc.bill.line,' || CAST(l.id AS VARCHAR) "
        "WHERE i.state = 'posted' AND l.month = '%(month)s'")
    acts, origins, act_amount = cursor.fetchone()
    cents = Decimal('0.01')
    print(json.dumps({
        'lines': lines, 'distinct': distinct,
        'amount': str(Decimal(str(amount)).quantize(cents)),
        'acts': acts, 'act_origins': origins,
        'act_amount': str(Decimal(str(act_amount)).quantize(cents))}))
"""


class BatchReliabilityTestCase(unittest.TestCase):
    "Concurrent and interrupted billing runs and closings"

    @classmethod
    def setUpClass(cls):
        cls.instance = Instance('reliability')
        cls.instance.setup_demo(30)

    @classmethod
    def tearDownClass(cls):
        cls.instance.drop()
        shutil.rmtree(cls.instance.tmp, ignore_errors=True)

    def start(self, *args, pause_after=None):
        """Start an itsvc command in its own process; with pause_after it
        stops once that many records are done (tests/faults.py)"""
        instance = self.instance
        command = [str(BIN / 'itsvc')] if pause_after is None else [
            sys.executable, str(HERE / 'faults.py'), str(pause_after)]
        return subprocess.Popen(
            [*command, '-c', str(instance.config),
                '-d', instance.database, *args],
            env=dict(instance.env, PYTHONUNBUFFERED='1'),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def figures(self, month):
        return json.loads(self.instance.python(FIGURES % {
                    'database': self.instance.database, 'month': month}))

    def finish(self, process):
        out, err = process.communicate(timeout=600)
        self.assertEqual(process.returncode, 0, err)
        return out

    def test_concurrent_runs(self):
        "Two billing runs, then two closings, of one month at once"
        if not on_postgresql():
            self.skipTest("concurrent processes are a PostgreSQL matter")
        period, month = '2026-12', '2026-12-01'
        runs = [self.start('billing-run', '--period', period,
                '--date', month) for _ in range(2)]
        outputs = [self.finish(p) for p in runs]
        figures = self.figures(month)
        self.assertGreater(figures['lines'], 0)
        self.assertEqual(figures['lines'], figures['distinct'])
        # the second waited for the first and found nothing left to bill
        issued = sorted(o.strip().splitlines()[-1] for o in outputs)
        self.assertEqual(issued[0], '0 bill(s) issued')
        self.assertNotEqual(issued[1], '0 bill(s) issued')

        closings = [self.start('close-month', '--period', '2026-11',
                '--date', '2026-11-30') for _ in range(2)]
        for process in closings:
            self.finish(process)
        november = self.figures('2026-11-01')
        self.assertGreater(november['acts'], 0)
        self.assertEqual(november['acts'], november['act_origins'])

    def test_interrupted_run(self):
        "A billing run killed midway leaves nothing; the rerun is whole"
        # December billed first (test_concurrent_runs bills it on
        # PostgreSQL): January's run has no unbilled month to correct
        self.finish(self.start('billing-run', '--period', '2026-12',
                '--date', '2026-12-01'))
        period, month = '2027-01', '2027-01-01'
        # the job stops once bills are created, before they are issued
        process = self.start('billing-run', '--period', period,
            '--date', month, pause_after=1)
        output = []
        for line in process.stdout:
            output.append(line)
            if line == 'paused\n':
                break
        process.send_signal(signal.SIGKILL)
        process.communicate()
        self.assertEqual(output[-1], 'paused\n')
        preview = output[0]
        self.assertIn('bill(s)', preview)
        self.assertEqual(self.figures(month)['lines'], 0)

        output = self.finish(self.start('billing-run', '--period', period,
                '--date', month))
        self.assertEqual(output.splitlines()[0], preview.strip())
        figures = self.figures(month)
        # the preview's untaxed total is the total of the bills created
        self.assertIn(f" {figures['amount']} ", preview)
        self.assertEqual(figures['lines'], figures['distinct'])

    def test_interrupted_closing(self):
        "A closing killed at any moment, then run again: acts once"
        reference = self.figures('2026-10-01')
        process = self.start('close-month', '--period', '2026-11',
            '--date', '2026-11-30')
        time.sleep(float(os.environ.get('ITSVC_KILL_AFTER', '3')))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        self.finish(self.start('close-month', '--period', '2026-11',
                '--date', '2026-11-30'))
        again = self.finish(self.start('close-month', '--period', '2026-11',
                '--date', '2026-11-30'))
        self.assertIn(': 0 act(s)', again)
        november = self.figures('2026-11-01')
        self.assertEqual(november['acts'], november['act_origins'])
        # October, closed by the demo, is untouched
        self.assertEqual(self.figures('2026-10-01'), reference)
