"""Feedback on a network: counts, support coverage, a network type and change over time.

Pure functions of the members, so they are cheap to recompute on every change and
easy to test. The network-type rules are transparent and their thresholds are
configuration: override any of them with the GENIE_NETWORK_TYPE_RULES setting.

The types follow the typology of Vassilev et al. (PLoS One 2016;11:e0161027) as
Genie used it: restricted, family-centred, friend-centred, wider ties and diverse.
They are worded as something to talk about, never as a diagnosis.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings

from mapping.models import CIRCLE_ORDER, Circle, ContactFrequency, Support

# Kind codes that the rules count. Kinds added by admins count towards the size and
# diversity of a network, and towards "wider ties" if they are not family or friends.
FAMILY_KINDS = {"family"}
FRIEND_KINDS = {"friend"}
COMMUNITY_KINDS = {"group", "activity"}
PEOPLE_GROUPS = {"family", "people", "services"}  # kind groups that are people
FREQUENT_CONTACT = {ContactFrequency.DAILY, ContactFrequency.WEEKLY}

NETWORK_TYPE_RULES = {
    # At most this many members: "restricted".
    "restricted_max_members": 4,
    # "Diverse": at least this many family, friends and groups or activities,
    "diverse_min_family": 1,
    "diverse_min_friends": 1,
    "diverse_min_community": 1,
    # ... members of at least this many different kinds,
    "diverse_min_kinds": 4,
    # ... and at least this share of members seen weekly or more often.
    "diverse_min_frequent_share": 0.5,
    # "Family-centred" / "friend-centred": this share of the people on the map.
    "centred_min_share": 0.6,
}


def network_type_rules() -> dict:
    return {**NETWORK_TYPE_RULES, **getattr(settings, "GENIE_NETWORK_TYPE_RULES", {})}


@dataclass(frozen=True)
class NetworkType:
    code: str
    name: str
    reason: str  # which rule matched, in plain words
    prompt: str  # a question to talk about


@dataclass(frozen=True)
class SupportCoverage:
    support: str
    label: str
    givers: list[str]
    gap: str  # kindly worded, shown when nobody gives this support


@dataclass(frozen=True)
class NetworkMetrics:
    size: int
    per_circle: dict[str, int]
    per_kind: list[tuple[str, int]]  # (kind name, count), most common first
    per_contact: dict[str, int]
    kinds: int  # diversity: how many different kinds
    family: int
    friends: int
    community: int
    people: int
    frequent_share: float
    support: list[SupportCoverage] = field(default_factory=list)

    @property
    def circle_rows(self) -> list[tuple[str, int]]:
        return [(label, self.per_circle[circle]) for circle, label in Circle.choices]

    @property
    def contact_rows(self) -> list[tuple[str, int]]:
        return [(label, self.per_contact[contact]) for contact, label in ContactFrequency.choices]

    @property
    def supports_covered(self) -> int:
        return sum(1 for coverage in self.support if coverage.givers)


SUPPORT_GAPS = {
    Support.ILLNESS: (
        "No one is marked as helping with health: medicines, symptoms or appointments. "
        "Is there anyone who does, or who could?"
    ),
    Support.EVERYDAY: (
        "No one is marked as giving everyday help, such as shopping, housework or meals. "
        "Is there anyone who does, or a service that might?"
    ),
    Support.EMOTIONAL: (
        "No one is marked as giving emotional support: comfort or company when things are "
        "hard. Who would the participant like to talk to?"
    ),
}


def network_metrics(members) -> NetworkMetrics:
    """Metrics of members (objects with label, kind, circle, contact and supports)."""
    size = len(members)
    kind_counts = Counter(member.kind.name for member in members)
    codes = Counter(member.kind.code for member in members)
    people = sum(1 for member in members if member.kind.group in PEOPLE_GROUPS)
    frequent = sum(1 for member in members if member.contact in FREQUENT_CONTACT)
    return NetworkMetrics(
        size=size,
        per_circle=dict.fromkeys(CIRCLE_ORDER, 0) | Counter(member.circle for member in members),
        per_kind=sorted(kind_counts.items(), key=lambda pair: (-pair[1], pair[0])),
        per_contact=dict.fromkeys(ContactFrequency.values, 0)
        | Counter(member.contact for member in members),
        kinds=len(kind_counts),
        family=sum(codes[code] for code in FAMILY_KINDS),
        friends=sum(codes[code] for code in FRIEND_KINDS),
        community=sum(codes[code] for code in COMMUNITY_KINDS),
        people=people,
        frequent_share=frequent / size if size else 0.0,
        support=[
            SupportCoverage(
                support=support,
                label=label,
                givers=[member.label for member in members if support in member.supports],
                gap=SUPPORT_GAPS[support],
            )
            for support, label in Support.choices
        ],
    )


def network_type(metrics: NetworkMetrics, rules: dict | None = None) -> NetworkType:
    """The first matching rule, in order: restricted, diverse, family-, friend-centred."""
    rules = rules or network_type_rules()
    if metrics.size <= rules["restricted_max_members"]:
        return NetworkType(
            "restricted",
            "A small, close network",
            f"{metrics.size} on the map: the rule is {rules['restricted_max_members']} or fewer.",
            "Who matters most here, and how are they doing? Is there anyone, or anything, "
            "the participant would like to add or get back in touch with?",
        )
    if (
        metrics.family >= rules["diverse_min_family"]
        and metrics.friends >= rules["diverse_min_friends"]
        and metrics.community >= rules["diverse_min_community"]
        and metrics.kinds >= rules["diverse_min_kinds"]
        and metrics.frequent_share >= rules["diverse_min_frequent_share"]
    ):
        return NetworkType(
            "diverse",
            "A diverse network",
            "Family, friends and groups or activities, of several kinds, mostly in regular "
            "contact.",
            "Which of these connections help most day to day? Is there one the participant "
            "would like to see more of?",
        )
    people = metrics.people or 1
    if metrics.family / people >= rules["centred_min_share"]:
        return NetworkType(
            "family-centred",
            "A family-centred network",
            f"{metrics.family} of the {metrics.people} people on the map are family.",
            "Family matter a lot here. Would friends, neighbours or a local group add "
            "something, and take some pressure off family?",
        )
    if metrics.friends / people >= rules["centred_min_share"]:
        return NetworkType(
            "friend-centred",
            "A friend-centred network",
            f"{metrics.friends} of the {metrics.people} people on the map are friends.",
            "Friends matter a lot here. Are there groups, activities or services that "
            "could add to what friends give?",
        )
    return NetworkType(
        "wider-ties",
        "A network of wider ties",
        "Mostly neighbours, colleagues, professionals, groups, places and things, rather "
        "than close family or friends.",
        "These wider ties can be a real strength. Is there anyone here the participant "
        "would like to get closer to?",
    )


@dataclass(frozen=True)
class MemberChange:
    label: str
    kind: str
    before: str = ""
    after: str = ""


@dataclass(frozen=True)
class NetworkComparison:
    added: list[MemberChange]
    removed: list[MemberChange]
    moved: list[MemberChange]  # before/after: circle names
    support_changed: list[MemberChange]  # before/after: support given
    before: NetworkMetrics
    after: NetworkMetrics
    contact_changed: list[MemberChange] = field(default_factory=list)  # how often in touch
    # For the maps: what happened to each member, by pk, on the map now ("added",
    # "moved") and on the map of last time ("removed", "moved").
    now_marks: dict = field(default_factory=dict)
    then_marks: dict = field(default_factory=dict)

    @property
    def size_change(self) -> int:
        return self.after.size - self.before.size

    @property
    def kinds_change(self) -> int:
        return self.after.kinds - self.before.kinds

    @property
    def supports_change(self) -> int:
        return self.after.supports_covered - self.before.supports_covered

    @property
    def unchanged(self) -> bool:
        return not (
            self.added or self.removed or self.moved or self.support_changed or self.contact_changed
        )


def _supports_text(member) -> str:
    labels = dict(Support.choices)
    return ", ".join(labels[support] for support in member.supports) or "None marked"


def _key(member):
    return getattr(member, "pk", member.lineage)


def compare_networks(before, after) -> NetworkComparison:
    """What changed between two lists of members; a member keeps its lineage."""
    earlier = {member.lineage: member for member in before}
    later = {member.lineage: member for member in after}
    circles = dict(Circle.choices)
    contacts = dict(ContactFrequency.choices)
    moved, support_changed, contact_changed = [], [], []
    now_marks, then_marks = {}, {}
    for lineage, member in later.items():
        old = earlier.get(lineage)
        if old is None:
            now_marks[_key(member)] = "added"
            continue
        if old.contact != member.contact:
            contact_changed.append(
                MemberChange(
                    member.label, member.kind.name, contacts[old.contact], contacts[member.contact]
                )
            )
        if old.circle != member.circle:
            now_marks[_key(member)] = then_marks[_key(old)] = "moved"
            moved.append(
                MemberChange(
                    member.label, member.kind.name, circles[old.circle], circles[member.circle]
                )
            )
        if old.supports != member.supports:
            support_changed.append(
                MemberChange(
                    member.label, member.kind.name, _supports_text(old), _supports_text(member)
                )
            )
    return NetworkComparison(
        added=[
            MemberChange(m.label, m.kind.name, after=circles[m.circle])
            for lineage, m in later.items()
            if lineage not in earlier
        ],
        removed=[
            MemberChange(m.label, m.kind.name, before=circles[m.circle])
            for lineage, m in earlier.items()
            if lineage not in later
        ],
        moved=moved,
        support_changed=support_changed,
        before=network_metrics(before),
        after=network_metrics(after),
        contact_changed=contact_changed,
        now_marks=now_marks,
        then_marks=then_marks
        | {_key(m): "removed" for lineage, m in earlier.items() if lineage not in later},
    )
