# This file is part of itsvc.
from collections import defaultdict

from sql import Null
from sql.operators import Exists
from trytond import backend
from trytond.i18n import gettext
from trytond.model import Index, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval
from trytond.tools import grouped_slice, reduce_ids
from trytond.transaction import Transaction

from .exceptions import InstallationError
from .sql import as_date
from .tenure import tenure_start


def format_date(date):
    "The date as the user's language writes it (10.01.2026 in Russian)"
    Lang = Pool().get('ir.lang')
    return Lang.get().strftime(date)


def month_name(date):
    "«Декабрь 2026» in the user's language"
    Lang = Pool().get('ir.lang')
    return Lang.get().strftime(date, '%B %Y')


STATES = [
    ('maintained', "Maintained"),
    ('not_maintained', "Not Maintained"),
    ('transferred', "Transferred"),
    ]


class Installation(ModelSQL, ModelView):
    __name__ = 'itsvc.installation'

    company = fields.Many2One(
        'company.company', "Company", required=True, readonly=True,
        ondelete='RESTRICT')
    party = fields.Many2One(
        'party.party', "Client", required=True, readonly=True,
        ondelete='RESTRICT')
    service_point = fields.Many2One(
        'itsvc.service_point', "Service Point", required=True, readonly=True,
        ondelete='RESTRICT')
    product = fields.Many2One(
        'product.product', "System", required=True, readonly=True,
        ondelete='RESTRICT',
        help="The system installed now (a switch changes its version).")
    version_type = fields.Function(fields.Selection(
            'get_version_types', "Version Type"), 'get_version_type')
    contract = fields.Many2One(
        'itsvc.contract', "Contract", required=True, readonly=True,
        ondelete='RESTRICT')
    origin = fields.Reference("Origin", selection='get_origins',
        readonly=True, help="The contract line or amendment line that "
        "created the installation.")
    specialist = fields.Function(fields.Many2One(
            'company.employee', "Maintenance Specialist"),
        'get_specialist', searcher='search_specialist')
    periods = fields.One2Many(
        'itsvc.installation.period', 'installation', "Maintained Periods",
        readonly=True, order=[('start_date', 'ASC')])
    transferred_date = fields.Date("Transferred", readonly=True,
        help="The date the system was transferred to a third party.")
    state = fields.Function(fields.Selection(STATES, "State"),
        'get_state', searcher='search_state')
    tenure_start = fields.Function(fields.Date("Tenure Start",
            help="Loyalty discounts count maintenance years from this "
            "date."), 'get_tenure_start')
    maintained_since = fields.Function(
        fields.Date("Maintained Since"), 'get_maintained_since')
    note = fields.Text("Note")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.party, Index.Range())),
                Index(t, (t.contract, Index.Range())),
                })
        cls._order = [('party.name', 'ASC'), ('id', 'ASC')]

    @classmethod
    def get_origins(cls):
        IrModel = Pool().get('ir.model')
        return [(None, '')] + [
            (m, IrModel.get_name(m)) for m in cls._get_origins()]

    @classmethod
    def _get_origins(cls):
        return ['itsvc.contract.line', 'itsvc.contract.amendment.line']

    @classmethod
    def get_version_types(cls):
        Template = Pool().get('product.template')
        return Template.fields_get(['version_type'])['version_type'][
            'selection']

    def get_version_type(self, name):
        return self.product.version_type

    def get_specialist(self, name):
        specialist = self.service_point.specialist
        return specialist.id if specialist else None

    @classmethod
    def search_specialist(cls, name, clause):
        return [('service_point.specialist' + clause[0][len(name):],
                *clause[1:])]

    def get_rec_name(self, name):
        return f'{self.product.rec_name} — {self.service_point.rec_name}'

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value = clause
        bool_op = 'AND' if operator.startswith(('!', 'not ')) else 'OR'
        return [bool_op,
            ('product.rec_name', operator, value),
            ('service_point.rec_name', operator, value),
            ]

    @staticmethod
    def _today():
        Date = Pool().get('ir.date')
        return Transaction().context.get('date') or Date.today()

    @classmethod
    def maintained_ids(cls, ids, date):
        "Ids among ids with a period covering date"
        Period = Pool().get('itsvc.installation.period')
        period = Period.__table__()
        cursor = Transaction().connection.cursor()
        result = set()
        for sub_ids in grouped_slice(ids, backend.MAX_QUERY_PARAMS):
            cursor.execute(*period.select(period.installation,
                    where=reduce_ids(period.installation, sub_ids)
                    & (period.start_date <= date)
                    & ((period.end_date == Null)
                        | (period.end_date >= date))))
            result.update(r for r, in cursor)
        return result

    @classmethod
    def get_state(cls, installations, name):
        today = cls._today()
        maintained = cls.maintained_ids([i.id for i in installations], today)
        result = {}
        for installation in installations:
            if (installation.transferred_date
                    and installation.transferred_date <= today):
                result[installation.id] = 'transferred'
            elif installation.id in maintained:
                result[installation.id] = 'maintained'
            else:
                result[installation.id] = 'not_maintained'
        return result

    @classmethod
    def search_state(cls, name, clause):
        pool = Pool()
        Period = pool.get('itsvc.installation.period')
        table = cls.__table__()
        period = Period.__table__()
        _, operator, value = clause
        today = cls._today()
        if operator in {'=', '!='}:
            values = {value}
        elif operator in {'in', 'not in'}:
            values = set(value or [])
        else:
            return []
        transferred = ((table.transferred_date != Null)
            & (table.transferred_date <= today))
        covered = Exists(period.select(period.id,
                where=(period.installation == table.id)
                & (period.start_date <= today)
                & ((period.end_date == Null) | (period.end_date >= today))))
        conditions = []
        if 'transferred' in values:
            conditions.append(transferred)
        if 'maintained' in values:
            conditions.append(~transferred & covered)
        if 'not_maintained' in values:
            conditions.append(~transferred & ~covered)
        if not conditions:
            where = table.id == Null
        else:
            where = conditions[0]
            for condition in conditions[1:]:
                where |= condition
        query = table.select(table.id, where=where)
        if operator in {'!=', 'not in'}:
            return [('id', 'not in', query)]
        return [('id', 'in', query)]

    @classmethod
    def periods_by_installation(cls, ids):
        "{installation id: [(start, end), ...]} read in one query a slice"
        Period = Pool().get('itsvc.installation.period')
        period = Period.__table__()
        cursor = Transaction().connection.cursor()
        result = defaultdict(list)
        for sub_ids in grouped_slice(ids, backend.MAX_QUERY_PARAMS):
            cursor.execute(*period.select(
                    period.installation, period.start_date, period.end_date,
                    where=reduce_ids(period.installation, sub_ids)))
            for installation, start, end in cursor:
                result[installation].append((as_date(start), as_date(end)))
        return result

    @classmethod
    def get_tenure_start(cls, installations, name):
        Configuration = Pool().get('itsvc.configuration')
        gap = Configuration(1).loyalty_gap_months
        today = cls._today()
        periods = cls.periods_by_installation([i.id for i in installations])
        return {i.id: tenure_start(periods[i.id], today, gap)
            for i in installations}

    @classmethod
    def get_maintained_since(cls, installations, name):
        periods = cls.periods_by_installation([i.id for i in installations])
        return {i.id: min((s for s, _ in periods[i.id]), default=None)
            for i in installations}

    def current_period(self, date):
        "The period covering date, if any"
        for period in self.periods:
            if period.start_date <= date and (
                    period.end_date is None or period.end_date >= date):
                return period

    def later_period(self, date):
        "A period starting after date, if any"
        for period in self.periods:
            if period.start_date > date:
                return period

    def check_maintained(self, date, document):
        "The period covering date and starting before it"
        period = self.current_period(date)
        if not period:
            raise InstallationError(gettext(
                    'itsvc_base.msg_installation_not_maintained',
                    installation=self.rec_name, date=format_date(date),
                    document=document))
        if period.start_date >= date:
            raise InstallationError(gettext(
                    'itsvc_base.msg_installation_period_starts',
                    installation=self.rec_name, date=format_date(date),
                    document=document))
        return period


