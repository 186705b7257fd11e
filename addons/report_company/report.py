# This file is part of report_company.
"""Per-company report templates.

A record of ``ir.action.report.company`` holds a template file for one
report action and one company. When the report is printed, the template
of the user's current company (``Transaction().context['company']``) is
rendered if there is one, else the report's own template."""
import copy
import os
from io import BytesIO

import relatorio.reporting

from trytond.cache import MemoryCache
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.model.exceptions import ValidationError
from trytond.pool import Pool, PoolMeta
from trytond.report.report import MIMETYPES
from trytond.transaction import Transaction

# file extensions accepted for a template extension (flat ODF files too)
EXTENSIONS = {
    'odt': {'odt', 'fodt'},
    'ods': {'ods', 'fods'},
    'odp': {'odp', 'fodp'},
    'odg': {'odg', 'fodg'},
    'html': {'html', 'htm'},
    'xhtml': {'xhtml', 'html', 'htm'},
    }


class ActionReport(metaclass=PoolMeta):
    __name__ = 'ir.action.report'

    company_templates = fields.One2Many(
        'ir.action.report.company', 'report', "Company Templates",
        help="Templates replacing this report's template for a company.")

    def get_template_cached(self):
        template = self.company_template()
        if template is not None:
            return template
        return super().get_template_cached()

    def company_template(self):
        """The relatorio template of the current company's own file or
        None"""
        pool = Pool()
        Template = pool.get('ir.action.report.company')
        company = Transaction().context.get('company')
        if not company or self.id is None or self.id < 0:
            return None
        key = (self.id, company)
        template = Template._company_cache.get(key, -1)
        if template == -1:
            with Transaction().set_context(_check_access=False):
                records = Template.search([
                        ('report', '=', self.id),
                        ('company', '=', company),
                        ], limit=1)
            if records:
                mimetype = MIMETYPES[self.template_extension]
                loader = relatorio.reporting.MIMETemplateLoader()
                klass = loader.factories[loader.get_type(mimetype)]
                template = klass(BytesIO(records[0].template))
            else:
                template = None
            Template._company_cache.set(key, template)
        if template is not None:
            template = copy.copy(template)
        return template


class ActionReportCompany(ModelSQL, ModelView):
    "Report Template of a Company"
    __name__ = 'ir.action.report.company'
    __string__ = "Company Report Template"
    report = fields.Many2One(
        'ir.action.report', "Report", required=True, ondelete='CASCADE')
    company = fields.Many2One(
        'company.company', "Company", required=True, ondelete='CASCADE')
    template = fields.Binary(
        "Template", filename='template_name', required=True,
        help="The file printed instead of the standard template for this "
        "company: the same format (extension) as the standard one.")
    template_name = fields.Char("Template Name")
    template_extension = fields.Function(
        fields.Char("Template Extension"), 'on_change_with_template_extension')
    standard_template = fields.Function(
        fields.Binary("Standard Template", filename='standard_template_name',
            help="The report's own template: download it to start from."),
        'on_change_with_standard_template')
    standard_template_name = fields.Function(
        fields.Char("Standard Template Name"),
        'on_change_with_standard_template_name')
    note = fields.Text("Note")
    _company_cache = MemoryCache('ir.action.report.company', context=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints = [
            ('report_company_unique', Unique(t, t.report, t.company),
                'report_company.msg_report_company_unique'),
            ]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @fields.depends('report', '_parent_report.template_extension')
    def on_change_with_template_extension(self, name=None):
        if self.report:
            return self.report.template_extension

    @fields.depends('report', '_parent_report.report')
    def on_change_with_standard_template(self, name=None):
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        if self.report and self.report.id is not None and self.report.id >= 0:
            return ActionReport(self.report.id).report_content

    @fields.depends('report', '_parent_report.name',
        '_parent_report.template_extension')
    def on_change_with_standard_template_name(self, name=None):
        if self.report:
            return self.report.on_change_with_report_content_name()

    def get_rec_name(self, name):
        return f'{self.report.rec_name} ({self.company.rec_name})'

    @classmethod
    def validate_fields(cls, records, field_names):
        super().validate_fields(records, field_names)
        if field_names and not (
                field_names & {'template_name', 'report'}):
            return
        for record in records:
            if not record.template_name:
                continue
            _, extension = os.path.splitext(record.template_name)
            expected = record.report.template_extension
            if extension.lstrip('.').lower() not in EXTENSIONS.get(
                    expected, {expected}):
                raise ValidationError(gettext(
                        'report_company.msg_template_extension',
                        template=record.template_name,
                        report=record.report.rec_name,
                        extension=expected))

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        cls._company_cache.clear()
