"""Facts from the live records: one SessionFact per session of a participant
who agreed to their data being used, and its FactValues (issue #18).

The same function writes facts for one changed participant (evidence.facts.queue)
and for everyone (``manage.py evidence_rebuild``), so a rebuild and the facts
kept as things happen cannot disagree. A batch of participants costs a fixed
dozen queries whatever its size. Whatever writes facts also brings the cube
of per-block totals the dashboard reads (evidence.facts.cube) up to date in
the same transaction: the rows of the blocks the facts were in and are in now
(about six queries more), or all of them after a rebuild.
"""

import uuid
from datetime import date

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from evidence import areas
from evidence.facts import cube
from evidence.models import FactValue, SessionFact
from genie.models import Participant, Session, WellbeingMeasures
from mapping.feedback import (
    COMMUNITY_KINDS,
    FAMILY_KINDS,
    FREQUENT_CONTACT,
    FRIEND_KINDS,
    PEOPLE_GROUPS,
    NetworkMetrics,
    network_type,
)
from mapping.models import NetworkSnapshot, Support
from questionnaire.models import PracticalConstraints, Response
from resources.models import ActivityOutcome, ChosenActivity

BATCH = 2_000  # participants per batch of a rebuild
OTHER_CONDITION = "another"
WELLBEING_FIELDS = ["life_satisfaction", "worthwhile", "happiness", "anxiety", "ucla3_total"]
LONELY = ("often-always", "some-of-the-time")
# (upper bound, label); the last band has none.
SIZE_BANDS = [(0, 4, "0 to 4"), (5, 9, "5 to 9"), (10, 14, "10 to 14"), (15, None, "15 or more")]
SUPPORT_FIELDS = {
    Support.ILLNESS: "gives_illness_support",
    Support.EVERYDAY: "gives_everyday_support",
    Support.EMOTIONAL: "gives_emotional_support",
}
LACKS = {
    Support.ILLNESS: "lacks_illness",
    Support.EVERYDAY: "lacks_everyday",
    Support.EMOTIONAL: "lacks_emotional",
}


