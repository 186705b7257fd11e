"""The real web client in headless Chromium: login, the clients and a bill.

Drives the Tryton web client (tryton-sao) on a small demo centre; the
screenshots are kept in var/artifacts/.
"""
import re

from .base import BrowserTestCase


class WebClientTestCase(BrowserTestCase):
    "Log in to the demo centre in the web client"

    def test_login_and_clients(self):
        "Log in as the director; the clients and a bill in Russian"
        artifacts = self.artifacts()
        client = self.client('director')
        client.open_menu('Информационное обслуживание', 'Клиенты')
        texts = client.rows().all_inner_texts()
        client.screenshot('clients')
        self.assertTrue(
            any(re.search('[А-Яа-яЁё]', t) for t in texts), texts)
        self.assertTrue(
            any('ООО «' in t or 'ИП ' in t for t in texts), texts)

        # the bills of the demo, then one of them opened and printed
        client.open_menu('Информационное обслуживание',
            'Расчёты с клиентами', 'Счета на оплату')
        client.filter_tab('Выставленные')
        self.assertTrue(any(re.search(r'СЧ-2026-\d{6}', t)
                for t in client.rows().all_inner_texts()))
        self.assertTrue(client.open_first_record())
        client.screenshot('bill')
        text = client.scope().inner_text()
        for label in ['Клиент', 'Срок оплаты', 'Всего', 'Сопровождение']:
            self.assertIn(label, text)
        pdf = client.print_('Счёт на оплату', artifacts / 'bill.pdf')
        self.assertRegex(pdf, r'Счёт на оплату № СЧ-2026-\d{6}')
        self.assertEqual(client.errors(), [])

    def test_product_name_and_wrong_password(self):
        "The login shows the product's name; a wrong password is said so"
        client = self.client('director', password=None)
        page = client.page
        self.assertEqual(page.title(), 'itsvc')
        self.assertEqual(page.locator('#title').inner_text(), 'itsvc')
        page.locator('input[type=password]:visible').fill('wrong')
        page.locator('input[type=password]:visible').press('Enter')
        page.get_by_text('Неверный пароль.').first.wait_for()
