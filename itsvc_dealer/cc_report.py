# This file is part of itsvc.
"""Monthly report to the coordination centre (КЦ): per system and version,
maintained installations at the month end, new, disconnected, and
distributives in stock and at clients; XLSX and CSV."""
import csv
import datetime as dt
import io
from collections import namedtuple

from sql import Null
from sql.aggregate import Count, Max, Min

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.model.exceptions import AccessError
from trytond.pool import Pool
from trytond.transaction import Transaction
from trytond.wizard import Button, StateTransition, StateView, Wizard

from itsvc_base.tabular import csv_text, xlsx_texts
from itsvc_base.tenure import month_bounds

Row = namedtuple('Row', ['product', 'system', 'version', 'maintained',
        'new', 'disconnected', 'in_stock', 'at_clients'])
COLUMNS = ['maintained', 'new', 'disconnected', 'in_stock', 'at_clients']


def report_companies(company, scope):
    "The company alone, or with every company below it"
    Company = Pool().get('company.company')
    if scope == 'centre':
        return [company.id]
    below = Company.search([('parent', 'child_of', [company.id])])
    return sorted({company.id} | {c.id for c in below})


def report_rows(company_ids, month):
    """Rows of the report, one per system, sorted by name; each figure
    counted in SQL over the installations of the companies"""
    pool = Pool()
    Installation = pool.get('itsvc.installation')
    Period = pool.get('itsvc.installation.period')
    Product = pool.get('product.product')
    installation = Installation.__table__()
    period = Period.__table__()
    cursor = Transaction().connection.cursor()
    first, last = month_bounds(month.year, month.month)
    ids = list(company_ids) or [-1]
    counts = {}

    def add(name, query):
        cursor.execute(*query)
        for product, count in cursor:
            counts.setdefault(product, dict.fromkeys(COLUMNS, 0))[
                name] = count

    join = installation.join(period,
        condition=period.installation == installation.id)
    not_transferred = ((installation.transferred_date == Null)
        | (installation.transferred_date > last))
    company = installation.company.in_(ids)
    add('maintained', join.select(installation.product,
            Count(installation.id, distinct=True),
            where=company & not_transferred & (period.start_date <= last)
            & ((period.end_date == Null) | (period.end_date >= last)),
            group_by=[installation.product]))
    # new: the first maintained day of the installation is in the month
    starts = period.select(period.installation,
        Min(period.start_date).as_('start'),
        group_by=[period.installation])
    add('new', installation.join(starts,
            condition=starts.installation == installation.id).select(
            installation.product, Count(installation.id),
            where=company & (starts.start >= first)
            & (starts.start <= last),
            group_by=[installation.product]))
    # disconnected: the last maintained day is in the month, not resumed
    ends = period.select(period.installation,
        Max(period.start_date).as_('start'),
        group_by=[period.installation])
    last_period = period.join(ends, condition=(
            ends.installation == period.installation)
        & (ends.start == period.start_date))
    add('disconnected', last_period.join(installation,
            condition=installation.id == period.installation).select(
            installation.product, Count(installation.id, distinct=True),
            where=company
            & (period.end_date >= first - dt.timedelta(days=1))
            & (period.end_date < last),
            group_by=[installation.product]))
    # at clients: every installed distributive not transferred
    add('at_clients', join.select(installation.product,
            Count(installation.id, distinct=True),
            where=company & not_transferred & (period.start_date <= last),
            group_by=[installation.product]))
    for product, count in stock_counts(ids, last).items():
        counts.setdefault(product, dict.fromkeys(COLUMNS, 0))[
            'in_stock'] = count
    products = Product.browse(list(counts))
    version_names = dict(Pool().get('product.template').fields_get(
            ['version_type'])['version_type']['selection'])
    rows = [Row(p.id, p.rec_name,
            version_names.get(p.template.version_type) or '',
            *(counts[p.id][c] for c in COLUMNS))
        for p in products]
    rows.sort(key=lambda r: (r.system, r.product))
    return rows


def stock_counts(company_ids, date):
    """{system product id: distributives in stock}: the lots of
    itsvc_distrib whose place is in stock now, when that module is
    activated (this module does not depend on it)"""
    pool = Pool()
    try:
        Lot = pool.get('stock.lot')
    except KeyError:
        return {}
    if not {'place', 'company'} <= set(Lot._fields):
        return {}
    lot = Lot.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute(*lot.select(lot.product, Count(lot.id),
            where=(lot.place == 'in_stock')
            & lot.company.in_(list(company_ids) or [-1]),
            group_by=[lot.product]))
    return dict(cursor)


def totals(rows):
    return {c: sum(getattr(r, c) for r in rows) for c in COLUMNS}


