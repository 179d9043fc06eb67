"""Demo data for the resources app, loaded by `manage.py load_demo` (see genie/demo.py).

About 160 fictional listings across the Southampton area, every one marked
"(demo)" and run by organisations whose descriptions say they are not real.
Phone numbers are from Ofcom's range for drama (023 8049 6xxx) and e-mail and
web addresses use example.org, so nobody real is ever contacted.
"""

import zlib
from datetime import date, time

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from genie import roles
from genie import services as genie_services
from genie.management.commands.load_demo import DEMO_PASSWORD
from genie.models import Category, User
from mapping.models import MemberKind, NetworkMember
from mapping.services import snapshot_open
from resources.gazetteer import district_centroids
from resources.models import (
    ChosenActivity,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
)

SOURCE = "genie-demo"
FICTIONAL = "Fictional organisation for the Genie demonstration. None of its listings is real."

# District, a neighbourhood name, and a venue there.
DISTRICTS = [
    ("SO14", "City Centre", "Bargate Community Rooms"),
    ("SO15", "Shirley", "Shirley Parish Hall"),
    ("SO16", "Bassett", "Lordswood Community Centre"),
    ("SO17", "Portswood", "Portswood Community Hall"),
    ("SO18", "Bitterne Park", "Bitterne Park Centre"),
    ("SO19", "Woolston", "Woolston Riverside Hub"),
    ("SO30", "Hedge End", "Hedge End Village Hall"),
    ("SO31", "Hamble", "Hamble Memorial Hall"),
    ("SO40", "Totton", "Totton Community Hub"),
    ("SO45", "Hythe", "Hythe Waterside Rooms"),
    ("SO50", "Eastleigh", "Eastleigh Town Hall Annexe"),
    ("SO51", "Romsey", "Romsey Abbey Rooms"),
    ("SO52", "North Baddesley", "North Baddesley Village Hall"),
    ("SO53", "Chandler's Ford", "Chandler's Ford Community Centre"),
]

# Per category: organisation name, then (activity name, description) variants.
ACTIVITIES = {
    "physical-activity": (
        "Solent Moving Together",
        [
            ("Gentle walking group", "A slow-paced walk of about an hour, with a cuppa after."),
            ("Chair-based exercise", "Seated exercises to music, at your own pace."),
            ("Tai chi for beginners", "Slow, flowing movements that help balance and breathing."),
            ("Walking football", "Friendly, no-running football for all abilities."),
        ],
    ),
    "outdoors-gardening": (
        "Green Spaces Southampton",
        [
            (
                "Community garden mornings",
                "Grow vegetables and flowers with others; tools provided.",
            ),
            (
                "Park conservation volunteers",
                "Light tasks in the local park, from litter picks to planting.",
            ),
            ("Allotment buddies", "Share a plot and learn as you go."),
        ],
    ),
    "social-friendship": (
        "Friendly Neighbours Network",
        [
            (
                "Coffee and chat morning",
                "Drop in for a hot drink and a chat; new faces always welcome.",
            ),
            ("Men's shed", "Make, mend and chat in a well-equipped workshop."),
            ("Lunch club", "A two-course lunch with good company."),
            ("Games afternoon", "Cards, dominoes and board games."),
        ],
    ),
    "learning-skills": (
        "Learn Local Solent",
        [
            ("Digital skills drop-in", "Help with phones, tablets and getting online."),
            ("Reading group", "Read a book a month and talk about it over tea."),
            ("Local history talks", "Talks and old photographs of the area."),
        ],
    ),
    "arts-crafts-music": (
        "Creative Solent",
        [
            ("Community choir", "No auditions and no need to read music."),
            ("Knit and natter", "Bring your own project or learn from scratch."),
            (
                "Painting for pleasure",
                "Watercolour and acrylics for beginners; materials provided.",
            ),
            ("Ukulele group", "Learn a few chords and play together."),
        ],
    ),
    "volunteering": (
        "Volunteer Solent",
        [
            ("Community café volunteers", "Help serve drinks and welcome people."),
            (
                "Befriending volunteers",
                "Spend an hour a week with a neighbour who would like company.",
            ),
            ("Charity shop helpers", "Sort donations and help on the till."),
        ],
    ),
    "peer-condition-support": (
        "Solent Peer Support",
        [
            ("Breathe Easy group", "Support and singing for people living with lung conditions."),
            ("Diabetes peer support", "Share tips and experience of living with diabetes."),
            ("Heart health circle", "Meet others living with a heart condition."),
            ("Arthritis support group", "Friendly support, talks and gentle exercise."),
        ],
    ),
    "practical-help": (
        "Solent Advice Point",
        [
            ("Benefits and money advice", "Free, confidential help with forms and budgeting."),
            ("Community transport desk", "Book door-to-door transport to appointments and groups."),
            ("Energy saving advice", "Help to keep warm and cut bills."),
        ],
    ),
    "emotional-wellbeing": (
        "Steady Minds Solent",
        [
            ("Mindfulness group", "Short guided practices to help you feel calmer."),
            ("Wellbeing café", "A relaxed space to talk about how things are going."),
            ("Bereavement support group", "Meet others who understand, at your own pace."),
        ],
    ),
    "faith-culture": (
        "Solent Faith and Culture Forum",
        [
            (
                "Multicultural women's group",
                "Food, conversation and celebrations from many cultures.",
            ),
            ("Friendship circle at the meeting house", "Open to people of all faiths and none."),
            ("Community heritage club", "Share stories, music and food from home."),
        ],
    ),
    "food-cooking": (
        "Good Food Solent",
        [
            ("Cook and eat together", "Cook a simple healthy meal and share it."),
            ("Community supper", "A hot meal for anyone who would like company."),
            ("Healthy eating on a budget", "Tasty, cheap recipes to take home."),
        ],
    ),
    "home-online": (
        "Solent Connected",
        [
            ("Telephone friendship group", "Join a small group phone chat from your armchair."),
            ("Online quiz night", "A friendly quiz on video call; help to get set up."),
        ],
    ),
    "family-carers": (
        "Solent Carers Together",
        [
            ("Carers' coffee morning", "Time out and a listening ear for unpaid carers."),
            ("Young at heart family days", "Activities for grandparents and grandchildren."),
            ("Carers' relaxation sessions", "Gentle relaxation and pampering for carers."),
        ],
    ),
}

