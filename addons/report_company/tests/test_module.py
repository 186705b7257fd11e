# This file is part of report_company.
import subprocess
import tempfile

from trytond.model.exceptions import SQLConstraintError, ValidationError
from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

TEMPLATE = '''<!DOCTYPE html>
<html xmlns:py="http://genshi.edgewall.org/"><head><meta charset="utf-8"/>
</head><body><p py:for="party in records">%s ${party.name}</p>
</body></html>'''


def pdf_text(content):
    "The text of a PDF by pdftotext"
    with tempfile.NamedTemporaryFile(suffix='.pdf') as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(['pdftotext', '-layout', pdf.name, '-'],
            capture_output=True, text=True, check=True).stdout


class ReportCompanyTestCase(ModuleTestCase):
    "Test report_company module"
    module = 'report_company'

    @with_transaction()
    def test_company_template(self):
        "The current company's template replaces the standard one"
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        Template = pool.get('ir.action.report.company')
        Party = pool.get('party.party')
        Label = pool.get('party.label', type='report')

        company_a = create_company('Альфа')
        company_b = create_company('Бета')
        action, = ActionReport.create([{
                    'name': 'Карточка',
                    'model': 'party.party',
                    'report_name': 'party.label',
                    'template_extension': 'html',
                    'extension': 'pdf',
                    'translatable': False,
                    'report_content_custom': (
                        TEMPLATE % 'Стандартная форма').encode(),
                    }])
        party, = Party.create([{'name': 'ООО «Гамма»'}])

        def print_(company):
            with set_company(company):
                oext, content, _, _ = Label.execute(
                    [party.id], {'action_id': action.id})
            self.assertEqual(oext, 'pdf')
            return pdf_text(content)

        self.assertIn('Стандартная форма ООО «Гамма»', print_(company_a))

        with set_company(company_a):
            template, = Template.create([{
                        'report': action.id,
                        'template': (TEMPLATE % 'Форма Альфы').encode(),
                        'template_name': 'card.html',
                        }])
        self.assertEqual(template.company, company_a)
        self.assertEqual(template.template_extension, 'html')
        self.assertIn('Стандартная форма'.encode(), template.standard_template)
        self.assertEqual(template.standard_template_name, 'Карточка.html')

        text = print_(company_a)
        self.assertIn('Форма Альфы ООО «Гамма»', text)
        self.assertNotIn('Стандартная форма', text)
        self.assertIn('Стандартная форма ООО «Гамма»', print_(company_b))

        # the report's own content stays the standard template
        action = ActionReport(action.id)
        self.assertIn('Стандартная форма'.encode(), action.report_content)
        self.assertEqual(action.company_templates, (template,))

        # a new version of the file is printed at once
        with set_company(company_a):
            Template.write([template], {
                    'template': (TEMPLATE % 'Новая форма').encode()})
        self.assertIn('Новая форма ООО «Гамма»', print_(company_a))

        # removed: the standard one again
        Template.delete([template])
        self.assertIn('Стандартная форма ООО «Гамма»', print_(company_a))

    @with_transaction()
    def test_template_checks(self):
        "One template per report and company, of the standard's format"
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        Template = pool.get('ir.action.report.company')
        company = create_company()
        action, = ActionReport.search([('report_name', '=', 'party.label')])
        with set_company(company):
            template, = Template.create([{
                        'report': action.id,
                        'template': b'x',
                        'template_name': 'label.fodt',
                        }])
            with self.assertRaises(ValidationError):
                Template.write([template], {'template_name': 'label.html'})
            with self.assertRaises(SQLConstraintError):
                Template.create([{
                            'report': action.id,
                            'template': b'y',
                            }])


del ModuleTestCase
