# This file is part of itsvc.
"""Helpers of the itsvc_distrib scenarios."""
import json
import threading
import urllib.error
import urllib.request

from itsvc_base.tests.tools import add_groups


def warehouse_group(config=None):
    "Make the admin a warehouse keeper of distributives"
    add_groups('Software Service Warehouse', config=config)


class Server:
    """trytond's WSGI application on a real socket of a free port.

    The test's thread serves each request while another thread sends it:
    the in-memory SQLite database of the tests lives in the test's thread.
    """

    def __init__(self):
        from trytond.wsgi import app
        from werkzeug.serving import make_server
        self.server = make_server('127.0.0.1', 0, app)
        self.url = f'http://127.0.0.1:{self.server.server_port}'

    def get(self, path, headers=None):
        "(status, JSON body) of a GET request"
        result = {}

        def fetch():
            request = urllib.request.Request(
                self.url + path, headers=headers or {})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    result['status'] = response.status
                    result['body'] = response.read()
            except urllib.error.HTTPError as error:
                result['status'] = error.code
                result['body'] = error.read()

        thread = threading.Thread(target=fetch)
        thread.start()
        self.server.handle_request()
        thread.join()
        return result['status'], json.loads(result['body'])

    def close(self):
        self.server.server_close()
