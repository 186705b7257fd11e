"""Overrides that confirm a fuzzy translation of another module."""
import polib

from trytond.pool import Pool, PoolMeta

# types whose rows are told apart by their source text
SOURCE_TYPES = {'report', 'view', 'wizard_button', 'selection'}


class Translation(metaclass=PoolMeta):
    __name__ = 'ir.translation'

    @classmethod
    def translation_import(cls, lang, module, po_path):
        result = super().translation_import(lang, module, po_path)
        if module == 'ru_i18n':
            cls._confirm_overrides(lang, po_path)
        return result

    @classmethod
    def _confirm_overrides(cls, lang, po_path):
        """Clear the fuzzy flag of the rows overridden with their own text.

        Tryton updates an overridden row only when its value changes, so
        a fuzzy translation that is right stays fuzzy (and unused)."""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        if isinstance(po_path, str):
            po_path = [po_path]
        wanted = {}
        for path in po_path:
            for entry in polib.pofile(path):
                if entry.obsolete or 'fuzzy' in entry.flags:
                    continue
                type_, name, res_id = entry.msgctxt.split(':')
                if '.' not in res_id:
                    continue
                module, fs_id = res_id.split('.', 1)
                if entry.msgid_plural:
                    value = entry.msgstr_plural.get(0)
                else:
                    value = entry.msgstr
                src = entry.msgid if type_ in SOURCE_TYPES else None
                wanted[(module, fs_id, type_, name, src)] = value
        if not wanted:
            return
        modules = list({k[0] for k in wanted})
        fs_ids = {}
        for data in ModelData.search([('module', 'in', modules)]):
            for model in [data.model, *cls.extra_model_data(data)]:
                fs_ids[(data.module, model, data.db_id)] = data.fs_id
        to_save = []
        for row in cls.search([
                    ('lang', '=', lang),
                    ('fuzzy', '=', True),
                    ('module', 'in', modules),
                    ]):
            if row.res_id == -1:
                fs_id = ''
            else:
                fs_id = fs_ids.get(
                    (row.module, row.name.split(',')[0], row.res_id))
            src = row.src if row.type in SOURCE_TYPES else None
            value = wanted.get((row.module, fs_id, row.type, row.name, src))
            if value and value == row.value:
                row.fuzzy = False
                to_save.append(row)
        cls.save(to_save)
