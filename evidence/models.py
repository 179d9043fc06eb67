from django.db import models


class AreaDistrict(models.Model):
    """Which fixed area group a postcode district is reported in.

    Commissioners filter and read by these groups only, never by a free list of
    districts: each group was built (``manage.py evidence_area_groups``) by
    merging a district with its neighbours until the group held at least
    ``EVIDENCE_AREA_GROUP_MINIMUM`` participants. Districts not listed (new
    since the groups were built) are reported in the "other districts" group.
    """

    district = models.CharField(max_length=4, primary_key=True)
    group_code = models.CharField(max_length=20, db_index=True)
    group_name = models.CharField(max_length=120)

    class Meta:
        ordering = ["group_code", "district"]

    def __str__(self):
        return f"{self.district} in {self.group_name}"
