"""The daily work of each role in the web client, step by step.

Each journey takes a function that logs a user in (returning a WebClient)
and the folder of its screenshots and prints; test_journeys runs them in
order on one demo centre: the accountant bills, is paid for and acts the
contract that the manager made.
"""
import re

from .pages import DIALOG

CLIENT = 'ООО «Маршрут-Тест»'
# a valid ИНН of a legal entity (10 digits, check digit 0)
INN = '7707083893'
SERVICE_POINT = 'Главный офис'
PERIOD = '01.12.2026'


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
    client._fill_widget(widget, value)


def press(client, label, scope=None, call=True):
    """Press a button once the form has settled after the last change;
    wait for the server call it makes (call)"""
    from playwright.sync_api import expect
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
    close = client.page.locator('#tablist li .close')
    while close.count():
        close.first.click()
        client.wait()


def search_record(client, text):
    "Open the form of the first record of the active list found by text"
    search = client.scope().locator('input[placeholder="Поиск"]:visible')
    search.first.fill(text)
    search.first.press('Enter')
    client.wait(quiet=0.5)
    assert client.open_first_record(), text


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
    # 16th is not yet
    text = client.scope().inner_text()
    for system in ['Бухгалтер лок.', 'Юрист сет.']:
        assert system in text, (system, text)
    assert 'Кадры лок.' not in text, text
    client.scope().get_by_role('tab', name='Договоры', exact=True).click()
    client.wait()
    assert number in client.scope().inner_text()
    assert client.errors() == [], client.errors()
    return number


def accountant(login, artifacts, company_account):
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
    press(client, 'Выставить счета')
    client.screenshot('accountant-billing-done')
    assert client.errors() == [], client.errors()

    client.open_menu('Информационное обслуживание', 'Расчёты с клиентами',
        'Счета на оплату')
    return client
