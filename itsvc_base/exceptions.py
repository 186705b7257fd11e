# This file is part of itsvc.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class ContractError(UserError):
    pass


class ContractModifyError(AccessError):
    pass


class AmendmentError(UserError):
    pass


class InstallationError(UserError):
    pass


class ClientImportError(UserError):
    pass


class DocumentModifyError(AccessError):
    pass


class BoundsError(ValidationError):
    pass
