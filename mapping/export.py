"""Research exports of one participant's snapshots: GraphML and CSV (ego and members).

Modelled on Network Canvas's exports (an ego file plus an attribute list per node,
or "rich" GraphML with ego and session metadata). Free-text notes and the
participant's first name are left out: the pseudonymous reference identifies them.
"""

import csv
import io
import re
import xml.etree.ElementTree as ET

from django.utils.text import slugify

from mapping.feedback import network_metrics, network_type
from mapping.models import SUPPORT_FIELDS

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# Characters XML 1.0 cannot hold at all; they are dropped rather than break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A spreadsheet would run a cell starting with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _session_fields(snapshot) -> dict:
    session = snapshot.session
    return {
        "participant_reference": session.participant.reference,
        "session_id": str(session.pk),
        "session_kind": session.kind,
        "session_started_at": session.started_at.isoformat(),
        "session_completed_at": session.completed_at.isoformat() if session.completed_at else "",
        "snapshot_id": str(snapshot.pk),
        "copied_from_snapshot_id": str(snapshot.copied_from_id or ""),
    }


def _ego_fields(snapshot) -> dict:
    metrics = network_metrics(snapshot.active_members)
    return {
        **_session_fields(snapshot),
        "age_band": snapshot.session.participant.age_band,
        "gender": snapshot.session.participant.gender,
        "network_size": metrics.size,
        **{f"{circle}_circle": count for circle, count in metrics.per_circle.items()},
        "different_kinds": metrics.kinds,
        "support_types_covered": metrics.supports_covered,
        "network_type": network_type(metrics).code,
    }


def _member_fields(member) -> dict:
    return {
        "member_id": str(member.pk),
        "member_lineage": str(member.lineage),
        "label": member.label,
        "kind": member.kind.code,
        "kind_name": member.kind.name,
        "kind_group": member.kind.group,
        "circle": member.circle,
        "contact": member.contact,
        **{f"{support}_support": int(getattr(member, f)) for support, f in SUPPORT_FIELDS.items()},
    }


def _csv_cell(value):
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({key: _csv_cell(value) for key, value in row.items()} for row in rows)
    return out.getvalue()


def ego_csv(participant, snapshots):
    rows = [_ego_fields(snapshot) for snapshot in snapshots]
    return _csv(rows), "text/csv; charset=utf-8", _filename(participant, "ego.csv")


def members_csv(participant, snapshots):
    rows = [
        {**_session_fields(snapshot), **_member_fields(member)}
        for snapshot in snapshots
        for member in snapshot.active_members
    ]
    return _csv(rows), "text/csv; charset=utf-8", _filename(participant, "members.csv")


def graphml(participant, snapshots):
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(_tag("graphml"))
    keys: dict[tuple[str, str], None] = {}  # (scope, name) in order of first use
    for snapshot in snapshots:
        graph = ET.SubElement(
            root, _tag("graph"), {"id": f"snapshot-{snapshot.pk}", "edgedefault": "undirected"}
        )
        _data(graph, "graph", _ego_fields(snapshot), keys)
        ego_id = f"ego-{snapshot.pk}"
        _data(ET.SubElement(graph, _tag("node"), {"id": ego_id}), "node", {"is_ego": 1}, keys)
        for member in snapshot.active_members:
            member_id = f"member-{member.pk}"
            node = ET.SubElement(graph, _tag("node"), {"id": member_id})
            _data(node, "node", {"is_ego": 0, **_member_fields(member)}, keys)
            ET.SubElement(graph, _tag("edge"), {"source": ego_id, "target": member_id})
    # GraphML wants the key declarations before the graphs.
    for index, (scope, name) in enumerate(keys):
        attributes = {"id": f"{scope}_{name}", "for": scope, "attr.name": name}
        root.insert(index, ET.Element(_tag("key"), {**attributes, "attr.type": "string"}))
    content = ET.tostring(root, encoding="unicode", xml_declaration=True)
    return content, "application/graphml+xml; charset=utf-8", _filename(participant, "graphml")


def _tag(name: str) -> str:
    return f"{{{GRAPHML_NS}}}{name}"


def _data(element, scope, values: dict, keys: dict):
    for name, value in values.items():
        keys[(scope, name)] = None
        data = ET.SubElement(element, _tag("data"), {"key": f"{scope}_{name}"})
        data.text = _NOT_XML.sub("", str(value))


def _filename(participant, suffix: str) -> str:
    return f"network-{slugify(participant.reference) or 'participant'}-{suffix}"


EXPORTS = {"graphml": graphml, "members.csv": members_csv, "ego.csv": ego_csv}
