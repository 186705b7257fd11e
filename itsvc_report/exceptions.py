# This file is part of itsvc.
from trytond.exceptions import UserError


class ExportError(UserError):
    pass
