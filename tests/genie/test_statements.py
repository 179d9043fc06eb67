"""The session and user reads of every request, written by the ORM once per
connection and prepared on PostgreSQL (genie.statements, genie.backends,
genie.sessions): they must read exactly what Django's own code reads."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from genie import roles
from genie.backends import StaffBackend
from genie.models import User
from genie.sessions import SessionStore
from tests.conftest import IN_CI
from tests.factories import OrganisationFactory, UserFactory, admin_user, commissioner

pytestmark = pytest.mark.django_db


def fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def read_with_the_orm(user_id):
    user = User.objects.get(pk=user_id)
    return fields(user), user.organisation and fields(user.organisation)


@pytest.mark.parametrize(
    "make",
    [
        lambda: UserFactory(role=roles.FACILITATOR, email="faye@example.org"),
        lambda: commissioner(username="no-organisation"),
        lambda: admin_user(username="super", last_login=timezone.now()),
    ],
    ids=["facilitator", "no organisation", "superuser"],
)
def test_the_user_read_is_the_orms_read_with_roles(make):
    user = make()
    user.groups.add(Group.objects.get_or_create(name=roles.REFERRER)[0])
    user.groups.add(Group.objects.get_or_create(name="volunteers")[0])  # not a role
    for _ in range(7):  # past the point where PostgreSQL's statement is prepared
        read = StaffBackend().get_user(user.pk)
    assert (fields(read), read.organisation and fields(read.organisation)) == read_with_the_orm(
        user.pk
    )
    expected = {
        name for name in user.groups.values_list("name", flat=True) if name in roles.ROLES
    } | ({roles.ADMIN} if user.is_superuser else set())
    assert roles.role_names(read) == expected
    # The organisation came with the user: no further query.
    with CaptureQueriesContext(connection) as queries:
        shown = read.organisation.name if read.organisation else None
    assert not queries.captured_queries
    assert shown == (user.organisation.name if user.organisation else None)


def test_unknown_inactive_and_malformed_users_are_not_signed_in():
    user = UserFactory(organisation=OrganisationFactory())
    assert StaffBackend().get_user(user.pk + 1000) is None
    assert StaffBackend().get_user("not-an-id") is None
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert StaffBackend().get_user(user.pk) is None


def test_a_change_to_the_user_shows_at_the_next_read():
    user = UserFactory(organisation=OrganisationFactory(name="Before"))
    for _ in range(6):
        StaffBackend().get_user(user.pk)
    user.organisation = OrganisationFactory(name="After")
    user.first_name = "Renamed"
    user.save()
    read = StaffBackend().get_user(user.pk)
    assert (read.first_name, read.organisation.name) == ("Renamed", "After")


def test_a_session_reads_as_djangos_own_does():
    stored = DjangoSessionStore()
    stored["_auth_user_id"] = "42"
    stored["notes"] = "ünïcode <b>kept</b>"
    stored.save()
    for _ in range(6):
        assert (
            SessionStore(stored.session_key).load() == DjangoSessionStore(stored.session_key).load()
        )

    unknown = SessionStore("k" * 32)
    assert unknown.load() == {} and unknown.session_key is None

    DjangoSession.objects.filter(pk=stored.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(stored.session_key)
    assert expired.load() == {} and expired.session_key is None


def test_logged_queries_keep_their_text():
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        for _ in range(6):
            StaffBackend().get_user(user.pk)
    assert all(str(user.pk) in q["sql"] for q in queries.captured_queries)


@pytest.mark.skipif(
    connection.vendor != "postgresql" and not IN_CI,
    reason="prepared statements are PostgreSQL's (CI runs this there)",
)
def test_postgresql_prepares_the_user_and_session_reads(client):
    user = UserFactory()
    client.force_login(user)
    for _ in range(6):
        client.get("/no-such-page/")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("django_session" in s for s in prepared), prepared
    assert any("genie_organisation" in s and "auth_group" in s for s in prepared), prepared
    # Django's own queries stay unprepared, as Django configures them (the same
    # text may be prepared once per type of id psycopg sends).
    assert len(set(prepared)) == 2, prepared


@pytest.mark.parametrize(("setting", "threshold"), [(None, 5), ("false", None)])
def test_prepared_statements_can_be_turned_off_for_a_pooler(setting, threshold):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GENIE_", "DJANGO_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "genie.settings",
        "GENIE_SECRET_KEY": "x" * 60,
        "DATABASE_URL": "postgres://genie@db.example.org/genie",
    }
    if setting is not None:
        env["GENIE_DB_PREPARE"] = setting
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings;"
            "print(settings.DATABASES['default'].get('OPTIONS', {}).get('prepare_threshold'))",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == str(threshold)
