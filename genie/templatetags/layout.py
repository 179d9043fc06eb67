"""The layout's links and assets, worked out once per process (#21).

Every signed-in page draws the same header, sign-out forms and scripts: about a
dozen `{% url %}` and `{% static %}` lookups that always give the same answers.
Reversing a URL costs tens of microseconds, so together they were a noticeable
part of every request. These tags remember each answer, keyed by the script
prefix (the one thing, besides settings, that can change it).
"""

from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse

register = template.Library()


@lru_cache(maxsize=128)
def _url(name: str, prefix: str) -> str:
    return reverse(name)


@lru_cache(maxsize=128)
def _static(path: str, prefix: str) -> str:
    return static(path)


@register.simple_tag
def layout_url(name: str) -> str:
    """``{% url name %}`` for a URL without arguments, remembered."""
    return _url(name, get_script_prefix())


@register.simple_tag
def layout_static(path: str) -> str:
    """``{% static path %}``, remembered."""
    return _static(path, get_script_prefix())


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES"}:
        _url.cache_clear()
        _static.cache_clear()
