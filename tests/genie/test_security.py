"""Deployment settings, session lifetime, outages and the audit trail."""

import os
import secrets
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from genie import services
from genie.middleware import SessionLifetimeMiddleware
from genie.models import AuditEvent, Participant, Session
from tests.factories import ParticipantFactory, SessionFactory

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_checks_pass_with_production_settings():
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("GENIE_", "DJANGO_"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "genie.settings",
        "GENIE_SECRET_KEY": secrets.token_urlsafe(50),
        "GENIE_ALLOWED_HOSTS": "genie.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if not k.startswith("GENIE_")}
    env["DJANGO_SETTINGS_MODULE"] = "genie.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "GENIE_SECRET_KEY" in result.stderr


def test_session_ends_after_its_absolute_lifetime(facilitator_client, settings):
    assert facilitator_client.get(reverse("participant_list")).status_code == 200
    session = facilitator_client.session
    session[SessionLifetimeMiddleware.KEY] -= settings.SESSION_MAX_AGE_SECONDS + 1
    session.save()
    response = facilitator_client.get(reverse("participant_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # Signed out for good, not just redirected once.
    assert facilitator_client.get(reverse("participant_list")).status_code == 302


def test_deactivated_user_is_signed_out(facilitator_client, facilitator_user):
    facilitator_user.is_active = False
    facilitator_user.save()
    response = facilitator_client.get(reverse("participant_list"))
    assert response["Location"].startswith(reverse("login"))


def test_sign_out_ends_the_session(facilitator_client):
    facilitator_client.post(reverse("logout"))
    assert facilitator_client.get(reverse("participant_list")).status_code == 302


def refuse_connections(self):
    raise OperationalError("connection refused")


def test_database_outage_gives_a_friendly_503(facilitator_client):
    facilitator_client.raise_request_exception = False
    probe = Client(raise_request_exception=False)  # a load balancer, not signed in
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse_connections):
        page = facilitator_client.get(reverse("participant_list"))
        health = probe.get(reverse("healthz"))
    assert page.status_code == 503
    assert "briefly unavailable" in page.content.decode()
    assert health.status_code == 503
    assert health.json()["database"] == "unavailable"


def test_viewing_is_audited_once_per_window(facilitator_client, facilitator_user, participant):
    url = reverse("participant_detail", args=[participant.pk])
    facilitator_client.get(url)
    facilitator_client.get(url)
    events = AuditEvent.objects.filter(participant_id=participant.pk, action="viewed")
    assert events.count() == 1
    assert events.get().actor == facilitator_user


def test_admin_reads_are_audited(client, admin, session):
    client.force_login(admin)
    assert client.get(reverse("network", args=[session.pk])).status_code == 200
    assert AuditEvent.objects.filter(
        participant_id=session.participant_id, actor=admin, action="viewed"
    ).exists()


def test_refused_reads_are_not_recorded_as_views(client, other_facilitator, participant):
    client.force_login(other_facilitator)
    client.get(reverse("participant_detail", args=[participant.pk]))
    assert not AuditEvent.objects.filter(actor=other_facilitator).exists()


def test_erasure_removes_everything_and_leaves_a_content_free_tombstone(admin, participant):
    SessionFactory(participant=participant)
    participant_id = participant.pk
    services.participant_erase(user=admin, participant=participant)
    assert not Participant.objects.filter(pk=participant_id).exists()
    assert not Session.objects.filter(participant_id=participant_id).exists()
    tombstone = AuditEvent.objects.get(participant_id=participant_id, action="erased")
    assert participant.reference not in str(tombstone.__dict__)


def test_purge_expired_erases_only_participants_past_retention(organisation, settings):
    settings.RETENTION_DAYS = 30
    old = ParticipantFactory(organisation=organisation)
    recent_session = ParticipantFactory(organisation=organisation)
    fresh = ParticipantFactory(organisation=organisation)
    long_ago = timezone.now() - timedelta(days=31)
    Participant.objects.filter(pk__in=[old.pk, recent_session.pk]).update(updated_at=long_ago)
    SessionFactory(participant=recent_session)  # activity within the period keeps it

    out = StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert "1 participant" in out.getvalue()
    assert Participant.objects.count() == 3

    call_command("purge_expired", stdout=StringIO())
    assert set(Participant.objects.all()) == {recent_session, fresh}
    assert AuditEvent.objects.filter(participant_id=old.pk, action="erased").exists()
