"""Valid Russian identifiers for demo data (ФНС check digits)."""

_INN10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
_INN12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)


def _check(digits, weights):
    return str(sum(int(d) * w for d, w in zip(digits, weights)) % 11 % 10)


def inn_legal(region, rng):
    "10-digit ИНН of an organisation registered in region"
    body = f'{region}{rng.randint(1, 99):02d}{rng.randint(0, 99999):05d}'
    return body + _check(body, _INN10)


def inn_person(region, rng):
    "12-digit ИНН of an individual entrepreneur"
    body = f'{region}{rng.randint(1, 99):02d}{rng.randint(0, 999999):06d}'
    body += _check(body, _INN11)
    return body + _check(body, _INN12)


def kpp(inn, reason='01', number='001'):
    "КПП NNNNPPXXX: tax office of the ИНН, reason code, number"
    return inn[:4] + reason + number
