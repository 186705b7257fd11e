"""One demo centre and one Chromium per test class.

The browser tests are never skipped silently: without Chromium, pdftotext
or the web client they fail with the one command that installs them.
They run once, on SQLite (skipped on PostgreSQL, which adds nothing to
what the web client shows).
"""
import os
import shutil
import time
import unittest

from ..tools import ROOT, SAO, Instance, Server, on_postgresql
from .pages import WebClient

CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
ARTIFACTS = ROOT / 'var' / 'artifacts'
PASSWORD = 'itsvc2026'
CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    ]
VIEWPORT = {'width': 1400, 'height': 900}


def missing():
    "The message naming the command to run when a dependency is missing"
    if not os.path.exists(CHROMIUM) or not shutil.which('pdftotext'):
        return ("Chromium or pdftotext is not installed: "
            "run scripts/install-system-deps.sh")
    if not (SAO / 'index.html').exists():
        return "the web client is not installed: run make sao"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed: run make install"


@unittest.skipIf(on_postgresql(), "the web client is tested on SQLite")
class BrowserTestCase(unittest.TestCase):
    "A demo centre served to a headless Chromium"
    #: clients of the demo centre
    clients = 20

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        message = missing()
        if message:
            raise RuntimeError(message)
        started = time.monotonic()
        cls.instance = Instance('browser')
        try:
            cls.instance.setup_demo(cls.clients)
            cls.server = Server(cls.instance)
        except Exception:
            shutil.rmtree(cls.instance.tmp, ignore_errors=True)
            raise
        cls.url = cls.instance.url
        cls.setup_duration = time.monotonic() - started
        cls.playwright = cls.browser = None

    @classmethod
    def tearDownClass(cls):
        if cls.browser:
            cls.browser.close()
            cls.playwright.stop()
        cls.server.stop()
        shutil.rmtree(cls.instance.tmp, ignore_errors=True)
        super().tearDownClass()

    @classmethod
    def artifacts(cls, *parts):
        "The folder of the screenshots under var/artifacts/"
        path = ARTIFACTS.joinpath(*parts)
        path.mkdir(parents=True, exist_ok=True)
        return path

    def client(self, login, password=PASSWORD, artifacts=None):
        """A new browser context logged in as login (asked for the password
        when password is None); closed at the end of the test (a screenshot
        is kept in artifacts when the test fails)"""
        cls = type(self)
        if not cls.browser:
            from playwright.sync_api import sync_playwright
            cls.playwright = sync_playwright().start()
            cls.browser = cls.playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = self.browser.new_context(
            locale='ru-RU', viewport=VIEWPORT, accept_downloads=True)
        page = context.new_page()
        client = WebClient(page, self.url, self.instance.database,
            artifacts=artifacts or self.artifacts())
        self.addCleanup(context.close)
        self.addCleanup(self._screenshot_on_failure, client, login)
        if password:
            client.login(login, password)
        else:
            client.start_login(login)
        return client

    def _screenshot_on_failure(self, client, login):
        if getattr(self._outcome, 'success', True):
            return
        try:
            client.screenshot(f'failure-{self._testMethodName}-{login}')
        except Exception:
            pass
