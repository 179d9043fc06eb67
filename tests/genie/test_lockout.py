from django.urls import reverse


def sign_in(client, password):
    return client.post(reverse("login"), {"username": "faye", "password": password})


def test_five_failures_lock_the_username_out_with_a_clear_message(client, facilitator_user):
    for _attempt in range(4):
        assert "There is a problem" in sign_in(client, "wrong").content.decode()
    locked = sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    # Even the right password is refused until the cool-off ends.
    still_locked = sign_in(client, "correct-horse-battery")
    assert still_locked.status_code == 429
    assert client.get(reverse("participant_list")).status_code == 302


def test_lockout_is_per_username(client, facilitator_user, other_facilitator):
    for _attempt in range(5):
        sign_in(client, "wrong")
    response = client.post(
        reverse("login"), {"username": "otto", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
