"""`itsvc` command: set-up of the database, demo centre, batch jobs."""
import argparse
import configparser
import datetime as dt
import os
import sys
import time
from pathlib import Path

from . import database

ROOT = database.ROOT
DEFAULT_CONFIG = ROOT / 'trytond.conf'
DEFAULT_PASSWORD = 'itsvc2026'


def _configure(path):
    "Load the configuration; SQLite files default to var/db of the project"
    from trytond.config import config
    config.update_etc(str(path))
    parser = configparser.ConfigParser()
    parser.read(path)
    if not (os.environ.get('TRYTOND_DATABASE__PATH')
            or parser.has_option('database', 'path')):
        config.set('database', 'path', str(ROOT / 'var' / 'db'))


def _stamp_path(name):
    from trytond import backend
    return ROOT / 'var' / 'stamps' / f'{backend.name}-{name}'


def admin_password(options):
    """The password of admin: the demo's with the demo, else --password,
    ITSVC_ADMIN_PASSWORD or asked; never the demo's without the demo"""
    if options.demo:
        return options.password or DEFAULT_PASSWORD
    password = (options.password
        or os.environ.get('ITSVC_ADMIN_PASSWORD'))
    if not password and sys.stdin.isatty():
        import getpass
        password = getpass.getpass('Password of admin: ')
    if not password:
        sys.exit('setup --no-demo needs the password of admin: '
            '--password, ITSVC_ADMIN_PASSWORD or typed at the prompt')
    if password == DEFAULT_PASSWORD:
        sys.exit('setup --no-demo refuses the password of the demo')
    return password


def setup(options):
    "Create or update the database, then load the demo centre once"
    _configure(options.config)
    from trytond import backend

    from . import demo

    started = time.monotonic()
    stamp = database.source_stamp()
    stamp_path = _stamp_path(options.database)
    created = False
    password = None
    if not database.exists(options.database):
        password = admin_password(options)
        print(f'Creating the {backend.name} database '
            f'"{options.database}"...', file=sys.stderr)
        database.create(options.database)
        created = True
    if (created or not stamp_path.exists()
            or stamp_path.read_text() != stamp):
        print('Activating the itsvc modules...', file=sys.stderr)
        database.activate(options.database)
        stamp_path.parent.mkdir(parents=True, exist_ok=True)
        stamp_path.write_text(stamp)
    if created:
        database.set_password(options.database, 'admin', password)
    if options.demo and not demo.loaded(options.database):
        demo.load(options.database, clients=options.clients,
            seed=options.seed,
            password=options.password or DEFAULT_PASSWORD)
    print(f'Database "{options.database}" ready in '
        f'{time.monotonic() - started:.1f} s', file=sys.stderr)


def run_demo(options):
    "Load the demo centre into an existing database"
    _configure(options.config)
    from . import demo
    if demo.loaded(options.database):
        print('The demo centre is already loaded.', file=sys.stderr)
        return
    demo.load(options.database, clients=options.clients, seed=options.seed,
        password=options.password or DEFAULT_PASSWORD)


def po_update(options):
    "Write the modules' locale/ru.po, keeping the known translations"
    _configure(options.config)
    from . import i18n
    missing = i18n.update(options.database, options.modules)
    print(f'{missing} string(s) to translate', file=sys.stderr)


def po_check(options):
    "Fail when a string of the itsvc modules has no Russian translation"
    _configure(options.config)
    from . import i18n
    missing = i18n.check(options.database)
    for module, context, msgid in missing:
        print(f'{module}: {context} {msgid!r}')
    print(f'{len(missing)} untranslated string(s)', file=sys.stderr)
    if missing:
        sys.exit(1)


def ui_untranslated(options):
    "Count the strings a Russian user sees in English; fail above --max"
    _configure(options.config)
    from . import i18n
    counts = i18n.untranslated(options.database)
    total = 0
    for module, types in counts.items():
        count = sum(types.values())
        total += count
        detail = ', '.join(f'{t} {n}' for t, n in sorted(types.items()))
        print(f'{module:24} {count:6}' + (f'  ({detail})' if detail else ''))
    web = i18n.web_untranslated()
    if options.verbose:
        for key in web:
            print(f'  web: {key!r}')
    total += len(web)
    print(f'{"web client (sao)":24} {len(web):6}')
    print(f'{"total":24} {total:6}')
    print(f'{total} untranslated UI string(s)', file=sys.stderr)
    if total > options.max:
        sys.exit(1)


def ru_overrides(options):
    "Turn translated fragments of core modules into ru_i18n overrides"
    from . import i18n
    result = i18n.ru_overrides(options.parts)
    for module, (written, skipped) in result.items():
        print(f'{module:24} {written:6} written, {len(skipped)} not '
            'effective')
        for entry in skipped:
            print(f'  not effective (no row to override, or a fuzzy row '
                f'with the same text): {entry.msgctxt} {entry.msgid!r}',
                file=sys.stderr)
    print(f'{sum(w for w, _ in result.values())} override(s) written to '
        f'{i18n.RU_I18N / "locale" / "override" / "ru.po"}',
        file=sys.stderr)


