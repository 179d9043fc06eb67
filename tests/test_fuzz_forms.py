"""Every form on every participant and session page, fed arbitrary input: never a 500.

Forms are collected from the rendered pages, so new forms are covered without
editing this file."""

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.mapping.factories import NetworkMemberFactory, NetworkSnapshotFactory
from tests.resources.factories import listing
from tests.test_access import sample_urls

HOSTILE = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "`${x}`",
    "\u202eevil",
    "🌻" * 50,
    "x" * 5000,
    "-1",
    "0",
    "99999999999",
    "\x00",
    "SO17 1BJ",
]


class FormCollector(HTMLParser):
    """The POST forms on a page: action and, per field name, the values offered."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self.current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self.current = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "select", "textarea", "option"):
            name = attrs.get("name")
            if tag == "option" and self.current.get("select"):
                name = self.current["select"]
            if name and name != "csrfmiddlewaretoken":
                values = self.current["fields"].setdefault(name, [])
                if attrs.get("value") is not None:
                    values.append(attrs["value"])
            if tag == "select":
                self.current["select"] = name

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select" and self.current is not None:
            self.current["select"] = None


def page_forms(client, url):
    collector = FormCollector()
    collector.feed(client.get(url).content.decode())
    return [
        (form["action"] or url, form["fields"])
        for form in collector.forms
        if "logout" not in form["action"]
    ]


@pytest.fixture
def all_forms(facilitator_client, session):
    listing("Walking group", km_north=1.0)
    NetworkMemberFactory(snapshot=NetworkSnapshotFactory(session=session), label="Dave")
    values = {"session_id": session.pk, "participant_id": session.participant_id}
    forms = {}
    for url, _name, params in sample_urls(values):
        if params & {"session_id", "participant_id"}:
            response = facilitator_client.get(url)
            if response.status_code == 200 and "html" in response["Content-Type"]:
                for action, fields in page_forms(facilitator_client, url):
                    forms[(action, tuple(sorted(fields)))] = (action, fields)
    actions = " ".join(action for action, _fields in forms)
    for expected in (
        "members/add/",
        "/move/",
        "/questions/",
        "practical/",
        "choose/",
        "wellbeing/",
    ):
        assert expected in actions, expected  # each stage's forms were found
    return list(forms.values())


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_form_input_causes_a_server_error(facilitator_client, all_forms, data):
    action, fields = data.draw(st.sampled_from(all_forms))
    payload = {
        name: data.draw(
            st.one_of(st.sampled_from(offered or [""]), st.sampled_from(HOSTILE), st.text()),
            label=name,
        )
        for name, offered in fields.items()
        if data.draw(st.booleans(), label=f"send {name}")
    }
    headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
    response = facilitator_client.post(action, payload, headers=headers)
    assert response.status_code < 500, (action, payload, response.status_code)
