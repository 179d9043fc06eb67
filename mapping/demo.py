"""Demo data for the mapping app, loaded by `manage.py load_demo` (see genie/demo.py).

DEMO-001 (fictional "Maggie") gets a first session with a realistic network map.
"""

from genie.models import Category, Session
from mapping.models import MemberKind, NetworkMember
from mapping.services import dropped_activity_add, snapshot_open

# label, kind, circle, contact, supports (illness, everyday, emotional), note
MAGGIE = [
    ("Dave", "family", "inner", "daily", "ive", "Husband; helps with tablets"),
    ("Sarah", "family", "inner", "weekly", "e", "Daughter, lives in Eastleigh"),
    ("Biscuit", "pet", "inner", "daily", "e", "Her dog"),
    ("Jean", "friend", "middle", "weekly", "e", ""),
    ("Pat next door", "neighbour", "middle", "weekly", "v", "Does the big shop"),
    ("Dr Okafor", "professional", "middle", "monthly", "i", "GP"),
    ("Diabetes nurse", "professional", "outer", "less-often", "i", ""),
    ("Tom", "family", "outer", "less-often", "", "Grandson, at university"),
    ("St Mary's lunch club", "group", "outer", "monthly", "", ""),
    ("Library", "place", "outer", "monthly", "", ""),
    ("Blood sugar meter", "object", "middle", "daily", "i", ""),
    ("Facebook diabetes group", "online", "outer", "weekly", "e", ""),
]
SUPPORT_LETTERS = {
    "i": "gives_illness_support",
    "v": "gives_everyday_support",
    "e": "gives_emotional_support",
}


def load(*, organisations, users, participants):
    """Add this app's fictional demo records. Must be idempotent."""
    maggie = participants["DEMO-001"]
    session = maggie.sessions.filter(kind=Session.Kind.BASELINE).first() or Session.objects.create(
        participant=maggie, facilitator=users["facilitator"]
    )
    snapshot = snapshot_open(session=session)
    if snapshot.members.exists():
        return
    kinds = {kind.code: kind for kind in MemberKind.objects.all()}
    NetworkMember.objects.bulk_create(
        NetworkMember(
            snapshot=snapshot,
            label=label,
            kind=kinds[kind],
            circle=circle,
            contact=contact,
            note=note,
            **{field: letter in supports for letter, field in SUPPORT_LETTERS.items()},
        )
        for label, kind, circle, contact, supports, note in MAGGIE
    )
    dropped_activity_add(
        session=session,
        description="Swimming at the leisure centre",
        categories=Category.objects.filter(code="physical-activity"),
    )
