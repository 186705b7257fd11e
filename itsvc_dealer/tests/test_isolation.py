# This file is part of itsvc.
"""Isolation of the dealers over a real RPC session.

A trytond server is started on a database of its own; the dealer logs in
with his password over JSON-RPC (the web client's protocol) and tries to
read, search, count and write the other dealer's records of every
isolated model. Nothing here runs as root or in a test transaction.
"""
import json
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

from itsvc.instance import Instance, Server
from itsvc.rpc import RPCError, Session
from itsvc_dealer.tests.rpc_data import MODELS, PASSWORD

HERE = Path(__file__).resolve().parent
RULE_ERRORS = ('because of at least one of these rules',)


class IsolationTestCase(unittest.TestCase):
    "Dealers over JSON-RPC: each sees only his company's records"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.instance = Instance('dealer_rpc')
        cls.instance.env.pop('DB_CACHE', None)
        cls.instance.env.pop('DB_NAME', None)
        output = subprocess.run(
            [sys.executable, str(HERE / 'rpc_data.py'),
                cls.instance.database],
            env=cls.instance.env, check=True, capture_output=True,
            text=True).stdout
        cls.data = json.loads(output.strip().splitlines()[-1])
        cls.server = Server(cls.instance)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.instance.drop()
        shutil.rmtree(cls.instance.tmp, ignore_errors=True)
        super().tearDownClass()

    def session(self, login):
        return Session(self.instance.url, self.instance.database, login,
            PASSWORD)

    def isolation(self, login, own, other):
        session = self.session(login)
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
        session = self.session('director')
        for model in MODELS:
            with self.subTest(model=model):
                ids = [self.data['records'][k][model]
                    for k in ['north', 'south']]
                self.assertEqual(session.model(model, 'search_count',
                        [('id', 'in', ids)], 0, None), 2)

    def test_shared_client_base(self):
        "The dealer reads the other's client but cannot change him"
        session = self.session('dealer1')
        other = self.data['records']['south']['party']
        own = self.data['records']['north']['party']
        self.assertEqual(session.model('party.party', 'search_count',
                [('id', '=', other)], 0, None), 1)
        session.model('party.party', 'write', [own], {'kpp': '770101001'})
        with self.assertRaises(RPCError) as error:
            session.model('party.party', 'write', [other],
                {'kpp': '770101001'})
        self.assertIn(RULE_ERRORS[0], str(error.exception))

    def test_shared_client_card(self):
        "The card of the other's client lists only what the dealer may read"
        session = self.session('dealer1')
        other = self.data['records']['south']['party']
        lists = {
            'maintained_installations': 'itsvc.installation',
            'disconnected_installations': 'itsvc.installation',
            'installations': 'itsvc.installation',
            'service_points': 'itsvc.service_point',
            'contracts': 'itsvc.contract',
            'timeline': 'itsvc.client.event',
            }
        card, = session.model('party.party', 'read', [other], list(lists))
        for name, model in lists.items():
            with self.subTest(field=name):
                # the web client reads every line it is given
                session.model(model, 'read', list(card[name]), ['rec_name'])
        self.assertEqual(card['contracts'], [])
        self.assertEqual(card['maintained_installations'], [])
