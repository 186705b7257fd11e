# This file is part of itsvc.
"""Derived price list versions and the impact of a new version."""
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from itsvc_base.tenure import add_months

from .engine import BillingEngine, Selection
from .pricing import ZERO


class DeriveStart(ModelView):
    __name__ = 'itsvc.price_list.derive.start'

    source = fields.Many2One('itsvc.price_list.version', "Source Version",
        required=True, readonly=True)
    price_list = fields.Many2One('itsvc.price_list', "Price List",
        required=True,
        help="The list that receives the new version, e.g. wholesale.")
    coefficient = fields.Numeric("Coefficient", digits=(16, 4),
        required=True, domain=[('coefficient', '>', 0)],
        help="New price = source price × coefficient.")
    effective_date = fields.Date("Effective Date", required=True)
    rounding = fields.Numeric("Round To", digits=(16, 2), required=True,
        domain=[('rounding', '>', 0)],
        help="0.01 to round to kopecks, 1 to whole roubles.")


class Derive(Wizard):
    "A new draft version: the prices of a version times a coefficient"
    __name__ = 'itsvc.price_list.derive'

    start = StateView('itsvc.price_list.derive.start',
        'itsvc_billing.price_derive_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Create", 'create_', 'tryton-ok', default=True),
            ])
    create_ = StateAction('itsvc_billing.act_price_list_version_form')

    def default_start(self, fields):
        return {
            'source': self.record.id,
            'effective_date': self.record.effective_date,
            'coefficient': Decimal(1),
            'rounding': Decimal('0.01'),
            }

    def do_create_(self, action):
        Version = Pool().get('itsvc.price_list.version')
        start = self.start
        lines = []
        for line in start.source.lines:
            price = (line.price * start.coefficient / start.rounding
                ).quantize(Decimal(1), rounding=ROUND_HALF_UP) * start.rounding
            lines.append({'product': line.product.id, 'price': price})
        version, = Version.create([{
                    'price_list': start.price_list.id,
                    'effective_date': start.effective_date,
                    'origin': str(start.source),
                    'description': gettext(
                        'itsvc_billing.msg_price_derived',
                        source=start.source.rec_name,
                        coefficient=start.coefficient),
                    'lines': [('create', lines)],
                    }])
        action['res_id'] = [version.id]
        action['views'].reverse()
        return action, {}


class ImpactResult(ModelView):
    __name__ = 'itsvc.price_list.impact.result'

    version = fields.Many2One('itsvc.price_list.version', "Version",
        readonly=True)
    month = fields.Date("Month", readonly=True)
    old_amount = fields.Numeric("At Old Prices", digits=(16, 2),
        readonly=True)
    new_amount = fields.Numeric("At New Prices", digits=(16, 2),
        readonly=True)
    difference = fields.Numeric("Difference", digits=(16, 2), readonly=True)
    details = fields.Text("Per Group and Product", readonly=True)


class Impact(Wizard):
    """Monthly maintenance revenue of the running installations at the
    old and the new prices, before a version takes effect"""
    __name__ = 'itsvc.price_list.impact'

    start_state = 'result'
    result = StateView('itsvc.price_list.impact.result',
        'itsvc_billing.price_impact_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def default_result(self, fields):
        pool = Pool()
        Group = pool.get('itsvc.client.group')
        Product = pool.get('product.product')
        version = self.record
        company = version.price_list.company
        month = version.effective_date.replace(day=1)
        if version.effective_date.day != 1:
            # prices are those in force on the first day of a month
            month = add_months(month, 1)
        with Transaction().set_context(company=company.id):
            engine = BillingEngine(Selection(company))
            engine.load(month)
            old = engine.charges(month)
            engine.prices.replace_version(version)
            new = engine.charges(month)
        totals = defaultdict(lambda: [ZERO, ZERO])
        for index, charges in enumerate([old, new]):
            for charge in charges:
                for key in [('group', charge.group),
                        ('product', charge.product)]:
                    totals[key][index] += charge.amount
        groups = {g.id: g.rec_name for g in Group.search([])}
        products = {p.id: p.rec_name for p in Product.browse(
                [k[1] for k in totals if k[0] == 'product'])}
        lines = []
        for (kind, key), (before, after) in sorted(
                totals.items(), key=lambda i: (i[0][0], str(i[0][1]))):
            name = (groups.get(key, '—') if kind == 'group'
                else products[key])
            lines.append(gettext('itsvc_billing.msg_impact_line',
                    name=name, old=before, new=after,
                    difference=after - before))
        old_amount = sum((c.amount for c in old), ZERO)
        new_amount = sum((c.amount for c in new), ZERO)
        return {
            'version': version.id,
            'month': month,
            'old_amount': old_amount,
            'new_amount': new_amount,
            'difference': new_amount - old_amount,
            'details': '\n'.join(lines),
            }
