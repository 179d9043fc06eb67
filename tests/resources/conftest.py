import pytest

from resources.locator import Point
from tests.factories import UserFactory


class FakeLocator:
    """A tiny gazetteer standing in for resources.locator.default_locator()."""

    PLACES = {
        "SO17": Point(50.9263, -1.3941, "district"),
        "SO17 1BJ": Point(50.9301, -1.3960, "postcode"),
        "SO14": Point(50.9050, -1.3990, "district"),
        "SO15": Point(50.9130, -1.4250, "district"),
    }

    def __init__(self):
        self.calls = 0

    def locate(self, postcode):
        self.calls += 1
        cleaned = " ".join((postcode or "").upper().split())
        return self.PLACES.get(cleaned) or self.PLACES.get(cleaned.split(" ")[0] if cleaned else "")


@pytest.fixture
def locator():
    return FakeLocator()


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def staff_facilitator(organisation):
    # A facilitator wrongly given staff status still must not curate resources.
    return UserFactory(username="stacy", organisation=organisation, is_staff=True)
