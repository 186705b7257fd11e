# This file is part of itsvc.
"""A company contracts only its own clients (or clients without owner)."""
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.transaction import without_check_access

from .exceptions import ClientOwnerError


class Contract(metaclass=PoolMeta):
    __name__ = 'itsvc.contract'

    @classmethod
    def validate_fields(cls, contracts, field_names):
        super().validate_fields(contracts, field_names)
        if not field_names or field_names & {'party', 'company'}:
            cls.check_client_owner(contracts)

    @classmethod
    def check_client_owner(cls, contracts):
        "The client is owned by the contract's company or by nobody"
        for contract in contracts:
            owner = contract.party.owner_company
            if (contract.state == 'draft' and owner
                    and owner != contract.company):
                raise ClientOwnerError(gettext(
                        'itsvc_dealer.msg_contract_client_owner',
                        party=contract.party.rec_name,
                        owner=owner.rec_name,
                        company=contract.company.rec_name))

    @classmethod
    def register(cls, contracts):
        "The company becomes the owner of a client without owner"
        Party = Pool().get('party.party')
        cls.check_client_owner(contracts)
        to_write = {}
        for contract in contracts:
            if not contract.party.owner_company:
                to_write.setdefault(contract.company, set()).add(
                    contract.party)
        args = []
        for company, parties in to_write.items():
            args.extend((list(parties), {'owner_company': company.id}))
        if args:
            with without_check_access():
                Party.write(*args)
        super().register(contracts)
