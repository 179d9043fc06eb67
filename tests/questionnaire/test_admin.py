"""Curating the questionnaire in the Django admin."""

import pytest
from django.urls import reverse

from questionnaire.models import Item, Questionnaire


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def item_form(item, **changes):
    """The item change form's POST data, options and weights included."""
    options = list(item.options.all())
    weights = list(item.weights.all())
    data = {
        "questionnaire": item.questionnaire_id,
        "order": item.order,
        "text": item.text,
        "hint": item.hint,
        "options-TOTAL_FORMS": len(options),
        "options-INITIAL_FORMS": len(options),
        "weights-TOTAL_FORMS": len(weights),
        "weights-INITIAL_FORMS": len(weights),
    }
    for index, option in enumerate(options):
        data |= {
            f"options-{index}-id": option.pk,
            f"options-{index}-item": item.pk,
            f"options-{index}-order": option.order,
            f"options-{index}-label": option.label,
            f"options-{index}-value": option.value,
        }
    for index, weight in enumerate(weights):
        data |= {
            f"weights-{index}-id": weight.pk,
            f"weights-{index}-item": item.pk,
            f"weights-{index}-category": weight.category_id,
            f"weights-{index}-weight": weight.weight,
        }
    return data | changes


def test_items_options_and_weights_are_editable_while_a_version_has_no_answers(
    admin_client, questionnaire, settings
):
    # Django's inline formsets look each submitted row up by id with its own query;
    # that is Django's admin, not our code, so the N+1 guard may only warn here.
    settings.ZEAL_RAISE = False
    item = questionnaire.items.get(order=1)
    url = reverse("admin:questionnaire_item_change", args=[item.pk])
    page = admin_client.get(url).content.decode()
    assert "Not at all" in page and "Physical activity" in page
    data = item_form(item, text="How much would you like to move more?")
    data["options-0-label"] = "Not really"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "How much would you like to move more?"
    assert item.options.first().label == "Not really"


def test_a_version_with_answers_is_read_only_and_says_how_to_edit_a_copy(
    admin_client, questionnaire, answer
):
    answer(1, 2)
    item = questionnaire.items.get(order=1)
    url = reverse("admin:questionnaire_item_change", args=[item.pk])
    response = admin_client.get(url)
    assert "Save as new version" in response.content.decode()
    response = admin_client.post(url, item_form(item, text="Sneaky edit"))
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.text != "Sneaky edit"
    # New items cannot be added to it either.
    add = admin_client.get(reverse("admin:questionnaire_item_add")).content.decode()
    assert f'<option value="{questionnaire.pk}"' not in add


def test_save_as_new_version_then_make_active(admin_client, questionnaire, answer):
    answer(1, 2)
    changelist = reverse("admin:questionnaire_questionnaire_changelist")
    response = admin_client.post(
        changelist,
        {"action": "save_as_new_version", "_selected_action": [questionnaire.pk]},
        follow=True,
    )
    assert "Version 2 is a draft copy of version 1" in response.content.decode()
    draft = Questionnaire.objects.get(version=2)
    assert Item.objects.filter(questionnaire=draft).count() == 13
    assert not draft.is_active

    response = admin_client.post(
        changelist, {"action": "make_active", "_selected_action": [draft.pk]}, follow=True
    )
    assert "Version 2 is now active" in response.content.decode()
    assert list(Questionnaire.objects.filter(is_active=True)) == [draft]


def test_the_active_version_cannot_be_deleted(admin_client, questionnaire):
    url = reverse("admin:questionnaire_questionnaire_delete", args=[questionnaire.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert Questionnaire.objects.filter(pk=questionnaire.pk).exists()


def test_admin_help_says_the_wording_is_our_own(admin_client, questionnaire):
    url = reverse("admin:questionnaire_questionnaire_change", args=[questionnaire.pk])
    assert "official Genie wording is not public" in admin_client.get(url).content.decode()
