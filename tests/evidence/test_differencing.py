"""No participant's attribute can be inferred from any set of filter results.

An exact solver: for a small cohort whose structure (who is in which area
group, organisation and quarter) the attacker knows, it enumerates every
assignment of an attribute to the cohort, keeps those that give exactly the
published results of *every* filter (period × organisation × area), and asks
whether some participant has the same value in all of them (then the results
give that value away). The publishing is evidence.disclosure's, the same code
every panel uses; the last tests replay issue #18's attack on the real pages.
"""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence import disclosure
from evidence.suppression import count_cell

AREAS, ORGANISATIONS, QUARTERS = 2, 2, 3


def filters():
    """Every filter a commissioner can choose: a run of whole quarters, one or
    all organisations, one or all (fixed) area groups."""
    periods = [range(a, b + 1) for a in range(QUARTERS) for b in range(a, QUARTERS)]
    for period in periods:
        for organisation in [None, *range(ORGANISATIONS)]:
            for area in [None, *range(AREAS)]:
                yield period, organisation, area


FILTERS = list(filters())


def _in(block, period, organisation, area) -> bool:
    block_area, block_org, quarter = block
    return quarter in period and organisation in (None, block_org) and area in (None, block_area)


def publish_yes_no(structure, values) -> tuple:
    """Every filter's published count of people with the attribute (a
    condition, an unmet interest...), and of people (activity)."""
    results = []
    for period, organisation, area in FILTERS:
        units: dict = {}
        hits: dict = {}
        for block, value in zip(structure, values, strict=True):
            if _in(block, period, organisation, area):
                units[block] = units.get(block, 0) + 1
                hits[block] = hits.get(block, 0) + value
        found = disclosure.binary(units, ((b, "yes", n) for b, n in hits.items()))
        results.append(
            (
                disclosure.rounded_cell(sum(units.values())).text,
                disclosure.rounded_cell(found.get("yes", 0)).text,
            )
        )
    return tuple(results)


def publish_average(structure, values) -> tuple:
    """Every filter's published number of answers and average score."""
    results = []
    for period, organisation, area in FILTERS:
        units: dict = {}
        answers: dict = {}
        for block, value in zip(structure, values, strict=True):
            if _in(block, period, organisation, area):
                units[block] = units.get(block, 0) + 1
                answers[(block, value)] = answers.get((block, value), 0) + 1
        found = disclosure.averages(
            ((block, "score", value, n) for (block, value), n in answers.items()), units
        )
        results.append(tuple(cell.text for cell in disclosure.average_cells(found.get("score"))))
    return tuple(results)


def inferred(publish, structure, values, domain) -> list[int]:
    """The participants whose value every consistent world agrees on (exact:
    all len(domain) ** len(values) worlds are tried)."""
    seen = publish(structure, values)
    possible = [set() for _ in values]
    for world in itertools.product(domain, repeat=len(values)):
        if publish(structure, world) == seen:
            for i, value in enumerate(world):
                possible[i].add(value)
    return [i for i, options in enumerate(possible) if len(options) < 2]


blocks = st.tuples(
    st.integers(0, AREAS - 1), st.integers(0, ORGANISATIONS - 1), st.integers(0, QUARTERS - 1)
)


def cohorts(domain, most):
    return st.integers(2, most).flatmap(
        lambda n: st.tuples(
            st.lists(blocks, min_size=n, max_size=n),
            st.lists(st.sampled_from(domain), min_size=n, max_size=n),
        )
    )


@pytest.fixture
def strictest(settings):
    """Disclosure control at its weakest: groups of 2 take part, counts exact,
    averages from 2 answers. If no one can be inferred even so, rounding and
    the real thresholds only add to it."""
    settings.SUPPRESSION_THRESHOLD = 2
    settings.EVIDENCE_ROUNDING = 1
    settings.EVIDENCE_AVERAGE_MINIMUM = 2


SOLVER = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SOLVER
@given(cohorts((0, 1), most=8))
def test_no_yes_no_attribute_can_be_inferred_from_any_filters(strictest, cohort):
    structure, values = cohort
    assert inferred(publish_yes_no, structure, values, (0, 1)) == []


@SOLVER
@given(cohorts((0, 1, 2), most=6))
def test_no_score_can_be_inferred_from_averages_of_any_filters(strictest, cohort):
    structure, values = cohort
    assert inferred(publish_average, structure, values, (0, 1, 2)) == []


