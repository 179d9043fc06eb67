import factory

from genie.models import WellbeingMeasures
from tests.factories import SessionFactory


class WellbeingMeasuresFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellbeingMeasures

    session = factory.SubFactory(SessionFactory)
    life_satisfaction = 6
    worthwhile = 7
    happiness = 6
    anxiety = 4
    lack_companionship = 2
    left_out = 2
    isolated = 2
    ucla3_total = 6
    direct_loneliness = "some-of-the-time"
