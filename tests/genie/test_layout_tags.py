"""The layout's remembered links stay right when the site is served under a path."""

import pytest
from django.template import Context, Template
from django.urls import set_script_prefix

pytestmark = pytest.mark.django_db

LAYOUT = Template(
    "{% load layout %}{% layout_url 'participant_list' %} {% layout_static 'js/genie.js' %}"
)
PLAIN = Template("{% load static %}{% url 'participant_list' %} {% static 'js/genie.js' %}")


def test_links_and_assets_are_what_django_gives_and_follow_the_script_prefix():
    assert (
        LAYOUT.render(Context()) == PLAIN.render(Context()) == "/participants/ /static/js/genie.js"
    )
    try:
        set_script_prefix("/genie/")
        assert LAYOUT.render(Context()) == PLAIN.render(Context())
        assert LAYOUT.render(Context()).startswith("/genie/participants/ ")
    finally:
        set_script_prefix("/")
    assert LAYOUT.render(Context()) == "/participants/ /static/js/genie.js"


def test_a_changed_setting_is_not_answered_from_memory(settings):
    LAYOUT.render(Context())
    settings.STATIC_URL = "/assets/"
    assert LAYOUT.render(Context()).endswith(" /assets/js/genie.js")
