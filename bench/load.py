"""Load benchmark: facilitators' session journeys against gunicorn, on loopback.

    DATABASE_URL=postgres://... .venv/bin/python bench/load.py     # or `make bench`

Migrates the database given by DATABASE_URL and, if it is empty, fills it with
`manage.py seed_scale` (BENCH_SCALE, default 1: 20,000 participants, 40,000
sessions, 100,000 listings). A scratch database only. Then starts gunicorn on
127.0.0.1 with the production settings, signs in BENCH_USERS users (default 20:
facilitators of different organisations, one commissioner) and for
BENCH_SECONDS (default 60) drives journeys like a facilitator's browser:

    start session, open map, add member, move member, answer question,
    open matches, filter, choose, open plan

with the CSRF token and the htmx headers the browser sends. The commissioner
opens the evidence dashboard. Every user also opens an authenticated trivial
page (the not-found page: full layout, no data) so each step's p95 is printed
as a ratio to it, measured in the same run on the same machine.

Finally it fetches the Stage 3 map page with 50 pins and prints its size.
Traffic goes to 127.0.0.1 only; the run stops by itself.
"""

import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genie.settings")
os.environ.setdefault("GENIE_SECRET_KEY", "benchmark-only-" + secrets.token_hex(24))
os.environ["GENIE_HTTPS"] = "false"  # plain HTTP on loopback
os.environ["GENIE_ALLOWED_HOSTS"] = "127.0.0.1"
os.environ["GENIE_REQUIRE_TWO_FACTOR"] = "false"  # the commissioner signs in with a password

