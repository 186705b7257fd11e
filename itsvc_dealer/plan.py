# This file is part of itsvc.
"""Dealer obligations: a plan per dealer and period against actuals."""
from collections import defaultdict
from decimal import Decimal

from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction

from .figures import NAMES, company_figures


def completion(actual, target):
    "Actual as a share of the target (0.5 is 50 %), None without target"
    if not target:
        return None
    return round(float(actual) / float(target), 4)


class Plan(ModelSQL, ModelView):
    "Dealer Plan"
    __name__ = 'itsvc.dealer.plan'

    company = fields.Many2One(
        'company.company', "Centre", required=True, ondelete='RESTRICT',
        help="The company that sets the plan.")
    dealer = fields.Many2One(
        'company.company', "Dealer", required=True, ondelete='RESTRICT',
        domain=[('parent', '=', Eval('company', -1))])
    start_date = fields.Date("Start Date", required=True)
    end_date = fields.Date("End Date", required=True,
        domain=[('end_date', '>=', Eval('start_date'))])
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    target_new_clients = fields.Integer("New Clients (Plan)")
    target_maintained = fields.Integer("Maintained Systems (Plan)",
        help="Systems maintained at the end of the period.")
    target_revenue = Monetary("Revenue (Plan)", currency='currency',
        digits='currency', help="Untaxed amount of the issued bills.")
    actual_new_clients = fields.Function(
        fields.Integer("New Clients"), 'get_actuals')
    actual_maintained = fields.Function(
        fields.Integer("Maintained Systems"), 'get_actuals')
    actual_revenue = fields.Function(Monetary("Revenue",
            currency='currency', digits='currency'), 'get_actuals')
    completion_new_clients = fields.Function(fields.Float(
            "New Clients Completion", digits=(16, 4)), 'get_actuals')
    completion_maintained = fields.Function(fields.Float(
            "Maintained Completion", digits=(16, 4)), 'get_actuals')
    completion_revenue = fields.Function(fields.Float(
            "Revenue Completion", digits=(16, 4)), 'get_actuals')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t,
                (t.dealer, Index.Range()), (t.start_date, Index.Range())))
        cls._order = [('start_date', 'DESC'), ('dealer', 'ASC'),
            ('id', 'ASC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_target_new_clients():
        return 0

    @staticmethod
    def default_target_maintained():
        return 0

    @staticmethod
    def default_target_revenue():
        return Decimal(0)

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def get_rec_name(self, name):
        Lang = Pool().get('ir.lang')
        lang = Lang.get()
        return (f'{self.dealer.rec_name}: {lang.strftime(self.start_date)}'
            f' — {lang.strftime(self.end_date)}')

    @classmethod
    def get_actuals(cls, plans, names):
        result = {n: {} for n in names}
        by_period = defaultdict(list)
        for plan in plans:
            by_period[(plan.start_date, plan.end_date)].append(plan)
        for (start, end), p_plans in by_period.items():
            figures, _ = company_figures(
                {p.dealer.id for p in p_plans}, start, end)
            for plan in p_plans:
                values = figures[plan.dealer.id]
                for name in NAMES:
                    actual = values[name]
                    target = getattr(plan, f'target_{name}')
                    if f'actual_{name}' in result:
                        result[f'actual_{name}'][plan.id] = actual
                    if f'completion_{name}' in result:
                        result[f'completion_{name}'][plan.id] = completion(
                            actual, target)
        return result

    @classmethod
    def consolidate(cls, plans):
        """Totals of the plans of one period: the targets summed, the
        actuals counted over the dealers together"""
        periods = {(p.start_date, p.end_date) for p in plans}
        assert len(periods) == 1
        (start, end), = periods
        _, total = company_figures({p.dealer.id for p in plans}, start, end)
        result = {}
        for name in NAMES:
            target = sum(getattr(p, f'target_{name}') or 0 for p in plans)
            result[name] = {
                'target': target,
                'actual': total[name],
                'completion': completion(total[name], target),
                }
        return result
