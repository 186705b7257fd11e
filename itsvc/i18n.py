"""Russian translations of the itsvc modules: export, merge and check.

`itsvc -d DB po-update MODULE...` writes MODULE/locale/ru.po from the
strings of the activated module, keeping the translations already there
(new strings get an empty msgstr). `itsvc -d DB po-check` lists the strings
of the itsvc modules that have no Russian translation and exits 1 if any.

Tryton's own modules get their Russian from addons/ru_i18n:
`itsvc ru-overrides --parts DIR` turns translated fragments of their ru.po
(DIR/<module>.po) into ru_i18n/locale/override/ru.po, and
`itsvc -d DB ui-untranslated` counts what a Russian user still sees in
English, module by module and in the web client (web/locale/ru.json).
"""
import sys
from pathlib import Path

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


# Russian of Tryton's own modules and of the web client ---------------------

WEB_LOCALE = ROOT / 'web' / 'locale' / 'ru.json'
SAO_LOCALE = ROOT / 'var' / 'sao' / 'locale'
RU_I18N = ROOT / 'addons' / 'ru_i18n'
# types whose translation is found by its source text, not by a record
SOURCE_TYPES = {'report', 'view', 'wizard_button', 'selection'}


def _key(type_, name, res_id, src):
    "What a translation is looked up by (module-agnostic, like Tryton)"
    return (type_, name, res_id, src if type_ in SOURCE_TYPES else None)


def untranslated(database):
    """Per activated module, the strings without a Russian value.

    A source string is an English ir.translation row (views and reports
    are registered first by the `ir.translation.set` wizard); it counts
    as translated when a row for lang ru with the same type, name, record
    (and source text for views, reports, buttons and selections) has a
    value that is not fuzzy, whatever module owns that row — the way
    Tryton looks translations up. Returns {module: {type: count}}."""
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    pool = Pool(database)
    pool.init()
    result = {}
    with Transaction().start(database, 0) as transaction:
        Translation = pool.get('ir.translation')
        Module = pool.get('ir.module')
        Set = pool.get('ir.translation.set', type='wizard')
        session_id, _, _ = Set.create()
        Set(session_id).transition_set_()
        modules = [m.name for m in Module.search(
                [('state', '=', 'activated')], order=[('name', 'ASC')])]
        fields = ['module', 'type', 'name', 'res_id', 'src']
        translated = set()
        for row in Translation.search_read([
                    ('lang', '=', 'ru'),
                    ('fuzzy', '=', False),
                    ('value', '!=', ''),
                    ('value', '!=', None),
                    ], fields_names=fields + ['value']):
            translated.add(_key(
                    row['type'], row['name'], row['res_id'], row['src']))
        for module in modules:
            result[module] = {}
        seen = set()
        for row in Translation.search_read([
                    ('lang', '=', 'en'),
                    ('module', 'in', modules),
                    ], fields_names=fields):
            if not (row['src'] or '').strip():
                continue
            key = _key(row['type'], row['name'], row['res_id'], row['src'])
            if key in seen:
                continue
            seen.add(key)
            if key not in translated:
                counts = result[row['module']]
                counts[row['type']] = counts.get(row['type'], 0) + 1
        # the Set wizard registered the views' strings: keep the database
        # as it was
        transaction.rollback()
    return result


def web_untranslated(path=WEB_LOCALE, catalog=SAO_LOCALE / 'messages.pot'):
    """Strings of the web client without Russian in web/locale/ru.json.

    The strings are those of the installed client's catalog
    (var/sao/locale/messages.pot) when it is there, else the keys of
    ru.json; punctuation-only strings need no translation."""
    import json
    import re

    import polib
    data = json.loads(path.read_text()) if path.exists() else {}
    if catalog.exists():
        keys = {e.msgid for e in polib.pofile(str(catalog))}
    else:
        keys = set(data)
    missing = []
    for key in sorted(k for k in keys if re.search(r'\w', k)):
        value = data.get(key) or []
        if not value[1:] or not all(value[1:]):
            missing.append(key)
    return missing


def _core_entries(module):
    "{(msgctxt, msgid): entry} of the Russian .po Tryton ships for module"
    import importlib.util

    import polib
    if module in {'ir', 'res'}:
        package = f'trytond.{module}'
    else:
        package = f'trytond.modules.{module}'
    spec = importlib.util.find_spec(package)
    if spec is None:
        raise SystemExit(f'{module}: no such Tryton module')
    path = Path(spec.origin).parent / 'locale' / 'ru.po'
    if not path.exists():
        return {}
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path))
        if not e.obsolete}


