"""Overrides of other modules' translations, robust and confirmed."""
import os
import tempfile

import polib
from sql.operators import In

from trytond.pool import Pool, PoolMeta
from trytond.transaction import Transaction

# types whose rows are told apart by their source text
SOURCE_TYPES = {'report', 'view', 'wizard_button', 'selection'}


def _overrides(po_path):
    "(entry, key) of the entries overriding another module's row"
    for path in po_path:
        for entry in polib.pofile(path):
            if not entry.obsolete and '.' in entry.msgctxt.rsplit(':', 1)[-1]:
                yield entry, _key(entry)


class Translation(metaclass=PoolMeta):
    __name__ = 'ir.translation'

    @classmethod
    def translation_import(cls, lang, module, po_path):
        if module != 'ru_i18n':
            return super().translation_import(lang, module, po_path)
        if isinstance(po_path, str):
            po_path = [po_path]
        # Tryton fails on an override of a row that does not exist (a
        # string cleaned from the database): load the others only
        paths = cls._existing_overrides(lang, po_path)
        try:
            result = super().translation_import(lang, module, paths)
        finally:
            for path in paths:
                if path not in po_path:
                    os.unlink(path)
        cls._confirm_overrides(lang, po_path)
        return result

    @classmethod
    def _rows(cls, lang, modules, fuzzy=None):
        "Rows of the modules in lang by (module, fs_id, type, name, src)"
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        fs_ids = {}
        for data in ModelData.search([('module', 'in', list(modules))]):
            for model in [data.model, *cls.extra_model_data(data)]:
                fs_ids[(data.module, model, data.db_id)] = data.fs_id
        table = cls.__table__()
        where = (table.lang == lang) & In(table.module, list(modules))
        if fuzzy is not None:
            where &= table.fuzzy == fuzzy
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(table.id, table.module, table.name,
                table.res_id, table.type, table.src, table.value,
                where=where))
        rows = {}
        for id_, module, name, res_id, type_, src, value in cursor:
            if res_id == -1:
                fs_id = ''
            else:
                fs_id = fs_ids.get((module, name.split(',')[0], res_id))
            src = src if type_ in SOURCE_TYPES else None
            rows[(module, fs_id, type_, name, src)] = (id_, value)
        return rows

    @classmethod
    def _existing_overrides(cls, lang, po_path):
        "po_path, with copies left without overrides of missing rows"
        keys = {key for _, key in _overrides(po_path)}
        if not keys:
            return po_path
        rows = cls._rows(lang, {key[0] for key in keys})
        missing = keys - set(rows)
        if not missing:
            return po_path
        paths = []
        for path in po_path:
            pofile = polib.pofile(path)
            copy = polib.POFile()
            copy.metadata = pofile.metadata
            for entry in pofile:
                if (entry.obsolete or '.' not in entry.msgctxt.rsplit(
                            ':', 1)[-1] or _key(entry) not in missing):
                    copy.append(entry)
            if len(copy) == len(pofile):
                paths.append(path)
                continue
            handle, name = tempfile.mkstemp(suffix='.po')
            os.close(handle)
            copy.save(name)
            paths.append(name)
        return paths

    @classmethod
    def _confirm_overrides(cls, lang, po_path):
        """Clear the fuzzy flag of the rows overridden with their own text.

        Tryton updates an overridden row only when its value changes, so
        a fuzzy translation that is right stays fuzzy (and unused)."""
        wanted = {}
        for entry, key in _overrides(po_path):
            if 'fuzzy' in entry.flags:
                continue
            wanted[key] = (entry.msgstr_plural.get(0)
                if entry.msgid_plural else entry.msgstr)
        if not wanted:
            return
        rows = cls._rows(lang, {k[0] for k in wanted}, fuzzy=True)
        ids = [id_ for key, (id_, value) in rows.items()
            if value and wanted.get(key) == value]
        if ids:
            cls.write(cls.browse(ids), {'fuzzy': False})


def _key(entry):
    "(module, fs_id, type, name, src) of the row an override changes"
    type_, name, res_id = entry.msgctxt.split(':')
    module, fs_id = res_id.split('.', 1)
    src = entry.msgid if type_ in SOURCE_TYPES else None
    return (module, fs_id, type_, name, src)
