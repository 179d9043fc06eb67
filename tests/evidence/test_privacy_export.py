from genie.evidence.privacy import export_participant
from tests.evidence.factories import WellbeingMeasuresFactory


def test_subject_access_export_includes_wellbeing_measures(session):
    WellbeingMeasuresFactory(session=session, life_satisfaction=3, direct_loneliness="never")
    exported = export_participant(participant=session.participant)["wellbeing_measures"]
    assert len(exported) == 1
    assert exported[0]["session"] == str(session.pk)
    assert exported[0]["life_satisfaction"] == 3
    assert exported[0]["direct_loneliness"] == "never"
