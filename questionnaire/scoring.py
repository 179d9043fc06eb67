"""Turns answers into an interest profile: a score in 0..1 per resource category.

Pure functions, no database: easy to reason about and to test with generated data.

Each category's score is the weighted mean of the normalised answers to the items
that weigh on it. A skipped item is left out of that mean altogether, so skipping
never counts as "no"; a category that no answered item weighs on has no score.
A negative weight means a higher answer shows *less* interest in that category.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Scores at or above this are named as the participant's top interests.
TOP_INTEREST_THRESHOLD = 0.5
TOP_INTEREST_COUNT = 3


@dataclass(frozen=True)
class ScoredAnswer:
    value: float | None  # normalised answer in 0..1; None when the item was skipped
    weights: Mapping[str, float]  # category code -> weight in -1..1


def normalise(value: float, *, lowest: float, highest: float) -> float:
    """An option's value as a fraction of its item's scale (0 lowest, 1 highest)."""
    if highest <= lowest:
        return 0.0
    return min(1.0, max(0.0, (value - lowest) / (highest - lowest)))


def interest_profile(answers: Iterable[ScoredAnswer]) -> dict[str, float]:
    totals: dict[str, float] = {}
    weight_sums: dict[str, float] = {}
    for answer in answers:
        if answer.value is None:
            continue
        for code, weight in answer.weights.items():
            if weight == 0:
                continue
            contribution = answer.value if weight > 0 else 1.0 - answer.value
            totals[code] = totals.get(code, 0.0) + abs(weight) * contribution
            weight_sums[code] = weight_sums.get(code, 0.0) + abs(weight)
    # Clamped: rounding must not push a mean of numbers in 0..1 outside 0..1.
    return {code: min(1.0, max(0.0, totals[code] / weight_sums[code])) for code in totals}


def top_interests(profile: Mapping[str, float], *, order: Iterable[str] = ()) -> list[str]:
    """The strongest interests, highest first; ties keep the category list's order."""
    position = {code: index for index, code in enumerate(order)}
    strong = [code for code, score in profile.items() if score >= TOP_INTEREST_THRESHOLD]
    strong.sort(key=lambda code: (-profile[code], position.get(code, len(position)), code))
    return strong[:TOP_INTEREST_COUNT]
