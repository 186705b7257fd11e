# This file is part of itsvc.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class DuplicateINNError(ValidationError):
    pass


class ClientOwnerError(ValidationError):
    pass


class TransferError(UserError):
    pass


class TransferModifyError(AccessError):
    pass


class WholesaleError(UserError):
    pass
