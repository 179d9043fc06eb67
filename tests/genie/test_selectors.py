import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from genie import selectors
from tests.factories import ParticipantFactory, SessionFactory, UserFactory


def test_facilitator_gets_own_organisations_participant(facilitator_user, participant):
    found = selectors.participant_get(user=facilitator_user, participant_id=participant.pk)
    assert found == participant


def test_other_organisations_participant_is_not_found(other_facilitator, participant):
    with pytest.raises(Http404):
        selectors.participant_get(user=other_facilitator, participant_id=participant.pk)


def test_other_organisations_session_is_not_found(other_facilitator, session):
    with pytest.raises(Http404):
        selectors.session_get(user=other_facilitator, session_id=session.pk)


def test_commissioner_is_refused_personal_data(commissioner_user, participant, session):
    with pytest.raises(PermissionDenied):
        selectors.participant_get(user=commissioner_user, participant_id=participant.pk)
    with pytest.raises(PermissionDenied):
        selectors.session_get(user=commissioner_user, session_id=session.pk)
    with pytest.raises(PermissionDenied):
        selectors.participant_list(user=commissioner_user)


def test_user_without_role_is_refused(db, organisation, participant):
    nobody = UserFactory(organisation=organisation, role="")
    with pytest.raises(PermissionDenied):
        selectors.participant_list(user=nobody)


def test_admin_sees_every_organisation(admin, participant, other_organisation):
    other = ParticipantFactory(organisation=other_organisation)
    assert set(selectors.participant_list(user=admin)) == {participant, other}


def test_list_is_scoped_and_searchable(facilitator_user, organisation, other_organisation):
    mine = ParticipantFactory(organisation=organisation, reference="ABC-1", first_name="Maggie")
    ParticipantFactory(
        organisation=organisation, reference="XYZ-2", first_name="Ray", postcode_district="SO14"
    )
    ParticipantFactory(organisation=other_organisation, reference="ABC-9", first_name="Maggie")
    assert list(selectors.participant_list(user=facilitator_user, search="abc")) == [mine]
    assert list(selectors.participant_list(user=facilitator_user, search="maggie")) == [mine]
    assert [
        p.reference for p in selectors.participant_list(user=facilitator_user, search="so14")
    ] == ["XYZ-2"]


def test_sessions_in_progress_excludes_completed_and_other_organisations(
    facilitator_user, session, other_organisation
):
    SessionFactory(participant=ParticipantFactory(organisation=other_organisation))
    assert list(selectors.sessions_in_progress(user=facilitator_user)) == [session]
