# This file is part of itsvc.
"""Reconciliation statement (акт сверки): acts and payments of a client
over a period, with the opening and closing balances."""
import datetime as dt

from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.report import Report
from trytond.transaction import Transaction
from trytond.wizard import Button, StateReport, StateView, Wizard

from party_ru.amount import amount_in_words
from party_ru.formatting import money

from .pricing import ZERO


def reconciliation(company, party, start, end):
    """Balance of the client towards the company: acts (posted customer
    invoices) are debits, payments are credits; positive is owed by the
    client"""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Payment = pool.get('itsvc.payment')
    acts = Invoice.search([
            ('company', '=', company.id),
            ('party', '=', party.id),
            ('type', '=', 'out'),
            ('state', 'in', ['posted', 'paid']),
            ('invoice_date', '<=', end),
            ])
    payments = Payment.search([
            ('company', '=', company.id),
            ('party', '=', party.id),
            ('state', '=', 'registered'),
            ('date', '<=', end),
            ])
    opening = (sum((a.total_amount for a in acts
                if a.invoice_date < start), ZERO)
        - sum((p.amount for p in payments if p.date < start), ZERO))
    lines = sorted(
        [(a.invoice_date, 'act', a.number, a.total_amount, ZERO)
            for a in acts if a.invoice_date >= start]
        + [(p.date, p.kind, p.number, ZERO, p.amount)
            for p in payments if p.date >= start],
        key=lambda l: (l[0], l[1] != 'act', l[2] or ''))
    debit = sum((l[3] for l in lines), ZERO)
    credit = sum((l[4] for l in lines), ZERO)
    return {
        'opening': opening,
        'lines': lines,
        'debit': debit,
        'credit': credit,
        'closing': opening + debit - credit,
        }


class ReconciliationStart(ModelView):
    __name__ = 'itsvc.reconciliation.start'

    party = fields.Many2One('party.party', "Client", required=True)
    start_date = fields.Date("From", required=True)
    end_date = fields.Date("To", required=True)


class Reconciliation(Wizard):
    "Print the reconciliation statement of a client"
    __name__ = 'itsvc.reconciliation'

    start = StateView('itsvc.reconciliation.start',
        'itsvc_billing.reconciliation_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Print", 'print_', 'tryton-print', default=True),
            ])
    print_ = StateReport('itsvc.reconciliation')

    def default_start(self, fields):
        Date = Pool().get('ir.date')
        context = Transaction().context
        today = Date.today()
        values = {
            'start_date': today.replace(month=1, day=1),
            'end_date': today,
            }
        if context.get('active_model') == 'party.party':
            values['party'] = context.get('active_id')
        return values

    def do_print_(self, action):
        return action, {
            'party': self.start.party.id,
            'start_date': self.start.start_date.isoformat(),
            'end_date': self.start.end_date.isoformat(),
            }


class ReconciliationReport(Report):
    __name__ = 'itsvc.reconciliation'

    @classmethod
    def get_context(cls, records, header, data):
        pool = Pool()
        Party = pool.get('party.party')
        Company = pool.get('company.company')
        context = super().get_context(records, header, data)
        company = Company(Transaction().context['company'])
        party = Party(data['party'])
        start = dt.date.fromisoformat(data['start_date'])
        end = dt.date.fromisoformat(data['end_date'])
        context.update({
                'company': company,
                'party': party,
                'start_date': start,
                'end_date': end,
                'statement': reconciliation(company, party, start, end),
                'money': money,
                'amount_in_words': amount_in_words,
                })
        return context
