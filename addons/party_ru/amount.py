"""Amounts in Russian words, as the bills and acts write them:
«Один миллион двести тридцать четыре тысячи пятьсот шестьдесят семь
рублей 89 копеек». The amount is rounded half up to kopecks first."""
from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words


def plural(number, one, few, many):
    "рубль / рубля / рублей after number"
    number = abs(int(number))
    if number % 10 == 1 and number % 100 != 11:
        return one
    if 2 <= number % 10 <= 4 and not 12 <= number % 100 <= 14:
        return few
    return many


def amount_in_words(amount):
    "Roubles in words, kopecks in digits; negative amounts get «минус»"
    amount = Decimal(amount).quantize(Decimal('0.01'), ROUND_HALF_UP)
    sign = 'минус ' if amount < 0 else ''
    amount = abs(amount)
    roubles = int(amount)
    kopecks = int((amount - roubles) * 100)
    words = sign + num2words(roubles, lang='ru')
    text = (f"{words} {plural(roubles, 'рубль', 'рубля', 'рублей')} "
        f"{kopecks:02d} {plural(kopecks, 'копейка', 'копейки', 'копеек')}")
    return text[0].upper() + text[1:]
