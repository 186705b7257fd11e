"""A JSON-RPC client of trytond, as the web client talks to it."""
import base64
import gzip
import json
import urllib.request


class RPCError(Exception):
    "An error answered by the server: (kind, (message, description, ...))"

    def __init__(self, error):
        super().__init__(error)
        self.kind = error[0]
        args = error[1] if len(error) > 1 else ()
        self.text = args[0] if args and isinstance(args, list) else str(args)


class Session:
    "A logged-in user's session on one database"

    def __init__(self, url, database, login, password, language='en'):
        self.url = f'{url}{database}/rpc/'
        self.context = {'language': language}
        self.authorization = None
        user_id, session = self.call('common.db.login', login,
            {'password': password}, language)[:2]
        token = f'{login}:{user_id}:{session}'.encode()
        self.authorization = 'Session ' + base64.b64encode(token).decode()
        self.user_id = user_id
        # like the web client: the user's preferences are the context
        self.context = self.call(
            'model.res.user.get_preferences', True, self.context)
        self.context['language'] = language

    def call(self, method, *params):
        request = urllib.request.Request(self.url, json.dumps({
                    'id': 1, 'method': method, 'params': list(params),
                    }).encode(), {'Content-Type': 'application/json',
                # as browsers do: trytond compresses the large answers
                'Accept-Encoding': 'gzip'})
        if self.authorization:
            request.add_header('Authorization', self.authorization)
        with urllib.request.urlopen(request, timeout=120) as response:
            data = response.read()
            if response.headers.get('Content-Encoding') == 'gzip':
                data = gzip.decompress(data)
            answer = json.loads(data)
        if answer.get('error'):
            raise RPCError(answer['error'])
        return answer['result']

    def model(self, model, method, *args):
        "Call a model's method with the session's context last"
        return self.call(f'model.{model}.{method}', *args, self.context)

    def search(self, model, domain, limit=None):
        return self.model(model, 'search', domain, 0, limit, None)
