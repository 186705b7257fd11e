# This file is part of itsvc.
"""Export of the rows of a report to XLSX, with the report's columns as
the user reads them."""
import datetime as dt
import io
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction, check_access
from trytond.wizard import Button, StateTransition, StateView, Wizard

from itsvc_base.tabular import xlsx_texts

from .common import month_range
from .exceptions import ExportError

MODELS = ['itsvc.report.maintained', 'itsvc.report.churn',
    'itsvc.report.revenue']


def table(Model, records):
    """(headers, rows, totals) of the records with the model's export
    fields; totals of the numeric columns"""
    names = Model._export_fields
    definitions = Model.fields_get(names)
    selections = {}
    for name, definition in definitions.items():
        if definition['type'] == 'selection':
            selection = definition['selection']
            if isinstance(selection, str):
                selection = getattr(Model, selection)()
            selections[name] = dict(selection)
    headers = [definitions[n]['string'] for n in names]
    rows = []
    for record in records:
        row = []
        for name in names:
            value = getattr(record, name)
            if definitions[name]['type'] == 'many2one':
                value = value.rec_name if value else None
            elif name in selections:
                value = selections[name].get(value, value)
            row.append(value)
        rows.append(row)
    totals = []
    for index, name in enumerate(names):
        if definitions[name]['type'] in {'integer', 'numeric'}:
            totals.append(sum((r[index] or 0 for r in rows),
                    Decimal(0) if definitions[name]['type'] == 'numeric'
                    else 0))
        else:
            totals.append(None)
    return headers, rows, totals


def to_xlsx(title, headers, rows, totals):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet['A1'].font = Font(bold=True)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    xlsx_texts(sheet[1])
    for row in rows:
        sheet.append(row)
        xlsx_texts(sheet[sheet.max_row])
        for cell, value in zip(sheet[sheet.max_row], row):
            if isinstance(value, dt.date):
                cell.number_format = 'DD.MM.YYYY'
            elif isinstance(value, Decimal):
                cell.number_format = '#,##0.00'
    total = list(totals)
    total[0] = gettext('itsvc_report.msg_export_total')
    sheet.append(total)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index in range(len(headers)):
        sheet.column_dimensions[chr(ord('A') + index)].width = 18
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


class ExportResult(ModelView):
    "Export to XLSX"
    __name__ = 'itsvc.report.export.result'

    file = fields.Binary("File", filename='filename', readonly=True)
    filename = fields.Char("File Name", readonly=True)
    rows = fields.Integer("Rows", readonly=True)


class Export(Wizard):
    "Export to XLSX"
    __name__ = 'itsvc.report.export'

    start = StateTransition()
    result = StateView('itsvc.report.export.result',
        'itsvc_report.export_result_view_form', [
            Button("Close", 'end', 'tryton-close', default=True),
            ])

    def transition_start(self):
        return 'result'

    def default_result(self, fields):
        pool = Pool()
        IrModel = pool.get('ir.model')
        model = self.model.__name__ if self.model else None
        if model not in MODELS:
            raise ExportError(gettext('itsvc_report.msg_export_model'))
        Model = pool.get(model)
        # the selected rows (read by the wizard under the record rules), or
        # all the rows of the report's context that the user may read
        with check_access():
            records = list(self.records) or Model.search([])
        headers, rows, totals = table(Model, records)
        title = IrModel.get_name(model)
        context = Transaction().context
        if model == 'itsvc.report.maintained':
            date = context.get('date') or pool.get('ir.date').today()
            suffix = date.isoformat()
        else:
            first, last = month_range()
            suffix = f'{first:%Y-%m}_{last:%Y-%m}'
        return {
            'file': to_xlsx(title, headers, rows, totals),
            'filename': f'{model.split(".")[-1]}-{suffix}.xlsx',
            'rows': len(rows),
            }
