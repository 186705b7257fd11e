# This file is part of itsvc.
"""The fields of a document that belong to its workflow.

A document with a workflow (contract, bill, payment, price list version…)
changes its state, its number, its totals, its links to other documents
only by its transitions and by the batch jobs, which run without the
access check.  From outside (a write over RPC) nobody writes them, and
once the document has left its draft state nothing but the fields it
declares editable can be written.  Tryton's ``check_modification`` gets
``external=True`` exactly for the writes made over RPC: the buttons and
the wizards run without the access check.
"""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool
from trytond.transaction import Transaction, check_access

from .exceptions import DocumentModifyError

# written by Tryton itself on every record
SYSTEM_FIELDS = {'id', 'rec_name', 'create_uid', 'create_date', 'write_uid',
    'write_date', '_timestamp'}


def check_rules(Model, records, mode):
    "Refuse the records of other companies before naming them in an error"
    Rule = Pool().get('ir.rule')
    ids = [r.id for r in records if r.id is not None and r.id >= 0]
    if ids:
        with check_access():
            Rule.check(Model.__name__, ids, mode)


class WorkflowFieldsMixin:
    """Refuse the external writes of the workflow's fields and of
    everything but the editable fields outside the draft states"""
    __slots__ = ()
    # the states in which the fields other than the workflow's are written
    _draft_states = {'draft'}
    # the fields written by the transitions besides the read-only ones
    _workflow_fields = set()
    # the fields still written outside the draft states
    _editable_fields = set()
    # {state: fields} also written in a state outside the draft states
    _editable_in_state = {}
    # the workflow's fields that create() sets from the other values
    _set_on_create = set()
    # (message id, name of the document's parameter) of the refusal of a
    # change out of the draft states, when the document has its own
    _not_draft_message = None
    # the exception of the refusals
    _modify_error = DocumentModifyError

    @classmethod
    def workflow_fields(cls):
        "The names of the fields that only the workflow writes"
        names = SYSTEM_FIELDS | {cls._transition_state} | cls._workflow_fields
        for name, field in cls._fields.items():
            if field.readonly is True:
                names.add(name)
            elif (isinstance(field, fields.Function)
                    and not field.setter):
                names.add(name)
        return names - cls._editable_fields

    @classmethod
    def editable_fields(cls, record):
        "The names of the fields written from outside on record"
        state = getattr(record, cls._transition_state)
        if state in cls._draft_states:
            return set(cls._fields) - cls.workflow_fields()
        return cls._editable_fields | (
            cls._editable_in_state.get(state, set()) - cls.workflow_fields())

    @classmethod
    def check_modification(cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if not external:
            return
        if mode in {'write', 'delete'}:
            check_rules(cls, records, mode)
        if mode == 'write':
            for record in records:
                refused = sorted(set(values) - cls.editable_fields(record))
                if refused:
                    cls._refuse_field(record, refused[0])
        elif mode == 'create':
            for record in records:
                if (getattr(record, cls._transition_state)
                        not in cls._draft_states):
                    cls._refuse_field(record, cls._transition_state)

    @classmethod
    def copy(cls, records, default=None):
        transaction = Transaction()
        if transaction.user and transaction.check_access and default:
            cls._check_values(default)
        # the values copied from the original are not written by the user
        with transaction.set_context(_workflow_copy=True):
            return super().copy(records, default=default)

    @classmethod
    def create(cls, vlist):
        cls.check_create_values(vlist, cls._set_on_create)
        return super().create(vlist)

    @classmethod
    def check_create_values(cls, vlist, computed=frozenset()):
        """Refuse the workflow's fields given to an external create but the
        computed ones; create() calls it before it computes them"""
        transaction = Transaction()
        if (transaction.user and transaction.check_access
                and not transaction.context.get('_workflow_copy')):
            for values in vlist:
                cls._check_values(values, computed)

    @classmethod
    def _check_values(cls, values, computed=frozenset()):
        "Refuse the values of the workflow's fields other than the default"
        owned = cls.workflow_fields() - set(computed)
        for name in owned & set(values):
            default = (cls._defaults[name]()
                if name in cls._defaults else None)
            value = values[name]
            if callable(value) or value in (default, None, [], (), ''):
                continue
            cls._refuse_field(None, name)

    @classmethod
    def _refuse_field(cls, record, name):
        Field = Pool().get('ir.model.field')
        field = (Field.get_name(cls.__name__, name)
            if name in cls._fields else name)
        document = (record.rec_name if record and record.id is not None
            and record.id >= 0 else '')
        if record is None:
            raise cls._modify_error(gettext(
                    'itsvc_base.msg_document_workflow_field_create',
                    field=field))
        elif name in cls.workflow_fields():
            raise cls._modify_error(gettext(
                    'itsvc_base.msg_document_workflow_field',
                    field=field, document=document))
        if cls._not_draft_message:
            message, parameter = cls._not_draft_message
            raise cls._modify_error(gettext(
                    message, **{parameter: document}))
        state = getattr(record, cls._transition_state)
        states = dict(cls.fields_get([cls._transition_state])[
                cls._transition_state]['selection'])
        raise cls._modify_error(gettext(
                'itsvc_base.msg_document_not_draft',
                field=field, document=document,
                state=states.get(state, state)))
