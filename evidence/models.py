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


class SessionFact(models.Model):
    """The anonymous facts of one session the dashboard counts (issue #18).

    Written by evidence.facts when the session, its participant, network,
    answers, choices or outcomes change; never a name, reference, note or
    participant id. The session key is kept only to refresh the row, and the
    row goes with the session (an erased participant's sessions go too).
    A person's own facts (age, gender, conditions, unmet demand) sit on the
    row of their first session (``first_of_person``).
    """

    session = models.OneToOneField(
        "genie.Session", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "genie.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    district = models.CharField(max_length=4, blank=True)
    area = models.CharField(max_length=20)  # the fixed area group of the district
    month = models.DateField()  # local month the session started
    quarter = models.DateField()
    kind = models.CharField(max_length=20)
    completed = models.BooleanField()
    # For a follow-up: the quarter of the person's previous follow-up (None if
    # none), so people followed up in a period are counted once without an id.
    previous_follow_up = models.DateField(null=True)
    first_of_person = models.BooleanField()
    age_band = models.CharField(max_length=20, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    life_satisfaction = models.SmallIntegerField(null=True)
    worthwhile = models.SmallIntegerField(null=True)
    happiness = models.SmallIntegerField(null=True)
    anxiety = models.SmallIntegerField(null=True)
    ucla3_total = models.SmallIntegerField(null=True)
    lonely = models.SmallIntegerField(null=True)  # 1 often/some of the time, 0 other answers
    answered = models.BooleanField()  # has questionnaire answers
    has_network = models.BooleanField()
    network_size = models.CharField(max_length=20, blank=True)  # the size band
    network_type = models.CharField(max_length=20, blank=True)
    lacks_illness = models.BooleanField(default=False)
    lacks_everyday = models.BooleanField(default=False)
    lacks_emotional = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "month"], name="evidence_fact_org_month"),
            models.Index(fields=["area", "month"], name="evidence_fact_area_month"),
            models.Index(fields=["month"], name="evidence_fact_month"),
        ]

    def __str__(self):
        return f"facts of a {self.kind} session in {self.month:%Y-%m}"


class FactValue(models.Model):
    """One of a session's several answers to a yes/no kind of question: a
    condition, a strong interest, a kind of activity chosen, an outcome at
    follow-up, an interest nothing nearby offers (on the person's first row)."""

    class Facet(models.TextChoices):
        CONDITION = "condition"
        INTEREST = "interest"
        CHOSEN = "chosen"
        OUTCOME = "outcome"
        UNMET = "unmet"

    fact = models.ForeignKey(SessionFact, on_delete=models.CASCADE, related_name="values")
    facet = models.CharField(max_length=12, choices=Facet.choices)
    value = models.CharField(max_length=120)

    class Meta:
        indexes = [models.Index(fields=["facet", "fact"], name="evidence_value_facet")]

    def __str__(self):
        return f"{self.facet}: {self.value}"


class FactsPending(models.Model):
    """Work for evidence.facts: a changed session ("s:<id>"), network map
    ("n:<id>") or participant ("p:<id>"). Queued inside the change's own
    transaction (so a rolled-back change queues nothing), done right after it
    commits, and by the next dashboard read if that did not happen. A person's
    rows are removed when they are erased."""

    key = models.CharField(max_length=40, unique=True)

    def __str__(self):
        return self.key


class FactsStamp(models.Model):
    """Goes up whenever facts change: the dashboard caches a page's figures
    under it, so one page never mixes two moments."""

    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"facts version {self.version}"


# The wellbeing measures a BlockCell keeps sums of (SessionFact fields).
CUBE_MEASURES = ["life_satisfaction", "worthwhile", "happiness", "anxiety", "ucla3_total", "lonely"]