def _period(options):
    try:
        year, month = map(int, options.period.split('-'))
        return dt.date(year, month, 1)
    except ValueError:
        sys.exit(f'--period must be YYYY-MM, not {options.period!r}')


def billing_run(options):
    "Bill a month: `itsvc billing-run --period 2026-12 [--group small]`"
    _configure(options.config)
    from . import batch
    period = _period(options)
    date = dt.date.fromisoformat(options.date) if options.date else None
    batch.billing_run(options.database, period, group=options.group,
        client=options.client, date=date, login=options.user)


def close_month(options):
    "Acts of a month: `itsvc close-month --period 2026-12`"
    _configure(options.config)
    from . import batch
    period = _period(options)
    date = dt.date.fromisoformat(options.date) if options.date else None
    batch.close_month(options.database, period, date=date,
        login=options.user)


BATCH = {'setup', 'demo', 'billing-run', 'close-month'}


def main(argv=None):
    parser = argparse.ArgumentParser(prog='itsvc',
        description="itsvc: software dealer ERP on Tryton")
    parser.add_argument('-c', '--config', type=Path,
        default=Path(os.environ.get('TRYTOND_CONFIG', DEFAULT_CONFIG)))
    parser.add_argument('-d', '--database', default='itsvc')
    commands = parser.add_subparsers(dest='command', required=True)

    def demo_options(sub):
        sub.add_argument('--clients', type=int, default=200,
            help="number of clients of the demo centre (default 200)")
        sub.add_argument('--seed', type=int, default=2026)
        sub.add_argument('--password',
            help="password of admin and of the demo users (with the demo: "
            f"{DEFAULT_PASSWORD} by default; without: "
            "ITSVC_ADMIN_PASSWORD or asked)")

    sub = commands.add_parser('setup',
        help="create or update the database and load the demo once")
    sub.add_argument('--no-demo', dest='demo', action='store_false')
    demo_options(sub)
    sub.set_defaults(func=setup)

    sub = commands.add_parser('demo', help="load the demo centre")
    demo_options(sub)
    sub.set_defaults(func=run_demo)

    sub = commands.add_parser('billing-run', help="bill a month")
    sub.add_argument('--period', required=True, help="YYYY-MM")
    sub.add_argument('--group', help="client group code")
    sub.add_argument('--client', help="ИНН of one client")
    sub.add_argument('--date', help="bill date YYYY-MM-DD (default today)")
    sub.add_argument('--user', default='admin',
        help="login of the user who runs it (default admin)")
    sub.set_defaults(func=billing_run)

    sub = commands.add_parser('close-month',
        help="create the acts of the paid lines of a month")
    sub.add_argument('--period', required=True, help="YYYY-MM")
    sub.add_argument('--date', help="act date YYYY-MM-DD (default: the "
        "last day of the month)")
    sub.add_argument('--user', default='admin',
        help="login of the user who runs it (default admin)")
    sub.set_defaults(func=close_month)

    sub = commands.add_parser('po-update',
        help="update the Russian .po files of modules")
    sub.add_argument('modules', nargs='+')
    sub.set_defaults(func=po_update)

    sub = commands.add_parser('po-check',
        help="list the strings without Russian translation")
    sub.set_defaults(func=po_check)

    sub = commands.add_parser('ui-untranslated',
        help="count the UI strings without Russian, per module and in "
        "the web client")
    sub.add_argument('--max', type=int, default=0,
        help="exit 1 only when more strings than this are untranslated "
        "(default 0)")
    sub.add_argument('-v', '--verbose', action='store_true',
        help="list the web client's untranslated strings")
    sub.set_defaults(func=ui_untranslated)

    sub = commands.add_parser('ru-overrides',
        help="write addons/ru_i18n/locale/override/ru.po from translated "
        "fragments of Tryton's modules (DIR/<module>.po)")
    sub.add_argument('--parts', type=Path, required=True,
        help="folder of the fragments, one <module>.po each")
    sub.set_defaults(func=ru_overrides)

    options = parser.parse_args(argv)
    if options.command in BATCH and not sys.flags.optimize and argv is None:
        # Tryton checks with an assert the ids of the batch of every record
        # it makes: the square of the size of the batch. Batch jobs run
        # optimized, without asserts (PYTHONOPTIMIZE=1 for the workers).
        os.execv(sys.executable, [sys.executable, '-O', '-c',
                'from itsvc.cli import main; main()'] + sys.argv[1:])
    from .transaction import Busy
    try:
        options.func(options)
    except Busy as error:
        sys.exit(f'itsvc {options.command}: {error}')


if __name__ == '__main__':
    main()
