"""Russian translations of the itsvc modules: export, merge and check.

`itsvc -d DB po-update MODULE...` writes MODULE/locale/ru.po from the
strings of the activated module, keeping the translations already there
(new strings get an empty msgstr). `itsvc -d DB po-check` lists the strings
of the itsvc modules that have no Russian translation and exits 1 if any.
"""
import sys

from .database import ADDONS, MODULES, ROOT


def _export(pool, module, lang='ru'):
    "The module's strings as Tryton exports them (bytes of a .po)"
    Update = pool.get('ir.translation.update', type='wizard')
    Export = pool.get('ir.translation.export', type='wizard')
    Lang = pool.get('ir.lang')
    Module = pool.get('ir.module')
    language, = Lang.search([('code', '=', lang)])
    # collect the strings of the views and reports, drop the obsolete ones
    Set = pool.get('ir.translation.set', type='wizard')
    session_id, _, _ = Set.create()
    Set(session_id).transition_set_()
    Clean = pool.get('ir.translation.clean', type='wizard')
    session_id, _, _ = Clean.create()
    Clean(session_id).transition_clean()
    session_id, _, _ = Update.create()
    update = Update(session_id)
    update.start.language = language
    update.do_update({})
    session_id, _, _ = Export.create()
    export = Export(session_id)
    export.start.language = language
    export.start.module, = Module.search([('name', '=', module)])
    export.transition_export()
    return bytes(export.result.file or b'')


def _entries(data):
    import polib
    return polib.pofile(data.decode('utf-8'))


def update(database, modules):
    import polib
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    missing = 0
    with Transaction().start(database, 0):
        for module in modules:
            folder = ROOT / 'addons' if module in ADDONS else ROOT
            path = folder / module / 'locale' / 'ru.po'
            known, overrides = {}, []
            if path.exists():
                for entry in polib.pofile(str(path)):
                    if entry.msgstr:
                        known[(entry.msgctxt, entry.msgid)] = entry.msgstr
                    if entry.msgctxt and '.' in entry.msgctxt.rsplit(
                            ':', 1)[-1]:
                        # translation of another module's record
                        overrides.append(entry)
            exported = _entries(_export(pool, module))
            for entry in exported:
                entry.flags = [f for f in entry.flags if f != 'fuzzy']
                entry.msgstr = known.get((entry.msgctxt, entry.msgid), '')
                if entry.msgid and not entry.msgstr:
                    missing += 1
                    print(f'{module}: {entry.msgctxt} {entry.msgid!r}',
                        file=sys.stderr)
            exported.extend(overrides)
            exported.metadata = {
                'Content-Type': 'text/plain; charset=utf-8'}
            exported.save(str(path))
    return missing


def check(database, modules=MODULES):
    "Strings of the modules without a Russian translation"
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    missing = []
    with Transaction().start(database, 0):
        for module in modules:
            for entry in _entries(_export(pool, module)):
                if entry.msgid and (
                        not entry.msgstr or 'fuzzy' in entry.flags):
                    missing.append((module, entry.msgctxt, entry.msgid))
    return missing
