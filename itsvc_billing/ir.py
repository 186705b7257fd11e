# This file is part of itsvc.
"""The scheduled jobs of the billing: the monthly run and closing."""
from trytond.pool import PoolMeta


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.extend([
                ('itsvc.billing.run|run_monthly', "Monthly Billing Run"),
                ('itsvc.closing|run_monthly', "Monthly Closing"),
                ])
