# This file is part of itsvc.
"""The client merge (party.replace) of the module's references."""
from trytond.pool import PoolMeta


class Replace(metaclass=PoolMeta):
    "Merging two clients moves the references of this module too"
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('itsvc.press.subscription', 'party'),
            ('itsvc.press.delivery', 'party'),
            ('itsvc.press.run', 'party'),
            ]
