# This file is part of itsvc.
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.transaction import Transaction
from trytond.wizard import Button, StateAction, StateView, Wizard

from .billing import make_bills
from .engine import BillingEngine, Selection
from .exceptions import BillError


class PrepaymentStart(ModelView):
    __name__ = 'itsvc.bill.prepayment.start'

    company = fields.Many2One('company.company', "Company", readonly=True)
    party = fields.Many2One('party.party', "Client", required=True)
    installations = fields.Many2Many(
        'itsvc.installation', None, None, "Installations", required=True,
        domain=[('party', '=', Eval('party', -1))])
    first_month = fields.Date("First Month", required=True,
        help="Any day of the first month paid in advance.")
    months = fields.Integer("Months", required=True,
        domain=[('months', '>', 0), ('months', '<=', 36)])
    date = fields.Date("Bill Date", required=True)


class Prepayment(Wizard):
    "Prepayment bill: chosen installations over several months"
    __name__ = 'itsvc.bill.prepayment'

    start = StateView('itsvc.bill.prepayment.start',
        'itsvc_billing.bill_prepayment_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Create Bill", 'create_', 'tryton-ok', default=True),
            ])
    create_ = StateAction('itsvc_billing.act_bill_form')

    def default_start(self, fields):
        pool = Pool()
        Date = pool.get('ir.date')
        context = Transaction().context
        values = {
            'company': context.get('company'),
            'date': Date.today(),
            'months': 6,
            }
        if context.get('active_model') == 'party.party':
            values['party'] = context.get('active_id')
        return values

    def do_create_(self, action):
        Company = Pool().get('company.company')
        company = Company(Transaction().context['company'])
        engine = BillingEngine(Selection(company, party=self.start.party,
                installations=list(self.start.installations)))
        first = self.start.first_month.replace(day=1)
        charges = engine.prepayment(first, self.start.months)
        if engine.problems:
            raise BillError(gettext('itsvc_billing.msg_prepayment_problem',
                    count=len(engine.problems)))
        if not charges:
            raise BillError(gettext('itsvc_billing.msg_prepayment_nothing'))
        bills = make_bills(company, charges, self.start.date, 'prepayment')
        action['res_id'] = [b.id for b in bills]
        action['views'].reverse()
        return action, {}
