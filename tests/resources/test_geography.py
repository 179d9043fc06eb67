"""Grid conversion, the committed gazetteer and the postcode locators."""

import csv
import io
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from geopy.exc import GeocoderTimedOut
from geopy.location import Location as GeopyLocation

from resources.gazetteer import GAZETTEER_PATH, read_postcode_file
from resources.geo import bounding_box, haversine_km
from resources.locator import (
    ChainLocator,
    DistrictLocator,
    FullPostcodeLocator,
    GeocoderLocator,
    Point,
    default_locator,
)
from resources.models import PostcodeCentroid
from resources.osgb import _grid_to_osgb36, osgb36_to_wgs84


def test_grid_to_osgb36_matches_ordnance_survey_worked_example():
    # "A guide to coordinate systems in Great Britain", annex C: 52°39'27.2531"N 1°43'4.5177"E.
    from math import degrees

    lat, lng = (degrees(v) for v in _grid_to_osgb36(651409.903, 313177.270))
    assert lat == pytest.approx(52 + 39 / 60 + 27.2531 / 3600, abs=1e-7)
    assert lng == pytest.approx(1 + 43 / 60 + 4.5177 / 3600, abs=1e-7)


def test_osgb36_to_wgs84_lands_southampton_bargate_in_the_right_place():
    # The Bargate, Southampton: grid 442,010 / 111,770; WGS84 about 50.9040 N, 1.4040 W.
    lat, lng = osgb36_to_wgs84(442010, 111770)
    assert haversine_km(lat, lng, 50.90400, -1.40400) < 0.1


def test_haversine_and_bounding_box():
    assert haversine_km(51.5074, -0.1278, 53.4808, -2.2426) == pytest.approx(262, abs=1.5)
    origin = Point(50.9, -1.4, "district")
    min_lat, max_lat, min_lng, max_lng = bounding_box(origin, 10)
    # Every point of the 10 km circle lies inside the box.
    assert haversine_km(50.9, -1.4, max_lat, -1.4) == pytest.approx(10, rel=0.01)
    assert haversine_km(50.9, -1.4, 50.9, max_lng) == pytest.approx(10, rel=0.01)
    assert min_lat < 50.9 < max_lat and min_lng < -1.4 < max_lng


def test_committed_gazetteer_covers_great_britain_without_northern_ireland():
    with open(GAZETTEER_PATH, encoding="utf-8") as handle:
        rows = {row["district"]: row for row in csv.DictReader(handle)}
    assert len(rows) > 2800
    assert not [district for district in rows if district.startswith("BT")]
    for district in ["SO14", "SO17", "SO19", "SO30", "SO31", "SO50", "SO53", "AB10", "TR1"]:
        assert district in rows
    for row in rows.values():  # all on the island of Great Britain or nearby isles
        assert 49.8 < float(row["latitude"]) < 61 and -8.7 < float(row["longitude"]) < 2


@pytest.mark.parametrize("postcode", ["SO17", "so17 1bj", " SO171BJ "])
def test_district_locator_places_a_postcode_at_its_district_centre(postcode):
    point = DistrictLocator().locate(postcode)
    assert point.precision == "district"
    assert haversine_km(point.latitude, point.longitude, 50.92724, -1.39251) < 0.01


@pytest.mark.parametrize("postcode", ["ZZ99", "BT1 1AA", "", "not a postcode", "<script>"])
def test_unplaceable_postcodes_return_none(postcode):
    assert DistrictLocator().locate(postcode) is None


CODEPOINT = (
    '"SO17 1BJ",10,442700,113800,"E92000001","E19000002","E18000009","","E06000045","E05002461"\n'
    '"SO171ZZ",90,0,0,"E92000001","","","","",""\n'
    '"BT1 1AA",10,333000,374000,"N92000002","","","","",""\n'
)
ONSPD = "pcd,pcds,lat,long\nSO16 7AA,SO16 7AA,50.93,-1.43\nSO16 9ZZ,SO16 9ZZ,99.999999,0\n"


