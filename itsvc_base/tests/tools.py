# This file is part of itsvc.
"""Helpers of the itsvc scenarios."""
from proteus import Model
from proteus import config as pconfig


def set_russian(config=None):
    "Load the Russian translations and make the admin speak Russian"
    config = config or pconfig.get_config()
    Lang = Model.get('ir.lang', config=config)
    User = Model.get('res.user', config=config)
    russian, = Lang.find([('code', '=', 'ru')])
    russian.click('load_translations')
    admin = User(config.user)
    admin.language = russian
    admin.save()
    config._context = User.get_preferences(True, {})


def add_groups(*names, config=None):
    "Put the admin in the groups (their English names)"
    config = config or pconfig.get_config()
    Group = Model.get('res.group', config=config)
    User = Model.get('res.user', config=config)
    admin = User(config.user)
    for name in names:
        group, = Group.find([('name', '=', name)])
        admin.groups.append(group)
    admin.save()


def itsvc_groups(config=None):
    "Make the admin director, sales, maintenance and accounting"
    add_groups(*(f'Software Service {n}' for n in [
                'Director', 'Sales', 'Maintenance', 'Accounting']),
        config=config)


def unit_of_measure(config=None):
    "The unit (whatever the language of the names)"
    config = config or pconfig.get_config()
    ModelData = Model.get('ir.model.data', config=config)
    Uom = Model.get('product.uom', config=config)
    return Uom(ModelData.get_id('product', 'uom_unit', config.context))


def create_systems(name='Бухгалтер', category=None, system_category=None,
        config=None):
    """Systems local and network with their maintenance services (of the
    accounting category when given); return (local, network) products"""
    config = config or pconfig.get_config()
    Template = Model.get('product.template', config=config)
    unit = unit_of_measure(config)
    products = []
    for suffix, version_type in [('лок.', 'local'), ('сет.', 'network')]:
        service = Template(name=f'Сопровождение {name} {suffix}',
            type='service', default_uom=unit, itsvc_kind='maintenance')
        if category:
            service.account_category = category
        service.save()
        system = Template(name=f'{name} {suffix}', type='goods',
            default_uom=unit, itsvc_kind='system',
            version_type=version_type,
            maintenance_product=service.products[0])
        if system_category:
            system.account_category = system_category
        system.save()
        products.append(system.products[0])
    return tuple(products)
