"""A participant's own sign-in (#20): the facilitator's one-time code, setting up
and resetting the sign-in, and who may reach the participant's own pages."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from genie import roles
from genie.models import AuditEvent, ErasureRequest, SignInCode, User
from genie.services import sign_in_code_issue
from resources.models import ChosenActivity, OwnActivityReport
from tests.factories import ParticipantFactory, SessionFactory
from tests.resources.factories import listing

PASSWORD = "a long walk by the river"  # noqa: S105 - test data
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def set_up(client, code, username="pat.own", password=PASSWORD, again=None):
    return client.post(
        reverse("sign_in_set_up"),
        {
            "code": code,
            "username": username,
            "password": password,
            "password_again": password if again is None else again,
        },
    )


def sign_in(client, username="pat.own", password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def finished(session):
    """The participant's finished first session, with one activity in the plan."""
    ChosenActivity.objects.create(
        session=session, service_at_location=listing("Walking group"), name="Walking group"
    )
    session.completed_at = timezone.now()
    session.save()
    return session


@pytest.fixture
def code(facilitator_user, participant):
    return sign_in_code_issue(user=facilitator_user, participant=participant)[0]


@pytest.fixture
def own_client(code, participant):
    client = Client()
    assert set_up(client, code).status_code == 302
    assert sign_in(client).status_code == 302
    return client


# --- The facilitator's code ------------------------------------------------------


def test_facilitator_prints_a_code_on_the_plan_and_only_its_hash_is_stored(
    facilitator_client, finished, participant
):
    response = facilitator_client.post(
        reverse("sign_in_code_create", args=[participant.pk]), {"session": finished.pk}
    )
    assert response["Location"] == reverse("plan", args=[finished.pk]) + "#sign-in-code"
    page = facilitator_client.get(reverse("plan", args=[finished.pk])).content.decode()
    shown = CODE.search(page).group(0)
    assert reverse("sign_in_set_up") in page
    record = SignInCode.objects.get(participant=participant)
    assert shown.replace("-", "") not in record.code_hash
    assert record.expires_at - timezone.now() > timedelta(days=29)
    assert AuditEvent.objects.filter(
        participant_id=participant.pk, action="created", what="sign-in invitation code"
    ).exists()


def test_a_new_code_stops_the_earlier_one(facilitator_user, participant):
    first, _ = sign_in_code_issue(user=facilitator_user, participant=participant)
    second, _ = sign_in_code_issue(user=facilitator_user, participant=participant)
    client = Client()
    assert "That code does not work" in set_up(client, first).content.decode()
    assert set_up(client, second).status_code == 302


def test_another_organisation_cannot_issue_a_code(client, other_facilitator, participant):
    client.force_login(other_facilitator)
    response = client.post(reverse("sign_in_code_create", args=[participant.pk]))
    assert response.status_code == 404
    assert not SignInCode.objects.exists()


def test_commissioner_cannot_issue_a_code(client, commissioner_user, participant):
    client.force_login(commissioner_user)
    assert client.post(reverse("sign_in_code_create", args=[participant.pk])).status_code == 403


# --- Setting up the sign-in ------------------------------------------------------


def test_set_up_page_allows_password_managers_and_has_no_puzzle(client, db):
    page = client.get(reverse("sign_in_set_up")).content.decode()
    assert page.count('autocomplete="new-password"') == 2
    assert 'autocomplete="one-time-code"' in page
    assert 'autocomplete="username"' in page
    assert "onpaste" not in page and "captcha" not in page.lower()


