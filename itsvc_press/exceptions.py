# This file is part of itsvc.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError


class PressError(UserError):
    pass


class PressModifyError(AccessError):
    pass
