"""Every form on the participant's own pages and the public set-up page (#20), fed
arbitrary input: never a server error. Forms are collected from the rendered pages."""

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources.models import ChosenActivity
from tests.factories import own_sign_in
from tests.mapping.factories import NetworkMemberFactory, NetworkSnapshotFactory
from tests.resources.factories import listing
from tests.test_access import sample_urls
from tests.test_fuzz_forms import HOSTILE, page_forms


@pytest.fixture
def own_client(participant, session):
    ChosenActivity.objects.create(
        session=session, service_at_location=listing("Walking group"), name="Walking group"
    )
    listing("Choir", km_north=0.5)
    NetworkMemberFactory(snapshot=NetworkSnapshotFactory(session=session), label="Dave")
    session.completed_at = timezone.now()
    session.save()
    return own_sign_in(participant)


@pytest.fixture
def own_forms(own_client, session):
    choice = session.chosen_activities.get()
    urls = [url for url, _n, _p in sample_urls() if url.startswith("/me/") and "<" not in url]
    urls += [f"/me/activities/{choice.pk}/", "/accounts/set-up/"]
    forms = {}
    for url in urls:
        response = own_client.get(url)
        if response.status_code == 200 and "html" in response["Content-Type"]:
            for action, fields in page_forms(own_client, url):
                forms[(action, tuple(sorted(fields)))] = (action, fields)
    actions = " ".join(action for action, _fields in forms)
    for expected in ("/me/activities/add/", "/me/map/redraw/", "/me/erasure/", "/accounts/set-up/"):
        assert expected in actions, expected
    return list(forms.values())


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_own_form_input_causes_a_server_error(own_client, own_forms, data):
    action, fields = data.draw(st.sampled_from(own_forms))
    payload = {
        name: data.draw(
            st.one_of(st.sampled_from(offered or [""]), st.sampled_from(HOSTILE), st.text()),
            label=name,
        )
        for name, offered in fields.items()
        if data.draw(st.booleans(), label=f"send {name}")
    }
    response = own_client.post(action, payload)
    assert response.status_code < 500, (action, payload, response.status_code)
