"""Writes of the evidence app."""

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from evidence.areas import group_for_districts, group_name
from evidence.models import AreaDistrict
from genie.models import Participant


def area_group_minimum() -> int:
    return max(int(getattr(settings, "EVIDENCE_AREA_GROUP_MINIMUM", 20)), 1)


@transaction.atomic
def area_groups_build(*, minimum: int | None = None) -> int:
    """(Re)build the fixed area groups from the districts of participants who
    agreed to their data being used. Returns the number of groups.

    Run it when setting up and then rarely (groups that change often could be
    differenced like free lists); districts new since are "other districts".
    """
    minimum = area_group_minimum() if minimum is None else minimum
    counts = dict(
        Participant.objects.filter(consent_data_use=True)
        .exclude(postcode_district="")
        .values_list("postcode_district")
        .annotate(n=Count("pk"))
        .order_by()
    )
    groups = group_for_districts(counts, minimum=minimum)
    AreaDistrict.objects.all().delete()
    AreaDistrict.objects.bulk_create(
        [
            AreaDistrict(
                district=district, group_code=f"g{i + 1:03d}", group_name=group_name(districts)
            )
            for i, districts in enumerate(groups)
            for district in districts
        ]
    )
    from evidence.facts.build import area_groups_apply

    area_groups_apply()  # the facts carry their area group
    return len(groups)
