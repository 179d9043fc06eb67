"""Local resources, named after Open Referral (HSDS 3.0 / Open Referral UK)."""

import uuid

from django.db import models


class Category(models.Model):
    """A taxonomy term that groups resources and that interests are scored on.

    The one list of categories: questionnaire weights (Stage 2), resource
    listings (Stage 3), dropped activities (Stage 1) and unmet demand all use it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name
