# This file is part of itsvc.
"""Training plan items of the employees."""
from trytond.model import ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pyson import Eval
from trytond.transaction import Transaction


class Training(ModelSQL, ModelView):
    "Training plan item"
    __name__ = 'itsvc.plan.training'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT')
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))])
    plan = fields.Many2One('itsvc.plan', "Plan", ondelete='SET NULL',
        domain=[
            ('employee', '=', Eval('employee', -1)),
            ('company', '=', Eval('company', -1)),
            ])
    course = fields.Char("Course", required=True)
    date = fields.Date("Date", required=True)
    status = fields.Selection([
            ('planned', "Planned"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "Status", required=True, sort=False)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    cost = Monetary("Cost", currency='currency', digits='currency')
    note = fields.Text("Note")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_status(cls):
        return 'planned'

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    @fields.depends('plan', '_parent_plan.employee', '_parent_plan.company')
    def on_change_plan(self):
        if self.plan:
            self.employee = self.plan.employee
            self.company = self.plan.company

    def get_rec_name(self, name):
        return f'{self.employee.rec_name} — {self.course}'
