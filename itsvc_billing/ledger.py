# This file is part of itsvc.
"""Payments and acts in the ledger.

A registered payment posts its move: Дт 51 (bank), 50.01 (cash order) or
71 (advance report, the employee) Кт 62.01 (the client). The part not
paying acted months is an advance: its VAT is charged (Дт 76.АВ Кт 68.02)
when the company has an advance tax. The month closing posts the acts
(Дт 62.01 Кт 90.01, 68.02), deducts the VAT of the advances they cover
and reconciles the client's receivable lines that balance.
"""
from collections import defaultdict, namedtuple

from sql import Null

from trytond import backend
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction

from itsvc_base.document import WorkflowFieldsMixin
from itsvc_base.sql import as_date, as_decimal

from account_ru import bulk

from .configuration import LEDGER_FIELDS
from .pricing import ZERO, round_money

KIND_ACCOUNTS = {
    'bank': 'bank_account',
    'cash_order': 'cash_account',
    'advance_report': 'advance_report_account',
    }


class Move(metaclass=PoolMeta):
    __name__ = 'account.move'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['itsvc.payment']


class AdvanceVat(WorkflowFieldsMixin, metaclass=PoolMeta):
    "The VAT on advances: its moves, VAT and offsets are the closing's"
    __name__ = 'account.advance.vat'

    @classmethod
    def _get_origin(cls):
        return super()._get_origin() + ['itsvc.payment']


def ledger_settings(company_ids):
    "{company id: {field: value}} of the ledger configuration"
    Configuration = Pool().get('itsvc.configuration')
    config = Configuration(1)
    return {c: {f: config.get_multivalue(f, company=c)
            for f in LEDGER_FIELDS} for c in company_ids}


PaymentRow = namedtuple('PaymentRow', ['id', 'company', 'kind', 'number',
        'date', 'party', 'amount', 'employee_party', 'move'])


def payment_rows(payment_ids):
    "[PaymentRow] of the payments: what their moves need, read in SQL"
    pool = Pool()
    Payment = pool.get('itsvc.payment')
    Employee = pool.get('company.employee')
    payment = Payment.__table__()
    employee = Employee.__table__()
    cursor = Transaction().connection.cursor()
    rows = []
    for sub in grouped_slice(payment_ids, backend.MAX_QUERY_PARAMS):
        cursor.execute(*payment.join(employee, 'LEFT',
                condition=payment.employee == employee.id
                ).select(payment.id, payment.company, payment.kind,
                payment.number, payment.date, payment.party, payment.amount,
                employee.party, payment.move,
                where=reduce_ids(payment.id, list(sub)),
                order_by=[payment.id]))
        rows.extend(PaymentRow(i, c, k, n, as_date(d), p, round_money(a), e, m)
            for i, c, k, n, d, p, a, e, m in cursor)
    return rows


def rec_name(row):
    "The name of a payment, as Payment.get_rec_name gives it"
    return row.number or f'({row.id})'


def post_payments(rows):
    """Post the moves of registered payments (rows of payment_rows) and
    charge the VAT of their advances, for the companies whose payment
    accounts are set. The moves are inserted posted and checked as a set
    (bulk.post_moves)."""
    Payment = Pool().get('itsvc.payment')
    settings = ledger_settings({r.company for r in rows})
    values, posted, charged = [], [], []
    receivable = receivable_accounts({(r.company, r.party) for r in rows})
    for row in rows:
        setting = settings[row.company]
        if row.move:
            # the move of its bank statement line
            charged.append(row)
            continue
        account = setting[KIND_ACCOUNTS[row.kind]]
        if not account or not setting['payment_journal']:
            continue
        debit = {'account': account.id, 'debit': row.amount,
            'credit': ZERO, 'party': None}
        if account.party_required:
            debit['party'] = (row.employee_party
                if row.kind == 'advance_report' else row.party)
        credit = {'account': receivable[row.company, row.party].id,
            'party': row.party, 'debit': ZERO, 'credit': row.amount}
        values.append({'company': row.company,
                'journal': setting['payment_journal'].id,
                'date': row.date, 'origin': f'{Payment.__name__},{row.id}',
                'description': rec_name(row), 'lines': [debit, credit]})
        posted.append(row)
    bulk.post_document_moves(Payment.__name__, {
            r.id: v for r, v in zip(posted, values)})
    charge_advance_vat(posted + charged, settings)
    reconcile_parties({(r.company, r.party, receivable[r.company, r.party].id)
            for r in posted})


