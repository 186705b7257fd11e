# This file is part of itsvc.
"""Russian formats of the print forms: money, quantities, dates, addresses."""
from decimal import Decimal

MONTHS = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля',
    'августа', 'сентября', 'октября', 'ноября', 'декабря']


def money(amount):
    "12 078,00 — spaces between thousands, comma before kopecks"
    if amount is None:
        return ''
    text = f'{amount:,.2f}'
    return text.replace(',', '\u00a0').replace('.', ',')


def quantity(value):
    "1 or 1,5 — no trailing zeros"
    if value is None:
        return ''
    text = f'{Decimal(str(value)).normalize():f}'
    return text.replace('.', ',')


def date_ru(date):
    "27.11.2026"
    return date.strftime('%d.%m.%Y') if date else ''


def date_words(date):
    "«27» ноября 2026 г."
    if not date:
        return ''
    return f'«{date.day:02d}» {MONTHS[date.month - 1]} {date.year} г.'


def one_line_address(party, address=None):
    "The full address of the party (or the address given) on one line"
    if address is None and party:
        address = party.address_get()
    if not address:
        return ''
    return ', '.join(
        filter(None, (s.strip() for s in address.full_address.split('\n'))))
