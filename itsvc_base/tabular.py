# This file is part of itsvc.
"""Read rows of a CSV or XLSX file as lists of strings and values."""
import csv
import datetime as dt
import io


class TabularError(Exception):
    "The file cannot be read as a table"


def read_rows(data, filename=''):
    "Rows of the first sheet (XLSX) or of the CSV text, header included"
    if data[:2] == b'PK' or (filename or '').lower().endswith('.xlsx'):
        return _read_xlsx(data)
    return _read_csv(data)


def _read_xlsx(data):
    try:
        from openpyxl import load_workbook
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exception:
        raise TabularError(str(exception)) from exception
    sheet = workbook.worksheets[0]
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append(['' if v is None else v for v in row])
    workbook.close()
    return rows


def _read_csv(data):
    for encoding in ('utf-8-sig', 'cp1251'):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TabularError("unknown encoding")
    first = text.split('\n', 1)[0]
    delimiter = max([';', ',', '\t'], key=first.count)
    try:
        return [row for row in csv.reader(
                io.StringIO(text, newline=''), delimiter=delimiter)]
    except csv.Error as exception:
        raise TabularError(str(exception)) from exception


def parse_date(value):
    "A date from a date, dd.mm.yyyy or yyyy-mm-dd; None if invalid"
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    value = str(value).strip()
    for format_ in ('%d.%m.%Y', '%Y-%m-%d', '%d.%m.%y'):
        try:
            return dt.datetime.strptime(value, format_).date()
        except ValueError:
            continue
    return None


def text(value):
    "A cell as stripped text; integers read as floats lose their '.0'"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# the first characters that make a spreadsheet read a text as a formula
FORMULA_PREFIXES = ('=', '+', '-', '@', '\t', '\r')


def csv_text(value):
    "The value for a CSV cell: a text never read as a formula"
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xlsx_texts(cells):
    "Keep the texts of the XLSX cells as texts, never formulas"
    for cell in cells:
        if (isinstance(cell.value, str)
                and cell.value.startswith(FORMULA_PREFIXES)):
            cell.data_type = 's'