def _pk(value):
    """A key as the ORM gives it (raw SQL on SQLite returns a hex string)."""
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _month(moment) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def _quarter(month: date) -> date:
    return month.replace(month=(month.month - 1) // 3 * 3 + 1)


def size_band(size: int) -> str:
    for _low, high, label in SIZE_BANDS[:-1]:
        if size <= high:
            return label
    return SIZE_BANDS[-1][2]


def _networks(session_ids) -> dict:
    """session -> (size band, network type code, {support: lacking}), counted in the database.

    One pass over the members with conditional counts: as a correlated subquery
    per count, writing and planning the query cost more than running it (#21)."""

    def members(**conditions) -> Q:
        return Q(
            members__removed_at__isnull=True, **{f"members__{k}": v for k, v in conditions.items()}
        )

    rows = (
        NetworkSnapshot.objects.filter(session_id__in=session_ids)
        .values("pk")
        .annotate(
            size=Count("members", filter=members()),
            family=Count("members", filter=members(kind__code__in=FAMILY_KINDS)),
            friends=Count("members", filter=members(kind__code__in=FRIEND_KINDS)),
            community=Count("members", filter=members(kind__code__in=COMMUNITY_KINDS)),
            people=Count("members", filter=members(kind__group__in=PEOPLE_GROUPS)),
            frequent=Count("members", filter=members(contact__in=FREQUENT_CONTACT)),
            kinds=Count("members__kind", filter=members(), distinct=True),
            **{
                f"has_{support}": Count("members", filter=members(**{field: True}))
                for support, field in SUPPORT_FIELDS.items()
            },
        )
        .values_list(
            "session_id",
            "size",
            "family",
            "friends",
            "community",
            "people",
            "frequent",
            "kinds",
            *(f"has_{support}" for support in SUPPORT_FIELDS),
        )
        .order_by()
    )
    found = {}
    for session_id, size, family, friends, community, people, frequent, kinds, *has in rows:
        metrics = NetworkMetrics(
            size=size,
            per_circle={},
            per_kind=[],
            per_contact={},
            kinds=kinds,
            family=family,
            friends=friends,
            community=community,
            people=people,
            frequent_share=frequent / size if size else 0.0,
        )
        lacking = {support: not n for support, n in zip(SUPPORT_FIELDS, has, strict=True)}
        found[_pk(session_id)] = (size_band(size), network_type(metrics).code, lacking)
    return found


def _strong(session_ids) -> dict:
    """session -> [category codes of strong interest] (evidence.impact.strong_interests)."""
    from evidence.impact import strong_interests

    found: dict = {}
    sessions = Session.objects.filter(pk__in=session_ids)
    for session_pk, code in strong_interests(sessions).values_list("session_pk", "code"):
        found.setdefault(_pk(session_pk), []).append(code)
    return found


def _unmet(people: dict, sessions: list[dict], answered: set, strong: dict) -> dict:
    """participant -> unmet interest codes, from their latest completed session
    with answers, against the directory (evidence.demand)."""
    from evidence.demand import nearest_by_category, range_km
    from resources.gazetteer import district_centroids

    latest: dict = {}
    for session in sessions:
        if session["completed_at"] is None or session["pk"] not in answered:
            continue
        key = (session["completed_at"], session["pk"])
        current = latest.get(session["participant_id"])
        if current is None or key > current[0]:
            latest[session["participant_id"]] = (key, session["pk"])
    distances = dict(
        PracticalConstraints.objects.filter(
            session_id__in=[pk for _key, pk in latest.values()]
        ).values_list("session_id", "max_distance_km")
    )
    centroids = district_centroids()
    wanted: dict[str, float] = {}
    asks = []
    for participant, (_key, session_pk) in latest.items():
        codes = strong.get(session_pk)
        district = people[participant]["postcode_district"]
        if not codes or district not in centroids:
            continue  # nothing wanted, or a district we cannot place: no claim either way
        km = range_km(distances.get(session_pk))
        wanted[district] = max(km, wanted.get(district, 0.0))
        asks.append((participant, district, km, codes))
    nearest = nearest_by_category(wanted)
    return {
        participant: [code for code in codes if nearest[district].get(code, km + 1) > km]
        for participant, district, km, codes in asks
    }


def _facts(participant_ids) -> tuple[list[SessionFact], list[FactValue]]:
    people = {
        row["pk"]: row
        for row in Participant.objects.filter(pk__in=participant_ids, consent_data_use=True).values(
            "pk", "organisation_id", "postcode_district", "age_band", "gender", "other_conditions"
        )
    }
    if not people:
        return [], []
    conditions: dict = {}
    for participant, name in Participant.conditions.through.objects.filter(
        participant_id__in=people
    ).values_list("participant_id", "condition__name"):
        conditions.setdefault(participant, []).append(name)
    sessions = list(
        Session.objects.filter(participant_id__in=people)
        .order_by("started_at", "pk")
        .values("pk", "participant_id", "kind", "started_at", "completed_at")
    )
    ids = [session["pk"] for session in sessions]
    wellbeing = {
        row["session_id"]: row
        for row in WellbeingMeasures.objects.filter(session_id__in=ids).values(
            "session_id", *WELLBEING_FIELDS, "direct_loneliness"
        )
    }
    answered = set(
        Response.objects.filter(session_id__in=ids)
        .values_list("session_id", flat=True)
        .distinct()
        .order_by()
    )
    strong = _strong(ids)
    networks = _networks(ids)
    chosen: dict = {}
    for session_id, code in (
        ChosenActivity.objects.filter(session_id__in=ids, service_at_location__isnull=False)
        .values_list("session_id", "service_at_location__service__categories__code")
        .distinct()
        .order_by()
    ):
        if code:
            chosen.setdefault(session_id, []).append(code)
    outcomes: dict = {}
    for session_id, status, reason in ActivityOutcome.objects.filter(
        session_id__in=ids
    ).values_list("session_id", "status", "reason"):
        outcomes.setdefault(session_id, []).append(f"{status}:{reason}")
    unmet = _unmet(people, sessions, answered, strong)
    groups = areas.district_groups()

    facts, values = [], []
    seen: set = set()
    last_follow_up: dict = {}
    for session in sessions:
        participant = session["participant_id"]
        person = people[participant]
        pk = session["pk"]
        month = _month(session["started_at"])
        first = participant not in seen
        seen.add(participant)
        previous = None
        if session["kind"] == Session.Kind.FOLLOW_UP:
            previous = last_follow_up.get(participant)
            last_follow_up[participant] = month
        answers = wellbeing.get(pk, {})
        loneliness = answers.get("direct_loneliness") or ""
        network = networks.get(pk)
        district = person["postcode_district"]
        fact = SessionFact(
            session_id=pk,
            organisation_id=person["organisation_id"],
            district=district,
            area=groups.get(district, areas.OTHER_CODE),
            month=month,
            quarter=_quarter(month),
            kind=session["kind"],
            completed=session["completed_at"] is not None,
            previous_follow_up=previous,
            first_of_person=first,
            age_band=person["age_band"],
            gender=person["gender"],
            **{field: answers.get(field) for field in WELLBEING_FIELDS},
            lonely=(1 if loneliness in LONELY else 0) if loneliness else None,
            answered=pk in answered,
            has_network=network is not None,
            network_size=network[0] if network else "",
            network_type=network[1] if network else "",
            **{
                LACKS[support]: lacking for support, lacking in (network or ("", "", {}))[2].items()
            },
        )
        facts.append(fact)
        own = [(FactValue.Facet.INTEREST, code) for code in strong.get(pk, ())]
        own += [(FactValue.Facet.CHOSEN, code) for code in chosen.get(pk, ())]
        own += [(FactValue.Facet.OUTCOME, value) for value in outcomes.get(pk, ())]
        if first:
            names = conditions.get(participant, [])
            if person["other_conditions"]:
                names = [*names, OTHER_CONDITION]
            own += [(FactValue.Facet.CONDITION, name) for name in names]
            own += [(FactValue.Facet.UNMET, code) for code in unmet.get(participant, ())]
        values += [FactValue(fact_id=pk, facet=facet, value=value) for facet, value in own]
    return facts, values


@transaction.atomic
def facts_write(*, participant_ids) -> int:
    """Replace the facts of these participants' sessions. Returns how many were written."""
    ids = list(set(participant_ids))
    if not ids:
        return 0
    touched = cube.keys_of(SessionFact.objects.filter(session__participant_id__in=ids))
    FactValue.objects.filter(fact__session__participant_id__in=ids).delete()
    SessionFact.objects.filter(session__participant_id__in=ids).delete()
    facts, values = _facts(ids)
    SessionFact.objects.bulk_create(facts, batch_size=5_000)
    FactValue.objects.bulk_create(values, batch_size=5_000)
    # The cube's rows these facts were in and are in now, from their facts.
    touched |= {(fact.organisation_id, fact.area, fact.month, fact.kind) for fact in facts}
    cube.lock()
    cube.refresh(touched)
    return len(facts)


def facts_rebuild(*, batch: int = BATCH, progress=None) -> int:
    """Every fact from scratch, a batch of participants at a time."""
    from evidence.facts.queue import stamp_bump

    with transaction.atomic():
        FactValue.objects.all().delete()
        SessionFact.objects.all().delete()
        written = 0
        ids = list(
            Participant.objects.filter(consent_data_use=True, sessions__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
            .order_by("pk")
        )
        for start in range(0, len(ids), batch):
            facts, values = _facts(ids[start : start + batch])
            SessionFact.objects.bulk_create(facts, batch_size=5_000)
            FactValue.objects.bulk_create(values, batch_size=5_000)
            written += len(facts)
            if progress:
                progress(written)
        cube.rebuild()
        stamp_bump()
    return written


def demand_refresh() -> int:
    """Recompute the stored unmet demand of everyone against the directory as
    it is now (the directory changes without any session changing: nightly)."""
    from evidence.facts.queue import stamp_bump

    with transaction.atomic():
        FactValue.objects.filter(facet=FactValue.Facet.UNMET).delete()
        ids = list(
            Participant.objects.filter(consent_data_use=True, sessions__isnull=False)
            .values_list("pk", flat=True)
            .distinct()
            .order_by("pk")
        )
        written = 0
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            people = {
                row["pk"]: row
                for row in Participant.objects.filter(pk__in=chunk).values(
                    "pk", "postcode_district"
                )
            }
            sessions = list(
                Session.objects.filter(participant_id__in=chunk).values(
                    "pk", "participant_id", "completed_at"
                )
            )
            session_ids = [session["pk"] for session in sessions]
            answered = set(
                Response.objects.filter(session_id__in=session_ids)
                .values_list("session_id", flat=True)
                .distinct()
                .order_by()
            )
            unmet = _unmet(people, sessions, answered, _strong(session_ids))
            first = dict(
                SessionFact.objects.filter(
                    session__participant_id__in=list(unmet), first_of_person=True
                ).values_list("session__participant_id", "session_id")
            )
            rows = [
                FactValue(fact_id=first[participant], facet=FactValue.Facet.UNMET, value=code)
                for participant, codes in unmet.items()
                if participant in first
                for code in codes
            ]
            FactValue.objects.bulk_create(rows, batch_size=5_000)
            written += len(rows)
        cube.rebuild()
        stamp_bump()
    return written


def area_groups_apply() -> None:
    """After the area groups are rebuilt: each fact into its district's new group."""
    from evidence.facts.queue import stamp_bump

    with transaction.atomic():
        SessionFact.objects.update(area=areas.area_group_expression("district"))
        cube.rebuild()
        stamp_bump()
