# This file is part of itsvc.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError


class DistributiveError(UserError):
    pass


class OperationModifyError(AccessError):
    pass
