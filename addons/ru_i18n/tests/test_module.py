from pathlib import Path

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction
from trytond.transaction import Transaction


class RuI18nTestCase(ModuleTestCase):
    "Test ru_i18n module"
    module = 'ru_i18n'

    def _russian(self):
        pool = Pool()
        Lang = pool.get('ir.lang')
        russian, = Lang.search([('code', '=', 'ru')])
        Lang.load_translations([russian])

    def _field(self, name):
        Translation = Pool().get('ir.translation')
        return Translation.get_source(name, 'field', 'ru')

    @with_transaction()
    def test_record_override(self):
        "A record of another module gets its Russian name"
        pool = Pool()
        Month = pool.get('ir.calendar.month')
        self._russian()
        with Transaction().set_context(language='ru'):
            december, = Month.search([('index', '=', 12)])
            self.assertEqual(december.name, 'Декабрь')
            self.assertEqual(gettext('ir.msg_dict_yes'), 'Да')
            self.assertEqual(
                gettext('ir.msg_language_code_unique'),
                'Код языка должен быть уникальным.')

    @with_transaction()
    def test_field_override(self):
        "A field label untranslated by Tryton gets its Russian"
        self._russian()
        self.assertEqual(self._field('ir.lang,plural'), 'Множественное число')
        self.assertEqual(self._field('res.user,applications'), 'Приложения')

    @with_transaction()
    def test_fuzzy_confirmed(self):
        "A fuzzy field label of Tryton that is right is used"
        self._russian()
        self.assertEqual(self._field('ir.model.field,model_ref'), 'Модель')

    @with_transaction()
    def test_fuzzy_record_confirmed(self):
        """A fuzzy record translation of Tryton that is right is used
        (Tryton updates a row only when the text changes: ru_i18n clears
        the fuzzy flag of the rows it overrides with their own text)"""
        self._russian()
        with Transaction().set_context(language='ru'):
            self.assertEqual(gettext('ir.msg_active'), 'Действующий')

    @with_transaction()
    def test_override_of_missing_row(self):
        "An override of a row cleaned from the database is skipped"
        pool = Pool()
        Translation = pool.get('ir.translation')
        Month = pool.get('ir.calendar.month')
        self._russian()
        december, = Month.search([('index', '=', 12)])
        Translation.delete(Translation.search([
                    ('lang', '=', 'ru'),
                    ('name', '=', 'ir.calendar.month,name'),
                    ('res_id', '=', december.id),
                    ]))
        locale = Path(__file__).parent.parent / 'locale'
        Translation.translation_import('ru', 'ru_i18n', [
                str(locale / 'ru.po'), str(locale / 'override' / 'ru.po')])
        with Transaction().set_context(language='ru'):
            january, = Month.search([('index', '=', 1)])
            self.assertEqual(january.name, 'Январь')

    @with_transaction()
    def test_russian_time_zones(self):
        "Russia's time zones are named by their cities, Moscow's by МСК"
        Company = Pool().get('company.company')
        selection = dict(Company.timezone.selection)
        self.assertEqual(selection['Europe/Moscow'], "Москва (МСК)")
        self.assertEqual(selection['Asia/Novosibirsk'],
            "Новосибирск (МСК+4)")
        self.assertEqual(selection['Europe/Paris'], 'Europe/Paris')


del ModuleTestCase
