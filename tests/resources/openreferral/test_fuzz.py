"""Arbitrary text never crashes the importer and never saves an invalid record."""

import csv
import io
import json

from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from resources.models import Location, Organization, Schedule, Service
from resources.openreferral import services as openreferral_services
from resources.openreferral.records import CSV_COLUMNS, ImportFileError
from tests.resources.conftest import FakeLocator

CELL_TEXT = st.lists(
    st.one_of(
        st.text(max_size=20),
        st.sampled_from([",", "\n", '"', ";", "-", ":", "'=", " ", "MO 10:00-11:00", "SO17 1BJ"]),
        st.sampled_from(["50.9", "-1.4", "yes", "active", "www.x.example", "a@b.example"]),
    ),
    max_size=30,
).map("".join)
NAME = st.text(alphabet="abcXYZ19é🎉<>&'", min_size=1, max_size=30)


def _row(cells, service_id, name, organization, status):
    cells[0], cells[1] = service_id, name
    cells[CSV_COLUMNS.index("organization_name")] = organization
    # Mostly valid choices, so that most rows get as far as being saved.
    cells[CSV_COLUMNS.index("service_status")] = status
    cells[CSV_COLUMNS.index("delivery")] = ""
    stream = io.StringIO()
    csv.writer(stream).writerows([CSV_COLUMNS, cells])
    return stream.getvalue()


CSV_TEXT = st.one_of(
    st.builds(
        _row,
        st.lists(CELL_TEXT, min_size=len(CSV_COLUMNS), max_size=len(CSV_COLUMNS)),
        NAME,
        NAME,
        NAME,
        st.sampled_from(["", "active", "Temporarily closed"]),
    ),
    st.text(max_size=600),
    st.builds(lambda body: ",".join(CSV_COLUMNS) + "\n" + body, CELL_TEXT),
    st.builds(
        lambda cells: ",".join(CSV_COLUMNS) + "\n" + ",".join(cells),
        st.lists(CELL_TEXT, min_size=len(CSV_COLUMNS), max_size=len(CSV_COLUMNS)),
    ),
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=CSV_TEXT)
def test_arbitrary_csv_text_never_crashes_or_saves_invalid_rows(db, text):
    with transaction.atomic():
        try:
            openreferral_services.import_file_commit(
                content=text.encode("utf-8", "surrogatepass"),
                filename="fuzz.csv",
                source="fuzz",
                user=None,
                locator=FakeLocator(),
            )
        except ImportFileError as error:
            assert str(error)
        event(f"saved services: {min(Service.objects.count(), 1)}")
        for model in (Organization, Service, Location, Schedule):
            for record in model.objects.all():
                record.full_clean()
        transaction.set_rollback(True)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
SERVICE_FIELDS = [
    "id",
    "name",
    "description",
    "status",
    "url",
    "email",
    "organization",
    "service_at_locations",
    "locations",
    "schedules",
    "regular_schedules",
    "taxonomies",
    "service_taxonomys",
    "cost_options",
    "contacts",
    "fees",
    "fees_description",
    "attending_type",
    "deliverable_type",
    "service_areas",
    "organization_id",
    "attributes",
]
LOCATION = st.fixed_dictionaries(
    {},
    optional={
        "id": JSON_VALUE,
        "location_type": st.sampled_from(["virtual", "physical", "", None, 3]),
        "accessibility": JSON_VALUE,
        "accessibility_for_disabilities": JSON_VALUE,
        "schedules": JSON_VALUE,
        "addresses": JSON_VALUE,
    },
)
SCHEDULE = st.fixed_dictionaries(
    {},
    optional={
        "weekday": st.one_of(JSON_VALUE, st.sampled_from(["²", "Tuesday", 7, 1e308, -1])),
        "byday": JSON_VALUE,
        "opens_at": JSON_VALUE,
        "attending_type": JSON_VALUE,
    },
)
REAL_LOOKING = st.fixed_dictionaries(
    {"id": st.text(max_size=5), "name": st.text(max_size=10)},
    optional={
        "organization": st.fixed_dictionaries({"name": st.text(max_size=5)}),
        "organization_id": st.text(max_size=3),
        "service_at_locations": st.lists(st.fixed_dictionaries({"location": LOCATION}), max_size=2),
        "regular_schedules": st.lists(SCHEDULE, max_size=2),
        "service_areas": JSON_VALUE,
        "attending_type": JSON_VALUE,
        "fees": JSON_VALUE,
        "description": st.text(alphabet="<>/&;pbrh4 a", max_size=30),
    },
)
RECORD = st.one_of(
    st.dictionaries(st.sampled_from(SERVICE_FIELDS), JSON_VALUE, max_size=10), REAL_LOOKING
)
ENVELOPE = st.one_of(
    st.builds(
        lambda items: {"total_items": len(items), "contents": items}, st.lists(RECORD, max_size=4)
    ),
    st.builds(
        lambda items: {"totalElements": len(items), "content": items}, st.lists(RECORD, max_size=4)
    ),
    JSON_VALUE,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=ENVELOPE)
def test_arbitrary_open_referral_json_never_crashes_or_saves_invalid_rows(db, document):
    with transaction.atomic():
        try:
            openreferral_services.import_file_commit(
                content=json.dumps(document).encode(),
                filename="fuzz.json",
                source="fuzz",
                user=None,
                locator=FakeLocator(),
            )
        except ImportFileError as error:
            assert str(error)
        for model in (Organization, Service, Location, Schedule):
            for record in model.objects.all():
                record.full_clean()
        transaction.set_rollback(True)
