# This file is part of itsvc.
"""Isolation of the dealers over a real RPC session.

A trytond server is started on a database of its own; the dealer logs in
with his password over JSON-RPC (the web client's protocol) and tries to
read, search, count and write the other dealer's records of every
isolated model. Nothing here runs as root or in a test transaction.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
from pathlib import Path

from itsvc_dealer.tests.rpc_data import MODELS, PASSWORD

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
RULE_ERRORS = ('because of at least one of these rules',)


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class RPCError(Exception):
    pass


class Session:
    "A JSON-RPC session of a user, as the web client opens it"

    def __init__(self, url, login, password):
        self.url = url
        self.id = 0
        user_id, session, *_ = self.call('common.db.login',
            [login, {'password': password}, 'en'], auth=False)
        token = base64.b64encode(
            f'{login}:{user_id}:{session}'.encode()).decode()
        self.headers = {'Authorization': f'Session {token}'}
        self.user_id = user_id
        self.context = self.call(
            'model.res.user.get_preferences', [True, {}])

    def call(self, method, params, auth=True):
        self.id += 1
        request = urllib.request.Request(self.url, method='POST',
            data=json.dumps({'id': self.id, 'method': method,
                    'params': params}).encode(),
            headers={'Content-Type': 'application/json',
                **(self.headers if auth else {})})
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        if answer.get('error'):
            raise RPCError(answer['error'])
        return answer['result']

    def model(self, model, method, *args):
        return self.call(f'model.{model}.{method}',
            [*args, self.context])


def on_postgresql():
    return os.environ.get('TRYTOND_DATABASE__URI', '').startswith(
        'postgresql')


class IsolationTestCase(unittest.TestCase):
    "Dealers over JSON-RPC: each sees only his company's records"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = Path(tempfile.mkdtemp(prefix='itsvc-dealer-rpc-'))
        cls.database = f'dealer_rpc_{os.getpid()}'
        cls.port = free_port()
        config = cls.tmp / 'trytond.conf'
        uri = '' if on_postgresql() else 'uri = sqlite://\n'
        config.write_text(
            f"[database]\n{uri}path = {cls.tmp}\n"
            f"[web]\nlisten = 127.0.0.1:{cls.port}\n")
        env = dict(os.environ, TRYTOND_CONFIG=str(config),
            TRYTOND_DATABASE__PATH=str(cls.tmp))
        env.pop('DB_CACHE', None)
        env.pop('DB_NAME', None)
        cls.env = env
        output = subprocess.run(
            [sys.executable, str(HERE / 'rpc_data.py'), cls.database],
            env=env, check=True, capture_output=True, text=True).stdout
        cls.data = json.loads(output.strip().splitlines()[-1])
        cls.log = open(cls.tmp / 'trytond.log', 'w')
        cls.server = subprocess.Popen([str(BIN / 'trytond'),
                '-c', str(config), '-d', cls.database],
            env=env, stdout=cls.log, stderr=subprocess.STDOUT)
        cls.url = f'http://127.0.0.1:{cls.port}/{cls.database}/rpc/'
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(
                    f'http://127.0.0.1:{cls.port}/', timeout=2).close()
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(10)
        cls.log.close()
        if on_postgresql():
            subprocess.run([sys.executable, '-c',
                    "from trytond import backend\n"
                    "db = backend.Database()\n"
                    "db.connect()\n"
                    "conn = db.get_connection(autocommit=True)\n"
                    f"db.drop(conn, {cls.database!r})\n"],
                env=cls.env, check=False)
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    def isolation(self, login, own, other):
        session = Session(self.url, login, PASSWORD)
        self.assertEqual(session.context['company'],
            self.data['companies'][own])
        mine = self.data['records'][own]
        theirs = self.data['records'][other]
        for model, (field, value) in MODELS.items():
            with self.subTest(login=login, model=model):
                own_id, other_id = mine[model], theirs[model]
                found = session.model(model, 'search', [], 0, None, None)
                self.assertIn(own_id, found)
                self.assertNotIn(other_id, found)
                self.assertEqual(session.model(model, 'search',
                        [('id', '=', other_id)], 0, None, None), [])
                self.assertEqual(session.model(model, 'search_count',
                        [('id', '=', other_id)], 0, None), 0)
                self.assertEqual(session.model(model, 'search_count',
                        [('id', '=', own_id)], 0, None), 1)
                self.assertEqual(session.model(
                        model, 'read', [own_id], ['id']),
                    [{'id': own_id}])
                with self.assertRaises(RPCError) as error:
                    session.model(model, 'read', [other_id], ['id'])
                self.assertIn(RULE_ERRORS[0], str(error.exception))
                try:
                    session.model(model, 'write', [own_id],
                        {field: value})
                    writable = True
                except RPCError:
                    writable = False
                with self.assertRaises(RPCError) as error:
                    session.model(model, 'write', [other_id],
                        {field: value})
                if writable:
                    self.assertIn(RULE_ERRORS[0], str(error.exception))
        return session

    def test_dealer1(self):
        "dealer1 sees the northern dealer's records only"
        self.isolation('dealer1', 'north', 'south')

    def test_dealer2(self):
        "dealer2 sees the southern dealer's records only"
        self.isolation('dealer2', 'south', 'north')

    def test_centre(self):
        "The director of the centre sees both dealers"
        session = Session(self.url, 'director', PASSWORD)
        for model in MODELS:
            with self.subTest(model=model):
                ids = [self.data['records'][k][model]
                    for k in ['north', 'south']]
                self.assertEqual(session.model(model, 'search_count',
                        [('id', 'in', ids)], 0, None), 2)

    def test_shared_client_base(self):
        "The dealer reads the other's client but cannot change him"
        session = Session(self.url, 'dealer1', PASSWORD)
        other = self.data['records']['south']['party']
        own = self.data['records']['north']['party']
        self.assertEqual(session.model('party.party', 'search_count',
                [('id', '=', other)], 0, None), 1)
        session.model('party.party', 'write', [own], {'kpp': '770101001'})
        with self.assertRaises(RPCError) as error:
            session.model('party.party', 'write', [other],
                {'kpp': '770101001'})
        self.assertIn(RULE_ERRORS[0], str(error.exception))