def test_code_sets_up_a_participant_sign_in_with_argon2(
    client, code, participant, settings, django_user_model
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    response = set_up(client, code.lower().replace("-", " "))  # as typed from paper
    assert response["Location"] == reverse("login")
    account = User.objects.get(username="pat.own")
    assert account.participant == participant
    assert account.password.startswith("argon2")
    assert roles.is_participant(account) and not roles.can_see_participants(account)
    assert account.organisation is None
    assert SignInCode.objects.get().used_at is not None
    assert "pat.own" in client.get(reverse("login")).content.decode()  # the message
    assert AuditEvent.objects.filter(
        actor=account, participant_id=participant.pk, what="own sign-in set up"
    ).exists()
    # The ordinary sign-in page, then straight to their own home.
    assert sign_in(client)["Location"] == "/"
    assert client.get("/")["Location"] == reverse("own_home")


def test_a_used_code_does_not_work_twice(client, code):
    assert set_up(client, code).status_code == 302
    again = set_up(Client(), code, username="someone.else")
    assert again.status_code == 400
    assert "That code does not work" in again.content.decode()
    assert User.objects.filter(participant__isnull=False).count() == 1


def test_an_expired_code_does_not_work(client, code):
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = set_up(client, code)
    assert response.status_code == 400
    assert "more than 30 days old" in response.content.decode()
    assert not User.objects.filter(username="pat.own").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "ABCD"}, "Enter the 12 letters and numbers of the code"),
        ({"username": "<script>x</script>"}, "Use only letters, numbers"),
        ({"password": "short"}, "This password is too short"),
        ({"password": "password1234"}, "This password is too common"),
        ({"again": "a different one entirely"}, "The two passwords are not the same"),
        ({"code": "\x00" * 30}, "Null characters are not allowed"),
        ({"username": "x" * 500}, "Ensure this value has at most 40 characters"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_set_up(client, code, data, message):
    response = set_up(
        client,
        data.get("code", code),
        username=data.get("username", "pat.own"),
        password=data.get("password", PASSWORD),
        again=data.get("again"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "<script>x" not in page
    assert SignInCode.objects.get().used_at is None


def test_a_taken_username_is_refused(client, code, facilitator_user):
    response = set_up(client, code, username="FAYE")
    assert "That username is already taken" in response.content.decode()
    assert SignInCode.objects.get().used_at is None


def test_wrong_codes_pause_the_page_after_ten(client, code):
    for _ in range(10):
        set_up(client, "ZZZZ-ZZZZ-ZZZZ")
    response = set_up(client, code)
    assert "Too many codes tried" in response.content.decode()
    assert not User.objects.filter(username="pat.own").exists()


def test_lost_password_new_code_resets_it(own_client, facilitator_user, participant):
    new_code, _ = sign_in_code_issue(user=facilitator_user, participant=participant)
    assert AuditEvent.objects.filter(what="sign-in reset code").exists()
    assert set_up(Client(), new_code, password="another long river walk").status_code == 302
    assert User.objects.filter(participant=participant).count() == 1
    assert sign_in(Client()).status_code == 200  # the old password no longer works
    assert sign_in(Client(), password="another long river walk").status_code == 302
    assert AuditEvent.objects.filter(what="own sign-in password reset").exists()


def test_lockout_applies_to_participants_and_a_new_code_ends_it(
    client, own_client, facilitator_user, participant
):
    for _ in range(5):
        sign_in(client, password="wrong")
    assert sign_in(client).status_code == 429
    new_code, _ = sign_in_code_issue(user=facilitator_user, participant=participant)
    set_up(Client(), new_code, password="another long river walk")
    assert sign_in(client, password="another long river walk").status_code == 302


def test_two_factor_is_offered_not_required(code, settings):
    settings.REQUIRE_TWO_FACTOR = True
    client = Client()
    set_up(client, code)
    sign_in(client)
    home = client.get(reverse("own_home"))
    assert home.status_code == 200
    account = client.get(reverse("own_account")).content.decode()
    assert reverse("two_factor_setup") in account


# --- Access: their own record only ----------------------------------------------

OWN_PAGES = [
    "own_home",
    "own_account",
    "own_plan",
    "own_activities",
    "own_find",
    "own_map",
    "own_redraw",
    "own_erasure",
]


def test_participant_reaches_their_own_pages(own_client, finished):
    for name in OWN_PAGES:
        assert own_client.get(reverse(name)).status_code == 200, name


def test_staff_get_403_on_every_participant_page(
    client, facilitator_user, admin, commissioner_user
):
    """Every URL under /me/, found by walking the URLconf, with GET and POST."""
    from tests.test_access import sample_urls

    own_urls = [(url, name) for url, name, _params in sample_urls() if url.startswith("/me/")]
    assert {name for _url, name in own_urls} >= set(OWN_PAGES) | {"own_add", "own_export"}
    for user in (facilitator_user, admin, commissioner_user):
        client.force_login(user)
        for url, name in own_urls:
            for method in (client.get, client.post):
                status = method(url).status_code
                assert status in {403, 405}, (user, name, status)
            assert client.get(url).status_code == 403 or name == "own_add", (user, name)


def test_another_participants_activity_is_a_404(
    own_client, finished, organisation, facilitator_user
):
    other = ParticipantFactory(organisation=organisation, consent_recorded_by=facilitator_user)
    other_session = SessionFactory(
        participant=other, facilitator=facilitator_user, completed_at=timezone.now()
    )
    theirs = ChosenActivity.objects.create(session=other_session, name="Choir")
    url = reverse("own_activity", args=[theirs.pk])
    assert own_client.get(url).status_code == 404
    assert own_client.post(url, {"status": "went"}).status_code == 404
    assert not OwnActivityReport.objects.exists()


def test_plan_map_and_pages_never_show_facilitators_notes(own_client, finished, participant):
    from mapping import services as mapping_services
    from tests.mapping.factories import NetworkMemberFactory

    snapshot = mapping_services.snapshot_open(session=SessionFactory(participant=participant))
    NetworkMemberFactory(snapshot=snapshot, label="Jo", note="FACILITATOR-NOTE")
    snapshot.session.completed_at = timezone.now()
    snapshot.session.save()
    page = own_client.get(reverse("own_map")).content.decode()
    assert "Jo" in page and "FACILITATOR-NOTE" not in page
    assert "<svg" in page


# --- Data and erasure --------------------------------------------------------------


def test_participant_downloads_their_data_audited(own_client, participant, finished):
    from resources.models import ActivityOutcome

    follow_up = SessionFactory(participant=participant, kind="follow-up")
    ActivityOutcome.objects.create(
        session=follow_up,
        chosen_activity=finished.chosen_activities.get(),
        status="tried",
        note="STAFF-ONLY-NOTE",
    )
    response = own_client.get(reverse("own_export"))
    data = response.json()
    assert data["participant"]["reference"] == participant.reference
    assert data["activity_outcomes"][0]["status"] == "tried"
    assert "STAFF-ONLY-NOTE" not in response.content.decode()
    assert data["own_sign_in"]["username"] == "pat.own"
    assert AuditEvent.objects.filter(
        participant_id=participant.pk, action="exported", actor__participant=participant
    ).exists()


def test_erasure_is_a_request_not_a_delete(own_client, participant, facilitator_client):
    own_client.post(reverse("own_erasure"))
    own_client.post(reverse("own_erasure"))  # a double submit
    assert ErasureRequest.objects.filter(participant=participant).count() == 1
    assert AuditEvent.objects.filter(what="erasure request", action="created").count() == 1
    participant.refresh_from_db()  # still there
    page = facilitator_client.get(reverse("participant_detail", args=[participant.pk]))
    assert "asked for their record to be erased" in page.content.decode()


def test_erasing_the_participant_removes_their_sign_in(own_client, participant, admin):
    from genie.services import participant_erase

    own_client.get(reverse("own_plan"))  # an audited read by their own sign-in
    participant_erase(user=admin, participant=participant)
    assert not User.objects.filter(username="pat.own").exists()
    assert not AuditEvent.objects.filter(actor_username="pat.own").exists()
    assert AuditEvent.objects.filter(actor_username="participant's own sign-in (erased)").exists()


def test_admin_sees_erasure_requests_without_personal_data(own_client, participant, admin):
    own_client.post(reverse("own_erasure"))
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("admin:genie_erasurerequest_changelist")).content.decode()
    assert str(participant.pk) in page and participant.reference not in page


def test_participant_can_set_up_two_factor(own_client):
    response = own_client.get(reverse("two_factor_setup"))
    assert response.status_code == 200
    assert "two-factor" in response.content.decode().lower()


def test_code_can_be_emailed_and_the_address_is_not_kept(
    facilitator_client, participant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(
            reverse("sign_in_code_create", args=[participant.pk]), {"email": "pat@example.org"}
        )
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.to == ["pat@example.org"]
    code = CODE.search(message.body).group(0)
    assert "http://testserver/accounts/set-up/" in message.body
    assert participant.reference not in message.body and participant.first_name not in message.body
    assert set_up(Client(), code).status_code == 302
    from django.db import connection

    with connection.cursor() as cursor:  # nowhere in the database
        for table in ("genie_signincode", "genie_auditevent", "django_session"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed names
            assert "pat@example.org" not in str(cursor.fetchall()), table


def test_a_bad_email_address_makes_no_code(facilitator_client, participant, mailoutbox):
    response = facilitator_client.post(
        reverse("sign_in_code_create", args=[participant.pk]),
        {"email": "not an address"},
        follow=True,
    )
    assert "Enter an email address like name@example.com. No code was made." in (
        response.content.decode()
    )
    assert not SignInCode.objects.exists() and not mailoutbox
