"""The fictional Southampton listings that `manage.py load_demo` adds."""

from django.db.models import Count

from genie.models import Category
from resources import demo
from resources.geo import haversine_km
from resources.locator import DistrictLocator
from resources.models import Schedule, Service, ServiceAtLocation


def load():
    demo.load(organisations=[], users={}, participants={})


def test_demo_listings_are_many_varied_placed_labelled_and_idempotent(db):
    load()
    counts = [model.objects.count() for model in (Service, ServiceAtLocation, Schedule)]
    load()
    assert counts == [model.objects.count() for model in (Service, ServiceAtLocation, Schedule)]
    assert counts[1] >= 150
    services = Service.objects.select_related("organization")
    assert all("(demo)" in s.name and "Fictional" in s.organization.description for s in services)
    per_category = Category.objects.annotate(n=Count("services")).values_list("code", "n")
    assert all(n >= 8 for _, n in per_category), per_category
    assert services.filter(national=True).count() >= 5
    assert services.filter(is_free=True).exists() and services.filter(is_free=False).exists()
    # Every local listing sits within a couple of km of its district's centre.
    for sal in ServiceAtLocation.objects.select_related("location", "service"):
        if sal.service.national:
            continue
        location = sal.location
        centre = DistrictLocator().locate(location.postcode_district)
        assert (
            haversine_km(centre.latitude, centre.longitude, location.latitude, location.longitude)
            < 2
        )
    districts = set(ServiceAtLocation.objects.values_list("location__postcode_district", flat=True))
    assert {
        "SO14",
        "SO15",
        "SO16",
        "SO17",
        "SO18",
        "SO19",
        "SO30",
        "SO31",
        "SO50",
        "SO53",
    } <= districts
