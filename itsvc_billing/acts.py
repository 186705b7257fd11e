# This file is part of itsvc.
"""The acts of a month closing, inserted posted a batch at a time.

An act is a customer invoice of the company's currency with one line per
bill line (quantity 1). Tryton creates, numbers and posts an invoice one
record at a time, validating each of its lines, taxes, moves and move
lines: most of the time of a closing. Here the acts are computed as
Tryton computes them and inserted in a few queries:
- the taxes as `_get_taxes` does (Tryton's own rounding of the lines or of
  the document), with `Tax.compute` called once per distinct price;
- the number from the fiscal year's sequence (`_number_sequence`), refused
  as `set_number` refuses a date before the last numbered act;
- the move as `get_move` builds it: the receivable due at the payment term
  date, a revenue line per act line with its base tax lines, a tax line
  per tax; posted by bulk.post_document_moves, which checks it as
  Tryton does.
The scenario compares the acts with Tryton's own `_get_taxes` and
`get_move`."""
from collections import defaultdict
from decimal import Decimal

from trytond.i18n import gettext
from trytond.modules.account_invoice.exceptions import InvoiceNumberError
from trytond.pool import Pool
from trytond.transaction import Transaction

from account_ru import bulk

from .pricing import ZERO


def insert_posted(closing, acts):
    """Insert the acts posted: `acts` are dicts of the invoice's values
    (party, invoice_address, account, journal, payment_term_date,
    description, itsvc_closing) with `lines`: dicts of product, account,
    unit, description, unit_price, origin and taxes (ids). Return the ids
    of the invoices."""
    pool = Pool()
    Account = pool.get('account.account')
    Address = pool.get('party.address')
    Invoice = pool.get('account.invoice')
    Party = pool.get('party.party')
    company = closing.company
    currency = company.currency
    date = closing.act_date
    # an act of the closing: Tryton's methods computing its taxes
    template = Invoice(company=company, currency=currency, type='out',
        invoice_date=date, accounting_date=None)
    compute = tax_computer(date)
    tax_rounding = Pool().get('account.configuration')(1).get_multivalue(
        'tax_rounding', company=company.id)
    parties = {p.id: p for p in Party.browse([a['party'] for a in acts])}
    for act in acts:
        act['taxes'] = act_taxes(template, act['lines'], compute,
            tax_rounding)
        untaxed = sum((currency.round(l['unit_price'])
                for l in act['lines']), ZERO)
        tax = sum((t.amount for t in act['taxes'].values()), ZERO)
        act.update(untaxed=untaxed, tax=tax)
    numbers = act_numbers(template, acts)
    identifiers = tax_identifiers(template, Address.browse(list(
                {a['invoice_address'] for a in acts if a['invoice_address']})))
    invoice_ids = bulk.insert(Invoice.__name__, [{
                'company': company.id, 'type': 'out', 'party': a['party'],
                'invoice_address': a['invoice_address'],
                'party_tax_identifier': (parties[a['party']].tax_identifier.id
                    if parties[a['party']].tax_identifier else None),
                'tax_identifier': identifiers[a['invoice_address']],
                'currency': currency.id, 'journal': a['journal'],
                'account': a['account'], 'invoice_date': date,
                'payment_term_date': a['payment_term_date'],
                'description': a['description'],
                'itsvc_closing': a['itsvc_closing'],
                'number': numbers[i][1], 'sequence': numbers[i][0],
                **number_columns(numbers[i][1]),
                'sequence_type_cache': numbers[i][2],
                'untaxed_amount_cache': a['untaxed'],
                'tax_amount_cache': a['tax'],
                'total_amount_cache': a['untaxed'] + a['tax'],
                'state': 'posted',
                } for i, a in enumerate(acts)])
    line_ids = insert_lines(company, currency, invoice_ids, acts)
    tax_ids = insert_taxes(invoice_ids, acts)
    accounts = {a.id: a for a in Account.browse(list(
                {l['account'] for a in acts for l in a['lines']}))}
    bulk.post_document_moves(Invoice.__name__, {
            i: act_move(company, date, accounts, i, a, l, t)
            for i, a, l, t in zip(invoice_ids, acts, line_ids, tax_ids)})
    # as Tryton's posting: the invoice report is stored by the queue
    Invoice.__queue__.print_invoice(Invoice.browse(invoice_ids))
    return invoice_ids


def tax_computer(date):
    "Tax.compute of (tax ids, unit price), quantity 1, once per price"
    Tax = Pool().get('account.tax')
    cache = {}

    def compute(tax_ids, unit_price):
        key = (tax_ids, unit_price)
        if key not in cache:
            cache[key] = Tax.compute(Tax.browse(tax_ids), unit_price, 1, date)
        return cache[key]
    return compute


def act_taxes(template, lines, compute, tax_rounding):
    """{key: tax line} of an act, as Invoice._get_taxes computes them: the
    lines grouped by their taxes, rounded by line or by document"""
    all_taxes = {}
    groups = defaultdict(list)
    for line in lines:
        groups[tuple(line['taxes']), line['unit_price'] >= 0].append(line)
    for (tax_ids, _), group in groups.items():
        taxes = {}
        for line in group:
            current = {}
            for values in compute(tax_ids, line['unit_price']):
                tax_line = template._compute_tax_line(**values)
                if tax_line._key not in current:
                    current[tax_line._key] = tax_line
                else:
                    current[tax_line._key] += tax_line
            if tax_rounding == 'line':
                template._round_taxes(current)
            # the base tax lines of its move line (the bases are rounded)
            line['base_taxes'] = [(t.tax.id, t.base)
                for t in current.values()]
            for key, tax_line in current.items():
                if key not in taxes:
                    taxes[key] = tax_line
                else:
                    taxes[key] += tax_line
        if tax_rounding == 'document':
            template._round_taxes(taxes)
        for key, tax_line in taxes.items():
            if key not in all_taxes:
                all_taxes[key] = tax_line
            else:
                all_taxes[key] += tax_line
    return all_taxes