def headers():
    return [gettext('itsvc_dealer.msg_cc_system'),
        gettext('itsvc_dealer.msg_cc_version')] + [
        gettext(f'itsvc_dealer.msg_cc_{c}') for c in COLUMNS]


def to_csv(rows):
    "CSV as Russian spreadsheets open it: ; separated, UTF-8 with BOM"
    output = io.StringIO()
    writer = csv.writer(output, delimiter=';', lineterminator='\r\n')
    writer.writerow(headers())
    for row in rows:
        writer.writerow([csv_text(row.system), csv_text(row.version)]
            + [getattr(row, c) for c in COLUMNS])
    total = totals(rows)
    writer.writerow([gettext('itsvc_dealer.msg_cc_total'), '']
        + [total[c] for c in COLUMNS])
    return ('\ufeff' + output.getvalue()).encode('utf-8')


def to_xlsx(rows, title):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    book = Workbook()
    sheet = book.active
    sheet.title = gettext('itsvc_dealer.msg_cc_sheet')[:31]
    sheet.append([title])
    sheet['A1'].font = Font(bold=True)
    sheet.append(headers())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    first = sheet.max_row + 1
    xlsx_texts(sheet[1])
    for row in rows:
        sheet.append([row.system, row.version]
            + [getattr(row, c) for c in COLUMNS])
        xlsx_texts(sheet[sheet.max_row])
    last = sheet.max_row
    total = [gettext('itsvc_dealer.msg_cc_total'), '']
    for index in range(len(COLUMNS)):
        letter = chr(ord('C') + index)
        total.append(f'=SUM({letter}{first}:{letter}{last})'
            if rows else 0)
    sheet.append(total)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    # the computed totals, for readers that do not evaluate formulas
    values = totals(rows)
    sheet.append([gettext('itsvc_dealer.msg_cc_total_values'), '']
        + [values[c] for c in COLUMNS])
    sheet.column_dimensions['A'].width = 40
    sheet.column_dimensions['B'].width = 14
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


class ReportStart(ModelView):
    __name__ = 'itsvc.dealer.cc_report.start'

    company = fields.Many2One('company.company', "Company", required=True)
    period = fields.Date("Month", required=True, help="Any day of the month.")
    scope = fields.Selection([
            ('centre', "The Company Alone"),
            ('consolidated', "Consolidated with Dealers"),
            ], "Scope", required=True)

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_period():
        return Pool().get('ir.date').today().replace(day=1)

    @staticmethod
    def default_scope():
        return 'consolidated'


class ReportResult(ModelView):
    __name__ = 'itsvc.dealer.cc_report.result'

    xlsx_file = fields.Binary("XLSX", filename='xlsx_name', readonly=True)
    xlsx_name = fields.Char("XLSX Name", readonly=True)
    csv_file = fields.Binary("CSV", filename='csv_name', readonly=True)
    csv_name = fields.Char("CSV Name", readonly=True)
    summary = fields.Text("Summary", readonly=True)


class Report(Wizard):
    "Report to the Coordination Centre"
    __name__ = 'itsvc.dealer.cc_report'

    start = StateView('itsvc.dealer.cc_report.start',
        'itsvc_dealer.cc_report_start_view_form', [
            Button("Cancel", 'end', 'tryton-cancel'),
            Button("Build", 'build', 'tryton-ok', default=True),
            ])
    build = StateTransition()
    result = StateView('itsvc.dealer.cc_report.result',
        'itsvc_dealer.cc_report_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_build(self):
        return 'result'

    def default_result(self, fields):
        pool = Pool()
        Lang = pool.get('ir.lang')
        User = pool.get('res.user')
        start = self.start
        if (Transaction().user
                and start.company.id not in User.get_companies()):
            raise AccessError(gettext(
                    'itsvc_dealer.msg_cc_company_access',
                    company=start.company.rec_name))
        companies = report_companies(start.company, start.scope)
        rows = report_rows(companies, start.period)
        month = Lang.get().strftime(start.period, '%B %Y')
        key = ('itsvc_dealer.msg_cc_title_consolidated'
            if start.scope == 'consolidated'
            else 'itsvc_dealer.msg_cc_title')
        title = gettext(key, company=start.company.rec_name, month=month)
        name = f'cc-{start.period:%Y-%m}-{start.scope}'
        total = totals(rows)
        return {
            'xlsx_file': to_xlsx(rows, title),
            'xlsx_name': f'{name}.xlsx',
            'csv_file': to_csv(rows),
            'csv_name': f'{name}.csv',
            'summary': gettext('itsvc_dealer.msg_cc_summary',
                title=title, systems=len(rows), **total),
            }
