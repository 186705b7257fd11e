"""Report templates replaceable per company."""
from trytond.pool import Pool

from . import report


def register():
    Pool.register(
        report.ActionReport,
        report.ActionReportCompany,
        module='report_company', type_='model')
