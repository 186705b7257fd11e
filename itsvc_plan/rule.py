# This file is part of itsvc.
"""Bonus and deduction rules: brackets by completion, weights."""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.transaction import Transaction

INDICATORS = [
    ('new_sales', "New Sales"),
    ('maintenance_revenue', "Maintenance Revenue"),
    ('maintained_systems', "Maintained Systems"),
    ('lost_systems', "Lost Systems"),
    ('new_clients', "New Clients"),
    ]

DEFAULT_BRACKETS = [
    (Decimal(0), Decimal('-0.10')),
    (Decimal(80), Decimal(0)),
    (Decimal(100), Decimal('0.10')),
    (Decimal(120), Decimal('0.20')),
    ]


class Rule(ModelSQL, ModelView):
    "Bonus and deduction rule"
    __name__ = 'itsvc.plan.rule'

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT')
    name = fields.Char("Name", required=True)
    brackets = fields.One2Many(
        'itsvc.plan.rule.bracket', 'rule', "Brackets",
        order=[('min_completion', 'ASC')],
        help="A completion from the bracket's minimum up to the next "
        "bracket gives the bracket's rate of the base.")
    weights = fields.One2Many('itsvc.plan.rule.weight', 'rule', "Weights",
        help="The share of each indicator in the base; an indicator "
        "without weight weighs 1.")

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_brackets(cls):
        return [{'min_completion': m, 'rate': r}
            for m, r in DEFAULT_BRACKETS]

    @classmethod
    def default_weights(cls):
        return [{'indicator': i, 'weight': Decimal(1)}
            for i, _ in INDICATORS]

    def rate(self, completion):
        "The rate of the bracket of the completion (percent)"
        rate = Decimal(0)
        for bracket in sorted(self.brackets,
                key=lambda b: b.min_completion):
            if completion >= bracket.min_completion:
                rate = bracket.rate
        return rate

    def weight(self, indicator):
        for weight in self.weights:
            if weight.indicator == indicator:
                return weight.weight
        return Decimal(1)


class Bracket(ModelSQL, ModelView):
    "Bracket of a bonus rule"
    __name__ = 'itsvc.plan.rule.bracket'

    rule = fields.Many2One('itsvc.plan.rule', "Rule", required=True,
        ondelete='CASCADE')
    min_completion = fields.Numeric("From Completion (%)", digits=(16, 2),
        required=True, help="Included in the bracket.")
    rate = fields.Numeric("Rate", digits=(16, 4), required=True,
        help="Bonus (positive) or deduction (negative) as a share of "
        "the base.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('rule')
        cls._order = [('min_completion', 'ASC'), ('id', 'ASC')]
        t = cls.__table__()
        cls._sql_constraints += [
            ('bracket_unique', Unique(t, t.rule, t.min_completion),
                'itsvc_plan.msg_rule_bracket_unique'),
            ]

    def get_rec_name(self, name):
        return gettext('itsvc_plan.msg_bracket_rec_name',
            completion=self.min_completion, rate=self.rate * 100)


class Weight(ModelSQL, ModelView):
    "Weight of an indicator in a bonus rule"
    __name__ = 'itsvc.plan.rule.weight'

    rule = fields.Many2One('itsvc.plan.rule', "Rule", required=True,
        ondelete='CASCADE')
    indicator = fields.Selection(INDICATORS, "Indicator", required=True)
    weight = fields.Numeric("Weight", digits=(16, 2), required=True,
        domain=[('weight', '>=', 0)])

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('rule')
        t = cls.__table__()
        cls._sql_constraints += [
            ('weight_unique', Unique(t, t.rule, t.indicator),
                'itsvc_plan.msg_rule_weight_unique'),
            ]
