"""Check digits of Russian identifiers, on plain strings.

ИНН (ФНС): 10 digits — weights 2,4,10,3,5,9,4,6,8, sum mod 11 mod 10; 12
digits — the 11th with 7,2,4,10,3,5,9,4,6,8, the 12th with
3,7,2,4,10,3,5,9,4,6,8. КПП: ``NNNNPPXXX``, PP digits or A–Z. ОГРН: 13
digits, the first 12 mod 11, mod 10 is the last. ОГРНИП: 15 digits, the
first 14 mod 13, the last digit of the remainder is the last digit
(python-stdnum 2.2 gets this one wrong). БИК: 9 digits. Account key
(Положение ЦБ РФ 579-П, prior 515-П): weights 7,1,3 over the 23 digits
BIK[-3:] + settlement account, or "0" + BIK[4:6] + correspondent account;
the last digit of the sum is 0.
"""
import re

INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
KPP = re.compile(r'^\d{4}[\dA-Z]{2}\d{3}$')


def _digits(value, *lengths):
    return (isinstance(value, str) and value.isdigit()
        and value.isascii() and len(value) in lengths)


def check_digit(digits, weights):
    "Check digit of ИНН: weighted sum mod 11 mod 10"
    return sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10


def inn_valid(value):
    if not _digits(value, 10, 12):
        return False
    if len(value) == 10:
        return check_digit(value, INN10) == int(value[9])
    return (check_digit(value, INN11) == int(value[10])
        and check_digit(value, INN12) == int(value[11]))


def kpp_valid(value):
    return isinstance(value, str) and bool(KPP.match(value))


def ogrn_valid(value):
    "ОГРН (13 digits) or ОГРНИП (15 digits)"
    if not _digits(value, 13, 15):
        return False
    if len(value) == 13:
        return int(value[:12]) % 11 % 10 == int(value[12])
    return int(value[:14]) % 13 % 10 == int(value[14])


def bik_valid(value):
    return _digits(value, 9)


def _key(digits):
    weights = (7, 1, 3) * 8
    return sum(int(d) * w for d, w in zip(digits, weights)) % 10 == 0


def settlement_account_valid(account, bik):
    "20-digit settlement account and its key for the bank's БИК"
    return (_digits(account, 20) and bik_valid(bik)
        and _key(bik[-3:] + account))


def correspondent_account_valid(account, bik):
    "20-digit correspondent account and its key for the bank's БИК"
    return (_digits(account, 20) and bik_valid(bik)
        and _key('0' + bik[4:6] + account))
