# This file is part of itsvc.
"""Staff plans: targets, actuals from registered documents, completion,
bonus or deduction."""
import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from trytond.i18n import gettext
from trytond.model import (
    Index, ModelSQL, ModelView, Unique, Workflow, fields)
from trytond.modules.company.model import employee_field, set_employee
from trytond.modules.currency.fields import Monetary
from trytond.pool import Pool
from trytond.pyson import Eval, If
from trytond.transaction import Transaction

from itsvc_base.document import WorkflowFieldsMixin, check_rules
from itsvc_base.tenure import add_months, month_bounds

from .actual import ACTUALS
from .exceptions import PlanError, PlanModifyError
from .rule import INDICATORS

CENT = Decimal('0.01')
HUNDRED = Decimal(100)
AMOUNTS = {'new_sales', 'maintenance_revenue'}
# fewer is better
INVERSE = {'lost_systems'}
MARKET = {'new_sales': 'planned_sales', 'new_clients': 'planned_clients'}


def round_cent(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def completion(indicator, target, actual):
    """Percent of the target reached; None without target.
    For the lost systems 2 − actual / target: half the losses planned
    is 150 %, none 200 %, twice as many 0 %."""
    if target is None:
        return None
    if indicator in INVERSE:
        if not target:
            return HUNDRED if not actual else Decimal(0)
        return round_cent(max(
                (2 - Decimal(actual) / Decimal(target)) * HUNDRED, 0))
    if not target:
        return None
    return round_cent(Decimal(actual) / Decimal(target) * HUNDRED)


class Plan(WorkflowFieldsMixin, Workflow, ModelSQL, ModelView):
    "Plan of an employee for a month or a quarter"
    __name__ = 'itsvc.plan'

    _states = {'readonly': Eval('state') != 'draft'}

    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='RESTRICT',
        states=_states)
    employee = fields.Many2One(
        'company.employee', "Employee", required=True, ondelete='RESTRICT',
        domain=[('company', '=', Eval('company', -1))], states=_states)
    period_type = fields.Selection([
            ('month', "Month"),
            ('quarter', "Quarter"),
            ], "Period Type", required=True, states=_states)
    year = fields.Integer("Year", required=True, states=_states)
    number = fields.Integer("Number", required=True, states=_states,
        domain=[('number', '>=', 1),
            If(Eval('period_type') == 'quarter',
                ('number', '<=', 4), ('number', '<=', 12))],
        help="The month (1–12) or the quarter (1–4).")
    start_date = fields.Function(fields.Date("Start Date"), 'get_dates')
    end_date = fields.Function(fields.Date("End Date"), 'get_dates')
    rule = fields.Many2One('itsvc.plan.rule', "Bonus Rule", required=True,
        ondelete='RESTRICT', states=_states,
        domain=[('company', '=', Eval('company', -1))])
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    base_amount = Monetary("Bonus Base", currency='currency',
        digits='currency', required=True, states=_states,
        help="The amount the rates of the brackets apply to.")
    lines = fields.One2Many('itsvc.plan.line', 'plan', "Indicators",
        states={'readonly': Eval('state') == 'approved'})
    completion = fields.Numeric("Completion (%)", digits=(16, 2),
        readonly=True, help="The completions weighted by the rule.")
    bonus_amount = Monetary("Bonus / Deduction", currency='currency',
        digits='currency', readonly=True)
    computed = fields.DateTime("Computed", readonly=True)
    trainings = fields.One2Many('itsvc.plan.training', 'plan', "Training",
        domain=[('employee', '=', Eval('employee', -1))])
    approved_by = employee_field("Approved By", states=['approved'])
    state = fields.Selection([
            ('draft', "Draft"),
            ('confirmed', "Confirmed"),
            ('approved', "Approved"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('period_unique', Unique(t, t.company, t.employee,
                    t.period_type, t.year, t.number),
                'itsvc_plan.msg_plan_period_unique'),
            ]
        cls._sql_indexes.add(Index(t, (t.employee, Index.Range())))
        cls._order = [('year', 'DESC'), ('number', 'DESC'), ('id', 'DESC')]
        # the training and the actuals of the indicators follow the plan
        cls._modify_error = PlanModifyError
        cls._editable_fields = cls._editable_fields | {'trainings', 'lines'}
        cls._transitions |= {
            ('draft', 'confirmed'),
            ('confirmed', 'draft'),
            ('confirmed', 'approved'),
            }
        cls._buttons.update({
                'compute': {
                    'invisible': Eval('state') == 'approved',
                    'icon': 'tryton-refresh',
                    'depends': ['state'],
                    },
                'targets_from_market': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-import',
                    'depends': ['state'],
                    },
                'draft': {
                    'invisible': Eval('state') != 'confirmed',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'confirm': {
                    'invisible': Eval('state') != 'draft',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'approve': {
                    'invisible': Eval('state') != 'confirmed',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'draft'

    @classmethod
    def default_period_type(cls):
        return 'quarter'

    @classmethod
    def default_base_amount(cls):
        return Decimal(0)

    @fields.depends('company')
    def on_change_with_currency(self, name=None):
        return self.company.currency if self.company else None

    def bounds(self):
        "First and last day of the period"
        if self.period_type == 'quarter':
            first = dt.date(self.year, 3 * self.number - 2, 1)
            return first, add_months(first, 3) - dt.timedelta(days=1)
        return month_bounds(self.year, self.number)

    @classmethod
    def get_dates(cls, plans, names):
        result = {n: {} for n in names}
        for plan in plans:
            start, end = plan.bounds()
            if 'start_date' in result:
                result['start_date'][plan.id] = start
            if 'end_date' in result:
                result['end_date'][plan.id] = end
        return result

    def get_rec_name(self, name):
        if self.period_type == 'quarter':
            period = gettext('itsvc_plan.msg_quarter',
                quarter=self.number, year=self.year)
        else:
            Lang = Pool().get('ir.lang')
            period = Lang.get().strftime(
                dt.date(self.year, self.number, 1), '%B %Y')
        return f'{self.employee.rec_name} — {period}'

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('employee.rec_name',) + tuple(clause[1:])]

    @classmethod
    def check_modification(cls, mode, plans, values=None, external=False):
        if external and mode in {'write', 'delete'}:
            check_rules(cls, plans, mode)
        cls._check_plan_modification(mode, plans, values)
        super().check_modification(
            mode, plans, values=values, external=external)

    @classmethod
    def _check_plan_modification(cls, mode, plans, values):
        if mode == 'delete':
            for plan in plans:
                if plan.state != 'draft':
                    raise PlanModifyError(gettext(
                            'itsvc_plan.msg_plan_delete',
                            plan=plan.rec_name))
        elif mode == 'write':
            if set(values or {}) <= {'trainings'}:
                return
            for plan in plans:
                if plan.state == 'approved':
                    raise PlanModifyError(gettext(
                            'itsvc_plan.msg_plan_approved',
                            plan=plan.rec_name))

    @classmethod
    def copy(cls, plans, default=None):
        default = default.copy() if default else {}
        default.setdefault('completion', None)
        default.setdefault('bonus_amount', None)
        default.setdefault('computed', None)
        default.setdefault('trainings', None)
        default.setdefault('approved_by', None)
        return super().copy(plans, default=default)

    @classmethod
    @ModelView.button
    def compute(cls, plans):
        cls.compute_actuals(plans)

    @classmethod
    def compute_actuals(cls, plans):
        """Actuals of all the plans, one query an indicator a period, then
        the completion and the bonus or deduction"""
        pool = Pool()
        Line = pool.get('itsvc.plan.line')
        for plan in plans:
            if plan.state == 'approved':
                raise PlanModifyError(gettext(
                        'itsvc_plan.msg_plan_approved', plan=plan.rec_name))
        groups = defaultdict(list)
        for plan in plans:
            groups[(plan.company, plan.bounds())].append(plan)
        actuals = {}
        for (company, (start, end)), group_plans in groups.items():
            employees = list({p.employee.id for p in group_plans})
            indicators = {l.indicator for p in group_plans for l in p.lines}
            for indicator in indicators:
                values = ACTUALS[indicator](company, employees, start, end)
                for plan in group_plans:
                    actuals[(plan.id, indicator)] = values.get(
                        plan.employee.id, Decimal(0))
        now = dt.datetime.now()
        to_write = []
        for plan in plans:
            lines = {}
            for line in plan.lines:
                actual = actuals[(plan.id, line.indicator)]
                lines[line] = {
                    'actual': actual,
                    'completion': completion(
                        line.indicator, line.target, actual),
                    'weight': plan.rule.weight(line.indicator),
                    }
            total_weight = sum(v['weight'] for v in lines.values()
                if v['completion'] is not None)
            bonus = weighted = Decimal(0)
            for line, values in lines.items():
                if values['completion'] is None or not total_weight:
                    values.update(rate=None, bonus_amount=None)
                    to_write.extend(([line], values))
                    continue
                rate = plan.rule.rate(values['completion'])
                share = values['weight'] / total_weight
                values['rate'] = rate
                values['bonus_amount'] = round_cent(
                    plan.base_amount * share * rate)
                bonus += values['bonus_amount']
                weighted += values['completion'] * share
                to_write.extend(([line], values))
            cls.write([plan], {
                    'completion': (round_cent(weighted)
                        if total_weight else None),
                    'bonus_amount': bonus,
                    'computed': now,
                    })
        if to_write:
            Line.write(*to_write)

    @classmethod
    @ModelView.button
    def targets_from_market(cls, plans):
        """Targets of new sales and new clients from the segments of the
        market plans covering the period, in proportion to the months"""
        pool = Pool()
        Segment = pool.get('itsvc.market.segment')
        Line = pool.get('itsvc.plan.line')
        segments = Segment.search([
                ('employee', 'in', list({p.employee.id for p in plans})),
                ('market.company', 'in',
                    list({p.company.id for p in plans})),
                ])
        to_save = []
        for plan in plans:
            start, end = plan.bounds()
            months = (end.year - start.year) * 12 + end.month - start.month + 1
            targets = defaultdict(Decimal)
            for segment in segments:
                market = segment.market
                if (segment.employee != plan.employee
                        or market.company != plan.company
                        or market.start_date > start
                        or market.end_date < end):
                    continue
                share = Decimal(months) / market.months
                for indicator, field in MARKET.items():
                    targets[indicator] += (
                        getattr(segment, field) or 0) * share
            if not targets:
                raise PlanError(gettext(
                        'itsvc_plan.msg_plan_no_market', plan=plan.rec_name))
            lines = {l.indicator: l for l in plan.lines}
            for indicator, target in targets.items():
                line = lines.get(indicator) or Line(
                    plan=plan, indicator=indicator)
                line.target = round_cent(target)
                to_save.append(line)
        Line.save(to_save)

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, plans):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, plans):
        for plan in plans:
            if not plan.lines:
                raise PlanError(gettext(
                        'itsvc_plan.msg_plan_no_lines', plan=plan.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('approved')
    @set_employee('approved_by')
    def approve(cls, plans):
        "The results of the day are frozen"
        cls.compute_actuals(plans)


class PlanLine(ModelSQL, ModelView):
    "Indicator of a staff plan"
    __name__ = 'itsvc.plan.line'

    plan = fields.Many2One('itsvc.plan', "Plan", required=True,
        ondelete='CASCADE', states={'readonly': Eval('id', -1) >= 0})
    plan_state = fields.Function(fields.Selection(
            'get_plan_states', "Plan State"), 'on_change_with_plan_state')
    indicator = fields.Selection(INDICATORS, "Indicator", required=True,
        states={'readonly': Eval('plan_state') != 'draft'})
    target = fields.Numeric("Target", digits=(16, 2), required=True,
        domain=[('target', '>=', 0)],
        states={'readonly': Eval('plan_state') != 'draft'})
    actual = fields.Numeric("Actual", digits=(16, 2), readonly=True)
    completion = fields.Numeric("Completion (%)", digits=(16, 2),
        readonly=True)
    weight = fields.Numeric("Weight", digits=(16, 2), readonly=True)
    rate = fields.Numeric("Rate", digits=(16, 4), readonly=True)
    currency = fields.Function(fields.Many2One(
            'currency.currency', "Currency"), 'on_change_with_currency')
    bonus_amount = Monetary("Bonus / Deduction", currency='currency',
        digits='currency', readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('plan')
        t = cls.__table__()
        cls._sql_constraints += [
            ('indicator_unique', Unique(t, t.plan, t.indicator),
                'itsvc_plan.msg_plan_line_unique'),
            ]
        cls._order = [('plan', 'ASC'), ('id', 'ASC')]

    @classmethod
    def get_plan_states(cls):
        Plan = Pool().get('itsvc.plan')
        return Plan.fields_get(['state'])['state']['selection']

    @fields.depends('plan', '_parent_plan.state')
    def on_change_with_plan_state(self, name=None):
        return self.plan.state if self.plan else None

    @fields.depends('plan', '_parent_plan.company')
    def on_change_with_currency(self, name=None):
        if self.plan and self.plan.company:
            return self.plan.company.currency

    def get_rec_name(self, name):
        indicator = dict(self.fields_get(['indicator'])['indicator'][
                'selection'])[self.indicator]
        return f'{self.plan.rec_name} / {indicator}'

    @classmethod
    def check_modification(cls, mode, lines, values=None, external=False):
        super().check_modification(
            mode, lines, values=values, external=external)
        for line in lines:
            if line.plan.state == 'approved':
                raise PlanModifyError(gettext(
                        'itsvc_plan.msg_plan_approved',
                        plan=line.plan.rec_name))
            if (external and mode in {'create', 'delete'}
                    or (mode == 'write' and external
                        and set(values) & {'indicator', 'target'})):
                if line.plan.state != 'draft':
                    raise PlanModifyError(gettext(
                            'itsvc_plan.msg_plan_targets',
                            plan=line.plan.rec_name))