NATIONAL = [
    (
        "Late-night listening line (demo)",
        Service.Delivery.PHONE,
        ["emotional-wellbeing", "home-online"],
        "Talk to a trained listener, any night of the week.",
    ),
    (
        "Friendship by phone (demo)",
        Service.Delivery.PHONE,
        ["social-friendship", "home-online"],
        "A weekly call with the same volunteer for a chat.",
    ),
    (
        "Online chair yoga (demo)",
        Service.Delivery.ONLINE,
        ["physical-activity", "home-online"],
        "Gentle live classes you can join from home.",
    ),
    (
        "Online art club (demo)",
        Service.Delivery.ONLINE,
        ["arts-crafts-music", "home-online"],
        "Draw and paint along with a tutor, then share your work.",
    ),
    (
        "Condition helpline (demo)",
        Service.Delivery.PHONE,
        ["peer-condition-support", "practical-help"],
        "Nurses answer questions about living with a long-term condition.",
    ),
    (
        "Online learning for later life (demo)",
        Service.Delivery.ONLINE,
        ["learning-skills", "home-online"],
        "Short free courses, from history to smartphones.",
    ),
    (
        "Carers' online forum (demo)",
        Service.Delivery.ONLINE,
        ["family-carers", "home-online"],
        "A moderated forum where carers support each other.",
    ),
    (
        "Volunteer from home (demo)",
        Service.Delivery.ONLINE,
        ["volunteering", "home-online"],
        "Make phone calls or write letters to people who would like contact.",
    ),
]

COSTS = [
    (True, ""),
    (False, "£2 a session"),
    (True, ""),
    (False, "£3.50 a session, first one free"),
    (False, "£5 a month"),
    (True, ""),
]
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA"]
TIMES = [(time(10), time(11, 30)), (time(14), time(15, 30)), (time(18, 30), time(20))]
ACCESS = [
    "Step-free entrance and accessible toilet.",
    "Level access from the car park; hearing loop.",
    "Two steps at the entrance; ask and we will help.",
]


