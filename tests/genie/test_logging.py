import logging

from django.urls import reverse

DISTINCTIVE = "Zebedee-Quartermaine"


def test_no_personal_data_reaches_the_logs(facilitator_client, other_facilitator, client, caplog):
    # Everything, as an operator debugging a problem would turn it on.
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.request")
    data = {
        "reference": f"REF-{DISTINCTIVE}",
        "first_name": DISTINCTIVE,
        "postcode": "SO17 1BJ",
        "age_band": "75-84",
        "gender": "woman",
        "other_conditions": DISTINCTIVE,
        "consent_data_use": "on",
        "consent_version": "1",
    }
    # A failed attempt, a successful one, the pages after it, and a refused read.
    facilitator_client.post(reverse("participant_create"), dict(data, postcode="nowhere"))
    response = facilitator_client.post(reverse("participant_create"), data)
    participant_url = response["Location"]
    facilitator_client.get(participant_url)
    facilitator_client.post(reverse("participant_list"), {"q": DISTINCTIVE})
    facilitator_client.post(participant_url + "sessions/new/")
    client.force_login(other_facilitator)
    assert client.get(participant_url).status_code == 404

    assert caplog.records, "the requests above should have logged something (e.g. the 404)"
    assert DISTINCTIVE not in caplog.text
    assert "SO17 1BJ" not in caplog.text
