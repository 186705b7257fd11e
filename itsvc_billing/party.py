# This file is part of itsvc.
"""The client card's cooperation history gets bills, payments and acts."""
from sql import Cast, Literal
from sql.operators import Concat

from trytond.pool import Pool, PoolMeta


class ClientEvent(metaclass=PoolMeta):
    __name__ = 'itsvc.client.event'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.kind.selection.extend([
                ('bill', "Bill Issued"),
                ('payment', "Payment Registered"),
                ('act', "Act Posted"),
                ])

    @classmethod
    def _document_models(cls):
        return super()._document_models() + [
            'itsvc.bill', 'itsvc.payment', 'account.invoice']

    @classmethod
    def _queries(cls):
        pool = Pool()
        Bill = pool.get('itsvc.bill')
        Payment = pool.get('itsvc.payment')
        Invoice = pool.get('account.invoice')
        Installation = pool.get('itsvc.installation')
        bill = Bill.__table__()
        payment = Payment.__table__()
        invoice = Invoice.__table__()
        null = Cast(Literal(None), Installation.id.sql_type().base)
        varchar = cls.document.sql_type().base
        yield from super()._queries()
        yield bill.select(
            (bill.id * 8 + 5).as_('id'),
            bill.party.as_('party'),
            bill.date.as_('date'),
            Literal('bill').as_('kind'),
            Concat('itsvc.bill,', Cast(bill.id, varchar)).as_('document'),
            null.as_('product'), null.as_('service_point'),
            bill.company.as_('company'),
            where=bill.state == 'issued')
        yield payment.select(
            (payment.id * 8 + 6).as_('id'),
            payment.party.as_('party'),
            payment.date.as_('date'),
            Literal('payment').as_('kind'),
            Concat('itsvc.payment,', Cast(payment.id, varchar)
                ).as_('document'),
            null.as_('product'), null.as_('service_point'),
            payment.company.as_('company'),
            where=payment.state == 'registered')
        yield invoice.select(
            (invoice.id * 8 + 7).as_('id'),
            invoice.party.as_('party'),
            invoice.invoice_date.as_('date'),
            Literal('act').as_('kind'),
            Concat('account.invoice,', Cast(invoice.id, varchar)
                ).as_('document'),
            null.as_('product'), null.as_('service_point'),
            invoice.company.as_('company'),
            where=(invoice.type == 'out')
            & invoice.state.in_(['posted', 'paid']))


class Replace(metaclass=PoolMeta):
    "Merging two clients moves the references of this module too"
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('itsvc.discount', 'party'),
            ('itsvc.bill', 'party'),
            ('itsvc.billing.run', 'party'),
            ('itsvc.payment', 'party'),
            ('itsvc.payment.allocation', 'party'),
            ('itsvc.closing', 'party'),
            ]