def receivable_accounts(keys):
    """{(company id, party id): the party's receivable account} for the
    keys, as account_receivable_used gives it, read in a few queries"""
    pool = Pool()
    Account = pool.get('account.account')
    Party = pool.get('party.party')
    PartyAccount = pool.get('party.party.account')
    Configuration = pool.get('account.configuration')
    party_account = PartyAccount.__table__()
    cursor = Transaction().connection.cursor()
    result = {}
    for company in {c for c, _ in keys}:
        parties = [p for c, p in keys if c == company]
        default = Configuration(1).get_multivalue(
            'default_account_receivable', company=company)
        accounts = {}
        for sub in grouped_slice(parties, backend.MAX_QUERY_PARAMS):
            cursor.execute(*party_account.select(
                    party_account.party, party_account.account_receivable,
                    where=reduce_ids(party_account.party, list(sub))
                    & (party_account.company == company)
                    & (party_account.account_receivable != Null)))
            accounts.update(cursor)
        current = {}
        for party in parties:
            account = accounts.get(party) or default
            if account is None:
                # raises as Tryton does
                with Transaction().set_context(company=company):
                    result[company, party] = Party(
                        party).account_receivable_used
                continue
            account = int(account)
            if account not in current:
                current[account] = Account(account).current()
            result[company, party] = current[account]
    return result


def charge_advance_vat(rows, settings):
    "The VAT of the part of the payments (rows) not paying acted lines"
    pool = Pool()
    AdvanceVat = pool.get('account.advance.vat')
    Payment = pool.get('itsvc.payment')
    rows = [r for r in rows if settings[r.company]['advance_tax']]
    paid_acted = acted_amounts([r.id for r in rows])
    journal = AdvanceVat.default_journal()
    values, charged = [], []
    for row in rows:
        amount = row.amount - paid_acted.get(row.id, ZERO)
        if amount <= 0:
            continue
        values.append({'company': row.company, 'number': row.number,
                'date': row.date, 'party': row.party, 'amount': amount,
                'tax': settings[row.company]['advance_tax'].id,
                'journal': journal,
                'origin': f'{Payment.__name__},{row.id}',
                'description': rec_name(row)})
        charged.append(row)
    advance_ids = AdvanceVat.charge(values)
    bulk.set_field(Payment.__name__, 'advance_vat', {
            r.id: a for r, a in zip(charged, advance_ids)})


def acted_amounts(payment_ids):
    "{payment id: the part of it allocated to lines already acted}"
    pool = Pool()
    Allocation = pool.get('itsvc.payment.allocation')
    Line = pool.get('itsvc.bill.line')
    allocation = Allocation.__table__()
    cursor = Transaction().connection.cursor()
    rows = []
    for sub in grouped_slice(payment_ids, backend.MAX_QUERY_PARAMS):
        cursor.execute(*allocation.select(
                allocation.payment, allocation.line, allocation.amount,
                where=reduce_ids(allocation.payment, list(sub))))
        rows.extend(cursor)
    acted = Line.acted_line_ids(list({l for _, l, _ in rows}))
    result = defaultdict(lambda: ZERO)
    for payment_id, line_id, amount in rows:
        if line_id in acted:
            result[payment_id] += round_money(amount)
    return result


def ledger_acts(acts):
    """After the acts are posted: deduct the VAT of the advances paying
    them and reconcile the receivable lines of their clients"""
    if not acts:
        return
    offset_advances(acts)
    reconcile_parties(
        {(a.company.id, a.party.id, a.account.id) for a in acts})


