"""The importer: CSV and Open Referral UK JSON, dry run, commit, re-import, hostile files."""

import io
import json

import pytest

from genie.models import Category
from resources.curation.selectors import public_services
from resources.models import (
    CategoryMapping,
    ImportRun,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)
from resources.openreferral import services as openreferral_services
from resources.openreferral import writer
from resources.openreferral.records import ImportFileError
from tests.resources.factories import LocationFactory, service_at

HEADER = (
    "service_id,service_name,service_description,service_status,service_url,service_phone,"
    "categories,schedules,organization_id,organization_name,location_id,location_name,"
    "address_1,city,postcode,latitude,longitude\n"
)
GOOD_CSV = HEADER + (
    "walk-1,Itchen walkers,Gentle walk,active,www.itchen.example,023 8000 0001,"
    "physical-activity; Walking,MO 10:00-11:30,org-1,Itchen Trust,loc-1,St Mary's Hall,"
    "1 Chapel Rd,Southampton,so17 1bj,,\n"
    "choir-1,Sing for joy,,active,,,Singing,2TU 14:00-15:30,org-1,Itchen Trust,loc-2,"
    "Library,2 Park Rd,Southampton,ZZ99 9ZZ,,\n"
    "walk-1,Itchen walkers,Gentle walk,active,www.itchen.example,023 8000 0001,"
    "physical-activity; Walking,MO 10:00-11:30,org-1,Itchen Trust,loc-3,Common,,"
    "Southampton,SO15,50.92,-1.41\n"
)


def counts():
    return [
        model.objects.count()
        for model in (Organization, Service, Location, ServiceAtLocation, Schedule)
    ]


def plan(content, locator, source="council"):
    if isinstance(content, str):
        content = content.encode()
    return openreferral_services.import_plan(content=content, source=source, locator=locator)


def commit(content, locator, source="council"):
    if isinstance(content, str):
        content = content.encode()
    return openreferral_services.import_file_commit(
        content=content, filename="f.csv", source=source, user=None, locator=locator
    )


def test_dry_run_reports_and_writes_nothing(db, locator):
    before = counts()
    result = plan(GOOD_CSV, locator)
    assert counts() == before
    assert [p.record.name for p in result.create] == ["Itchen walkers", "Sing for joy"]
    assert result.rejected == []
    assert result.unmapped_terms == [("Singing", 1), ("Walking", 1)]
    assert result.needs_location == [("line 3", "Sing for joy")]


def test_commit_creates_places_and_flags(db, locator):
    commit(GOOD_CSV, locator)
    walk = Service.objects.get(external_id="walk-1", source="council")
    assert walk.url == "https://www.itchen.example"
    assert [c.code for c in walk.categories.all()] == ["physical-activity"]
    assert [(s.freq, s.byday) for s in walk.schedules.all()] == [("WEEKLY", "MO")]
    hall = Location.objects.get(external_id="loc-1")
    assert (hall.postal_code, hall.postcode_district) == ("SO17 1BJ", "SO17")
    assert (hall.latitude, hall.placement) == (50.9301, Location.Placement.POSTCODE)
    common = Location.objects.get(external_id="loc-3")
    assert (common.latitude, common.placement) == (50.92, Location.Placement.MANUAL)
    assert walk.service_at_locations.count() == 2
    # Kept, never dropped: the unknown postcode is flagged for a curator.
    library = Location.objects.get(external_id="loc-2")
    assert library.latitude is None
    assert library.placement == Location.Placement.NEEDS_LOCATION
    choir = Service.objects.get(external_id="choir-1")
    assert [(s.freq, s.byday) for s in choir.schedules.all()] == [("MONTHLY", "2TU")]
    assert ImportRun.objects.get().status == ImportRun.Status.COMMITTED


