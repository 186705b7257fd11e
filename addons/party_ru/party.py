# This file is part of itsvc.
from trytond.i18n import gettext
from trytond.model import fields
from trytond.model.exceptions import ValidationError
from trytond.modules.party.exceptions import InvalidIdentifierCode
from trytond.pool import PoolMeta

from .identifiers import inn_valid, kpp_valid, ogrn_valid

CHECKS = {
    'ru_vat': (inn_valid, 'party_ru.msg_inn_invalid'),
    'ru_ogrn': (ogrn_valid, 'party_ru.msg_ogrn_invalid'),
    }


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
        valid, message = CHECKS[self.type]
        code = (self.code or '').strip()
        if not valid(code):
            party = ''
            if self.party and self.party.id and self.party.id > 0:
                party = self.party.rec_name
            raise InvalidIdentifierCode(gettext(message,
                    code=code, party=party, digits=len(code)))
