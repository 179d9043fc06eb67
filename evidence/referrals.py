"""Referrals on the commissioners' dashboard: where they come from, how many
became participants and how soon people were first contacted (#19).

Published with the same disclosure control as every other figure
(evidence.disclosure): blocks of area group × organisation × quarter received;
a block takes part in a figure only when it holds enough referrals and they do
not all share the answer; counts rounded, averages from enough answers.
"""

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncQuarter

from evidence import areas, disclosure
from evidence.selectors import EvidenceFilter, _area, _period
from evidence.tables import Row, ShownTable
from referrals.models import Referral, Source, Status

BLOCK = ("block_area", "block_org", "block_quarter")


def referrals_in_scope(evidence_filter: EvidenceFilter) -> QuerySet[Referral]:
    referrals = Referral.objects.filter(_period("received_at", evidence_filter))
    if evidence_filter.organisation_id:
        referrals = referrals.filter(organisation_id=evidence_filter.organisation_id)
    return referrals.filter(_area("postcode_district", evidence_filter)).annotate(
        block_area=areas.area_group_expression("postcode_district"),
        block_org=F("organisation_id"),
        block_quarter=TruncQuarter("received_at"),
    )


def _units(referrals) -> dict[tuple, int]:
    return {
        tuple(row[:-1]): row[-1]
        for row in referrals.values_list(*BLOCK).annotate(n=Count("pk")).order_by()
    }


def referrals_by_source(evidence_filter: EvidenceFilter) -> ShownTable:
    """Referrals received by who referred, and how many of them became participants
    (one query: each block's referrals by source, with how many joined)."""
    rows = [
        (tuple(row[:-3]), row[-3], row[-2], row[-1])
        for row in referrals_in_scope(evidence_filter)
        .values_list(*BLOCK, "source")
        .annotate(n=Count("pk"), joined=Count("pk", filter=Q(status=Status.PARTICIPANT)))
        .order_by()
    ]
    received = disclosure.categorical((block, source, n) for block, source, n, _joined in rows)
    # Becoming a participant is a yes or no of its own among each source's referrals.
    joined = {}
    for source, _label in Source.choices:
        of_source = [(block, n, j) for block, s, n, j in rows if s == source]
        found = disclosure.binary(
            {block: n for block, n, _j in of_source},
            ((block, "joined", j) for block, _n, j in of_source),
        )
        joined[source] = found.get("joined", 0)
    return ShownTable.from_counts(
        row_heading="Referred by",
        columns=["Referrals received", "Became participants"],
        rows=[label for _value, label in Source.choices],
        counts=[[received.get(value, 0), joined[value]] for value, _label in Source.choices],
        totals=False,
    )


def time_to_first_contact(evidence_filter: EvidenceFilter) -> ShownTable:
    """The average whole days from a referral arriving to the first contact."""
    referrals = referrals_in_scope(evidence_filter)
    answers = []
    for *block, received, contacted in referrals.filter(
        first_contacted_at__isnull=False
    ).values_list(*BLOCK, "received_at", "first_contacted_at"):
        days = max((contacted - received).days, 0)
        answers.append((tuple(block), "days", days))
    counted: dict[tuple, int] = {}
    for block, measure, days in answers:
        counted[(block, measure, days)] = counted.get((block, measure, days), 0) + 1
    found = disclosure.averages(
        ((block, measure, days, n) for (block, measure, days), n in counted.items()),
        _units(referrals),
    )
    count, average = disclosure.average_cells(found.get("days"))
    return ShownTable(
        row_heading="Referrals",
        columns=["Contacted", "Average days to first contact"],
        rows=[Row(label="First contact made", cells=[count, average])],
    )
