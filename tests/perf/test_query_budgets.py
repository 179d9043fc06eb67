"""Query budgets for every page and htmx fragment of a session.

How we count: every signed-in request pays a fixed overhead before the view
runs (the session row, and the user with their organisation and roles in one
query; the session is saved back at most once a minute:
tests/genie/test_request_overhead.py). We measure that
overhead in the same test with an authenticated request that does nothing else
(the home page, which only redirects) and budget the *view's own* queries on
top of it: a page may use at most PAGE, a fragment at most FRAGMENT, unless a
budget below says otherwise and why. Each endpoint is measured with little data
and again with much more (members, listings, participants, sessions); the
count must not grow. django-zeal (tests/settings.py) fails any N+1 on top.
"""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evidence.facts.queue import process_pending
from genie.models import Category, Stage
from mapping.models import DroppedActivity, NetworkMember, NetworkSnapshot
from questionnaire.models import Questionnaire
from resources.models import ChosenActivity
from tests.evidence.conftest import seed_sessions
from tests.factories import ParticipantFactory, SessionFactory
from tests.mapping.factories import NetworkMemberFactory, kind
from tests.resources.factories import listing

PAGE = 10
FRAGMENT = 5
# A Stage 1 change reads the session, snapshot and kinds, checks, writes, and
# re-reads the members for the redrawn map: one over the fragment budget.
CHANGE = 6
# Stage 3 reads the session (and records the read in the audit trail), the
# participant's constraints, their answers (the questionnaire version's items,
# options and weights are read once per process: questionnaire.selectors) and
# dropped activities, matches in two queries (the local and the national listings,
# each with its categories and schedules joined: #21), loads one page of details
# (listings, categories, schedules), its open problem reports, the choices and the
# network members for "who might come along". Each is one query whatever the number
# of rows, but together they are over the page budget: see docs/performance.md.
STAGE3 = 12
# A filter's fragment is the results alone: which listings are chosen, not the
# choices panel with its details and the network members (#21).
STAGE3_RESULTS = 11
# Choosing reads the session, locks it, checks (already chosen? how many? still
# listed?), writes the choice and its audit record, then sends only what changed
# (#21): the choices with their details, the network members offered as company
# and "Chosen last time". No matching: the list and the map are not redrawn.
# Removing deletes the choice with what the participant said about it (#20).
CHOOSE = 9
# A dropped activity: the form checks its categories, then the activity and its
# category links are written and the list re-read with its categories.
DROPPED = 9
# Every change of participant-level data also writes its audit record (#14).
AUDIT = 1
# Every write to a session first locks its row: that keeps a finished session
# read-only and the limits (150 members, three choices) true under concurrency (#14).
LOCK = 1
# A change of what a session records queues its evidence facts, in the same
# transaction (evidence.facts.queue; they are written once it commits) (#18).
FACTS = 1
HTMX = {"HTTP_HX_REQUEST": "true"}


