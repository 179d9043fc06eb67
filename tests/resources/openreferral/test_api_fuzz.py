"""Any value of any API parameter, on any endpoint, is an answer (200, 400 or 404 JSON),
never a 500 (#14's finding: page=9223372036854775807 was a 500)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources.openreferral import api, openapi
from tests.resources.factories import service_at

ENDPOINTS = [
    "/openreferral/",
    "/openreferral/services",
    "/openreferral/service_at_locations",
    "/openreferral/organizations",
    "/openreferral/taxonomies",
    "/openreferral/taxonomy_terms",
    "/openreferral/services/{id}",
    "/openreferral/organizations/{id}",
]
NUMBERS = st.one_of(
    st.integers().map(str),
    st.sampled_from(
        ["9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e400", "NaN"]
    ),
    st.floats(allow_nan=True).map(str),
)
VALUES = st.one_of(
    st.text(max_size=60),
    NUMBERS,
    st.sampled_from(
        [
            "",
            "true",
            "false",
            "SO17",
            "SO17 1BJ",
            "2025-01-01",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "2025-13-45",
            "physical-activity",
            "6f1d3c1e-5b0a-4f43-9a52-2d4f1a7e1c15",
            "\x00",
            "%00",
            "' OR 1=1 --",
        ]
    ),
)
NAMES = st.one_of(st.sampled_from(sorted(openapi.PARAMETERS)), st.text(min_size=1, max_size=10))
QUERY = st.dictionaries(NAMES, VALUES, max_size=4)


@pytest.fixture(autouse=True)
def fake_default_locator(monkeypatch, locator):
    monkeypatch.setattr(api, "default_locator", lambda: locator)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(endpoint=st.sampled_from(ENDPOINTS), query=QUERY, path_id=VALUES)
def test_no_parameter_value_is_a_500(client, db, endpoint, query, path_id):
    url = endpoint.replace("{id}", path_id.replace("/", "") or "x")
    response = client.get(url, query)
    assert response.status_code in (200, 400, 404), (url, query, response.content[:300])
    assert response["Content-Type"] == "application/json"
    body = response.json()
    if response.status_code != 200:
        assert body["message"]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(sorted(openapi.PARAMETERS)), value=VALUES)
def test_every_parameter_with_listings_present(client, db, name, value):
    service_at(name="Walk")
    for endpoint in ENDPOINTS[1:6]:
        response = client.get(endpoint, {name: value})
        assert response.status_code in (200, 400), (endpoint, name, value, response.content[:300])
        assert response.json()
