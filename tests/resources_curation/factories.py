import factory

from resources.models import Location, Organization, Service, ServiceAtLocation


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