def offset_advances(acts):
    """Each act offsets the advances of the payments allocated to its
    lines; the acts, their lines and the allocations are read in SQL"""
    pool = Pool()
    AdvanceVat = pool.get('account.advance.vat')
    Allocation = pool.get('itsvc.payment.allocation')
    Invoice = pool.get('account.invoice')
    InvoiceLine = pool.get('account.invoice.line')
    Payment = pool.get('itsvc.payment')
    invoice_line = InvoiceLine.__table__()
    allocation = Allocation.__table__()
    payment = Payment.__table__()
    cursor = Transaction().connection.cursor()
    names = {a.id: a.rec_name for a in acts}
    dates = {a.id: a.accounting_date or a.invoice_date for a in acts}
    origins = {}
    for sub in grouped_slice([a.id for a in acts], backend.MAX_QUERY_PARAMS):
        sub = list(sub)
        cursor.execute(*invoice_line.select(
                invoice_line.invoice, invoice_line.origin,
                where=reduce_ids(invoice_line.invoice, sub)
                & invoice_line.origin.like('itsvc.bill.line,%')))
        for act_id, origin in cursor:
            origins[int(origin.split(',')[1])] = act_id
    covered = defaultdict(lambda: defaultdict(lambda: ZERO))
    for sub in grouped_slice(list(origins), backend.MAX_QUERY_PARAMS):
        sub = list(sub)
        cursor.execute(*allocation.join(payment,
                condition=allocation.payment == payment.id
                ).select(allocation.line, payment.advance_vat,
                allocation.amount,
                where=reduce_ids(allocation.line, sub)
                & (payment.advance_vat != Null)))
        for line_id, advance_id, amount in cursor:
            covered[origins[line_id]][advance_id] += round_money(amount)
    # browsed a thousand at a time: a record re-reads the ids of its
    # browse whenever the transaction's cache is cleared
    advances = {a.id: a for sub in grouped_slice(
            list({i for c in covered.values() for i in c}), 1000)
        for a in AdvanceVat.browse(list(sub))}
    # a payment received after the act's date (the closing runs after the
    # month) was charged as an advance: its VAT is deducted the day it was
    # charged
    AdvanceVat.offset_many([([advances[a]], amount,
                max(dates[act], advances[a].date),
                f'{Invoice.__name__},{act}', names[act])
            for act, by_advance in sorted(covered.items())
            for a, amount in sorted(by_advance.items(),
                key=lambda a: (advances[a[0]].date, a[0]))])


def reconcile_parties(keys):
    """Reconcile the open lines of (company, party, account) ids in date
    order: the longest run of acts and payments whose totals are equal.

    The open lines are read in SQL: browsing them would read every field
    of thousands of lines."""
    pool = Pool()
    Line = pool.get('account.move.line')
    Move = pool.get('account.move')
    if not keys:
        return
    line = Line.__table__()
    move = Move.__table__()
    cursor = Transaction().connection.cursor()
    accounts = list({a for _, _, a in keys})
    by_key = defaultdict(list)
    for sub in grouped_slice(
            sorted({p for _, p, _ in keys}), backend.MAX_QUERY_PARAMS):
        cursor.execute(*line.join(move, condition=line.move == move.id
                ).select(line.id, move.company, line.party, line.account,
                line.debit, line.credit,
                where=(line.reconciliation == Null)
                & (move.state == 'posted')
                & reduce_ids(line.party, list(sub))
                & line.account.in_(accounts),
                order_by=[move.date.asc, line.id.asc]))
        for id_, company, party, account, debit, credit in cursor:
            if (company, party, account) in keys:
                by_key[company, party, account].append(
                    (id_, as_decimal(debit) - as_decimal(credit)))
    groups = []
    for party_lines in by_key.values():
        debits = [l for l in party_lines if l[1] > 0]
        credits = [l for l in party_lines if l[1] <= 0]
        matched = balanced_prefixes(debits, credits)
        if matched:
            groups.append([i for i, _ in
                    debits[:matched[0]] + credits[:matched[1]]])
    # browsed together: Tryton reads them a batch at a time, not a group
    lines = iter(Line.browse([i for g in groups for i in g]))
    to_reconcile = [[next(lines) for _ in g] for g in groups]
    if to_reconcile:
        with Transaction().set_context(_skip_warnings=True):
            Line.reconcile(*to_reconcile)


def balanced_prefixes(debits, credits):
    """(n, m): the longest prefixes of debits and credits, (id, debit −
    credit) in date order, of equal totals"""
    totals = {}
    total = ZERO
    for m, (_, amount) in enumerate(credits, 1):
        total -= amount
        totals[total] = m
    found = None
    total = ZERO
    for n, (_, amount) in enumerate(debits, 1):
        total += amount
        if total in totals:
            found = (n, totals[total])
    return found