def test_reimporting_the_same_file_changes_nothing(db, locator):
    commit(GOOD_CSV, locator)
    stamps = list(Service.objects.order_by("pk").values_list("updated_at", flat=True))
    again = plan(GOOD_CSV, locator)
    assert (again.create, again.update, again.unchanged) == ([], [], 2)
    commit(GOOD_CSV, locator)
    assert list(Service.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    assert counts() == [1, 2, 3, 3, 2]


def test_mapping_table_maps_terms_and_changes_show_as_updates(db, locator):
    commit(GOOD_CSV, locator)
    CategoryMapping.objects.create(
        term="singing", category=Category.objects.get(code="arts-crafts-music")
    )
    result = plan(GOOD_CSV.replace("023 8000 0001", "023 8000 0002"), locator)
    changes = {p.record.external_id: p.changes for p in result.update}
    assert changes == {"walk-1": ["phone"], "choir-1": ["categories"]}
    assert result.unmapped_terms == [("Walking", 1)]


def test_curator_placement_survives_reimport(db, locator):
    commit(GOOD_CSV, locator)
    Location.objects.filter(external_id="loc-2").update(
        latitude=50.91, longitude=-1.40, placement=Location.Placement.MANUAL
    )
    assert plan(GOOD_CSV, locator).update == []


def test_export_csv_and_json_reimport_with_zero_changes(db, locator):
    commit(GOOD_CSV, locator)
    extra = service_at(
        location=LocationFactory(
            postal_code="",
            postcode_district="",
            latitude=None,
            longitude=None,
            placement=Location.Placement.NEEDS_LOCATION,
        ),
        name='=HYPERLINK("x") <b>',
        phone="+44 23",
        is_free=True,
        cost_description="Free, tea 50p",
    )
    extra.categories.add(Category.objects.get(code="social-friendship"))
    Schedule.objects.create(service=extra, byday="TH", description="Drop in")
    stream = io.StringIO()
    writer.write_csv(public_services(), stream)
    document = json.dumps(writer.export_oruk(public_services()))
    before = counts()
    for content in (stream.getvalue(), document):
        for source in ("council", "elsewhere"):
            result = plan(content, locator, source=source)
            assert result.rejected == [] and result.unmapped_terms == []
            assert (len(result.create), len(result.update), result.unchanged) == (0, 0, 3)
            commit(content, locator, source=source)
    assert counts() == before
    assert "'=HYPERLINK" in stream.getvalue()


V3 = {
    "total_items": 2,
    "total_pages": 1,
    "page_number": 1,
    "size": 2,
    "first_page": True,
    "last_page": True,
    "empty": False,
    "contents": [
        {
            "id": "0b0c1c5e-8f0a-4a52-9d1b-000000000001",
            "name": "Memory café",
            "status": "active",
            "url": "https://cafe.example",
            "organization": {"id": "org-a", "name": "Age Well"},
            "phones": [{"number": "023 8000 0003"}],
            "cost_options": [{"option": "Free", "amount": 0}],
            "taxonomy_terms": [{"id": "t1", "code": "esd:42", "name": "Social activities"}],
            "schedules": [
                {"freq": "WEEKLY", "byday": "WE", "opens_at": "14:00", "closes_at": "16:00"}
            ],
            "service_at_locations": [
                {
                    "location": {
                        "id": "loc-a",
                        "name": "Portswood Hall",
                        "latitude": 0,
                        "longitude": 0,
                        "addresses": [
                            {
                                "address_1": "3 High St",
                                "city": "Southampton",
                                "postal_code": "SO17 2AA",
                            }
                        ],
                    }
                }
            ],
        },
        {"id": "no-name", "organization": {"name": "Age Well"}},
        "not a service",
    ],
}
V1 = {
    "totalElements": 1,
    "totalPages": 1,
    "number": 1,
    "size": 1,
    "first": True,
    "last": True,
    "content": [
        {
            "id": "v1-service",
            "name": "Chair yoga",
            "status": "Active",
            "organization": {"id": "org-b", "name": "Stretch CIC"},
            "contacts": [{"phones": [{"number": "0800 000 000"}]}],
            "regular_schedules": [
                {"freq": "weekly", "byday": "FR", "opens_at": "10:00:00", "closes_at": "11:00:00"}
            ],
            "service_taxonomys": [
                {"taxonomy": {"id": "esd:9", "name": "Exercise", "vocabulary": "esdServiceTypes"}}
            ],
            "service_at_locations": [
                {
                    "location": {
                        "id": "loc-b",
                        "physical_addresses": [{"address_1": "Hall", "postal_code": "SO14 0AA"}],
                    }
                }
            ],
        }
    ],
}


def test_oruk_v3_import(db, locator):
    CategoryMapping.objects.create(
        term="esd:42", category=Category.objects.get(code="social-friendship")
    )
    result = plan(json.dumps(V3), locator)
    assert result.format == "oruk-v3"
    assert [(r.ref, r.message) for r in result.rejected] == [
        ("record 2", "name is missing"),
        ("record 3", "is not a service object"),
    ]
    assert any("not in the UK" in w.message for w in result.warnings)
    commit(json.dumps(V3), locator)
    cafe = Service.objects.get(name="Memory café")
    assert cafe.is_free and cafe.phone == "023 8000 0003"
    assert [c.code for c in cafe.categories.all()] == ["social-friendship"]
    hall = cafe.service_at_locations.get().location
    # Zero coordinates are a mistake: placed from the postcode district instead.
    assert (hall.latitude, hall.placement) == (50.9263, Location.Placement.DISTRICT)
    assert plan(json.dumps(V3), locator).unchanged == 1


def test_oruk_v1_import(db, locator):
    result = plan(json.dumps(V1), locator)
    assert result.format == "oruk-v1"
    assert result.unmapped_terms == [("Exercise", 1)]
    commit(json.dumps(V1), locator)
    yoga = Service.objects.get(name="Chair yoga")
    assert yoga.status == "active" and yoga.phone == "0800 000 000"
    assert [(s.byday, str(s.opens_at)) for s in yoga.schedules.all()] == [("FR", "10:00:00")]
    assert yoga.service_at_locations.get().location.postcode_district == "SO14"


HOSTILE_FILES = {
    "latin-1": (GOOD_CSV.replace("Gentle", "Café").encode("latin-1"), "not UTF-8"),
    "truncated JSON": (json.dumps(V3)[:200].encode(), "not complete JSON"),
    "wrong shape": (b'{"services": []}', "not a page of Open Referral UK services"),
    "JSON string": (b'["a"', "not complete JSON"),
    "missing columns": (b"name,postcode\nWalk,SO17\n", "missing the columns service_id"),
    "empty": (b"\xef\xbb\xbf  \n", "empty"),
    "binary": (b"PK\x03\x04\x00\x00", "binary data"),
    "huge cell": (HEADER.encode() + b'1,"' + b"x" * 200_000 + b'",Org\n', "cannot be read as CSV"),
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
def test_unreadable_files_give_a_clear_reason_and_change_nothing(db, locator, name):
    content, reason = HOSTILE_FILES[name]
    before = counts()
    with pytest.raises(ImportFileError, match=reason):
        commit(content, locator)
    assert counts() == before
    assert not ImportRun.objects.exists()


def test_bad_rows_are_rejected_with_line_and_reason(db, locator):
    content = (
        "\ufeff"
        + HEADER
        + (
            "s1,,desc,active,,,,,o1,Org,,,,,,,\n"
            "s2,Good,,active,,,,,o1,Org,,,,,,abc,def\n"
            "s2,Good but different,,active,,,,,o1,Org,,,,,,,\n"
            "s3,Closed,,archived,,,,,o1,Org,,,,,,,\n"
            "s4,No organisation,,,,,,,,,,,,,,,\n"
            "s2,Good,,active,,,,,o1,Org,,,,,,abc,def\n"
        )
    )
    before = counts()
    result = plan(content, locator)
    assert counts() == before
    assert [(r.ref, r.message) for r in result.rejected] == [
        ("line 2", "service_name is empty"),
        ("line 4", "service id “s2” is used again with different details (first on line 3)"),
        (
            "line 5",
            "service_status “archived” is not one of: "
            "active, inactive, defunct, temporarily closed",
        ),
        ("line 6", "organization_name is empty"),
        ("line 7", "repeats service “s2” at the same location (first on line 3)"),
    ]
    assert [p.record.external_id for p in result.create] == ["s2"]
    assert any(w.ref == "line 3" and "not numbers" in w.message for w in result.warnings)
    assert result.needs_location == [("line 3", "Good")]


def test_ten_thousand_rows_dry_run(db, locator):
    # Committing 10,000 rows is timed by bench/import_10k.py, not here.
    rows = "".join(
        f"s{n},Group {n},,active,,,physical-activity,MO 10:00-11:00,o{n % 50},Org {n % 50},"
        f"l{n},,,,SO17 {n % 9}AB,,\n"
        for n in range(10_000)
    )
    result = plan(HEADER + rows, locator)
    assert (len(result.create), result.rejected, result.needs_location) == (10_000, [], [])
    assert locator.calls == 9  # each postcode looked up once
    assert counts() == [0, 0, 0, 0, 0]


def test_nul_characters_never_reach_the_database(db, locator):
    document = {
        "contents": [
            {
                "id": "nul\u0000id",
                "name": "Tea\u0000 club \\u0000",
                "status": "open\u0000",
                "organization": {"name": "Org"},
                "taxonomy_terms": [{"name": "Te\u0000a"}],
            },
            {
                "id": "two",
                "name": "Ok",
                "organization": {"name": "Org"},
                "taxonomy_terms": [{"name": "Te\u0000a"}],
                "service_at_locations": [{"location": {"latitude": "5\u00000", "longitude": 1}}],
            },
        ]
    }
    content = json.dumps(document).encode()
    report = openreferral_services.import_report(plan(content, locator))
    assert "\u0000" not in json.dumps(report, ensure_ascii=False)
    commit(content, locator)
    assert Service.objects.get().name == "Ok"
