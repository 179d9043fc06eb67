"""Access control proven, not assumed: every URL in the URLconf is walked."""

import re
import uuid

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)

# URLs an anonymous visitor may open, by URL name (or admin, which has its own sign-in).
PUBLIC = {"login", "healthz", "admin:login", "sign_in_set_up"}
# The Open Referral UK read API (public listing data) and the public referral form.
PUBLIC_PREFIXES = ("openreferral", "refer/")
SIGN_IN_PAGES = ("/accounts/login/", "/admin/login/")
SAMPLES = {
    UUIDConverter: lambda: str(uuid.uuid4()),
    IntConverter: lambda: "1",
    SlugConverter: lambda: "sample",
    StringConverter: lambda: "sample",
    PathConverter: lambda: "sample",
}


def sample_regex(regex: str) -> str:
    """A URL matching a simple regex route (as Django's admin uses), e.g. (?P<x>a|b) -> a."""

    def group(match):
        body = match.group(1)
        literal = body.split("|")[0]
        return literal if re.fullmatch(r"[\w\-]+", literal) else "1"

    path = re.sub(r"\(\?P<\w+>((?:[^()]|\([^()]*\))*)\)", group, regex)
    return path.lstrip("^").rstrip("$").replace("\\", "")


def sample_path(pattern, values) -> tuple[str, set[str]]:
    route = getattr(pattern.pattern, "_route", None)
    if route is None:
        return sample_regex(pattern.pattern.regex.pattern), set()
    for name, converter in pattern.pattern.converters.items():
        sampler = SAMPLES.get(type(converter))
        assert sampler, f"No sample for converter {converter!r} in {route}"
        value = str(values[name]) if name in values else sampler()
        route = re.sub(rf"<(?:\w+:)?{name}>", value, route)
    return route, set(pattern.pattern.converters)


def sample_urls(values=None, patterns=None, prefix="", namespace="", params=frozenset()):
    """(url, name, parameter names) for every pattern; parameters take the given
    ``values`` where named there, and a sample value otherwise."""
    values = values or {}
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        path, names = sample_path(pattern, values)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from sample_urls(
                values, pattern.url_patterns, prefix + path, inner, params | names
            )
        elif isinstance(pattern, URLPattern):
            url = "/" + prefix + path
            try:
                resolved = resolve(url)
            except Resolver404:
                raise AssertionError(f"Cannot sample {pattern.pattern} (tried {url})") from None
            assert resolved.func == pattern.callback, f"{url} resolves elsewhere"
            yield url, f"{namespace}{pattern.name or ''}", params | names


def is_public(url, name):
    return name in PUBLIC or url.lstrip("/").startswith(PUBLIC_PREFIXES)


def test_every_private_url_sends_anonymous_users_to_sign_in(client, db):
    urls = list(sample_urls())
    assert len(urls) > 15  # the walk found the app, not an empty resolver
    for url, name, _params in urls:
        if is_public(url, name):
            continue
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (url, response.status_code)
            assert response["Location"].startswith(SIGN_IN_PAGES), (url, response["Location"])


def test_walk_includes_participant_and_session_urls():
    names = {name for _url, name, _params in sample_urls()}
    assert {"participant_detail", "session_resume", "network", "preferences"} <= names
