import factory

from mapping.models import Circle, ContactFrequency, MemberKind, NetworkMember, NetworkSnapshot
from tests.factories import SessionFactory


def kind(code: str) -> MemberKind:
    """One of the kinds the data migration seeds."""
    return MemberKind.objects.get(code=code)


class NetworkSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkSnapshot

    session = factory.SubFactory(SessionFactory)


class NetworkMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMember

    snapshot = factory.SubFactory(NetworkSnapshotFactory)
    label = factory.Sequence(lambda n: f"Member {n}")
    kind = factory.LazyFunction(lambda: kind("friend"))
    circle = Circle.MIDDLE
    contact = ContactFrequency.WEEKLY
