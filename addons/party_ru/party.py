# This file is part of itsvc.
from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.exceptions import ValidationError
from trytond.modules.party.exceptions import InvalidIdentifierCode
from trytond.pool import Pool, PoolMeta

from .identifiers import inn_valid, kpp_valid, ogrn_valid

# type: (check, message naming the party, message of a party not saved)
CHECKS = {
    'ru_vat': (inn_valid, 'party_ru.msg_inn_invalid',
        'party_ru.msg_inn_invalid_new'),
    'ru_ogrn': (ogrn_valid, 'party_ru.msg_ogrn_invalid',
        'party_ru.msg_ogrn_invalid_new'),
    }
# the identifiers of Russian parties: ИНН, then ОГРН/ОГРНИП
RUSSIAN_TYPES = ['ru_vat', 'ru_ogrn']


class KPPValidationError(ValidationError):
    pass


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    kpp = fields.Char("KPP", size=9,
        help="Tax registration reason code (КПП) of an organisation.")

    @classmethod
    def validate_fields(cls, parties, field_names):
        super().validate_fields(parties, field_names)
        if not field_names or 'kpp' in field_names:
            for party in parties:
                if party.kpp and not kpp_valid(party.kpp):
                    raise KPPValidationError(gettext(
                            'party_ru.msg_kpp_invalid',
                            kpp=party.kpp, party=party.rec_name))

    @fields.depends('kpp')
    def on_change_kpp(self):
        if self.kpp:
            self.kpp = self.kpp.strip().upper()


class PartyIdentifier(metaclass=PoolMeta):
    __name__ = 'party.identifier'

    @fields.depends('type', 'party', 'code')
    def check_code(self):
        "ИНН, ОГРН and ОГРНИП by their own rules, with Russian messages"
        if self.type not in CHECKS:
            return super().check_code()
        valid, message, message_new = CHECKS[self.type]
        code = (self.code or '').strip()
        if not valid(code):
            party = ''
            if self.party and self.party.id and self.party.id > 0:
                party = self.party.rec_name
            elif self.party:
                party = getattr(self.party, 'name', None) or ''
            raise InvalidIdentifierCode(gettext(
                    message if party else message_new,
                    code=code, party=party, digits=len(code)))

    @classmethod
    def default_type(cls):
        "ИНН, when the types of identifiers offered include it"
        Configuration = Pool().get('party.configuration')
        types = [t for t, _ in Configuration(1).get_identifier_types()]
        if 'ru_vat' in types:
            return 'ru_vat'


class Configuration(metaclass=PoolMeta):
    __name__ = 'party.configuration'

    @classmethod
    def default_identifier_types(cls):
        "Russian identifiers only, until the administrator chooses others"
        return RUSSIAN_TYPES


class Address(metaclass=PoolMeta):
    __name__ = 'party.address'

    @classmethod
    def default_country(cls):
        "Russia"
        Country = Pool().get('country.country')
        countries = Country.search([('code', '=', 'RU')], limit=1)
        if countries:
            return countries[0].id

    def get_rec_name(self, name):
        "Without «, RU» at the end: a foreign country by its name"
        rec_name = super().get_rec_name(name)
        if self.country:
            code = self.country.code
            if code and rec_name.endswith(', ' + code):
                rec_name = rec_name[:-len(', ' + code)]
                if code != 'RU':
                    rec_name += ', ' + self.country.name
        return rec_name