@SOLVER
@given(cohorts((0, 1), most=8))
def test_with_the_real_rules_too(settings, cohort):
    settings.SUPPRESSION_THRESHOLD = 5
    structure, values = cohort
    assert inferred(publish_yes_no, structure, values, (0, 1)) == []


def test_the_solver_finds_the_attack_on_free_lists_of_districts():
    """Main's rule (any list of districts, counts below 5 hidden, nothing else)
    gives the lone SO30 participant's condition away: the solver is not blind."""
    districts = ["SO14"] * 7 + ["SO30"]
    choices = [{"SO14"}, {"SO30"}, {"SO14", "SO30"}]

    def publish_free_lists(structure, values):
        return tuple(
            (
                count_cell(sum(d in chosen for d in structure)).text,
                count_cell(
                    sum(v for d, v in zip(structure, values, strict=True) if d in chosen)
                ).text,
            )
            for chosen in choices
        )

    values = [0] * 7 + [1]  # only the SO30 participant has COPD
    assert 7 in inferred(publish_free_lists, districts, values, (0, 1))


# --- Issue #18's attack, on the real pages and CSVs -------------------------------

ATTACKER_AREAS = ["", "SO14", "SO14, SO30", "SO30"]


def _everything(client, organisation) -> dict:
    """What a commissioner can get from every filter: each CSV (less the time
    it was produced) and the headline figures."""
    import re

    from django.urls import reverse

    from evidence.forms import EvidenceFilterForm
    from evidence.panels import PANELS

    offered = [code for code, _name in EvidenceFilterForm().fields["area"].choices]
    seen = {}
    for area in dict.fromkeys([*ATTACKER_AREAS, *offered]):
        for org in ("", str(organisation.pk)):
            query = {"area": area, "organisation": org}
            page = client.get(reverse("evidence_home"), query, headers={"HX-Request": "true"})
            seen[(area, org, "headline")] = re.findall(
                r'genie-headline__value[^"]*">([^<]*)<', page.content.decode()
            )
            for panel in PANELS:
                response = client.get(reverse("evidence_csv", args=[panel.slug]), query)
                lines = (
                    [
                        line
                        for line in response.content.decode().splitlines()
                        if not line.startswith("Produced at")
                    ]
                    if response.status_code == 200
                    else []  # an error page (its nonce differs each time)
                )
                seen[(area, org, panel.slug)] = (response.status_code, lines)
    return seen


def test_the_differencing_attack_recovers_nothing(commissioner_client, organisation):
    """SO14 has seven participants and SO30 one, who has COPD and a life
    satisfaction of 7. Comparing area=SO14 with area=SO14, SO30 (and SO30
    alone) gave that person's condition and score away. Now every result of
    every filter is the same whether it is them or their neighbour in SO14
    who has COPD and that score: nothing singles them out."""
    from genie.models import Condition, Participant, WellbeingMeasures
    from tests.evidence.conftest import build_groups, seed_sessions

    seed_sessions(organisation, district="SO14", count=7, follow_ups=False)
    seed_sessions(organisation, district="SO30", count=1, follow_ups=False)
    copd, _ = Condition.objects.get_or_create(name="COPD")
    target = Participant.objects.get(postcode_district="SO30")
    target.conditions.add(copd)
    neighbour = Participant.objects.filter(postcode_district="SO14").first()
    WellbeingMeasures.objects.filter(session__participant=target).update(life_satisfaction=7)
    WellbeingMeasures.objects.filter(session__participant=neighbour).update(life_satisfaction=4)
    build_groups(minimum=5)
    before = _everything(commissioner_client, organisation)

    # The other world: the neighbour has COPD and scored 7, the target neither.
    target.conditions.remove(copd)
    neighbour.conditions.add(copd)
    WellbeingMeasures.objects.filter(session__participant=target).update(life_satisfaction=4)
    WellbeingMeasures.objects.filter(session__participant=neighbour).update(life_satisfaction=7)
    after = _everything(commissioner_client, organisation)

    assert before.keys() == after.keys()
    for key in before:
        assert before[key] == after[key], key
    # The free lists of districts the attack used are not accepted at all.
    assert before[("SO30", "", "conditions")][0] == 400
