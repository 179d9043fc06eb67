"""Reads of Stage 2 results that other stages use. Callers have already scoped the
session through genie.selectors.session_get."""

from genie.models import Session
from questionnaire.constraints import TravelConstraints


def session_interest_profile(*, session: Session) -> dict[str, float]:
    """Interest score per category code, each in 0..1; empty before Stage 2."""
    return {}


def session_constraints(*, session: Session) -> TravelConstraints:
    """The participant's practical constraints; defaults before they are asked."""
    return TravelConstraints()
