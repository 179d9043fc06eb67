import os
import shutil

import pytest
from django.core import serializers
from django.core.cache import caches
from django.db import connections, transaction
from playwright.sync_api import expect

from questionnaire.models import Questionnaire
from tests.factories import (
    OrganisationFactory,
    ParticipantFactory,
    SessionFactory,
    admin_user,
    commissioner,
    facilitator,
)

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The caches hold evidence tables and audit windows: no test sees another's.
    for alias in ("default", "local"):
        caches[alias].clear()


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Itchen Community Connect")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Elsewhere Wellbeing")


@pytest.fixture
def facilitator_user(organisation):
    return facilitator(username="faye", organisation=organisation)


@pytest.fixture
def other_facilitator(other_organisation):
    return facilitator(username="otto", organisation=other_organisation)


@pytest.fixture
def commissioner_user(db):
    return commissioner(username="cara")


@pytest.fixture
def admin(db):
    return admin_user(username="alex")


@pytest.fixture
def participant(organisation, facilitator_user):
    return ParticipantFactory(
        organisation=organisation, consent_recorded_by=facilitator_user, reference="REF-1"
    )


@pytest.fixture
def session(participant, facilitator_user):
    return SessionFactory(participant=participant, facilitator=facilitator_user)


@pytest.fixture
def facilitator_client(client, facilitator_user):
    client.force_login(facilitator_user)
    return client


# --- Real browser (Playwright driving Debian's Chromium) -------------------------

CHROMIUM = os.environ.get("GENIE_BROWSER") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if IN_CI:
            pytest.fail(f"Chromium not found at {CHROMIUM}: browser tests must run in CI")
        pytest.skip("Chromium is not installed (run `bash .ci/run` or apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # Connections opened while Playwright's loop ran belong to its context;
        # close them so the test database can be dropped at the end.
        connections.close_all()


@pytest.fixture
def page(transactional_db, browser, live_server):
    # Transactional: the live server's thread sees the data; the rows migrations
    # seed are put back after each flush by _restore_seeded_rows below.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    # Generous waits: a loaded machine (CI on two cores) must not turn slowness
    # into failures. A real failure still fails, only later.
    context.set_default_timeout(20_000)
    expect.set_options(timeout=15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login_page(page, live_server, client):
    """A browser page signed in as the given user (via a real session cookie)."""

    def login(user):
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies(
            [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
        )
        return page

    return login


# Transactional tests (browser tests against a live server, migrations, restarts,
# concurrency) flush the database after each. Django's serialized rollback would
# restore the rows migrations seed (categories, conditions, the default
# questionnaire), but it clashes with the content types that a plain flush
# recreates, and once Playwright's sync API has started this thread sees a new
# connection object without the serialized copy. So no test uses it: a copy is
# made once here, and the seeded rows are put back whenever they are missing.
@pytest.fixture(scope="session")
def _serialized_contents(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return {
            alias: getattr(connections[alias], "_test_serialized_contents", None)
            or connections[alias].creation.serialize_db_to_string()
            for alias in connections
        }


@pytest.fixture(autouse=True)
def _restore_seeded_rows(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction")
    if not (transactional or "live_server" in request.fixturenames):
        return  # and a run of tests without a database never sets one up
    request.getfixturevalue("transactional_db")
    for alias, contents in request.getfixturevalue("_serialized_contents").items():
        connection = connections[alias]
        if not Questionnaire.objects.using(alias).exists():
            # Content types and permissions were recreated after the flush already.
            # In one transaction, as Django restores: foreign keys are checked at the end.
            with transaction.atomic(using=alias), connection.constraint_checks_disabled():
                for record in serializers.deserialize("json", contents, using=alias):
                    if record.object._meta.app_label not in {"contenttypes", "auth"}:
                        record.save(using=alias)
