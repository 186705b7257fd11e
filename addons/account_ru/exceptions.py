# This file is part of account_ru.
from trytond.exceptions import UserError


class AdvanceVatError(UserError):
    pass
