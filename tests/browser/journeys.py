"""The daily work of each role in the web client, step by step.

Each journey takes a function that logs a user in (returning a WebClient)
and the folder of its screenshots and prints; test_journeys runs them in
order on one demo centre: the accountant bills, is paid for and acts the
contract that the manager made.
"""
import datetime as dt
import re
from zoneinfo import ZoneInfo

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from .pages import DIALOG

CLIENT = 'ООО «Маршрут-Тест»'
# a valid ИНН of a legal entity (10 digits, check digit 0)
INN = '7707083893'
SERVICE_POINT = 'Главный офис'
PERIOD = '01.12.2026'
# documents are dated today by default
# the demo company's day (Europe/Moscow), which the server dates by
MOSCOW_TODAY = dt.datetime.now(ZoneInfo('Europe/Moscow')).date()
TODAY = MOSCOW_TODAY.strftime('%d.%m.%Y')
# registration numbers of the distributives the storekeeper receives
DISTRIBUTIVES = ['9900101', '9900102']


def inn_check(digits):
    "The ИНН of nine digits with its check digit"
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return digits + str(sum(
            int(d) * w for d, w in zip(digits, weights)) % 11 % 10)


def amount(text):
    "A money amount as the web client and the print forms write it"
    return text.replace('\u00a0', ' ').replace('\u202f', ' ')


def fill(client, field, value, scope=None):
    "Fill a field by its name once the form shows it"
    scope = scope or client.scope()
    # a new record's form is drawn read-only until its defaults are set
    widget = scope.locator(
        f'[name="{field}"]:visible:not([readonly]):not([disabled])').first
    widget.wait_for()
    if widget.evaluate('e => e.tagName') != 'SELECT':
        # a click closes the pop-ups of other fields (a date picker)
        widget.click()
    try:
        client._fill_widget(widget, value)
    except PlaywrightTimeout:
        # a completion asked while the previous answer came: type again
        client._fill_widget(widget, value)


def press(client, label, scope=None, call=True):
    """Press a button once the form has settled after the last change;
    wait for the server call it makes (call)"""
    client.wait(quiet=0.5)
    button = (scope or client.scope()).get_by_role(
        'button', name=label, exact=True).first
    expect(button).to_be_enabled()
    calls = client.page.evaluate('window.__itsvc.calls')
    button.click()
    if call:
        # the button's call may start after the click's own event handling
        client.page.wait_for_function(
            f'window.__itsvc.calls > {calls}', timeout=10000)
    client.wait(quiet=0.3)


def close_tabs(client):
    "Close every tab, as a user starting a new task"
    close = client.page.locator('#tablist li .close:visible')
    while close.count():
        close.first.click()
        client.wait()


def search_record(client, text, tab=None):
    """Open the form of the first record of the active list found by text
    (in its filter tab)"""
    search = client.scope().locator('input[placeholder="Поиск"]:visible')
    search.first.fill(text)
    search.first.press('Enter')
    client.wait(quiet=0.5)
    if tab:
        client.filter_tab(tab)
    open_row(client, client.rows().first)


def open_row(client, row):
    """Open the form of a row: selected, then the view switched (a double
    click could land on a link of the row, which opens another tab)"""
    row.locator('td.selection-state input').check()
    client.wait()
    client.toolbar('switch_').click()
    client.wait(quiet=0.5)


def line_dialog(client, label):
    "Press «Создать» of a list of lines that opens its lines in a dialog"
    client.add_line(label)
    dialog = client.page.locator(DIALOG).last
    dialog.wait_for()
    return dialog


def lines_scope(client, box):
    "The row being edited in an editable list of lines"
    return box.locator('tbody tr.selected').last