def count(client, method, url, data=None, **headers) -> tuple[int, int]:
    """(queries, status) for one request, not counting savepoints (transaction control)."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {}, **headers)
    statements = [q["sql"] for q in queries.captured_queries]
    return len([s for s in statements if "SAVEPOINT" not in s]), response.status_code


@pytest.fixture
def overhead(facilitator_client):
    queries, status = count(facilitator_client, "get", reverse("home"))
    assert status == 302
    return queries


@pytest.fixture
def grow(organisation, facilitator_user, session):
    """grow(n): n more network members, listings near SO17, participants with sessions."""

    def grow(n):
        snapshot, _ = NetworkSnapshot.objects.get_or_create(session=session)
        for _ in range(n):
            NetworkMemberFactory(snapshot=snapshot, kind=kind("friend"))
            listing(name=f"Group {uuid.uuid4().hex[:6]}", km_north=0.5, byday="TU")
            other = ParticipantFactory(
                organisation=organisation, consent_recorded_by=facilitator_user
            )
            SessionFactory(participant=other, facilitator=facilitator_user)
        return snapshot

    return grow


def within_budget(measure, grow, overhead, budget):
    """measure() with 1 row of everything, then 25: the view's own queries stay
    within the budget and do not grow."""
    grow(1)
    small, status = measure()
    assert status < 400, status
    grow(24)
    large, status = measure()
    assert status < 400, status
    assert large - overhead <= budget, f"{large - overhead} queries > {budget}"
    assert large <= small, f"{small} queries with little data, {large} with more"


def url(name, session, *args):
    return reverse(name, args=[session.pk, *args])


# --- participants ---------------------------------------------------------------------


def test_participant_list(facilitator_client, grow, overhead):
    page = lambda: count(facilitator_client, "get", reverse("participant_list"))  # noqa: E731
    within_budget(page, grow, overhead, PAGE)


def test_participant_search_fragment(facilitator_client, grow, overhead):
    def fragment():
        return count(facilitator_client, "get", reverse("participant_list"), {"q": "P"}, **HTMX)

    within_budget(fragment, grow, overhead, FRAGMENT)


def test_participant_page(facilitator_client, participant, grow, overhead):
    def page():
        return count(
            facilitator_client, "get", reverse("participant_detail", args=[participant.pk])
        )

    within_budget(page, grow, overhead, PAGE)


# --- Stage 1 --------------------------------------------------------------------------


def test_network_page(facilitator_client, session, grow, overhead):
    page = lambda: count(facilitator_client, "get", url("network", session))  # noqa: E731
    within_budget(page, grow, overhead, PAGE)


def member_data(**extra):
    return {"label": "Neighbour", "kind": "friend", "circle": "middle", "contact": "weekly"} | extra


def test_add_member(facilitator_client, session, grow, overhead):
    def add():
        data = member_data(add_token=str(uuid.uuid4()))
        return count(facilitator_client, "post", url("network_member_add", session), data, **HTMX)

    within_budget(add, grow, overhead, CHANGE + AUDIT + LOCK)


def test_edit_member(facilitator_client, session, grow, overhead):
    def edit():
        member = NetworkMember.objects.filter(snapshot__session=session).first()
        data = member_data(version=member.version, label="Renamed")
        target = url("network_member_edit", session, member.pk)
        return count(facilitator_client, "post", target, data, **HTMX)

    within_budget(edit, grow, overhead, FRAGMENT + AUDIT + LOCK)


def test_move_member(facilitator_client, session, grow, overhead):
    def move():
        member = NetworkMember.objects.filter(snapshot__session=session).first()
        circle = "inner" if member.circle != "inner" else "middle"
        data = {"circle": circle, "version": member.version}
        target = url("network_member_move", session, member.pk)
        return count(facilitator_client, "post", target, data, **HTMX)

    within_budget(move, grow, overhead, FRAGMENT + AUDIT + LOCK)


def test_remove_and_restore_member(facilitator_client, session, grow, overhead):
    def remove_then_restore():
        member = NetworkMember.objects.filter(snapshot__session=session).last()
        removed, status = count(
            facilitator_client, "post", url("network_member_remove", session, member.pk), **HTMX
        )
        restored, _ = count(
            facilitator_client, "post", url("network_member_restore", session, member.pk), **HTMX
        )
        # Both are fragments: report the larger against the budget.
        return max(removed, restored), status

    within_budget(remove_then_restore, grow, overhead, CHANGE + AUDIT + LOCK)


def test_dropped_activity_add_and_remove(facilitator_client, session, grow, overhead):
    category = Category.objects.get(code="physical-activity")

    def add_then_remove():
        data = {"description": "Swimming", "categories": [category.code]}
        added, status = count(
            facilitator_client, "post", url("network_dropped_add", session), data, **HTMX
        )
        activity = DroppedActivity.objects.filter(session=session).first()
        removed, _ = count(
            facilitator_client,
            "post",
            url("network_dropped_remove", session, activity.pk),
            **HTMX,
        )
        return max(added, removed), status

    within_budget(add_then_remove, grow, overhead, DROPPED + AUDIT + LOCK)


# --- Stage 2 --------------------------------------------------------------------------


def test_question_page_and_answer(facilitator_client, session, grow, overhead):
    option = Questionnaire.objects.get(is_active=True).items.get(order=1).options.first()

    def answer():
        shown, _ = count(facilitator_client, "get", url("preferences_question", session, 1))
        data = {"answer": str(option.pk)}
        target = url("preferences_question", session, 1)
        answered, status = count(facilitator_client, "post", target, data, **HTMX)
        return max(shown, answered), status

    within_budget(answer, grow, overhead, PAGE)


@pytest.mark.parametrize(
    "name", ["preferences_check", "preferences_constraints", "preferences_profile"]
)
def test_stage2_steps(facilitator_client, session, grow, overhead, name):
    step = lambda: count(facilitator_client, "get", url(name, session))  # noqa: E731
    within_budget(step, grow, overhead, PAGE)


def test_practical_constraints_saved(facilitator_client, session, grow, overhead):
    data = {"distance": "3", "travel_modes": ["walk"], "free_only": "no", "step_free": "no"}

    def save():
        return count(facilitator_client, "post", url("preferences_constraints", session), data)

    within_budget(save, grow, overhead, PAGE)


# --- Stage 3 and the plan ---------------------------------------------------------------


def test_opportunities_page(facilitator_client, session, grow, overhead):
    page = lambda: count(facilitator_client, "get", url("opportunities", session))  # noqa: E731
    within_budget(page, grow, overhead, STAGE3)


def test_opportunities_filter_fragment(facilitator_client, session, grow, overhead):
    def fragment():
        return count(
            facilitator_client,
            "get",
            url("opportunities", session),
            {"category": "physical-activity", "distance": "5"},
            HTTP_HX_TARGET="results",
            **HTMX,
        )

    within_budget(fragment, grow, overhead, STAGE3_RESULTS)


def test_opportunities_map(facilitator_client, session, grow, overhead):
    page = lambda: count(facilitator_client, "get", url("opportunities_map", session))  # noqa: E731
    within_budget(page, grow, overhead, STAGE3)


def test_choose_and_remove(facilitator_client, session, grow, overhead):
    def choose_then_remove():
        sal = listing(name=f"Choice {uuid.uuid4().hex[:6]}", km_north=0.2)
        data = {"service_at_location": str(sal.pk), "query": ""}
        chosen, status = count(
            facilitator_client, "post", url("opportunity_choose", session), data, **HTMX
        )
        choice = ChosenActivity.objects.get(session=session, service_at_location=sal)
        removed, _ = count(
            facilitator_client,
            "post",
            url("opportunity_choice_remove", session, choice.pk),
            {"query": ""},
            **HTMX,
        )
        return max(chosen, removed), status

    within_budget(choose_then_remove, grow, overhead, CHOOSE + AUDIT + FACTS)


def test_plan(facilitator_client, session, grow, overhead):
    session.stage = Stage.PLAN
    session.save()

    def page():
        for sal in [listing(name=f"Plan {uuid.uuid4().hex[:6]}", km_north=0.3)]:
            if session.chosen_activities.count() < ChosenActivity.MAX_PER_SESSION:
                ChosenActivity.objects.create(session=session, service_at_location=sal)
        return count(facilitator_client, "get", url("plan", session))

    within_budget(page, grow, overhead, PAGE)


# --- Evidence -------------------------------------------------------------------------


def test_evidence_dashboard(client, commissioner_user, organisation):
    client.force_login(commissioner_user)
    base, _ = count(client, "get", reverse("home"))
    seed_sessions(organisation, count=2)
    process_pending()  # the facts, as written when the changes commit (#18)
    small, status = count(client, "get", reverse("evidence_home"))
    assert status == 200
    seed_sessions(organisation, district="SO18", count=30)
    process_pending()
    large, _ = count(client, "get", reverse("evidence_home"))
    assert large <= small
    assert large - base <= DASHBOARD, f"{large - base} queries"


# About two queries per panel over the fact tables (evidence/facts/read.py: the
# counts and the size of each block, evidence.disclosure), the area groups, the
# facts' queue and the filter form's choices.
DASHBOARD = 40
