# This file is part of itsvc.
"""Publications: periodical products and their issues."""
from trytond.model import (
    DeactivableMixin, Index, ModelSQL, ModelView, Unique, fields)

PERIODICITIES = [
    ('weekly', "Weekly"),
    ('biweekly', "Every Two Weeks"),
    ('monthly', "Monthly"),
    ('bimonthly', "Every Two Months"),
    ('quarterly', "Quarterly"),
    ]


class Publication(DeactivableMixin, ModelSQL, ModelView):
    "A printed periodical sold by subscription"
    __name__ = 'itsvc.press.publication'

    name = fields.Char("Name", required=True)
    product = fields.Many2One('product.product', "Product", required=True,
        ondelete='RESTRICT', domain=[('type', '=', 'service')],
        help="The service billed and acted: the retail supply price list "
        "gives the price of one copy of an issue, its tax category the VAT "
        "(10 % for periodicals).")
    periodicity = fields.Selection(PERIODICITIES, "Periodicity",
        required=True)
    issues = fields.One2Many('itsvc.press.issue', 'publication', "Issues")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('name', 'ASC'), ('id', 'ASC')]

    @staticmethod
    def default_periodicity():
        return 'monthly'


class Issue(ModelSQL, ModelView):
    "An issue of a publication"
    __name__ = 'itsvc.press.issue'

    publication = fields.Many2One('itsvc.press.publication', "Publication",
        required=True, ondelete='CASCADE')
    number = fields.Char("Number", required=True)
    release_date = fields.Date("Release Date", required=True)
    deliveries = fields.One2Many('itsvc.press.delivery', 'issue',
        "Deliveries", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('number_unique', Unique(t, t.publication, t.number),
                'itsvc_press.msg_issue_number_unique'),
            ]
        cls._sql_indexes.add(
            Index(t, (t.release_date, Index.Range())))
        cls._order = [('release_date', 'ASC'), ('id', 'ASC')]

    def get_rec_name(self, name):
        return f'{self.publication.name} № {self.number}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('number', operator, value),
            ('publication.name', operator, value),
            ]
