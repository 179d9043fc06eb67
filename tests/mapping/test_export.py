"""Research exports (GraphML, CSV) and the follow-up comparison on the page."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from mapping import services
from tests.factories import SessionFactory
from tests.mapping.factories import NetworkMemberFactory, kind

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
HOSTILE = '=HYPERLINK("x")<script>`${1}`\u202e 👵🏽'


@pytest.fixture
def two_snapshots(session):
    baseline = services.snapshot_open(session=session)
    NetworkMemberFactory(snapshot=baseline, label=HOSTILE, kind=kind("family"), circle="inner")
    NetworkMemberFactory(snapshot=baseline, label="Tom", note="private note", circle="outer")
    follow_up = SessionFactory(participant=session.participant, previous=session, kind="follow-up")
    copy = services.snapshot_open(session=follow_up)
    tom = copy.members.get(label="Tom")
    services.member_remove(snapshot=copy, member_id=tom.pk)
    NetworkMemberFactory(snapshot=copy, label="Choir", kind=kind("group"), circle="middle")
    return follow_up


def export(client, session, name):
    response = client.get(reverse(name, args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content.decode()


def test_graphml_has_every_snapshot_with_ego_and_session_metadata(
    facilitator_client, two_snapshots
):
    content = export(facilitator_client, two_snapshots, "network_export_graphml")
    root = ET.fromstring(content)  # noqa: S314 - our own export, parsed to check it
    graphs = root.findall("g:graph", NS)
    assert len(graphs) == 2
    keys = {key.get("attr.name") for key in root.findall("g:key", NS)}
    assert {"participant_reference", "session_kind", "network_type", "label", "circle"} <= keys
    labels = [
        [d.text for d in graph.iterfind("g:node/g:data[@key='node_label']", NS)] for graph in graphs
    ]
    assert labels == [[HOSTILE, "Tom"], [HOSTILE, "Choir"]]  # intact, removed member left out
    for graph in graphs:
        ego = graph.find("g:node[@id]", NS)
        assert ego.get("id").startswith("ego-")
        assert len(graph.findall("g:edge", NS)) == len(graph.findall("g:node", NS)) - 1


def test_member_csv_is_intact_and_cannot_run_as_a_formula(facilitator_client, two_snapshots):
    content = export(facilitator_client, two_snapshots, "network_export_members_csv")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [(r["session_kind"], r["label"]) for r in rows] == [
        ("baseline", "'" + HOSTILE),
        ("baseline", "Tom"),
        ("follow-up", "'" + HOSTILE),
        ("follow-up", "Choir"),
    ]
    assert rows[0]["member_lineage"] == rows[2]["member_lineage"]
    assert "private note" not in content and "Pat" not in content  # no notes or first name


def test_ego_csv_has_a_row_per_snapshot_with_totals(facilitator_client, two_snapshots):
    content = export(facilitator_client, two_snapshots, "network_export_ego_csv")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [(r["session_kind"], r["network_size"]) for r in rows] == [
        ("baseline", "2"),
        ("follow-up", "2"),
    ]
    assert rows[0]["participant_reference"] == "REF-1"


def test_admins_may_export(client, admin, two_snapshots):
    client.force_login(admin)
    export(client, two_snapshots, "network_export_graphml")


def test_follow_up_page_shows_what_changed(facilitator_client, two_snapshots):
    page = facilitator_client.get(reverse("network", args=[two_snapshots.pk])).content.decode()
    assert "What has changed since" in page
    assert "Choir (group or organisation), middle circle" in page
    assert "Tom (friend), was in the outer circle" in page
    assert "2 then, 2 now" in page