class Period(ModelSQL, ModelView):
    __name__ = 'itsvc.installation.period'

    installation = fields.Many2One(
        'itsvc.installation', "Installation", required=True,
        ondelete='CASCADE')
    product = fields.Many2One(
        'product.product', "System", required=True, ondelete='RESTRICT')
    service_point = fields.Many2One(
        'itsvc.service_point', "Service Point", required=True,
        ondelete='RESTRICT')
    start_date = fields.Date("Start Date", required=True)
    end_date = fields.Date("End Date",
        domain=['OR',
            ('end_date', '=', None),
            ('end_date', '>=', Eval('start_date')),
            ],
        help="The last maintained day; empty while maintained.")
    origin = fields.Reference("Started By", selection='get_origins',
        help="The document that started the period.")
    end_origin = fields.Reference("Ended By", selection='get_origins',
        help="The document that ended the period.")
    exclusion_reason = fields.Many2One(
        'itsvc.exclusion.reason', "Exclusion Reason", ondelete='RESTRICT')
    party = fields.Function(
        fields.Many2One('party.party', "Client"), 'get_party',
        searcher='search_party')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_indexes.update({
                Index(t, (t.installation, Index.Range()),
                    (t.start_date, Index.Range())),
                Index(t, (t.start_date, Index.Range()),
                    (t.end_date, Index.Range())),
                })
        cls._order = [('start_date', 'ASC'), ('id', 'ASC')]

    @classmethod
    def get_origins(cls):
        IrModel = Pool().get('ir.model')
        return [(None, '')] + [
            (m, IrModel.get_name(m)) for m in cls._get_origins()]

    @classmethod
    def _get_origins(cls):
        return ['itsvc.contract', 'itsvc.contract.line',
            'itsvc.contract.amendment.line']

    def get_party(self, name):
        return self.installation.party.id

    @classmethod
    def search_party(cls, name, clause):
        return [('installation.party' + clause[0][len(name):], *clause[1:])]

    def get_rec_name(self, name):
        end = self.end_date.isoformat() if self.end_date else '…'
        return f'{self.start_date.isoformat()} — {end}'
