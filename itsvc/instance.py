"""A throw-away itsvc instance (configuration, database, server) for the
tests and the benchmarks."""
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SAO = ROOT / 'var' / 'sao'


def on_postgresql():
    return os.environ.get('TRYTOND_DATABASE__URI', '').startswith(
        'postgresql')


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class Instance:
    "A configuration and a database of their own, in a temporary folder"

    def __init__(self, database, port=None):
        self.tmp = Path(tempfile.mkdtemp(prefix='itsvc-test-'))
        self.database = f'{database}_{os.getpid()}'
        self.port = port or free_port()
        self.config = self.tmp / 'trytond.conf'
        uri = '' if on_postgresql() else 'uri = sqlite://\n'
        self.config.write_text(
            f"[database]\n{uri}path = {self.tmp}\n"
            f"[web]\nlisten = 127.0.0.1:{self.port}\nroot = {SAO}\n"
            "[password]\nlength = 8\n")
        self.env = dict(os.environ, TRYTOND_CONFIG=str(self.config),
            TRYTOND_DATABASE__PATH=str(self.tmp))
        self.url = f'http://127.0.0.1:{self.port}/'

    def itsvc(self, *args):
        return subprocess.run(
            [str(BIN / 'itsvc'), '-c', str(self.config),
                '-d', self.database, *args],
            env=self.env, check=True, capture_output=True, text=True)

    def setup_demo(self, clients):
        """`itsvc setup --clients N`. On SQLite with a database cache
        (DB_CACHE, as the test runner sets it) the demo is made once per
        size and source: the next instances get a copy of it"""
        cache = os.environ.get('DB_CACHE')
        if not cache:
            self.itsvc('setup', '--clients', str(clients))
        elif on_postgresql():
            self._setup_demo_postgresql(clients, cache)
        else:
            self._setup_demo_sqlite(clients, cache)

    def _setup_demo_sqlite(self, clients, cache):
        cached = Path(cache) / f'demo-{clients}.sqlite'
        target = self.tmp / f'{self.database}.sqlite'
        if cached.exists():
            copy_sqlite(cached, target)
        else:
            self.itsvc('setup', '--clients', str(clients))
            partial = cached.with_name(f'{cached.name}.{os.getpid()}')
            copy_sqlite(target, partial)
            os.replace(partial, cached)

    def _setup_demo_postgresql(self, clients, cache):
        "The demo kept as a template database of the cluster"
        template = 'demo_%s_%s' % (clients, Path(cache).name[:16])
        exists = self._postgresql(
            "SELECT 1 FROM pg_database WHERE datname = %s", template)
        if exists:
            self._postgresql(
                f'CREATE DATABASE "{self.database}" TEMPLATE "{template}"')
        else:
            self.itsvc('setup', '--clients', str(clients))
            self._postgresql(
                f'CREATE DATABASE "{template}" TEMPLATE "{self.database}"')

    def _postgresql(self, query, *params):
        "Run a query on the cluster's default database; its rows"
        return self.python(
            "from trytond import backend\n"
            "db = backend.Database()\n"
            "db.connect()\n"
            "conn = db.get_connection(autocommit=True)\n"
            "cursor = conn.cursor()\n"
            f"cursor.execute({query!r}, {params!r})\n"
            "print(cursor.fetchall() if cursor.description else [])\n"
            "db.put_connection(conn)\n").strip() not in ('', '[]')

    def python(self, code):
        "Run code with trytond configured for this instance; return stdout"
        result = subprocess.run([sys.executable, '-c', code],
            env=self.env, capture_output=True, text=True)
        if result.returncode:
            raise RuntimeError(result.stderr)
        return result.stdout

    def drop(self):
        if on_postgresql():
            self.python(
                "from trytond import backend\n"
                "db = backend.Database()\n"
                "db.connect()\n"
                "conn = db.get_connection(autocommit=True)\n"
                f"db.drop(conn, {self.database!r})\n")


def copy_sqlite(source, target):
    "Copy a SQLite database with its write-ahead log (the backup API)"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


class Server:
    "trytond serving an instance's database over HTTP (and the web client)"

    def __init__(self, instance):
        self.instance = instance
        self.log = open(instance.tmp / 'trytond.log', 'w')
        self.process = subprocess.Popen([str(BIN / 'trytond'),
                '-c', str(instance.config), '-d', instance.database],
            env=instance.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(instance.url, timeout=2).close()
                break
            except urllib.error.HTTPError:
                break  # it answers (no web client installed)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        self.log.close()
