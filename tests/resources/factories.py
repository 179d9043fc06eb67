"""Resource factories: factory_boy for the directory, hand-built listings for Stage 3."""

from datetime import time

import factory

from genie.models import Category
from resources.models import Location, Organization, Schedule, Service, ServiceAtLocation

# The centre of SO17 in the committed gazetteer, and points at known distances from it.
SO17 = (50.92724, -1.39251)
KM_LAT = 1 / 111.32  # degrees of latitude in one kilometre


def listing(
    name="Walking group",
    *,
    km_north=1.0,
    categories=("physical-activity",),
    is_free=True,
    cost="",
    step_free=True,
    status=Service.Status.ACTIVE,
    national=False,
    byday="TU",
    organization=None,
    phone="023 8049 6001",
    opens=None,
    closes=None,
    placement=Location.Placement.MANUAL,
) -> ServiceAtLocation:
    """A service at a location ``km_north`` kilometres due north of SO17's centre,
    running on ``byday`` from ``opens`` to ``closes`` ("10:00", or None: not known)."""
    organization = organization or Organization.objects.create(name=f"{name} organisers")
    service = Service.objects.create(
        organization=organization,
        name=name,
        description=f"About {name}.",
        status=status,
        national=national,
        is_free=is_free,
        cost_description=cost,
        phone=phone,
        delivery=Service.Delivery.ONLINE if national else Service.Delivery.IN_PERSON,
    )
    service.categories.set(Category.objects.filter(code__in=categories))
    location = Location.objects.create(
        organization=organization,
        name=f"{name} venue",
        address_1="1 Test Road",
        postal_code="SO17 1BJ",
        postcode_district="SO17",
        latitude=None if national else SO17[0] + km_north * KM_LAT,
        longitude=None if national else SO17[1],
        placement=placement,
        step_free_access=step_free,
    )
    sal = ServiceAtLocation.objects.create(service=service, location=location)
    if byday:
        monthly = any(character.isdigit() for character in byday)
        Schedule.objects.create(
            service=service,
            service_at_location=sal,
            byday=byday,
            freq=Schedule.Frequency.MONTHLY if monthly else Schedule.Frequency.WEEKLY,
            opens_at=time.fromisoformat(opens) if opens else None,
            closes_at=time.fromisoformat(closes) if closes else None,
        )
    return sal


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Community group {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Walking group {n}")
    description = "A gentle walk, then tea."


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Community centre {n}")
    address_1 = "1 High Street"
    city = "Southampton"
    postal_code = "SO17 1BJ"
    postcode_district = "SO17"
    latitude = 50.9301
    longitude = -1.396
    placement = Location.Placement.POSTCODE


def service_at(location=None, **kwargs):
    service = ServiceFactory(**kwargs)
    location = location or LocationFactory(organization=service.organization)
    ServiceAtLocation.objects.create(service=service, location=location)
    return service
