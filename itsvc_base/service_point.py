# This file is part of itsvc.
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pyson import Eval
from trytond.transaction import Transaction


class ServicePoint(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'itsvc.service_point'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT')
    party = fields.Many2One(
        'party.party', "Client", required=True, ondelete='RESTRICT',
        context={'company': Eval('company', -1)}, depends={'company'})
    name = fields.Char("Name", required=True)
    address = fields.Many2One(
        'party.address', "Address", ondelete='RESTRICT',
        domain=[('party', '=', Eval('party', -1))])
    specialist = fields.Many2One(
        'company.employee', "Maintenance Specialist", ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))],
        help="The employee responsible for the maintenance at this point.")
    contact = fields.Char("Contact Person")
    phone = fields.Char("Phone")
    installations = fields.One2Many(
        'itsvc.installation', 'service_point', "Installations",
        readonly=True)
    note = fields.Text("Note")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('party.name', 'ASC'), ('name', 'ASC'), ('id', 'ASC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    def get_rec_name(self, name):
        return f'{self.party.rec_name} / {self.name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('name', operator, value),
            ('party.rec_name', operator, value),
            ]
