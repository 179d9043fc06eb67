"""Validation against the official HSDS 3.0 and Open Referral UK 3.0 JSON Schemas
(vendored in standards/), with format checks, never over the network."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

STANDARDS = Path(__file__).parent / "standards"
PROFILES = ("hsds-3.0", "oruk-3.0")
BASE = "https://schemas.invalid/{profile}/"


@cache
def _registry(profile: str) -> Registry:
    registry = Registry()
    for path in sorted((STANDARDS / profile / "schema").glob("*.json")):
        contents = json.loads(path.read_text())
        resource = Resource.from_contents(contents, default_specification=DRAFT202012)
        registry = registry.with_resource(BASE.format(profile=profile) + path.name, resource)
    return registry.crawl()


@cache
def validator(profile: str, kind: str) -> Draft202012Validator:
    """A validator for one schema file (`service`, `organization`...) of one profile."""
    uri = BASE.format(profile=profile) + f"{kind}.json"
    registry = _registry(profile)
    return Draft202012Validator(
        {"$ref": uri},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def errors(kind: str, document) -> list[str]:
    """Every way the document breaks either profile's schema for `kind` (empty: valid)."""
    found = []
    for profile in PROFILES:
        for error in validator(profile, kind).iter_errors(document):
            path = "/".join(str(part) for part in error.absolute_path)
            found.append(f"{profile} {kind} at /{path}: {error.message}")
    return found


def assert_valid(kind: str, document):
    problems = errors(kind, document)
    assert not problems, "\n".join(problems[:20])


def assert_valid_page(kind: str, page: dict):
    for key in ("total_items", "total_pages", "page_number", "size"):
        assert isinstance(page[key], int), key
    for key in ("first_page", "last_page", "empty"):
        assert isinstance(page[key], bool), key
    assert isinstance(page["contents"], list)
    for item in page["contents"]:
        assert_valid(kind, item)
