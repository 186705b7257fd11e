"""Valid Russian identifiers for demo data (check digits of party_ru)."""
from party_ru.identifiers import INN10, INN11, INN12, check_digit


def inn_legal(region, rng):
    "10-digit ИНН of an organisation registered in region"
    body = f'{region}{rng.randint(1, 99):02d}{rng.randint(0, 99999):05d}'
    return body + str(check_digit(body, INN10))


def inn_person(region, rng):
    "12-digit ИНН of an individual entrepreneur"
    body = f'{region}{rng.randint(1, 99):02d}{rng.randint(0, 999999):06d}'
    body += str(check_digit(body, INN11))
    return body + str(check_digit(body, INN12))


def kpp(inn, reason='01', number='001'):
    "КПП NNNNPPXXX: tax office of the ИНН, reason code, number"
    return inn[:4] + reason + number