def _jitter(key: str) -> tuple[float, float]:
    """A small fixed offset (up to about a kilometre) so pins in one district spread out."""
    value = zlib.crc32(key.encode())
    return ((value % 1000) / 1000 - 0.5) * 0.016, (((value // 1000) % 1000) / 1000 - 0.5) * 0.026


def _upsert(model, external_id, **fields):
    record, _ = model.objects.update_or_create(
        source=SOURCE, external_id=external_id, defaults=fields
    )
    return record


@transaction.atomic
def load(*, organisations, users, participants):
    """Add this app's fictional demo records. Idempotent."""
    categories = {category.code: category for category in Category.objects.all()}
    centroids = district_centroids()
    codes = list(ACTIVITIES)
    reviewed = date(2026, 9, 1)
    for d_index, (district, place, venue) in enumerate(DISTRICTS):
        lat0, lng0 = centroids[district]
        for k in range(12):
            code = codes[(d_index + k) % len(codes)]
            org_name, variants = ACTIVITIES[code]
            name, description = variants[(d_index + k) % len(variants)]
            key = f"{district}-{code}"
            organization = _upsert(
                Organization,
                f"org-{code}",
                name=f"{org_name} (demo)",
                description=FICTIONAL,
                email=f"hello@{code}.example.org",
                phone="023 8049 6000",
            )
            is_free, cost = COSTS[(d_index * 5 + k) % len(COSTS)]
            n = d_index * 12 + k
            service = _upsert(
                Service,
                f"service-{key}",
                organization=organization,
                name=f"{name}, {place} (demo)",
                description=description,
                status=Service.Status.ACTIVE,
                is_free=is_free,
                cost_description=cost,
                phone=f"023 8049 6{n:03d}",
                email=f"{code}.{district.lower()}@example.org",
                url=f"https://{code}.example.org/{district.lower()}",
                last_reviewed=reviewed,
            )
            service.categories.set(
                [categories[code]]
                + (
                    [categories["social-friendship"]]
                    if n % 6 == 0 and code != "home-online"
                    else []
                )
            )
            dlat, dlng = _jitter(key)
            step_free = n % 4 != 3
            location = _upsert(
                Location,
                f"location-{key}",
                organization=organization,
                name=venue if k % 3 else f"{place} Library",
                address_1=f"{1 + n % 90} {place} Road",
                city="Southampton",
                postal_code=district,
                postcode_district=district,
                latitude=round(lat0 + dlat, 5),
                longitude=round(lng0 + dlng, 5),
                placement=Location.Placement.DISTRICT,
                step_free_access=step_free,
                accessibility_description=ACCESS[0 if step_free else 2] if n % 2 else ACCESS[1],
            )
            sal = _upsert(ServiceAtLocation, f"sal-{key}", service=service, location=location)
            opens, closes = TIMES[n % len(TIMES)]
            monthly = n % 5 == 4
            _upsert(
                Schedule,
                f"schedule-{key}",
                service=service,
                service_at_location=sal,
                freq=Schedule.Frequency.MONTHLY if monthly else Schedule.Frequency.WEEKLY,
                byday=f"2{DAY_CODES[n % 6]}" if monthly else DAY_CODES[n % 6],
                opens_at=opens,
                closes_at=closes,
            )
    national_org = _upsert(
        Organization,
        "org-national",
        name="Across the Country Wellbeing (demo)",
        description=FICTIONAL,
        email="hello@national.example.org",
        phone="0808 157 0000",
    )
    online = _upsert(
        Location, "location-online", name="Online or by phone", placement=Location.Placement.MANUAL
    )
    for index, (name, delivery, category_codes, description) in enumerate(NATIONAL):
        service = _upsert(
            Service,
            f"service-national-{index}",
            organization=national_org,
            name=name,
            description=description,
            status=Service.Status.ACTIVE,
            delivery=delivery,
            national=True,
            is_free=True,
            phone=f"0808 157 00{index:02d}",
            url=f"https://national.example.org/{index}",
            last_reviewed=reviewed,
        )
        service.categories.set([categories[code] for code in category_codes])
        _upsert(ServiceAtLocation, f"sal-national-{index}", service=service, location=online)
    own_sign_in_demo(users=users, participants=participants)


# The demo participant's own sign-in (#20): Ray (DEMO-002) finished a first session
# with a map and a plan; he signs in as "participant" to see them and say how it went.
OWN_USERNAME = "participant"
RAY_MAP = [
    ("Linda", "family", "inner", "daily"),
    ("Tom", "friend", "middle", "weekly"),
    ("Breathe Easy group", "group", "outer", "monthly"),
]
RAY_PLAN = ("sal-SO14-social-friendship", "sal-SO14-physical-activity")


def own_sign_in_demo(*, users, participants):
    ray = participants.get("DEMO-002")
    if ray is None or User.objects.filter(username=OWN_USERNAME).exists():
        return
    facilitator = users["facilitator"]
    if not ray.sessions.exists():
        session = genie_services.session_start(user=facilitator, participant=ray)
        kinds = {kind.code: kind for kind in MemberKind.objects.all()}
        snapshot = snapshot_open(session=session)
        NetworkMember.objects.bulk_create(
            NetworkMember(
                snapshot=snapshot, label=label, kind=kinds[kind], circle=circle, contact=contact
            )
            for label, kind, circle, contact in RAY_MAP
            if kind in kinds
        )
        listings = ServiceAtLocation.objects.filter(
            source=SOURCE, external_id__in=RAY_PLAN
        ).select_related("service")
        ChosenActivity.objects.bulk_create(
            ChosenActivity(session=session, service_at_location=sal, name=sal.service.name)
            for sal in listings
        )
        # Every item is optional: Ray skipped them (and the evidence demo adds none).
        genie_services.wellbeing_record(user=facilitator, session=session, data={})
        genie_services.session_complete(session=session)
    user = User.objects.create_user(
        username=OWN_USERNAME,
        password=DEMO_PASSWORD,
        first_name=ray.first_name,
        participant=ray,
        last_login=timezone.now(),
    )
    user.groups.add(Group.objects.get_or_create(name=roles.PARTICIPANT)[0])
