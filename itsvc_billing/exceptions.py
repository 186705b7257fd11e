# This file is part of itsvc.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class PriceListError(UserError):
    pass


class PriceListVersionModifyError(AccessError):
    pass


class PriceImportError(UserError):
    pass


class DiscountValidationError(ValidationError):
    pass


class BillError(UserError):
    pass


class BillModifyError(AccessError):
    pass


class BillingRunError(UserError):
    pass


class PaymentError(UserError):
    pass


class PaymentImportError(UserError):
    pass


class ActError(UserError):
    pass


class BatchModifyError(AccessError):
    pass
