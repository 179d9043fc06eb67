"""Nothing that identifies a person reaches a commissioner: every page and export checked."""

from django.urls import reverse

from evidence.panels import PANELS
from genie.models import Condition
from tests.evidence.conftest import area_code, build_groups, seed_sessions
from tests.factories import (
    ParticipantFactory,
    SessionFactory,
    WellbeingMeasuresFactory,
    facilitator,
)

SECRETS = {
    "reference": "REF-XYLOPHONE-7731",
    "first_name": "Wilhelmina",
    "other_conditions": "Zebrafish allergy of Wilhelmina",
}


def test_no_identifying_detail_in_any_commissioner_page_or_csv(
    client, commissioner_user, admin, organisation
):
    seed_sessions(organisation, district="SO17", count=6)
    user = facilitator(organisation=organisation, first_name="Facilitatrix", last_name="Unique")
    Condition.objects.create(name="Condition seen by everyone")
    for i in range(6):
        participant = ParticipantFactory(
            organisation=organisation,
            consent_recorded_by=user,
            postcode_district="SO17",
            reference=f"{SECRETS['reference']}-{i}",
            first_name=SECRETS["first_name"],
            other_conditions=SECRETS["other_conditions"],
        )
        session = SessionFactory(participant=participant, facilitator=user)
        WellbeingMeasuresFactory(session=session)
    # One person alone in a district: the district itself must not be named.
    ParticipantFactory(organisation=organisation, postcode_district="BH99", reference="LONE-1")
    SessionFactory(participant=ParticipantFactory._meta.model.objects.get(reference="LONE-1"))
    build_groups(minimum=5)
    code = area_code("SO17")

    pages = []
    for viewer in (commissioner_user, admin):
        client.force_login(viewer)
        pages.append(client.get(reverse("evidence_home")).content.decode())
        pages.append(
            client.get(
                reverse("evidence_home"), {"area": code}, HTTP_HX_REQUEST="true"
            ).content.decode()
        )
        for panel in PANELS:
            for query in ({}, {"area": code}, {"area": "other"}, {"organisation": organisation.pk}):
                response = client.get(reverse("evidence_csv", args=[panel.slug]), query)
                assert response.status_code == 200
                pages.append(response.content.decode())
    forbidden = [
        SECRETS["reference"],
        SECRETS["first_name"],
        "Zebrafish",
        "Facilitatrix",
        "BH99",
        "LONE-1",
        *(str(p.pk) for p in ParticipantFactory._meta.model.objects.all()),
    ]
    for content in pages:
        for secret in forbidden:
            assert secret not in content, secret
    assert any("Another condition" in content for content in pages)


def test_no_member_label_note_or_name_in_the_new_panels_map_or_case_study(
    client, commissioner_user, admin, organisation, facilitator_user
):
    from genie.models import Participant
    from tests.evidence.stories import contrasting_story, story
    from tests.resources.factories import listing

    walking = listing("Walking group", km_north=1.0)
    secrets = ["Zanzibarnabus", "Quetzalcoatl-note", "Wilhelmina", "REF-XYLOPHONE"]
    for i in range(6):
        story(
            organisation,
            user=facilitator_user,
            listings=[walking],
            label=f"Zanzibarnabus {i}",
            note="Quetzalcoatl-note about their health",
            favourites=(2,),
            max_km=2.0,
            first_name="Wilhelmina",
            reference=f"REF-XYLOPHONE-{i}",
            consent_case_study=True,
        )
    for _ in range(3):
        contrasting_story(organisation, user=facilitator_user, favourites=(0,), listings=[walking])
    build_groups(minimum=5)
    pages = []
    for viewer in (commissioner_user, admin):
        client.force_login(viewer)
        pages.append(client.get(reverse("evidence_home")).content.decode())
        pages.append(client.get(reverse("evidence_unmet_demand_map")).content.decode())
        for panel in PANELS:
            pages.append(client.get(reverse("evidence_csv", args=[panel.slug])).content.decode())
    assert any("SO17: Social and friendship" in page for page in pages)  # there is data
    for content in pages:
        for secret in secrets:
            assert secret not in content, secret
    # The case study shows the network by kind and the listing's public name only.
    client.force_login(facilitator_user)
    person = Participant.objects.filter(reference__startswith="REF-XYLOPHONE").first()
    page = client.get(reverse("case_study", args=[person.pk])).content.decode()
    assert "Walking group" in page
    assert "Friend" in page and "Group or organisation" in page
    assert "Not tried (getting there)" in page
    for secret in [*secrets, "SO17", person.sessions.first().started_at.strftime("%-d %B")]:
        assert secret not in page, secret
