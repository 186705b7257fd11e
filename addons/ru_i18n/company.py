"""Russian names of Russia's time zones in the company's time zone."""
from trytond.pool import PoolMeta

# the zones of Russia (IANA) with their city and offset from Moscow
RUSSIAN_ZONES = {
    'Europe/Kaliningrad': "Калининград (МСК−1)",
    'Europe/Moscow': "Москва (МСК)",
    'Europe/Simferopol': "Симферополь (МСК)",
    'Europe/Kirov': "Киров (МСК)",
    'Europe/Volgograd': "Волгоград (МСК)",
    'Europe/Astrakhan': "Астрахань (МСК+1)",
    'Europe/Samara': "Самара (МСК+1)",
    'Europe/Saratov': "Саратов (МСК+1)",
    'Europe/Ulyanovsk': "Ульяновск (МСК+1)",
    'Asia/Yekaterinburg': "Екатеринбург (МСК+2)",
    'Asia/Omsk': "Омск (МСК+3)",
    'Asia/Barnaul': "Барнаул (МСК+4)",
    'Asia/Novosibirsk': "Новосибирск (МСК+4)",
    'Asia/Novokuznetsk': "Новокузнецк (МСК+4)",
    'Asia/Tomsk': "Томск (МСК+4)",
    'Asia/Krasnoyarsk': "Красноярск (МСК+4)",
    'Asia/Irkutsk': "Иркутск (МСК+5)",
    'Asia/Chita': "Чита (МСК+6)",
    'Asia/Yakutsk': "Якутск (МСК+6)",
    'Asia/Khandyga': "Хандыга (МСК+6)",
    'Asia/Vladivostok': "Владивосток (МСК+7)",
    'Asia/Ust-Nera': "Усть-Нера (МСК+7)",
    'Asia/Magadan': "Магадан (МСК+8)",
    'Asia/Sakhalin': "Сахалин (МСК+8)",
    'Asia/Srednekolymsk': "Среднеколымск (МСК+8)",
    'Asia/Kamchatka': "Камчатка (МСК+9)",
    'Asia/Anadyr': "Анадырь (МСК+9)",
    }


class Company(metaclass=PoolMeta):
    __name__ = 'company.company'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Russia's zones first, by their Russian name; the others after
        selection = dict(cls.timezone.selection)
        russian = sorted(((z, n) for z, n in RUSSIAN_ZONES.items()
                if z in selection), key=lambda z: z[1])
        others = [(z, n) for z, n in cls.timezone.selection
            if z not in RUSSIAN_ZONES]
        cls.timezone.selection = russian + others
