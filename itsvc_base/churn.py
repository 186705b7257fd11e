# This file is part of itsvc.
from sql import Cast, Literal, Null, Union
from sql.operators import Concat
from sql.operators import Exists
from trytond.model import DeactivableMixin, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.transaction import Transaction


class ExclusionReason(DeactivableMixin, ModelSQL, ModelView):
    __name__ = 'itsvc.exclusion.reason'

    name = fields.Char("Name", required=True, translate=True)


class WinBack(ModelSQL, ModelView):
    "Systems whose maintenance ended and was not resumed"
    __name__ = 'itsvc.winback'

    installation = fields.Many2One('itsvc.installation', "Installation")
    party = fields.Many2One('party.party', "Client")
    client_status = fields.Function(fields.Selection(
            'get_client_statuses', "Client Status"), 'get_client_status')
    product = fields.Many2One('product.product', "System")
    service_point = fields.Many2One('itsvc.service_point', "Service Point")
    company = fields.Many2One('company.company', "Company")
    end_date = fields.Date("Last Maintained Day")
    exclusion_reason = fields.Many2One(
        'itsvc.exclusion.reason', "Exclusion Reason")
    end_origin = fields.Reference("Ended By", selection='get_origins')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('end_date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def table_query(cls):
        pool = Pool()
        Period = pool.get('itsvc.installation.period')
        Installation = pool.get('itsvc.installation')
        Date = pool.get('ir.date')
        period = Period.__table__()
        later = Period.__table__()
        installation = Installation.__table__()
        today = Transaction().context.get('date') or Date.today()
        return period.join(installation,
            condition=period.installation == installation.id
            ).select(
                period.id.as_('id'),
                period.installation.as_('installation'),
                installation.party.as_('party'),
                period.product.as_('product'),
                period.service_point.as_('service_point'),
                installation.company.as_('company'),
                period.end_date.as_('end_date'),
                period.exclusion_reason.as_('exclusion_reason'),
                period.end_origin.as_('end_origin'),
                where=(period.end_date != Null)
                & (period.end_date < today)
                & ~Exists(later.select(later.id,
                        where=(later.installation == period.installation)
                        & (later.start_date > period.start_date))))

    @classmethod
    def get_origins(cls):
        Period = Pool().get('itsvc.installation.period')
        return Period.get_origins()

    @classmethod
    def get_client_statuses(cls):
        Party = Pool().get('party.party')
        return Party.fields_get(['client_status'])['client_status'][
            'selection']

    def get_client_status(self, name):
        return self.party.client_status


class ClientEvent(ModelSQL, ModelView):
    "An event of the cooperation with a client"
    __name__ = 'itsvc.client.event'

    party = fields.Many2One('party.party', "Client")
    date = fields.Date("Date")
    kind = fields.Selection([
            ('contract', "Contract Registered"),
            ('termination', "Contract Terminated"),
            ('amendment', "Amendment Registered"),
            ('start', "Maintenance Started"),
            ('end', "Maintenance Ended"),
            ], "Event")
    document = fields.Reference("Document", selection='get_documents')
    product = fields.Many2One('product.product', "System")
    service_point = fields.Many2One('itsvc.service_point', "Service Point")
    company = fields.Many2One('company.company', "Company")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('date', 'DESC'), ('id', 'DESC')]

    @classmethod
    def get_documents(cls):
        IrModel = Pool().get('ir.model')
        return [(None, '')] + [
            (m, IrModel.get_name(m)) for m in cls._document_models()]

    @classmethod
    def _document_models(cls):
        return ['itsvc.contract', 'itsvc.contract.line',
            'itsvc.contract.amendment', 'itsvc.contract.amendment.line']

    @classmethod
    def _queries(cls):
        "Sub-queries of the events; each gives a distinct id modulo 8"
        pool = Pool()
        Contract = pool.get('itsvc.contract')
        Amendment = pool.get('itsvc.contract.amendment')
        Period = pool.get('itsvc.installation.period')
        Installation = pool.get('itsvc.installation')
        contract = Contract.__table__()
        amendment = Amendment.__table__()
        contract_a = Contract.__table__()
        period = Period.__table__()
        installation = Installation.__table__()
        # typed, for the UNION on PostgreSQL
        null = Cast(Literal(None), Installation.id.sql_type().base)

        def reference(model, id_):
            return Concat(model + ',',
                Cast(id_, cls.document.sql_type().base))

        yield contract.select(
            (contract.id * 8).as_('id'),
            contract.party.as_('party'),
            contract.date.as_('date'),
            Literal('contract').as_('kind'),
            reference('itsvc.contract', contract.id).as_('document'),
            null.as_('product'), null.as_('service_point'),
            contract.company.as_('company'),
            where=contract.state.in_(['registered', 'terminated']))
        yield contract.select(
            (contract.id * 8 + 1).as_('id'),
            contract.party.as_('party'),
            contract.termination_date.as_('date'),
            Literal('termination').as_('kind'),
            reference('itsvc.contract', contract.id).as_('document'),
            null.as_('product'), null.as_('service_point'),
            contract.company.as_('company'),
            where=contract.state == 'terminated')
        yield amendment.join(contract_a,
            condition=amendment.contract == contract_a.id
            ).select(
                (amendment.id * 8 + 2).as_('id'),
                contract_a.party.as_('party'),
                amendment.effective_date.as_('date'),
                Literal('amendment').as_('kind'),
                reference('itsvc.contract.amendment',
                    amendment.id).as_('document'),
                null.as_('product'), null.as_('service_point'),
                contract_a.company.as_('company'),
                where=amendment.state == 'registered')
        yield period.join(installation,
            condition=period.installation == installation.id
            ).select(
                (period.id * 8 + 3).as_('id'),
                installation.party.as_('party'),
                period.start_date.as_('date'),
                Literal('start').as_('kind'),
                period.origin.as_('document'),
                period.product.as_('product'),
                period.service_point.as_('service_point'),
                installation.company.as_('company'))
        yield period.join(installation,
            condition=period.installation == installation.id
            ).select(
                (period.id * 8 + 4).as_('id'),
                installation.party.as_('party'),
                period.end_date.as_('date'),
                Literal('end').as_('kind'),
                period.end_origin.as_('document'),
                period.product.as_('product'),
                period.service_point.as_('service_point'),
                installation.company.as_('company'),
                where=period.end_date != Null)

    @classmethod
    def table_query(cls):
        queries = list(cls._queries())
        return Union(*queries, all_=True)
