# This file is part of itsvc.
"""One client base for the centre and its dealers: unique by ИНН."""
from collections import defaultdict

from trytond import backend
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import inactive_records, without_check_access

from .exceptions import DuplicateINNError


def _branches(party, other):
    "Branches share the ИНН of their organisation with their own КПП"
    return bool(party.kpp and other.kpp and party.kpp != other.kpp)


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def validate(cls, parties):
        super().validate(parties)
        cls.check_inn_unique(parties)

    @classmethod
    def check_inn_unique(cls, parties):
        """A client is unique by ИНН (and КПП for branches) across every
        company, whoever owns him"""
        Identifier = Pool().get('party.identifier')
        codes = {}
        for party in parties:
            for identifier in party.identifiers:
                if identifier.type == 'ru_vat' and identifier.code:
                    codes.setdefault(identifier.code, []).append(party)
        if not codes:
            return
        holders = defaultdict(list)
        with without_check_access(), inactive_records():
            for sub_codes in grouped_slice(
                    list(codes), backend.MAX_QUERY_PARAMS):
                for identifier in Identifier.search([
                            ('type', '=', 'ru_vat'),
                            ('code', 'in', list(sub_codes)),
                            ]):
                    holders[identifier.code].append(identifier.party)
        for code, c_parties in codes.items():
            for party in c_parties:
                for other in holders[code]:
                    if other == party or _branches(party, other):
                        continue
                    owner = other.owner_company
                    raise DuplicateINNError(gettext(
                            'itsvc_dealer.msg_inn_duplicate',
                            inn=code, party=party.rec_name,
                            other=other.rec_name,
                            owner=owner.rec_name if owner else '—'))


class PartyIdentifier(metaclass=PoolMeta):
    __name__ = 'party.identifier'

    @classmethod
    def validate(cls, identifiers):
        super().validate(identifiers)
        Party = Pool().get('party.party')
        Party.check_inn_unique(list({
                    i.party for i in identifiers if i.type == 'ru_vat'}))


class Replace(metaclass=PoolMeta):
    "Merging two clients moves the references of this module too"
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('itsvc.dealer.transfer', 'party'),
            ]
