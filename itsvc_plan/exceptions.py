# This file is part of itsvc.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError


class PlanError(UserError):
    pass


class PlanModifyError(AccessError):
    pass