def manager(login, artifacts, inn):
    """A new client with its ИНН and service point; a contract with a
    local and a network system, registered and printed; amendments adding
    a system and excluding one, registered; the client card shows them"""
    client = login('manager')
    client.open_menu('Информационное обслуживание', 'Клиенты')
    client.new_record()
    fill(client, 'name', CLIENT)
    fill(client, 'inn', inn)
    client.save()
    assert client.errors() == [], client.errors()

    client.open_menu('Информационное обслуживание', 'Точки обслуживания')
    client.new_record()
    fill(client, 'party', CLIENT)
    fill(client, 'name', SERVICE_POINT)
    client.save()
    client.screenshot('manager-service-point')
    assert client.errors() == [], client.errors()

    client.open_menu('Информационное обслуживание', 'Договоры')
    client.new_record()
    fill(client, 'party', CLIENT)
    fill(client, 'start_date', PERIOD)
    for system in ['Бухгалтер лок.', 'Юрист сет.']:
        box = client.add_line('Строки')
        row = lines_scope(client, box)
        client.fill_cell(row, 'Система', system)
        client.fill_cell(row, 'Точка обслуживания', SERVICE_POINT)
    client.save()
    press(client, 'Зарегистрировать')
    client.screenshot('manager-contract')
    assert client.value('state') == 'Зарегистрирован', client.value('state')
    number = client.value('number')
    assert re.fullmatch(r'Д-2026-\d{5}', number), number
    pdf = client.print_('Договор', artifacts / 'contract.pdf')
    assert number in pdf and CLIENT in pdf, pdf[:500]
    assert 'Бухгалтер' in pdf and 'Юрист' in pdf, pdf
    assert client.errors() == [], client.errors()

    # an amendment adding a system from the 16th of December
    press(client, 'Доп. соглашение')
    fill(client, 'effective_date', '16.12.2026')
    dialog = line_dialog(client, 'Строки')
    fill(client, 'action', 'Добавить систему', scope=dialog)
    fill(client, 'product', 'Кадры лок.', scope=dialog)
    fill(client, 'service_point', SERVICE_POINT, scope=dialog)
    press(client, 'Добавить', scope=dialog, call=False)
    client.save()
    press(client, 'Зарегистрировать')
    client.screenshot('manager-amendment-add')
    assert client.value('state') == 'Зарегистрировано', client.value('state')
    assert client.errors() == [], client.errors()

    # an amendment excluding the network system from the new year
    client.close_tab()
    press(client, 'Доп. соглашение')
    fill(client, 'effective_date', '01.01.2027')
    dialog = line_dialog(client, 'Строки')
    fill(client, 'action', 'Исключить из сопровождения', scope=dialog)
    fill(client, 'installation', 'Юрист', scope=dialog)
    fill(client, 'exclusion_reason', 'Слишком высокая цена', scope=dialog)
    client.screenshot('manager-amendment-exclude-line')
    press(client, 'Добавить', scope=dialog, call=False)
    client.save()
    press(client, 'Зарегистрировать')
    client.screenshot('manager-amendment-exclude')
    assert client.value('state') == 'Зарегистрировано', client.value('state')
    assert client.errors() == [], client.errors()

    # the client card shows the contract and its systems
    close_tabs(client)
    client.open_menu('Информационное обслуживание', 'Клиенты')
    search_record(client, CLIENT)
    client.scope().get_by_role('tab', name='Информационное обслуживание',
        exact=True).click()
    client.wait()
    client.screenshot('manager-client-card')
    # maintained today: the systems of December; the one added from the
    # 16th of December, the one excluded from the new year
    today = MOSCOW_TODAY
    text = client.scope().inner_text()
    for system, start, end in [
            ('Бухгалтер лок.', dt.date(2026, 12, 1), None),
            ('Юрист сет.', dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
            ('Кадры лок.', dt.date(2026, 12, 16), None),
            ]:
        maintained = start <= today and (end is None or today < end)
        assert (system in text) == maintained, (system, text)
    client.scope().get_by_role('tab', name='Договоры', exact=True).click()
    client.wait()
    expect(client.one2many('Договоры')).to_contain_text(number)
    assert client.errors() == [], client.errors()
    return number


def statement(company_account, inn, amount, bill_number, date):
    "A 1CClientBankExchange file with the client's payment of a bill"
    day = date.strftime('%d.%m.%Y')
    lines = ['1CClientBankExchange', 'ВерсияФормата=1.03',
        'Кодировка=Windows', 'Отправитель=Банк-клиент', 'Получатель=',
        f'ДатаСоздания={day}', f'ДатаНачала={day}', f'ДатаКонца={day}',
        f'РасчСчет={company_account}',
        'СекцияРасчСчет', f'ДатаНачала={day}', f'ДатаКонца={day}',
        f'РасчСчет={company_account}', 'НачальныйОстаток=0.00',
        f'ВсегоПоступило={amount}', 'ВсегоСписано=0.00',
        f'КонечныйОстаток={amount}', 'КонецРасчСчет',
        'СекцияДокумент=Платежное поручение',
        f'Номер={bill_number[-3:]}', f'Дата={day}',
        f'Сумма={amount}', 'ПлательщикСчет=40702810100000000901',
        f'ДатаСписано={day}', f'Плательщик=ИНН {inn} {CLIENT}',
        f'ПлательщикИНН={inn}', f'Плательщик1={CLIENT}',
        'ПлательщикБИК=044525225', f'ПолучательСчет={company_account}',
        f'ДатаПоступило={day}', 'ВидОплаты=01',
        f'НазначениеПлатежа=Оплата по счёту № {bill_number} за '
        'сопровождение', 'КонецДокумента', 'КонецФайла']
    return '\r\n'.join(lines).encode('cp1251')


def accountant(login, artifacts, company_account, inn, contract):
    """The billing run of December for the new client, its bill printed,
    the bank statement that pays it, the month closing and its act printed
    with the VAT invoice and the УПД; the reconciliation statement"""
    client = login('accountant')
    client.open_menu('Информационное обслуживание', 'Расчёты с клиентами',
        'Пакетное выставление счетов')
    client.new_record()
    fill(client, 'period', PERIOD)
    fill(client, 'party', CLIENT)
    press(client, 'Предпросмотр')
    client.screenshot('accountant-billing-preview')
    assert client.value('bills_count') == '1', client.value('bills_count')
    # Бухгалтер лок. 11 000.00 and Юрист сет. 17 100.00 for the month,
    # Кадры лок. from the 16th: 7 200.00 × 16/31 = 3 716.13
    assert amount(client.value('untaxed_amount')) == '31 816,13', (
        client.value('untaxed_amount'))
    press(client, 'Выставить счета')
    client.screenshot('accountant-billing-done')
    assert client.value('state') == 'Выполнено', client.value('state')
    assert client.errors() == [], client.errors()

    # the bill: VAT 22 % of each line (2 420.00 + 3 762.00 + 817.55)
    close_tabs(client)
    client.open_menu('Информационное обслуживание', 'Расчёты с клиентами',
        'Счета на оплату')
    search_record(client, CLIENT, tab='Все')
    client.screenshot('accountant-bill')
    bill_number = client.value('number')
    assert re.fullmatch(r'СЧ-2026-\d{6}', bill_number), bill_number
    assert amount(client.value('total_amount')) == '38 815,68', (
        client.value('total_amount'))
    pdf = amount(client.print_('Счёт на оплату', artifacts / 'bill.pdf'))
    assert bill_number in pdf, pdf
    assert '38 815,68' in pdf and '6 999,55' in pdf, pdf
    assert re.search(r'Тридцать восемь тысяч восемьсот пятнадцать рублей'
        r'\s+68 копеек', pdf), pdf
    assert client.errors() == [], client.errors()

    # the bank statement of the 8th pays it
    path = artifacts / 'statement.txt'
    path.write_bytes(statement(company_account, inn, '38815.68',
            bill_number, dt.date(2026, 12, 8)))
    close_tabs(client)
    client.open_menu('Информационное обслуживание', 'Расчёты с клиентами',
        'Импорт банковской выписки')
    dialog = client.page.locator(DIALOG).last
    dialog.wait_for()
    dialog.locator('input[type=file]').first.set_input_files(str(path))
    # the web client reads the file before it shows its name
    dialog.locator('[name="filename"][value*="statement"], '
        'input[name="filename"]').first.wait_for()
    client.page.wait_for_function(
        'document.querySelector(\'.modal.in [name="filename"]\').value')
    client.wait()
    press(client, 'Импортировать', scope=dialog)
    client.screenshot('accountant-statement')
    result = client.page.locator(DIALOG).last.locator(
        'textarea').first.input_value()
    assert 'импортировано: 1;' in result, result
    assert client.errors() == [], client.errors()
    press(client, 'Закрыть', scope=client.page.locator(DIALOG).last,
        call=False)

    # the month closing of December acts the paid bill
    client.open_menu('Информационное обслуживание', 'Расчёты с клиентами',
        'Закрытие месяца')
    client.new_record()
    fill(client, 'period', PERIOD)
    fill(client, 'party', CLIENT)
    press(client, 'Предпросмотр')
    assert client.value('acts_count') == '1', (
        client.value('acts_count'), result)
    press(client, 'Сформировать акты')
    client.screenshot('accountant-closing')
    assert client.errors() == [], client.errors()
    acts = client.one2many('Акты')
    acts.locator('tbody tr td.selection-state input').first.check()
    acts.locator('button[title="%s"]' % client.gettext('Open')
        ).first.click()
    client.wait(quiet=0.5)
    client.screenshot('accountant-act-from-closing')
    act_number = client.value('number')
    assert re.fullmatch(r'А-2026-\d+', act_number), act_number
    client.press('Закрыть', scope=client.page.locator(DIALOG).last) \
        if client.page.locator(DIALOG).count() else None

    # the act from the menu, printed with the VAT invoice and the УПД
    close_tabs(client)
    client.open_menu('Информационное обслуживание', 'Расчёты с клиентами',
        'Акты')
    search_record(client, act_number)
    client.screenshot('accountant-act')
    for report, name, words in [
            ('Акт', 'act.pdf', ['Акт', act_number, '31 816,13',
                    f'Основание: Договор № {contract} от {TODAY}']),
            ('Счёт-фактура', 'vat-invoice.pdf',
                ['Счёт-фактура', act_number, '6 999,55', '38 815,68']),
            ('УПД (статус 1)', 'upd.pdf',
                ['Статус: 1', act_number, '38 815,68',
                    f'Договор № {contract} от {TODAY}']),
            ]:
        pdf = amount(client.print_(report, artifacts / name))
        flat = ' '.join(pdf.split())
        for word in words:
            assert word in flat, (report, word, pdf)
    assert client.errors() == [], client.errors()

    # the reconciliation statement of the client
    client.open_menu('Информационное обслуживание', 'Расчёты с клиентами',
        'Акт сверки')
    dialog = client.page.locator(DIALOG).last
    dialog.wait_for()
    fill(client, 'party', CLIENT, scope=dialog)
    fill(client, 'start_date', PERIOD, scope=dialog)
    fill(client, 'end_date', '31.12.2026', scope=dialog)
    client.screenshot('accountant-reconciliation')

    def run():
        dialog.locator('.modal-footer button').last.click()
    pdf = amount(client.download(run, artifacts / 'reconciliation.pdf'))
    assert 'Акт сверки' in pdf and CLIENT in pdf, pdf
    # the act debits, the payment credits: nothing owed at the end
    assert re.search(r'Обороты за период\s+38 815,68\s+38 815,68', pdf), pdf
    assert client.errors() == [], client.errors()
    return client


def director(login, artifacts, billed_untaxed):
    """The summary of October, three reports drawn as graphs, a staff
    plan made, confirmed and approved"""
    client = login('director')
    client.open_menu('Информационное обслуживание', 'Отчёты',
        'Сводка за месяц')
    dialog = client.page.locator(DIALOG).last
    dialog.wait_for()
    fill(client, 'month', '01.10.2026', scope=dialog)
    client.wait(quiet=0.5)
    client.screenshot('director-summary')
    # the figures of the month are those of its bills
    assert amount(client.value('billed_untaxed', scope=dialog)) == (
        billed_untaxed), client.value('billed_untaxed', scope=dialog)
    press(client, 'Закрыть', scope=dialog, call=False)

    for report in ['Сопровождаемые системы', 'Отток и возврат',
            'Выручка от сопровождения']:
        client.open_menu('Информационное обслуживание', 'Отчёты', report)
        if not client.scope().locator('.graph svg').count():
            client.toolbar('switch_').click()
            client.wait(quiet=0.5)
        expect(client.scope().locator('.graph svg').first).to_be_visible(
            timeout=20000)
        client.wait()
        client.screenshot(f'director-{report}')
        assert '#ОШИБКА' not in client.scope().inner_text()
    assert client.errors() == [], client.errors()

    # a bonus rule with the default brackets, then the manager's plan
    close_tabs(client)
    client.open_menu('Информационное обслуживание', 'Настройки',
        'Положения о премировании')
    client.new_record()
    fill(client, 'name', 'Положение 2027')
    client.save()
    assert client.errors() == [], client.errors()
    client.open_menu('Информационное обслуживание', 'Планы сотрудников',
        'Планы сотрудников')
    client.new_record()
    fill(client, 'employee', 'Кузнецов')
    fill(client, 'rule', 'Положение 2027')
    fill(client, 'year', '2027')
    fill(client, 'number', '2')
    box = client.add_line('Показатели')
    row = lines_scope(client, box)
    client.fill_cell(row, 'Показатель', 'Новые клиенты')
    client.fill_cell(row, 'План', '5')
    client.save()
    press(client, 'Подтвердить')
    press(client, 'Утвердить')
    client.screenshot('director-plan')
    assert client.value('state') == 'Утверждён', client.value('state')
    assert client.errors() == [], client.errors()


def storekeeper(login, artifacts):
    """Two distributives received from the coordination centre, one given
    to the new client and installed for its system"""
    client = login('storekeeper')
    client.open_menu('Информационное обслуживание', 'Дистрибутивы',
        'Поступление дистрибутивов')
    dialog = client.page.locator(DIALOG).last
    dialog.wait_for()
    fill(client, 'supplier', 'Координационный центр', scope=dialog)
    fill(client, 'reference', 'ТН-77', scope=dialog)
    fill(client, 'product', 'Кадры лок.', scope=dialog)
    fill(client, 'numbers', '\n'.join(DISTRIBUTIVES), scope=dialog)
    client.screenshot('storekeeper-receive')
    press(client, 'Оприходовать', scope=dialog)
    assert client.errors() == [], client.errors()

    close_tabs(client)
    client.open_menu('Информационное обслуживание', 'Дистрибутивы',
        'Операции с дистрибутивами')
    for kind, field, value in [
            ('Выдача клиенту', 'party', CLIENT),
            ('Установка', 'installation', 'Кадры лок.'),
            ]:
        client.new_record()
        fill(client, 'type', kind)
        fill(client, 'distributive', DISTRIBUTIVES[0])
        fill(client, field, value)
        client.save()
        press(client, 'Провести')
        client.screenshot(f'storekeeper-{kind}')
        assert client.value('state') == 'Проведена', client.value('state')
        assert client.errors() == [], client.errors()


def dealer(login, artifacts, own, others):
    """A dealer's contracts: all of its own (own: the numbers read by the
    administrator), none of the other dealer's (others); the shared client
    base, whose cards show no error rows"""
    client = login('dealer1')
    client.open_menu('Информационное обслуживание', 'Договоры')
    client.filter_tab('Все')
    expect(client.rows().first).to_be_visible()
    client.wait(quiet=0.5)
    client.screenshot('dealer-contracts')
    text = client.scope().inner_text()
    assert f'_/{len(own)}' in text, text
    for number in others:
        assert number not in text, number
    numbers = set(re.findall(r'Д-\d{4}-\d{5}', text))
    assert numbers <= set(own), numbers - set(own)

    # a client of the other dealer: its card shows none of its systems
    client.open_menu('Информационное обслуживание', 'Клиенты')
    client.filter_tab('Все')
    expect(client.rows().first).to_be_visible()
    open_row(client, client.rows().first)
    for tab in ['Системы на сопровождении', 'История сотрудничества']:
        page = client.scope().get_by_role('tab', name=tab, exact=True)
        if page.count():
            page.first.click()
            client.wait()
        assert '#ОШИБКА' not in client.scope().inner_text()
    client.screenshot('dealer-client-card')
    assert client.errors() == [], client.errors()
