"""Every view of the itsvc modules can be drawn and edited by the web client.

Enumerates the views from the pool instead of a list: each column of a
list view has a widget of the web client (tryton-sao draws no datetime
column: a date and a time column instead), and a view of a model whose
fields change with their parent record carries the parent field, without
which the web client never asks for their values on a new line (they stay
read-only).
"""
import re
import unittest

from lxml import etree

from itsvc.database import MODULES
from itsvc.instance import SAO
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


def sao_tree_widgets():
    "The widgets of list columns in the installed web client"
    source = (SAO / 'dist' / 'tryton-sao.js').read_text()
    block = re.search(
        r'Sao\.View\.TreeXMLViewParser\.WIDGETS = \{(.*?)\};', source,
        re.S).group(1)
    return set(re.findall(r"'(\w+)':", block))


def parent_fields(Model):
    "The Many2One fields whose parent values other fields depend on"
    names = set()
    for field in Model._fields.values():
        for attribute in ['on_change', 'on_change_with']:
            for depend in getattr(field, attribute, ()) or ():
                if depend.startswith('_parent_'):
                    names.add(depend[len('_parent_'):].split('.')[0])
    return names


class ViewsTestCase(unittest.TestCase):
    "The views of every itsvc model, as the web client gets them"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module(MODULES)

    def views(self, types):
        View = Pool().get('ir.ui.view')
        for view in View.search([
                    ('module', 'in', MODULES),
                    ('type', 'in', types),
                    ]):
            Model = Pool().get(view.model)
            yield view, Model, Model.fields_view_get(view.id)

    @with_transaction()
    def test_list_columns_have_a_widget(self):
        "Each column of a list view is drawn by a widget of the web client"
        widgets = sao_tree_widgets()
        missing = []
        for view, Model, definition in self.views(['tree']):
            tree = etree.fromstring(definition['arch'])
            for node in tree.iter('field'):
                widget = node.get('widget') or definition['fields'][
                    node.get('name')]['type']
                if widget not in widgets:
                    missing.append(
                        f'{view.module}.{view.name}: {node.get("name")} '
                        f'({widget})')
        self.assertEqual(missing, [])

    @with_transaction()
    def test_lines_views_carry_their_parent(self):
        "A line view carries the parent field its line's fields depend on"
        missing = []
        for view, Model, definition in self.views(['tree', 'form']):
            for name in parent_fields(Model):
                if name not in definition['fields']:
                    missing.append(f'{view.module}.{view.name}: {name}')
        self.assertEqual(missing, [])
