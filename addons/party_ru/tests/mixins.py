# This file is part of itsvc.
"""Checks of the module tests found from the pool, not listed by hand."""
from trytond.model import ModelSQL, fields
from trytond.modules.party.tests.test_module import PartyCheckReplaceMixin
from trytond.pool import Pool
from trytond.tests.test_tryton import with_transaction


class PartyReplaceMixin(PartyCheckReplaceMixin):
    """Merging two clients (party.replace) moves every stored reference to
    a client that the module adds"""

    @with_transaction()
    def test_replace_covers_party_fields(self):
        "Every stored many2one to party.party of the module is replaced"
        pool = Pool()
        Field = pool.get('ir.model.field')
        Replace = pool.get('party.replace', type='wizard')
        replaced = set(Replace.fields_to_replace())
        missing = []
        for field in Field.search([
                    ('module', '=', self.module),
                    ('relation', '=', 'party.party'),
                    ('ttype', '=', 'many2one'),
                    ]):
            Model = pool.get(field.model)
            if (not issubclass(Model, ModelSQL) or Model._is_table_query()
                    or field.model == 'party.party'):
                continue
            if isinstance(Model._fields[field.name], fields.Function):
                continue
            if (field.model, field.name) not in replaced:
                missing.append((field.model, field.name))
        self.assertEqual(missing, [])
