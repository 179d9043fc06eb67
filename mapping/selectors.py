"""Reads of Stage 1 results that other stages use. Callers have already scoped the
session through genie.selectors.session_get."""

from dataclasses import dataclass

from genie.models import Session


@dataclass(frozen=True)
class MemberSummary:
    id: str  # the network member's id
    label: str  # first name or initials, as typed
    kind: str  # the member kind's name, e.g. "Friend"


def session_network_members(*, session: Session) -> list[MemberSummary]:
    """Members of the session's network snapshot, e.g. for "who could come along"."""
    return []


def session_dropped_activity_categories(*, session: Session) -> set[str]:
    """Category codes of activities the participant used to enjoy but has dropped."""
    return set()