def test_read_postcode_file_understands_both_formats_and_skips_unplaced_and_bt():
    records = list(read_postcode_file(io.StringIO(CODEPOINT)))
    assert [r.postcode for r in records] == ["SO17 1BJ"]
    assert records[0].latitude == pytest.approx(50.915, abs=0.01)
    onspd = list(read_postcode_file(io.StringIO(ONSPD)))
    assert [(r.postcode, r.latitude) for r in onspd] == [("SO16 7AA", 50.93)]


def test_load_postcodes_command_fills_the_full_postcode_table(db, tmp_path):
    (tmp_path / "so.csv").write_text(CODEPOINT)
    (tmp_path / "onspd.csv").write_text(ONSPD)
    call_command(
        "load_postcodes", tmp_path / "so.csv", tmp_path / "onspd.csv", stdout=io.StringIO()
    )
    call_command("load_postcodes", tmp_path / "onspd.csv", stdout=io.StringIO())  # re-run: update
    assert set(PostcodeCentroid.objects.values_list("postcode", flat=True)) == {
        "SO17 1BJ",
        "SO16 7AA",
    }
    point = default_locator().locate("so16 7aa")
    assert (point.latitude, point.precision) == (50.93, "postcode")
    # A district, or a unit not in the table, falls back to the district centre.
    assert default_locator().locate("SO16 1XX").precision == "district"
    assert FullPostcodeLocator().locate("SO16") is None


def test_load_postcodes_command_reports_bad_files(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_postcodes", tmp_path / "missing.csv")
    (tmp_path / "junk.csv").write_text("hello,world\n")
    with pytest.raises(CommandError, match="No postcodes found"):
        call_command("load_postcodes", tmp_path / "junk.csv")


def _fake_geocoder(result):
    geocoder = mock.Mock()
    geocoder.return_value.geocode.return_value = result
    return geocoder


@override_settings(GEOCODER="nominatim", GEOCODER_USER_AGENT="genie-tests", GEOCODER_TIMEOUT=2)
def test_online_geocoder_is_configured_by_settings_and_cached(db):
    found = GeopyLocation("Somewhere", (50.91, -1.40), {})
    geocoder = _fake_geocoder(found)
    with mock.patch("geopy.geocoders.get_geocoder_for_service", return_value=geocoder):
        locator = default_locator()
        online = locator.locators[-1]
        assert isinstance(online, GeocoderLocator)
        first = online.locate_address("1 High Street, Southampton")
        second = online.locate_address("1  high street, southampton")
    geocoder.assert_called_once_with(user_agent="genie-tests", timeout=2)
    assert first == second == Point(50.91, -1.40, "geocoder")
    assert geocoder.return_value.geocode.call_count == 1  # the second came from the cache


@override_settings(GEOCODER="nominatim")
def test_online_geocoder_failure_means_cannot_place(db):
    geocoder = mock.Mock()
    geocoder.return_value.geocode.side_effect = GeocoderTimedOut("too slow")
    with mock.patch("geopy.geocoders.get_geocoder_for_service", return_value=geocoder):
        assert default_locator().locators[-1].locate_address("Nowhere Lane") is None


def test_without_a_geocoder_setting_the_chain_is_offline_only(db):
    locator = default_locator()
    assert isinstance(locator, ChainLocator)
    assert not [x for x in locator.locators if isinstance(x, GeocoderLocator)]


@override_settings(GEOCODER="nominatim")
def test_geocoder_down_still_places_known_postcodes_offline(db):
    geocoder = mock.Mock()
    geocoder.return_value.geocode.side_effect = GeocoderTimedOut("down")
    with mock.patch("geopy.geocoders.get_geocoder_for_service", return_value=geocoder):
        point = default_locator().locate("SO17 1BJ")
    assert point is not None and point.precision == "district"
    geocoder.return_value.geocode.assert_not_called()  # the offline gazetteer answered first
