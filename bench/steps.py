"""What each session step costs Genie itself: CPU per step against the trivial page.

    DATABASE_URL=postgres://... .venv/bin/python bench/steps.py   # after bench/load.py

bench/load.py measures the steps under load, where the machine's other work and
the queue in front of gunicorn weigh on every ratio. This runs the same journey
in one process, one request at a time, through Django's test client (the whole
middleware stack, the real templates and database), and prints each step's
median CPU time and wall time and its CPU as a multiple of the signed-in trivial
page measured in the same run. It needs the database `seed_scale` filled (as
bench/load.py leaves it); each journey starts a session for one of the first
facilitator's participants and finishes it, so their networks grow a member a run.
BENCH_JOURNEYS (default 8) journeys.
"""

import os
import re
import secrets
import statistics
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genie.settings")
os.environ.setdefault("GENIE_SECRET_KEY", "benchmark-only-" + secrets.token_hex(24))
os.environ["GENIE_HTTPS"] = "false"
os.environ["GENIE_ALLOWED_HOSTS"] = "127.0.0.1"

JOURNEYS = int(os.environ.get("BENCH_JOURNEYS", "8"))
HTMX = {"HTTP_HX_REQUEST": "true"}


def main():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("bench/steps.py needs DATABASE_URL set to the benchmark's PostgreSQL database.")
    import django

    django.setup()
    from django.test import Client

    from genie.models import Participant, User
    from mapping.models import MemberKind, NetworkMember

    facilitator = (
        User.objects.filter(username__startswith="scale-facilitator-").order_by("username").first()
    )
    if facilitator is None:
        sys.exit("bench/steps.py: no seeded facilitators; run bench/load.py (it seeds) first.")
    participants = list(
        Participant.objects.filter(organisation=facilitator.organisation)
        .order_by("reference")
        .values_list("pk", flat=True)[:JOURNEYS]
    )
    kind = MemberKind.objects.order_by("order").values_list("code", flat=True).first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(facilitator)
    client.get("/no-such-page/")
    times = defaultdict(list)

    def step(name, method, path, data=None, **headers):
        started, cpu = time.perf_counter(), time.process_time()
        response = getattr(client, method)(path, data, **headers)
        times[name].append(
            ((time.process_time() - cpu) * 1000, (time.perf_counter() - started) * 1000)
        )
        return response

    for participant in participants:
        step("trivial page", "get", "/no-such-page/")
        step("participant list", "get", "/participants/")
        started = step("start session", "post", f"/participants/{participant}/sessions/new/")
        base = re.search(r"/sessions/[0-9a-f-]{36}", started["Location"]).group(0)
        step("open map", "get", f"{base}/network/")
        token = str(uuid.uuid4())
        member = {
            "label": "Neighbour",
            "kind": kind,
            "circle": "middle",
            "contact": "weekly",
            "support": ["everyday"],
            "note": "",
            "add_token": token,
        }
        step("add member", "post", f"{base}/network/members/add/", member, **HTMX)
        added = NetworkMember.objects.filter(add_token=token).values("pk", "version").first()
        move = {"circle": "inner", "version": added["version"], "direction": "closer"}
        step("move member", "post", f"{base}/network/members/{added['pk']}/move/", move, **HTMX)
        answer = {"answer": "3"}
        boosted = {"HTTP_HX_BOOSTED": "true", "HTTP_HX_TARGET": "preferences-step", **HTMX}
        step("answer question", "post", f"{base}/preferences/questions/1/", answer, **boosted)
        step("open matches", "get", f"{base}/opportunities/")
        query = {"category": "", "distance": "10"}
        filters = {"HTTP_HX_TARGET": "results", "HTTP_HX_TRIGGER": "filters", **HTMX}
        results = step("filter", "get", f"{base}/opportunities/", query, **filters)
        listings = re.findall(r'name="service_at_location" value="([^"]+)"', results.text)
        if listings:
            choice = {"service_at_location": listings[0], "query": ""}
            panel = {"HTTP_HX_TARGET": "stage3", **HTMX}
            step("choose", "post", f"{base}/opportunities/choose/", choice, **panel)
        step("open plan", "get", f"{base}/plan/")
        step("finish session", "post", f"{base}/plan/")

    trivial = statistics.median(cpu for cpu, _ in times["trivial page"])
    print(f"{len(participants)} journeys, one request at a time, Django's test client")
    print(f"{'step':<18}{'CPU ms':>8}{'wall ms':>9}{'CPU / trivial':>15}")
    for name, rows in times.items():
        cpu = statistics.median(c for c, _ in rows)
        wall = statistics.median(w for _, w in rows)
        print(f"{name:<18}{cpu:>8.1f}{wall:>9.1f}{cpu / trivial:>14.1f}x")


if __name__ == "__main__":
    main()