def act_numbers(template, acts):
    """[(sequence id, number, sequence type)] of the acts, numbered as
    set_number does: the sequence of the fiscal year for the act date,
    refused when an act of that sequence is dated later"""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Lang = pool.get('ir.lang')
    by_type = defaultdict(list)
    for i, act in enumerate(acts):
        credit_note = (all(l['unit_price'] <= 0 for l in act['lines'])
            and act['untaxed'] + act['tax'] < 0)
        by_type['credit_note' if credit_note else 'invoice'].append(i)
    result = {}
    for sequence_type, indexes in by_type.items():
        template.sequence_type_cache = sequence_type
        sequence, date = template._number_sequence()
        later = Invoice.search([
                ('sequence', '=', sequence.id),
                ('invoice_date', '>', date),
                ], limit=1, order=[('invoice_date', 'DESC')])
        if later:
            raise InvoiceNumberError(gettext(
                    'account_invoice.msg_invoice_number_after',
                    invoice=acts[indexes[0]]['description'],
                    sequence=sequence.rec_name,
                    date=Lang.get().strftime(date),
                    after_invoice=later[0].rec_name))
        with Transaction().set_context(
                date=date, company=template.company.id):
            for i, number in zip(indexes, sequence.get_many(len(indexes))):
                result[i] = (sequence.id, number, sequence_type)
    return result


def tax_identifiers(template, addresses):
    """{address id: the company's tax identifier id} for the acts to these
    addresses (and None), as set_number sets it (get_tax_identifier)"""
    company = template.company
    result = {}
    for address in [None] + list(addresses):
        pattern = {}
        if address and address.country:
            pattern['country'] = address.country.id
        identifier = company.get_tax_identifier(pattern)
        result[address.id if address else None] = (
            identifier.id if identifier else None)
    return result


def number_columns(number):
    "number_alnum and number_digit, as Invoice.compute_fields sets them"
    Invoice = Pool().get('account.invoice')
    values = Invoice(number=number).compute_fields({'number'})
    return {k: values[k] for k in ['number_alnum', 'number_digit']}


def insert_lines(company, currency, invoice_ids, acts):
    "The lines of the acts and their taxes; [[line id]] by act"
    pool = Pool()
    Line = pool.get('account.invoice.line')
    LineTax = pool.get('account.invoice.line-account.tax')
    ordered = [(i, l) for i, a in zip(invoice_ids, acts) for l in a['lines']]
    ids = bulk.insert(Line.__name__, [{
                'invoice': i, 'type': 'line', 'company': company.id,
                'currency': currency.id, 'product': l['product'],
                'account': l['account'], 'unit': l['unit'],
                'description': l['description'], 'quantity': 1.0,
                'unit_price': l['unit_price'], 'origin': l['origin'],
                'taxes_deductible_rate': Decimal(1), 'correction': False,
                } for i, l in ordered])
    bulk.insert(LineTax.__name__, [{'line': line_id, 'tax': t}
            for line_id, (_, l) in zip(ids, ordered) for t in l['taxes']])
    result, ids = [], iter(ids)
    for act in acts:
        result.append([next(ids) for _ in act['lines']])
    return result


def insert_taxes(invoice_ids, acts):
    "The taxes of the acts; [[tax id]] by act"
    InvoiceTax = Pool().get('account.invoice.tax')
    ordered = [(i, t) for i, a in zip(invoice_ids, acts)
        for t in a['taxes'].values()]
    ids = iter(bulk.insert(InvoiceTax.__name__, [{
                    'invoice': i, 'description': t.tax.description,
                    'legal_notice': t.tax.legal_notice, 'base': t.base,
                    'amount': t.amount, 'manual': False, 'tax': t.tax.id,
                    'account': t.account.id,
                    } for i, t in ordered]))
    return [[next(ids) for _ in a['taxes']] for a in acts]


def act_move(company, date, accounts, invoice_id, act, line_ids, tax_ids):
    "The move of an act, as Invoice.get_move builds it"
    def amounts(amount):
        # an act credits its revenue and taxes, debits the receivable
        return {'debit': -amount if amount < 0 else ZERO,
            'credit': amount if amount >= 0 else ZERO}

    party = act['party']
    lines = []
    for line_id, line in zip(line_ids, act['lines']):
        lines.append({'account': line['account'],
                'party': (party if accounts[line['account']].party_required
                    else None),
                'origin': f'account.invoice.line,{line_id}',
                'tax_lines': [{'type': 'base', 'tax': t, 'amount': b}
                    for t, b in line['base_taxes']],
                **amounts(company.currency.round(line['unit_price']))})
    for tax_id, tax in zip(tax_ids, act['taxes'].values()):
        if not tax.amount:
            continue
        lines.append({'account': tax.account.id,
                'party': party if tax.account.party_required else None,
                'description': tax.tax.description,
                'origin': f'account.invoice.tax,{tax_id}',
                'tax_lines': [{'type': 'tax', 'tax': tax.tax.id,
                        'amount': tax.amount}],
                **amounts(tax.amount)})
    total = act['untaxed'] + act['tax']
    receivable = amounts(-total)
    lines.append({'account': act['account'], 'party': party,
            'maturity_date': act['payment_term_date'],
            'description': act['description'], **receivable})
    return {'company': company.id, 'journal': act['journal'], 'date': date,
        'origin': f'account.invoice,{invoice_id}', 'lines': lines}
