from genie import selectors, services
from genie.models import Session, Stage


def test_session_start_creates_a_baseline_at_stage_one(facilitator_user, participant):
    session = services.session_start(user=facilitator_user, participant=participant)
    assert session.kind == Session.Kind.BASELINE
    assert session.stage == Stage.NETWORK
    assert session.facilitator == facilitator_user


def test_session_start_twice_resumes_the_open_session(facilitator_user, participant):
    first = services.session_start(user=facilitator_user, participant=participant)
    second = services.session_start(user=facilitator_user, participant=participant)
    assert first == second
    assert participant.sessions.count() == 1


def test_session_after_a_completed_one_is_a_follow_up(facilitator_user, participant):
    baseline = services.session_start(user=facilitator_user, participant=participant)
    services.session_complete(session=baseline)
    follow_up = services.session_start(user=facilitator_user, participant=participant)
    assert follow_up.kind == Session.Kind.FOLLOW_UP
    assert follow_up.previous == baseline


def test_reaching_a_stage_never_moves_backwards(session):
    services.session_reach_stage(session=session, stage=Stage.OPPORTUNITIES)
    services.session_reach_stage(session=session, stage=Stage.NETWORK)
    session.refresh_from_db()
    assert session.stage == Stage.OPPORTUNITIES


def test_complete_is_idempotent(session):
    services.session_complete(session=session)
    completed_at = session.completed_at
    services.session_complete(session=session)
    session.refresh_from_db()
    assert session.completed_at == completed_at
    assert session.stage == Stage.PLAN


def test_changing_consent_records_who_and_when(participant, other_facilitator, facilitator_user):
    before = participant.consent_recorded_at
    services.participant_update(
        user=facilitator_user,
        participant=participant,
        data={"consent_case_study": True},
        consent_statement=selectors.consent_statement_current(
            organisation=participant.organisation
        ),
    )
    participant.refresh_from_db()
    assert participant.consent_case_study is True
    assert participant.consent_recorded_at > before
    assert participant.consent_recorded_by == facilitator_user
