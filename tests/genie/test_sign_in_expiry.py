"""Sign-in expiry loses nothing (#14, finding 9): htmx gets HX-Redirect to the
sign-in page with ``next`` back to its page, and a change that arrived after
expiry is kept server-side and sent again once the same user signs in.

The real-browser walk through the warning dialog is tests/browser/test_sign_in_expiry.py.
"""

import time
import uuid
from urllib.parse import quote

import pytest
from django.contrib.sessions.models import Session as DjangoSession
from django.urls import reverse

from genie.middleware import SessionLifetimeMiddleware
from genie.sign_in_expiry import PENDING_KEY
from mapping.models import NetworkMember
from tests.factories import facilitator

PASSWORD = "correct-horse-battery"


def member_form(label="Eve Example"):
    return {
        "label": label,
        "kind": "friend",
        "circle": "inner",
        "contact": "weekly",
        "note": "Lives next door",
        "add_token": str(uuid.uuid4()),
    }


def expire_sign_in():
    """What the idle timeout does on the server: the signed-in session is gone."""
    DjangoSession.objects.all().delete()


@pytest.fixture
def signed_in(client, facilitator_user, session):
    client.force_login(facilitator_user)
    network = reverse("network", args=[session.pk])
    assert client.get(network).status_code == 200  # remembers who signed in here
    return network


def sign_in(client, user, next_url):
    return client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD, "next": next_url},
        follow=True,
    )


def test_an_htmx_change_after_expiry_is_kept_and_saved_after_signing_in(
    client, facilitator_user, session, signed_in
):
    network = signed_in
    expire_sign_in()
    response = client.post(
        reverse("network_member_add", args=[session.pk]),
        member_form(),
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{network}"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next={quote(network, safe='/')}"
    assert not NetworkMember.objects.exists()

    page = client.get(response["HX-Redirect"]).content.decode()
    assert "You were signed out because Genie had not been used for a while" in page
    assert "What you sent has been kept" in page

    response = sign_in(client, facilitator_user, network)
    (member,) = NetworkMember.objects.all()
    assert (member.label, member.note, member.circle) == ("Eve Example", "Lives next door", "inner")
    assert response.redirect_chain[-1][0].startswith(network)
    page = response.content.decode()
    assert "what you sent before has been sent again" in page
    assert "Added Eve Example to the inner circle." in page
    # Nothing typed went into a URL on the way.
    for url, _status in response.redirect_chain:
        assert "Eve" not in url and "door" not in url
    # Sent once: visiting the page again adds nothing more.
    client.get(network)
    assert NetworkMember.objects.count() == 1


def test_a_plain_form_post_after_expiry_comes_back_with_what_was_typed(
    client, facilitator_user, session, signed_in
):
    network = signed_in
    expire_sign_in()
    data = member_form(label="")  # incomplete: it comes back with the problem
    response = client.post(
        reverse("network_member_add", args=[session.pk]),
        data,
        HTTP_REFERER=f"http://testserver{network}",
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={quote(network, safe='/')}"
    page = sign_in(client, facilitator_user, network).content.decode()
    assert "Lives next door" in page  # the note typed, shown again in the form
    assert "There is a problem" in page
    assert not NetworkMember.objects.exists()


def test_a_kept_change_is_never_sent_for_someone_else(
    client, facilitator_user, organisation, session, signed_in
):
    expire_sign_in()
    client.post(reverse("network_member_add", args=[session.pk]), member_form())
    colleague = facilitator(username="cole", organisation=organisation)
    sign_in(client, colleague, signed_in)
    assert not NetworkMember.objects.exists()
    assert PENDING_KEY not in client.session


def test_a_kept_change_expires_after_an_hour(client, facilitator_user, session, signed_in):
    expire_sign_in()
    client.post(reverse("network_member_add", args=[session.pk]), member_form())
    stored = client.session
    stored[PENDING_KEY] = {**stored[PENDING_KEY], "at": int(time.time()) - 3601}
    stored.save()
    sign_in(client, facilitator_user, signed_in)
    assert not NetworkMember.objects.exists()


def test_a_first_visit_is_simply_asked_to_sign_in(client, session):
    network = reverse("network", args=[session.pk])
    response = client.get(network, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == f"{reverse('login')}?next={quote(network, safe='/')}"
    page = client.get(reverse("login")).content.decode()
    assert "signed out" not in page
    # Never signed in here: a POST keeps nothing.
    client.post(reverse("network_member_add", args=[session.pk]), member_form())
    assert PENDING_KEY not in client.session


def test_stay_signed_in_renews_the_sign_in(client, facilitator_user, settings):
    client.force_login(facilitator_user)
    key = client.session.session_key
    before = DjangoSession.objects.get(pk=key).expire_date
    time.sleep(1.1)
    assert client.post(reverse("stay_signed_in")).status_code == 204
    assert DjangoSession.objects.get(pk=key).expire_date > before


def test_signed_in_pages_carry_the_warning_dialog_and_its_script(
    client, facilitator_user, settings
):
    settings.SESSION_COOKIE_AGE = 900
    page = client.get(reverse("login")).content.decode()
    assert "genie-timeout" not in page
    client.force_login(facilitator_user)
    page = client.get(reverse("participant_list")).content.decode()
    # Counted from the timeout less the renewal interval: the server may have
    # renewed it up to a minute before this page.
    assert 'data-idle-seconds="840"' in page and 'data-warning-seconds="120"' in page
    assert "You will be signed out in 2 minutes" in page
    assert "Stay signed in" in page
    assert "/static/js/session-timeout.js" in page
    assert client.get("/static/js/session-timeout.js").status_code == 200


def test_the_absolute_lifetime_also_keeps_a_change_and_answers_htmx(
    client, facilitator_user, session, signed_in, settings
):
    stored = client.session
    stored[SessionLifetimeMiddleware.KEY] -= settings.SESSION_MAX_AGE_SECONDS + 1
    stored.save()
    response = client.post(
        reverse("network_member_add", args=[session.pk]),
        member_form(),
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{signed_in}"},
    )
    assert response["HX-Redirect"] == f"{reverse('login')}?next={quote(signed_in, safe='/')}"
    assert not NetworkMember.objects.exists()
    sign_in(client, facilitator_user, signed_in)
    assert NetworkMember.objects.get().label == "Eve Example"


def test_administration_posts_are_not_kept(client, admin, signed_in):
    client.force_login(admin)
    client.get(reverse("admin:index"))
    expire_sign_in()
    client.post(reverse("admin:genie_participant_changelist"), {"action": "delete_selected"})
    assert PENDING_KEY not in client.session