class BlockCell(models.Model):
    """Per-block totals of the facts (the "cube", issue #18): one row per
    area group, organisation, month and kind of session that has facts.

    A disclosure block (evidence.disclosure: area group × organisation ×
    quarter, and the kind for session figures) is the one to three month rows
    of its quarter, so every filter (months, an organisation, an area group)
    chooses whole rows, and the block rule is applied at read time
    (evidence.published) exactly as on the facts. Kept by evidence.facts.cube
    from the facts of the rows a change touches, in the same transaction.
    """

    organisation = models.ForeignKey(
        "genie.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    area = models.CharField(max_length=20)
    month = models.DateField()
    quarter = models.DateField()
    kind = models.CharField(max_length=20)
    sessions = models.IntegerField()
    completed = models.IntegerField()
    people = models.IntegerField()  # first_of_person
    answered = models.IntegerField()
    networks = models.IntegerField()  # has_network
    # Of the networks, those on which no one gives each kind of support.
    lacks_illness = models.IntegerField()
    lacks_everyday = models.IntegerField()
    lacks_emotional = models.IntegerField()
    unmet_people = models.IntegerField()  # people with any unmet interest
    # Per wellbeing measure: answers, their sum, smallest and largest.
    life_satisfaction_n = models.IntegerField()
    life_satisfaction_sum = models.IntegerField()
    life_satisfaction_min = models.SmallIntegerField(null=True)
    life_satisfaction_max = models.SmallIntegerField(null=True)
    worthwhile_n = models.IntegerField()
    worthwhile_sum = models.IntegerField()
    worthwhile_min = models.SmallIntegerField(null=True)
    worthwhile_max = models.SmallIntegerField(null=True)
    happiness_n = models.IntegerField()
    happiness_sum = models.IntegerField()
    happiness_min = models.SmallIntegerField(null=True)
    happiness_max = models.SmallIntegerField(null=True)
    anxiety_n = models.IntegerField()
    anxiety_sum = models.IntegerField()
    anxiety_min = models.SmallIntegerField(null=True)
    anxiety_max = models.SmallIntegerField(null=True)
    ucla3_total_n = models.IntegerField()
    ucla3_total_sum = models.IntegerField()
    ucla3_total_min = models.SmallIntegerField(null=True)
    ucla3_total_max = models.SmallIntegerField(null=True)
    lonely_n = models.IntegerField()
    lonely_sum = models.IntegerField()
    lonely_min = models.SmallIntegerField(null=True)
    lonely_max = models.SmallIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "area", "month", "kind"], name="evidence_cell_key"
            )
        ]
        indexes = [models.Index(fields=["month"], name="evidence_cell_month")]

    def __str__(self):
        return f"{self.sessions} {self.kind} sessions in {self.area}, {self.month:%Y-%m}"


class CellValue(models.Model):
    """How many of a block's units have each value of a figure: a person's
    age band or gender, a network's size band or type, a value of a FactValue
    facet (condition, interest, chosen, outcome, unmet), or a follow-up's
    previous follow-up month ("previous", "" for none). One row per block
    (area group × organisation × quarter × kind), not per month: the panels
    on these are the heavy ones, and a block's rows need no grouping. Only
    values with at least one unit are kept."""

    organisation = models.ForeignKey(
        "genie.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    area = models.CharField(max_length=20)
    quarter = models.DateField()
    kind = models.CharField(max_length=20)
    figure = models.CharField(max_length=20)
    value = models.CharField(max_length=120)
    n = models.IntegerField()
    # The block's units for this figure (people, answered, sessions or
    # networks, or the figure's n summed over the block) and how many values
    # of the figure it has, set when the block is recomputed: a panel then
    # judges each block from its own rows. 0 for "previous", which no rule reads.
    block_units = models.IntegerField(db_default=0)
    block_values = models.IntegerField(db_default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation", "area", "quarter", "kind"], name="evidence_cv_key"
            ),
            # A figure's values of the blocks that take part, looked up by block.
            models.Index(
                fields=["figure", "area", "organisation", "quarter", "kind"],
                name="evidence_cv_figure",
            ),
        ]

    def __str__(self):
        return f"{self.figure} {self.value}: {self.n}"
