# This file is part of itsvc.
from collections import Counter, defaultdict

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.modules.company.model import set_employee
from trytond.pool import Pool
from trytond.transaction import Transaction

from itsvc_base.installation import month_name
from itsvc_base.tenure import month_bounds
from party_ru.formatting import money

from .billing import make_bills
from .engine import BillingEngine, Problem, Selection
from .month_batch import BillingBatchMixin
from .pricing import ZERO


class BillingRun(BillingBatchMixin, Workflow, ModelSQL, ModelView):
    "Monthly billing run: a period and a selection, previewed, then billed"
    __name__ = 'itsvc.billing.run'

    summary = fields.Text("Summary", readonly=True)
    bills = fields.One2Many('itsvc.bill', 'billing_run', "Bills",
        readonly=True)

    def get_rec_name(self, name):
        return gettext('itsvc_billing.msg_billing_run_rec_name',
            month=month_name(self.period))

    def _engine(self):
        return BillingEngine(Selection(self.company,
                client_group=self.client_group, party=self.party))

    def charges(self):
        "The engine's charges and problems for the run"
        pool = Pool()
        Configuration = pool.get('itsvc.configuration')
        Product = pool.get('product.product')
        engine = self._engine()
        charges = engine.run(
            self.month, Configuration(1).adjustment_months)
        untaxed = {p.id for p in Product.browse(
                list({c.product for c in charges}))
            if not p.account_category}
        problems = list(engine.problems)
        for charge in charges:
            if charge.product in untaxed:
                problems.append(Problem(charge.party, charge.installation,
                        charge.product, charge.month, 'no_tax_category'))
        return [c for c in charges if c.product not in untaxed], problems

    @classmethod
    @ModelView.button
    def preview(cls, runs):
        for run in runs:
            charges, problems = run.charges()
            run.write([run], run._figures(charges, problems))

    def _figures(self, charges, problems):
        pool = Pool()
        Party = pool.get('party.party')
        Product = pool.get('product.product')
        Group = pool.get('itsvc.client.group')
        groups = defaultdict(lambda: ZERO)
        counts = Counter()
        # the corrections of billed months apart: added and reversed
        corrections = defaultdict(lambda: ZERO)
        correction_counts = Counter()
        for charge in charges:
            if charge.kind == 'adjustment':
                sign = 'plus' if charge.amount >= 0 else 'minus'
                corrections[sign] += charge.amount
                correction_counts[sign] += 1
                continue
            groups[charge.group] += charge.amount
            counts[charge.group] += 1
        names = {g.id: g.rec_name for g in Group.browse(
                [g for g in groups if g])}
        lines = [gettext('itsvc_billing.msg_run_group_summary',
                group=names.get(g) or '—', lines=counts[g],
                amount=f'{money(a)}\u00a0₽')
            for g, a in sorted(groups.items(), key=lambda i: str(
                    names.get(i[0], '')))]
        for sign in ['plus', 'minus']:
            if correction_counts[sign]:
                lines.append(gettext(
                        f'itsvc_billing.msg_run_corrections_{sign}',
                        lines=correction_counts[sign],
                        amount=f'{money(corrections[sign])}\u00a0₽'))
        parties = {p.id: p.rec_name for p in Party.browse(
                list({p.party for p in problems}))}
        products = {p.id: p.rec_name for p in Product.browse(
                list({p.product for p in problems if p.product}))}
        problem_lines = [gettext(f'itsvc_billing.msg_problem_{p.reason}',
                party=parties[p.party], product=products.get(p.product, ''),
                month=month_name(p.month), amount=f'{money(p.amount)}\u00a0₽')
            for p in problems]
        return {
            'bills_count': len({self._bill_key(c) for c in charges}),
            'lines_count': len(charges),
            'untaxed_amount': sum((c.amount for c in charges), ZERO),
            'summary': '\n'.join(lines),
            'problems': '\n'.join(problem_lines),
            }

    @staticmethod
    def _bill_key(charge):
        Configuration = Pool().get('itsvc.configuration')
        if Configuration(1).bill_grouping == 'contract':
            return (charge.party, charge.contract)
        return charge.party

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    @set_employee('run_by')
    def process(cls, runs, progress=None):
        Bill = Pool().get('itsvc.bill')
        # one run at a time: a second one waits, then finds the month billed
        Bill.lock()
        for run in runs:
            charges, problems = run.charges()
            figures = run._figures(charges, problems)
            bills = make_bills(run.company, charges, run.bill_date, 'monthly',
                billing_run=run, progress=progress)
            figures['bills_count'] = len(bills)
            run.write([run], figures)

    @classmethod
    def bill_month(cls, company, period, bill_date, client_group=None,
            party=None, progress=None):
        "Create and process a run (command line, scheduled job)"
        run, = cls.create([{
                    'company': company.id,
                    'period': period,
                    'bill_date': bill_date,
                    'client_group': client_group.id if client_group else None,
                    'party': party.id if party else None,
                    }])
        cls.process([run], progress=progress)
        return run

    @classmethod
    def run_monthly(cls):
        "Scheduled job: bill the current month for every company"
        pool = Pool()
        Company = pool.get('company.company')
        Date = pool.get('ir.date')
        for company in Company.search([]):
            with Transaction().set_context(company=company.id):
                today = Date.today()
                cls.bill_month(company, month_bounds(
                        today.year, today.month)[0], today)
