"""Demo step of itsvc_distrib: the coordination centre that delivers the
distributives."""

COORDINATION_CENTRE = 'АО «Координационный центр»'


def coordination_centre(demo):
    "The vendor's coordination centre, the supplier of distributives"
    Party = demo.pool.get('party.party')
    Party.create([{'name': COORDINATION_CENTRE}])
