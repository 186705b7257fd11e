# This file is part of account_ru.
"""Helpers of the account_ru scenarios."""
from proteus import Model
from proteus import config as pconfig

from trytond.modules.company.tests.tools import create_company


def create_company_rub(config=None):
    "A company keeping its books in roubles"
    Party = Model.get('party.party', config=config)
    party = Party(name='ООО «Информ-Центр»')
    party.save()
    return create_company(party=party, currency='RUB', config=config)


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
