"""The user in the header of the web client."""
from trytond.pool import PoolMeta


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    def get_status_bar(self, name):
        """The user and his company, for a dealer's user too (Tryton names
        the company only when the user has several); without the code of
        the currency: every figure is in roubles"""
        status = self.name or ''
        if self.employee and len([e for e in self.employees
                    if e.company == self.company]) > 1:
            status += ' - %s' % self.employee.rec_name
        if self.company:
            status += ' - %s' % self.company.rec_name
        return status
