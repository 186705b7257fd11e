# This file is part of itsvc.
"""The endpoint the clients' updaters call.

GET /<database>/itsvc/updates/<registration number>?version=<version>
with the distributive's key in the header X-Itsvc-Key (only there: a key
in the address would be kept in the logs of the proxies).
"""
import json
import re

from trytond.protocols.wrappers import (
    Response, with_pool, with_transaction)
from trytond.transaction import Transaction
from trytond.wsgi import app


@app.route('/<database_name>/itsvc/updates/<number>', methods={'GET'})
@with_pool
@with_transaction(readonly=False)
def updates(request, pool, number):
    Request = pool.get('itsvc.update.request')
    key = request.headers.get('X-Itsvc-Key') or ''
    version = request.args.get('version', '')
    if not (NUMBER.fullmatch(number) and KEY.fullmatch(key)
            and VERSION.fullmatch(version)):
        return _answer(400, {'result': 'malformed'})
    language = request.accept_languages.best_match(
        ['ru', 'en'], default='ru')
    with Transaction().set_context(language=language):
        status, body = Request.serve(
            number, key, version, address=request.remote_addr)
    return _answer(status, body)


# what an updater sends: anything else is answered 400 before any look-up
NUMBER = re.compile(r'[0-9A-Za-z._/-]{1,64}')
KEY = re.compile(r'[\x21-\x7e]{1,256}')
VERSION = re.compile(r'[0-9A-Za-z._-]{0,64}')


def _answer(status, body):
    return Response(json.dumps(body, ensure_ascii=False), status=status,
        content_type='application/json; charset=utf-8')
