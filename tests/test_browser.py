"""The real web client in headless Chromium: login and the clients list.

Starts trytond on a fresh SQLite database with a small demo centre and
drives the Tryton web client (tryton-sao) with Playwright and Debian's
Chromium. The screenshot is kept in var/artifacts/.
"""
import os
import re
import shutil
import unittest

from .tools import ROOT, SAO, Instance, Server, on_postgresql

CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
ARTIFACTS = ROOT / 'var' / 'artifacts'
PASSWORD = 'itsvc2026'
CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    ]


@unittest.skipUnless(os.path.exists(CHROMIUM), "Chromium is not installed")
@unittest.skipUnless((SAO / 'index.html').exists(),
    "the web client is not installed (make sao)")
@unittest.skipIf(on_postgresql(), "run once, on SQLite")
class WebClientTestCase(unittest.TestCase):
    "Log in to the demo centre in the web client"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.instance = Instance('browser')
        cls.instance.itsvc('setup', '--clients', '20')
        cls.server = Server(cls.instance)
        cls.url = cls.instance.url

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.instance.tmp, ignore_errors=True)
        super().tearDownClass()

    def test_login_and_clients(self):
        "Log in as the director; the clients and a bill in Russian"
        from playwright.sync_api import sync_playwright
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(locale='ru-RU')
                failed = []
                page.on('response', lambda r: failed.append(r.url)
                    if r.status >= 400 else None)
                page.goto(f'{self.url}#{self.instance.database}')
                page.locator('#login').fill('director')
                # the web client speaks Russian (web/locale/ru.json)
                page.get_by_role('button', name='Вход').click()
                password = page.locator('input[type=password]:visible')
                password.fill(PASSWORD)
                password.press('Enter')
                page.wait_for_selector('#menu', timeout=30000)
                menu = page.locator('#menu')
                menu.get_by_text('Информационное обслуживание').click()
                menu.get_by_text('Клиенты', exact=True).click()
                rows = page.locator(
                    '#tabcontent .tab-pane.active .treeview tbody tr')
                rows.first.wait_for(timeout=30000)
                page.wait_for_timeout(500)
                page.screenshot(path=str(ARTIFACTS / 'clients.png'))
                texts = rows.all_inner_texts()
                self.assertTrue(
                    any(re.search('[А-Яа-яЁё]', t) for t in texts), texts)
                self.assertTrue(
                    any('ООО «' in t or 'ИП ' in t for t in texts), texts)
                self.assertEqual(
                    [u for u in failed if u.endswith(
                            ('custom.js', 'custom.css'))], [])

                # the bills of the demo, then one of them opened
                menu.get_by_text('Расчёты с клиентами', exact=True).click()
                menu.get_by_text('Счета на оплату', exact=True).click()
                tab = page.locator('#tabcontent .tab-pane.active')
                tab.get_by_text('Выставленные').first.click()
                bills = tab.locator('.treeview tbody tr')
                bills.first.wait_for(timeout=30000)
                page.wait_for_timeout(500)
                self.assertTrue(any(re.search(r'СЧ-2026-\d{6}', t)
                        for t in bills.all_inner_texts()))
                bills.first.dblclick()
                form = page.locator('#tabcontent .tab-pane.active .form')
                form.first.wait_for(timeout=30000)
                page.wait_for_timeout(800)
                page.screenshot(path=str(ARTIFACTS / 'bill.png'))
                text = form.first.inner_text()
                for label in ['Клиент', 'Срок оплаты', 'Всего',
                        'Сопровождение']:
                    self.assertIn(label, text)
            except Exception:
                page.screenshot(path=str(ARTIFACTS / 'failure.png'))
                raise
            finally:
                browser.close()