def override_entries(module, fragment):
    """The entries of ru_i18n that give module's strings their Russian.

    fragment holds entries like the module's locale/ru.po, msgstr filled.
    Tryton imports an entry whose resource id is "module.fs_id" by
    updating the row of that module for lang ru
    (`ir.translation.translation_import`), and fails when there is no such
    row: the rows of a module for ru are exactly the entries of its ru.po.
    So an entry known to the module's ru.po becomes an override
    ("field:party.address,attn:party."); a string the ru.po lacks but
    whose translation is not bound to a record (fields, views, ...)
    becomes a plain entry of ru_i18n ("field:party.address,attn:"), which
    Tryton finds as well since it looks translations up whatever their
    module. The plain entry serves too where Tryton has the same text as
    a fuzzy translation: an override that does not change the value keeps
    the row fuzzy. A record's string the ru.po lacks is skipped; one the
    ru.po has fuzzy with the same text is written as an override but also
    returned among the skipped, as Tryton alone keeps it fuzzy. Returns
    (entries, skipped)."""
    import polib
    core = _core_entries(module)
    # a resource without source text in its key must be unique to override
    names = {}
    for msgctxt, _ in core:
        names[msgctxt] = names.get(msgctxt, 0) + 1
    entries, skipped = [], []
    for entry in fragment:
        if entry.obsolete or not entry.msgctxt or not entry.msgid:
            continue
        plural = bool(entry.msgid_plural)
        if plural:
            values = dict(entry.msgstr_plural)
            if not all(values.values()):
                continue
        elif not entry.msgstr:
            continue
        if 'fuzzy' in entry.flags:
            continue
        type_, name, res_id = entry.msgctxt.split(':')
        if '.' in res_id:
            continue  # already an override
        known = core.get((entry.msgctxt, entry.msgid))
        # an override of a fuzzy row by the same text leaves it fuzzy
        same = known is not None and (
            known.msgstr == entry.msgstr if not plural
            else dict(known.msgstr_plural) == dict(entry.msgstr_plural))
        if same and 'fuzzy' not in known.flags:
            continue  # Tryton has it already
        unique = known is not None and (
            type_ in SOURCE_TYPES or names[entry.msgctxt] == 1)
        if unique and not same:
            msgctxt = f'{type_}:{name}:{module}.{res_id}'
        elif not res_id:
            msgctxt = entry.msgctxt
        elif unique:
            # kept fuzzy by Tryton unless ru_i18n clears the flag
            msgctxt = f'{type_}:{name}:{module}.{res_id}'
            skipped.append(entry)
        else:
            skipped.append(entry)
            continue
        new = polib.POEntry(msgctxt=msgctxt, msgid=entry.msgid,
            msgstr=entry.msgstr)
        if plural:
            new.msgid_plural = entry.msgid_plural
            new.msgstr_plural = dict(entry.msgstr_plural)
            new.msgstr = ''
        entries.append(new)
    return entries, skipped


def _dependencies(module):
    "The modules loaded before module: its depends, recursively"
    from trytond.modules import get_module_info
    result, todo = set(), [module]
    while todo:
        for depend in get_module_info(todo.pop()).get('depends', []):
            if depend not in result:
                result.add(depend)
                todo.append(depend)
    return result


def ru_overrides(parts, output=RU_I18N / 'locale' / 'override' / 'ru.po'):
    """Write ru_i18n's locale/override/ru.po from a folder of fragments.

    Each parts/MODULE.po holds entries of Tryton's MODULE/locale/ru.po
    with their msgstr filled; the file is rewritten whole from them, so
    running it again after adding fragments is all a merge needs. Strings
    already in ru_i18n/locale/ru.po are left to it. Returns
    {module: (written, skipped entries)}."""
    import polib
    own = set()
    main = RU_I18N / 'locale' / 'ru.po'
    if main.exists():
        own = {(e.msgctxt, e.msgid) for e in polib.pofile(str(main))}
    result = {}
    po = polib.POFile()
    po.metadata = {'Content-Type': 'text/plain; charset=utf-8'}
    seen = set(own)
    depends = _dependencies('ru_i18n')
    for path in sorted(Path(parts).glob('*.po')):
        module = path.stem
        if module not in depends:
            # its rows would not exist yet when ru_i18n is loaded
            raise SystemExit(f'{path}: add {module} to the depends of '
                'addons/ru_i18n/tryton.cfg first')
        entries, skipped = override_entries(module, polib.pofile(str(path)))
        written = 0
        for entry in entries:
            if (entry.msgctxt, entry.msgid) in seen:
                continue
            seen.add((entry.msgctxt, entry.msgid))
            po.append(entry)
            written += 1
        result[module] = (written, skipped)
    output.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(output))
    return result
