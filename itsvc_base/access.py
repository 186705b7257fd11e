# This file is part of itsvc.
"""The record rules on the paths where Tryton evaluates them partially.

Tryton applies the record rules of a model to its search, read and write,
but:

- it converts the relational sub-domains of a search (``('contracts.
  company', '=', X)`` on parties) without the access check, so the rules
  of the target model are not applied to them and their count is an
  oracle of the other companies' data;
- ``export_data`` evaluates the rules in Python, where ``child_of`` and
  the dotted paths of the company rules are taken as true;
- ``history_revisions`` checks the model access only.

These functions make the three paths answer what a search answers: the
sub-domains carry the rules of their target, the exported records and
the records reached by the exported paths are checked by the rules in
SQL, the revisions are those of readable records.
"""
from collections import defaultdict

from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelStorage
from trytond.model.exceptions import AccessError
from trytond.pool import Pool, PoolMeta
from trytond.transaction import (
    Transaction, check_access, without_check_access)

SUBDOMAIN = '_itsvc_rule_subdomain'


class Rule(metaclass=PoolMeta):
    __name__ = 'ir.rule'

    @classmethod
    def _get_context(cls, model_name):
        pool = Pool()
        User = pool.get('res.user')
        Company = pool.get('company.company')
        context = super()._get_context(model_name)
        # a user of a company above the others: the centre
        context['centre'] = ('parent' not in Company._fields
            or any(not c.parent
                for c in Company.browse(User.get_companies())))
        return context

    @classmethod
    def domain_get(cls, model_name, mode='read'):
        transaction = Transaction()
        if transaction.check_access:
            check_context_company()
        if (transaction.context.get(SUBDOMAIN) and transaction.user
                and not transaction.check_access):
            # a sub-domain of a search made with the access check
            with check_access():
                return super().domain_get(model_name, mode=mode)
        return super().domain_get(model_name, mode=mode)


def check_context_company():
    "The company of the context is one of the user's companies"
    pool = Pool()
    User = pool.get('res.user')
    transaction = Transaction()
    company = transaction.context.get('company')
    if company is None or not transaction.user:
        return
    with without_check_access():
        user = User(transaction.user)
        if company not in {c.id for c in user.companies}:
            raise AccessError(gettext('itsvc_base.msg_context_company'))


def check_read(Model, ids):
    "Raise the access error of the rules for the ids the user cannot read"
    Rule = Pool().get('ir.rule')
    ids = [i for i in set(ids) if i is not None and i >= 0]
    if ids and issubclass(Model, ModelSQL):
        with check_access():
            Rule.check(Model.__name__, ids, 'read')


def check_export(Model, records, fields_names):
    "Check by the rules in SQL every record export_data reads"
    check_read(Model, [r.id for r in records])
    paths = defaultdict(list)
    for names in fields_names:
        if len(names) > 1:
            name = names[0].split(':lang=')[0].split('.')[0]
            paths[name].append(names[1:])
    for name, sub_names in paths.items():
        field = Model._fields.get(name)
        if not hasattr(field, 'get_target'):
            continue
        Target = field.get_target()
        targets = []
        for record in records:
            value = getattr(record, name)
            if isinstance(value, (list, tuple)):
                targets.extend(value)
            elif isinstance(value, ModelStorage):
                targets.append(value)
        if targets:
            check_export(Target, targets, sub_names)


def _search_domain(func):
    def search_domain(cls, domain, active_test=None, tables=None):
        transaction = Transaction()
        if transaction.check_access and not transaction.context.get(
                SUBDOMAIN):
            with transaction.set_context(**{SUBDOMAIN: True}):
                return func(cls, domain, active_test=active_test,
                    tables=tables)
        return func(cls, domain, active_test=active_test, tables=tables)
    return classmethod(search_domain)


def _export_data(func):
    def export_data(cls, records, fields_names, header=False):
        transaction = Transaction()
        if transaction.check_access:
            check_export(cls, records, [n.split('/') for n in fields_names])
        return func(cls, records, fields_names, header=header)
    return classmethod(export_data)


def _history_revisions(func):
    def history_revisions(cls, ids):
        if Transaction().check_access:
            check_read(cls, ids)
        return func(cls, ids)
    return classmethod(history_revisions)


def patch():
    "Apply the rules on the three paths for every model"
    if getattr(ModelSQL, '_itsvc_rules_patched', False):
        return
    ModelSQL.search_domain = _search_domain(ModelSQL.search_domain.__func__)
    ModelStorage.export_data = _export_data(
        ModelStorage.export_data.__func__)
    ModelSQL.history_revisions = _history_revisions(
        ModelSQL.history_revisions.__func__)
    ModelSQL._itsvc_rules_patched = True


patch()
