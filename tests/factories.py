import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from genie import roles
from genie.models import (
    AgeBand,
    Gender,
    Organisation,
    Participant,
    Session,
    User,
    WellbeingMeasures,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    contact_details = "Call 023 8000 0000"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        """UserFactory(role="commissioner"); a facilitator unless told otherwise."""
        obj.set_password("correct-horse-battery")
        obj.save()
        if create and extracted != "":
            group, _ = Group.objects.get_or_create(name=extracted or roles.FACILITATOR)
            obj.groups.add(group)


def facilitator(**kwargs):
    return UserFactory(role=roles.FACILITATOR, **kwargs)


def commissioner(**kwargs):
    return UserFactory(role=roles.COMMISSIONER, organisation=None, **kwargs)


def own_sign_in(participant):
    """A test client signed in as the participant's own sign-in (#20), with .user."""
    from django.test import Client

    user = User.objects.create_user(username="pat.own", participant=participant)
    user.groups.add(Group.objects.get_or_create(name=roles.PARTICIPANT)[0])
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def admin_user(**kwargs):
    return UserFactory(
        role=roles.ADMIN, organisation=None, is_staff=True, is_superuser=True, **kwargs
    )


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"P-{n:04d}")
    first_name = "Pat"
    postcode_district = "SO17"
    age_band = AgeBand.FROM_65
    gender = Gender.WOMAN
    consent_data_use = True
    consent_recorded_at = factory.LazyFunction(timezone.now)
    consent_recorded_by = factory.LazyAttribute(
        lambda o: UserFactory(organisation=o.organisation, role=roles.FACILITATOR)
    )


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    participant = factory.SubFactory(ParticipantFactory)
    facilitator = factory.LazyAttribute(lambda o: o.participant.consent_recorded_by)


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
