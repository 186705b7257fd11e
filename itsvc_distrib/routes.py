# This file is part of itsvc.
"""The endpoint the clients' updaters call.

GET /<database>/itsvc/updates/<registration number>?version=<version>
with the distributive's key in the header X-Itsvc-Key (or ?key=).
"""
import json

from trytond.protocols.wrappers import (
    Response, with_pool, with_transaction)
from trytond.transaction import Transaction
from trytond.wsgi import app


@app.route('/<database_name>/itsvc/updates/<number>', methods={'GET'})
@with_pool
@with_transaction(readonly=False)
def updates(request, pool, number):
    Request = pool.get('itsvc.update.request')
    key = request.headers.get('X-Itsvc-Key') or request.args.get('key')
    version = request.args.get('version', '')
    language = request.accept_languages.best_match(
        ['ru', 'en'], default='ru')
    with Transaction().set_context(language=language):
        status, body = Request.serve(number, key, version)
    return Response(json.dumps(body, ensure_ascii=False), status=status,
        content_type='application/json; charset=utf-8')