USERS = int(os.environ.get("BENCH_USERS", "20"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
SCALE = os.environ.get("BENCH_SCALE", "1")
TIMEOUT = 30  # seconds per request: a stuck server fails the step, never hangs the run
HTMX_STEPS = {"add member", "move member", "answer question", "filter", "choose"}
# Targets, as multiples of the trivial page's p95 (docs/performance.md).
TARGETS = dict.fromkeys(HTMX_STEPS, 3.0) | {
    "dashboard": 5.0,
    "participant list": 2.0,
    "search participants": 2.0,
    "list of 5,000": 2.0,
    "search 5,000": 2.0,
}
BIG = 5_000  # participants in one organisation, for the participant list at scale
STEPS = [
    "trivial page",
    "participant list",
    "search participants",
    "list of 5,000",
    "search 5,000",
    "start session",
    "open map",
    "add member",
    "move member",
    "answer question",
    "open matches",
    "filter",
    "choose",
    "open plan",
    "finish session",
    "dashboard",
]
SAL = re.compile(r'name="service_at_location" value="([0-9a-f-]{36})"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare():
    """Migrate, seed when empty, and read what the journeys need from the database."""
    import django

    django.setup()
    from django.core.management import call_command

    from genie.models import Category, Participant, User
    from mapping.models import MemberKind
    from questionnaire.models import AnswerOption, Questionnaire

    call_command("migrate", verbosity=0)
    if not Participant.objects.filter(reference__startswith="SCALE-").exists():
        call_command("seed_scale", scale=float(SCALE), reset=True)
    facilitators = []
    seen = set()
    for user in User.objects.filter(username__startswith="scale-facilitator-").order_by("pk"):
        if user.organisation_id in seen:  # one per organisation: spread over the data
            continue
        seen.add(user.organisation_id)
        participants = list(
            Participant.objects.filter(organisation_id=user.organisation_id).values_list(
                "pk", flat=True
            )[:500]
        )
        facilitators.append((user.username, participants))
    big_organisation()
    questionnaire = Questionnaire.objects.get(is_active=True)
    first_item = questionnaire.items.order_by("order").first()
    return {
        "facilitators": facilitators,
        "kinds": list(MemberKind.objects.values_list("code", flat=True)),
        "categories": list(Category.objects.values_list("code", flat=True)),
        "options": [
            str(pk)
            for pk in AnswerOption.objects.filter(item=first_item).values_list("pk", flat=True)
        ],
    }


def big_organisation():
    """An organisation with BIG participants and its facilitator, made once."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from evidence.management.commands.seed_scale import SCALE_PASSWORD
    from genie import roles
    from genie.models import AgeBand, Gender, Organisation, Participant, User

    organisation, _ = Organisation.objects.get_or_create(name="Scale big organisation")
    user, created = User.objects.get_or_create(
        username="scale-big-facilitator",
        defaults={"organisation": organisation, "password": make_password(SCALE_PASSWORD)},
    )
    if created:
        user.groups.add(Group.objects.get(name=roles.FACILITATOR))
    have = Participant.objects.filter(organisation=organisation).count()
    now = timezone.now()
    Participant.objects.bulk_create(
        [
            Participant(
                organisation=organisation,
                reference=f"SCALE-BIG-{index:05d}",
                first_name="Scale",
                postcode_district="SO17",
                age_band=AgeBand.values[index % len(AgeBand.values)],
                gender=Gender.values[index % len(Gender.values)],
                consent_data_use=True,
                consent_recorded_at=now,
                consent_recorded_by=user,
            )
            for index in range(have, BIG)
        ],
        batch_size=1_000,
    )


def start_server(port: int, log) -> subprocess.Popen:
    env = dict(os.environ, GENIE_BIND=f"127.0.0.1:{port}", GENIE_LOG_LEVEL="WARNING")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "genie/gunicorn.conf.py",
            "genie.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    for _ in range(100):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).ok:
                return server
        except requests.RequestException:  # still booting
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not start; see {log.name}")


class Browser:
    """One signed-in user: a requests session that sends what the browser would."""

    def __init__(self, base: str, username: str, password: str, timings):
        self.base, self.timings = base, timings
        self.http = requests.Session()
        page = self.http.get(f"{base}/accounts/login/", timeout=TIMEOUT)
        response = self.http.post(
            f"{base}/accounts/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": csrf(page.text),
            },
            headers={"Referer": f"{base}/accounts/login/"},
            timeout=TIMEOUT,
        )
        if "/accounts/login/" in response.url:
            raise RuntimeError(f"{username} could not sign in")

    def request(self, step, method, path, *, htmx=None, ok=(200,), **kwargs):
        headers = {
            "Referer": self.base + path,
            "X-CSRFToken": self.http.cookies.get("csrftoken", ""),
        }
        if htmx is not None:
            headers |= {"HX-Request": "true", "HX-Current-URL": self.base + path, **htmx}
        started = time.perf_counter()
        try:
            response = self.http.request(
                method, self.base + path, headers=headers, timeout=TIMEOUT, **kwargs
            )
        except requests.RequestException:
            self.timings[step].append((time.perf_counter() - started, False))
            return None
        self.timings[step].append((time.perf_counter() - started, response.status_code in ok))
        return response

    def trivial(self):
        self.request("trivial page", "GET", f"/no-such-page-{uuid.uuid4()}/", ok=(404,))


def csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


def journey(browser: Browser, participant, data, rng) -> None:
    """One facilitated session, as the browser sends it."""
    from mapping.models import NetworkMember

    browser.trivial()
    # The facilitator finds the participant first: the list, then a posted search.
    listing = browser.request("participant list", "GET", "/participants/")
    if listing is not None:
        browser.request(
            "search participants",
            "POST",
            "/participants/",
            htmx={},
            data={"q": "scale", "csrfmiddlewaretoken": csrf(listing.text)},
        )
    response = browser.request(
        "start session", "POST", f"/participants/{participant}/sessions/new/"
    )
    if response is None or "/sessions/" not in response.url:
        return
    session = re.search(r"/sessions/([0-9a-f-]{36})/", response.url).group(1)
    base = f"/sessions/{session}"
    browser.request("open map", "GET", f"{base}/network/")
    token = str(uuid.uuid4())
    browser.request(
        "add member",
        "POST",
        f"{base}/network/members/add/",
        htmx={},
        data={
            "label": f"Neighbour {rng.randrange(100)}",
            "kind": rng.choice(data["kinds"]),
            "circle": "middle",
            "contact": "weekly",
            "support": ["everyday"],
            "note": "",
            "add_token": token,
        },
    )
    member = NetworkMember.objects.filter(add_token=token).values("pk", "version").first()
    if member:
        browser.request(
            "move member",
            "POST",
            f"{base}/network/members/{member['pk']}/move/",
            htmx={},
            data={"circle": "inner", "version": member["version"], "direction": "closer"},
        )
    browser.request(
        "answer question",
        "POST",
        f"{base}/preferences/questions/1/",
        htmx={"HX-Boosted": "true", "HX-Target": "preferences-step"},
        data={"answer": rng.choice(data["options"])},
    )
    page = browser.request("open matches", "GET", f"{base}/opportunities/")
    results = browser.request(
        "filter",
        "GET",
        f"{base}/opportunities/",
        htmx={"HX-Target": "results", "HX-Trigger": "filters"},
        params={"category": rng.choice(data["categories"] + [""]), "distance": "10"},
    )
    listings = SAL.findall(results.text if results is not None else "") or SAL.findall(
        page.text if page is not None else ""
    )
    if listings:
        browser.request(
            "choose",
            "POST",
            f"{base}/opportunities/choose/",
            htmx={"HX-Target": "stage3"},
            data={"service_at_location": rng.choice(listings), "query": ""},
        )
    browser.request("open plan", "GET", f"{base}/plan/")
    # Finish, so the next journey for this participant starts a fresh session.
    browser.request("finish session", "POST", f"{base}/plan/")


def run_user(index, base, data, deadline, timings, errors):
    import random

    from django.db import connection

    from evidence.management.commands.seed_scale import SCALE_PASSWORD

    rng = random.Random(index)
    try:
        if index == 0:
            browser = Browser(base, "scale-commissioner", SCALE_PASSWORD, timings)
            while time.monotonic() < deadline:
                browser.trivial()
                browser.request("dashboard", "GET", "/evidence/")
        elif index == 1:
            # A facilitator of an organisation with BIG participants finds someone.
            browser = Browser(base, "scale-big-facilitator", SCALE_PASSWORD, timings)
            while time.monotonic() < deadline:
                browser.trivial()
                listing = browser.request("list of 5,000", "GET", "/participants/?page=7")
                browser.request(
                    "search 5,000",
                    "POST",
                    "/participants/",
                    htmx={},
                    data={
                        "q": f"BIG-{rng.randrange(BIG):05d}",
                        "csrfmiddlewaretoken": csrf(listing.text if listing else ""),
                    },
                )
        else:
            username, participants = data["facilitators"][index % len(data["facilitators"])]
            browser = Browser(base, username, SCALE_PASSWORD, timings)
            while time.monotonic() < deadline:
                journey(browser, rng.choice(participants), data, rng)
    except Exception as error:  # reported, so a broken run is never silent
        errors.append(f"user {index}: {error!r}")
    finally:
        connection.close()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(timings):
    trivial = [s for s, _ in timings["trivial page"]]
    trivial50, trivial95 = statistics.median(trivial), percentile(trivial, 0.95)
    print(
        f"\n{'step':<16} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f" {'errors':>6} {'p95/trivial':>11} {'p50/trivial':>11}  target (p95)"
    )
    for step in STEPS:
        rows = timings.get(step)
        if not rows:
            continue
        seconds = [s for s, _ in rows]
        p50, p95 = statistics.median(seconds), percentile(seconds, 0.95)
        ratio = p95 / trivial95
        target = TARGETS.get(step)
        verdict = (
            "" if target is None else f"<= {target:g}x {'met' if ratio <= target else 'MISSED'}"
        )
        print(
            f"{step:<16} {len(rows):>8} {p50 * 1000:>8.1f}"
            f" {p95 * 1000:>8.1f} {percentile(seconds, 0.99) * 1000:>8.1f}"
            f" {sum(not ok for _, ok in rows):>6} {ratio:>10.2f}x"
            f" {p50 / trivial50:>10.2f}x  {verdict}"
        )


def map_page(base, data):
    """The Stage 3 map with 50 pins: the busiest area the seed has, 20 km."""
    from django.db.models import Count

    from evidence.management.commands.seed_scale import SCALE_PASSWORD
    from genie.models import Participant, Session, User
    from resources.models import Location

    busiest = (
        Location.objects.values("postcode_district")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("postcode_district", flat=True)
        .first()
    )
    participant = Participant.objects.filter(postcode_district=busiest).first()
    if participant is None:
        participant = Participant.objects.first()
    session = Session.objects.filter(participant=participant).first()
    user = User.objects.filter(
        organisation=participant.organisation, username__startswith="scale-facilitator-"
    ).first()
    browser = Browser(base, user.username, SCALE_PASSWORD, defaultdict(list))
    response = browser.request(
        "map", "GET", f"/sessions/{session.pk}/opportunities/map/", params={"distance": "20"}
    )
    pins = response.text.count("L.marker(") - 1  # less the participant's home
    size = len(response.content)
    verdict = "met" if size <= 300 * 1024 else "MISSED"
    print(f"\nmap page with {pins} pins: {size / 1024:.0f} KB (target <= 300 KB: {verdict})")


def main():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("bench/load.py needs DATABASE_URL set to a scratch PostgreSQL database.")
    data = prepare()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = Path(tempfile.gettempdir()) / f"genie-bench-gunicorn-{port}.log"
    with open(log_path, "w") as log:
        server = start_server(port, log)
        try:
            workers = os.environ.get("GENIE_WORKERS", f"{os.cpu_count() * 2 + 1} (default)")
            print(
                f"{USERS} users for {SECONDS:g} s against gunicorn on 127.0.0.1 "
                f"({workers} workers); {os.cpu_count()} CPUs"
            )
            timings, errors = {step: [] for step in STEPS}, []
            deadline = time.monotonic() + SECONDS
            threads = [
                threading.Thread(target=run_user, args=(i, base, data, deadline, timings, errors))
                for i in range(USERS)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(SECONDS + TIMEOUT * 12)
            report(timings)
            for error in errors:
                print(error)
            map_page(base, data)
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
    print(f"(server log: {log_path})")


if __name__ == "__main__":
    main()
