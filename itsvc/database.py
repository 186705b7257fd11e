"""Create, activate and update the itsvc database."""
import hashlib
import os
from pathlib import Path

from sql import Table

ADDONS = [
    'ru_i18n',
    'bank_exchange_1c',
    'party_ru',
    'account_ru',
    'report_company',
    ]
MODULES = ADDONS + [
    'itsvc_base',
    'itsvc_billing',
    'itsvc_distrib',
    'itsvc_dealer',
    'itsvc_press',
    'itsvc_plan',
    'itsvc_report',
    ]
ROOT = Path(__file__).resolve().parent.parent


def source_stamp():
    "Hash of every module file, to skip the update when nothing changed"
    digest = hashlib.sha256()
    from importlib.metadata import distributions
    for dist in sorted(
            distributions(), key=lambda d: d.metadata['Name'] or ''):
        name = dist.metadata['Name'] or ''
        if name.lower().startswith(('trytond', 'itsvc')):
            digest.update(f'{name}={dist.version};'.encode())
    for module in MODULES:
        folder = ROOT / ('addons' if module in ADDONS else '') / module
        for path in sorted(folder.rglob('*')):
            if path.is_file() and '__pycache__' not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def exists(name):
    from trytond import backend
    database = backend.Database()
    database.connect()
    try:
        return name in database.list()
    finally:
        database.close()


def create(name, lang='ru'):
    """Create an empty Tryton database with ir and res.

    English stays the database's default language (Tryton's translation
    tools require it); lang is made translatable and is the language of
    the users."""
    from trytond import backend
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    if backend.name == 'sqlite':
        from trytond.config import config
        os.makedirs(config.get('database', 'path'), exist_ok=True)
    database = backend.Database()
    database.connect()
    connection = database.get_connection(autocommit=True)
    try:
        database.create(connection, name)
    finally:
        database.put_connection(connection)
        database.close()

    database = backend.Database(name)
    connection = database.get_connection()
    try:
        with connection.cursor() as cursor:
            database.init()
            configuration = Table('ir_configuration')
            cursor.execute(*configuration.insert(
                    [configuration.language], [['en']]))
        connection.commit()
    finally:
        database.put_connection(connection)

    pool = Pool(name)
    pool.init(update=['res', 'ir'], lang=['en', lang])
    with Transaction().start(name, 0):
        Lang = pool.get('ir.lang')
        Module = pool.get('ir.module')
        language, = Lang.search([('code', '=', lang)])
        language.translatable = True
        language.save()
        Module.update_list()


def activate(name, modules=MODULES, lang='ru'):
    "Activate or upgrade the modules, activating their dependencies"
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    pool = Pool(name)
    pool.init(update=list(modules), lang=['en', lang], activatedeps=True)
    with Transaction().start(name, 0):
        Lang = pool.get('ir.lang')
        User = pool.get('res.user')
        language, = Lang.search([('code', '=', lang)])
        admin, = User.search([('login', '=', 'admin')])
        if admin.language != language:
            admin.language = language
            admin.save()


def set_password(name, login, password):
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    pool = Pool(name)
    with Transaction().start(name, 0):
        User = pool.get('res.user')
        user, = User.search([('login', '=', login)])
        User.write([user], {'password': password})
