# This file is part of itsvc.
"""Update packages and the log of the clients' update requests."""
import datetime as dt
import hmac
import re

from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction

RESULTS = [
    ('delivered', "Delivered"),
    ('not_maintained', "Refused: Not Maintained"),
    ('wrong_key', "Refused: Wrong Key"),
    ('unknown', "Unknown Number"),
    ]
STATUS = {
    'delivered': 200,
    'not_maintained': 403,
    # an unknown number is answered as a wrong key: the answer does not
    # tell which registration numbers exist
    'wrong_key': 401,
    'unknown': 401,
    }
# the refused keys allowed per registration number and per address in the
# window; beyond, the requests are answered 429 and not logged
FAILURES_PER_NUMBER = 10
FAILURES_PER_ADDRESS = 30
FAILURES_WINDOW = dt.timedelta(minutes=10)


def version_key(version):
    "Versions compare by their numbers: 2026.10 is newer than 2026.9"
    return tuple(int(n) for n in re.findall(r'\d+', version or ''))


class Package(ModelSQL, ModelView):
    __name__ = 'itsvc.update.package'

    company = fields.Many2One('company.company', "Company", required=True,
        ondelete='RESTRICT')
    product = fields.Many2One('product.product', "System", required=True,
        domain=[('itsvc_kind', '=', 'system')], ondelete='RESTRICT')
    version = fields.Char("Version", required=True)
    release_date = fields.Date("Release Date", required=True)
    file = fields.Binary("File", filename='file_name')
    file_name = fields.Char("File Name")
    note = fields.Text("Note")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.add(Index(t, (t.product, Index.Range())))
        cls._order = [('release_date', 'DESC'), ('id', 'DESC')]

    @staticmethod
    def default_company():
        return Transaction().context.get('company')

    @staticmethod
    def default_release_date():
        return Pool().get('ir.date').today()

    def get_rec_name(self, name):
        return f'{self.product.rec_name} {self.version}'

    @classmethod
    def newer(cls, lot, version):
        "The packages of the lot's system newer than version, oldest first"
        packages = cls.search([
                ('product', '=', lot.product.id),
                ('company', '=', lot.company.id),
                ])
        current = version_key(version)
        return sorted((p for p in packages
                if version_key(p.version) > current),
            key=lambda p: (version_key(p.version), p.release_date))

    def as_dict(self):
        return {
            'version': self.version,
            'release_date': self.release_date.isoformat(),
            'file_name': self.file_name,
            'size': len(self.file or b''),
            }


class Request(ModelSQL, ModelView):
    __name__ = 'itsvc.update.request'

    company = fields.Many2One('company.company', "Company",
        readonly=True, ondelete='RESTRICT')
    request_time = fields.DateTime("Time", readonly=True, required=True)
    registration_number = fields.Char("Registration Number",
        readonly=True)
    distributive = fields.Many2One('stock.lot', "Distributive",
        readonly=True, ondelete='RESTRICT')
    installation = fields.Many2One('itsvc.installation', "Installation",
        readonly=True, ondelete='RESTRICT')
    service_point = fields.Many2One('itsvc.service_point', "Service Point",
        readonly=True, ondelete='RESTRICT')
    version = fields.Char("Client Version", readonly=True)
    result = fields.Selection(RESULTS, "Result", readonly=True,
        required=True)
    packages = fields.Integer("Packages", readonly=True,
        help="The number of packages delivered.")
    reason = fields.Char("Reason", readonly=True)
    address = fields.Char("Address", readonly=True,
        help="The network address of the updater.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.service_point, Index.Range()),
                    (t.request_time, Index.Range())),
                Index(t, (t.installation, Index.Range())),
                })
        cls._order = [('request_time', 'DESC'), ('id', 'DESC')]

    @classmethod
    def throttled(cls, number, address):
        "Whether the refused keys of the number or the address are too many"
        since = cls._now() - FAILURES_WINDOW
        failed = [('result', 'in', ['wrong_key', 'unknown']),
            ('request_time', '>=', since)]
        if cls.search_count(failed + [('registration_number', '=', number)],
                limit=FAILURES_PER_NUMBER) >= FAILURES_PER_NUMBER:
            return True
        return bool(address) and cls.search_count(
            failed + [('address', '=', address)],
            limit=FAILURES_PER_ADDRESS) >= FAILURES_PER_ADDRESS

    @classmethod
    def serve(cls, number, key, version, address=None):
        """Answer an updater: (HTTP status, JSON body), the request logged.

        The packages newer than version go to a distributive whose key
        matches and whose installation is maintained today."""
        pool = Pool()
        Lot = pool.get('stock.lot')
        Package = pool.get('itsvc.update.package')
        Installation = pool.get('itsvc.installation')
        Date = pool.get('ir.date')
        body = {'registration_number': number}
        if cls.throttled(number, address):
            body['result'] = 'throttled'
            body['reason'] = gettext('itsvc_distrib.msg_update_throttled')
            return 429, body
        log = cls(request_time=cls._now(), registration_number=number,
            version=version, packages=0, address=address)
        lots = Lot.search([
                ('number', '=', number),
                ('product.itsvc_kind', '=', 'system'),
                ])
        matching = [l for l in lots if l.update_key and key
            and hmac.compare_digest(l.update_key, key)]
        if not lots:
            log.result = 'unknown'
            log.reason = gettext('itsvc_distrib.msg_update_unknown',
                number=number)
        elif not matching:
            log.result = 'wrong_key'
            log.reason = gettext('itsvc_distrib.msg_update_wrong_key',
                number=number)
            if len(lots) == 1:
                log.set_distributive(lots[0])
        else:
            lot, = matching
            log.set_distributive(lot)
            installation = lot.installation
            today = Date.today()
            body['system'] = lot.product.rec_name
            if lot.place == 'transferred' or (installation
                    and installation.transferred_date
                    and installation.transferred_date <= today):
                log.result = 'not_maintained'
                log.reason = gettext('itsvc_distrib.msg_update_transferred',
                    number=number)
            elif not installation or lot.place != 'at_client':
                log.result = 'not_maintained'
                log.reason = gettext('itsvc_distrib.msg_update_not_installed',
                    number=number)
            elif not Installation.maintained_ids([installation.id], today):
                log.result = 'not_maintained'
                log.reason = gettext(
                    'itsvc_distrib.msg_update_not_maintained',
                    number=number, date=today.strftime('%d.%m.%Y'))
            else:
                log.result = 'delivered'
                packages = Package.newer(lot, version)
                log.packages = len(packages)
                body['packages'] = [p.as_dict() for p in packages]
        log.save()
        if log.result in {'unknown', 'wrong_key'}:
            # the same answer for both
            body['result'] = 'refused'
            body['reason'] = gettext('itsvc_distrib.msg_update_refused',
                number=number)
        else:
            body['result'] = log.result
            if log.reason:
                body['reason'] = log.reason
        return STATUS[log.result], body

    @staticmethod
    def _now():
        return dt.datetime.now().replace(microsecond=0)

    def set_distributive(self, lot):
        self.distributive = lot
        self.company = lot.company
        if lot.installation:
            self.installation = lot.installation
            self.service_point = lot.installation.service_point
