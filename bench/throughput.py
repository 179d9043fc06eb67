"""Throughput of Genie's signed-in trivial page against plain Django (#21).

    DATABASE_URL=postgres://... .venv/bin/python bench/throughput.py   # or `make bench`

Starts two gunicorns with the same settings (genie/gunicorn.conf.py: workers,
threads, timeout) on 127.0.0.1, both reading the database given by DATABASE_URL:

- the **anchor**, bench/anchor: a plain Django project (startproject's
  middleware, database sessions, AuthenticationMiddleware) serving a small
  signed-in page; it reads Genie's own session table and user row;
- **Genie**, serving its trivial page to the same signed-in facilitator: the
  not-found page, with the full layout and every middleware.

Signs the same facilitator in to each once, then for BENCH_THROUGHPUT_SECONDS (default
10) per round and BENCH_ROUNDS rounds (default 3, alternating, so a change in
the machine's other load falls on both) keeps BENCH_CLIENTS (default 10)
keep-alive clients busy against each, and prints requests per second and the
ratio Genie / anchor. Target: at least 0.5. Needs only a migrated database: it
creates its own organisation and facilitator (`throughput-facilitator`).
"""

import http.client
import multiprocessing
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genie.settings")
os.environ.setdefault("GENIE_SECRET_KEY", "benchmark-only-" + secrets.token_hex(24))
os.environ["GENIE_HTTPS"] = "false"
os.environ["GENIE_ALLOWED_HOSTS"] = "127.0.0.1"

SECONDS = float(os.environ.get("BENCH_THROUGHPUT_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "10"))
TARGET = 0.5
USERNAME = "throughput-facilitator"
PASSWORD = "throughput-" + secrets.token_hex(8)


def prepare():
    import django

    django.setup()
    from django.core.management import call_command

    from genie import roles
    from genie.models import Organisation, User

    call_command("migrate", verbosity=0)
    organisation, _ = Organisation.objects.get_or_create(name="Throughput benchmark")
    user, _ = User.objects.get_or_create(username=USERNAME, defaults={"organisation": organisation})
    user.organisation = organisation
    user.set_password(PASSWORD)
    user.save()
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get_or_create(name=roles.FACILITATOR)[0])
    from django.db import connection

    connection.close()


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(module: str, settings: str, port: int, log) -> subprocess.Popen:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=settings,
        GENIE_BIND=f"127.0.0.1:{port}",
        GENIE_LOG_LEVEL="WARNING",
    )
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "genie/gunicorn.conf.py",
            "--access-logfile",
            "/dev/null",
            module,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    for _ in range(150):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/")
            connection.getresponse().read()
            return server
        except OSError:  # still booting
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn ({module}) did not start; see {log.name}")


def sign_in(port: int) -> str:
    """Sign in through the server's sign-in page, then open one page, keeping
    every cookie as a browser would; returns the Cookie header."""
    from http.cookies import SimpleCookie
    from urllib.parse import urlencode

    jar = SimpleCookie()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def send(method, path, body=None, headers=None):
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
        connection.request(method, path, body=body, headers={"Cookie": cookie, **(headers or {})})
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return response, text

    _, page = send("GET", "/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response, _ = send(
        "POST",
        "/accounts/login/",
        body=urlencode({"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/accounts/login/",
        },
    )
    if response.status != 302 or "sessionid" not in jar:
        sys.exit(f"bench/throughput.py: the facilitator could not sign in on port {port}")
    send("GET", "/")
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())


def client(port, path, cookie, expected, deadline, counts):
    """One keep-alive client: requests until the deadline, counting expected answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done = failed = 0
    while time.monotonic() < deadline:
        try:
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            response.read()
            if response.status == expected:
                done += 1
            else:
                failed += 1
        except (OSError, http.client.HTTPException):
            failed += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    counts.put((done, failed))


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time used so far by a gunicorn's workers (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    total = 0
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:  # a worker restarted meanwhile
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def measure(server, port, path, cookie, expected) -> tuple[float, float, int]:
    """Requests per second, server CPU milliseconds per request, unexpected answers."""
    counts = multiprocessing.Queue()
    cpu_before = server_cpu_seconds(server)
    deadline = time.monotonic() + SECONDS
    workers = [
        multiprocessing.Process(
            target=client, args=(port, path, cookie, expected, deadline, counts)
        )
        for _ in range(CLIENTS)
    ]
    for worker in workers:
        worker.start()
    results = [counts.get() for _ in workers]
    for worker in workers:
        worker.join()
    done = sum(done for done, _ in results)
    cpu_ms = (server_cpu_seconds(server) - cpu_before) * 1000 / max(done, 1)
    return done / SECONDS, cpu_ms, sum(failed for _, failed in results)


def main():
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        sys.exit("bench/throughput.py needs DATABASE_URL set to a scratch PostgreSQL database.")
    prepare()
    genie_port, anchor_port = free_port(), free_port()
    log_path = Path(tempfile.gettempdir()) / f"genie-bench-throughput-{genie_port}.log"
    with open(log_path, "w") as log:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            check=True,
        )
        genie = serve("genie.wsgi", "genie.settings", genie_port, log)
        anchor = serve("bench.anchor.wsgi", "bench.anchor.settings", anchor_port, log)
        try:
            cookies = {genie_port: sign_in(genie_port), anchor_port: sign_in(anchor_port)}
            # Both pages must be the signed-in page, or the ratio means nothing.
            for port, path, marker in (
                (anchor_port, "/", f"Signed in as {USERNAME}"),
                (genie_port, "/no-such-page/", "Sign out"),
            ):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path, headers={"Cookie": cookies[port]})
                response = connection.getresponse()
                body = response.read().decode()
                if marker not in body:
                    sys.exit(
                        f"bench/throughput.py: {path} on port {port} is not signed in"
                        f" ({response.status} {response.getheader('Location')})"
                    )
            print(
                f"{CLIENTS} keep-alive clients, {ROUNDS} rounds of {SECONDS:g} s each; "
                f"gunicorn {os.environ.get('GENIE_WORKERS', 'default')} workers; "
                f"{os.cpu_count()} CPUs"
            )
            rates, cpu = {"anchor": [], "genie": []}, {"anchor": [], "genie": []}
            for _ in range(ROUNDS):
                for name, server, port, path, expected in (
                    ("anchor", anchor, anchor_port, "/", 200),
                    ("genie", genie, genie_port, "/no-such-page/", 404),
                ):
                    rate, cpu_ms, failed = measure(server, port, path, cookies[port], expected)
                    rates[name].append(rate)
                    cpu[name].append(cpu_ms)
                    if failed:
                        print(f"  {name}: {failed} unexpected answers")
            labels = {"anchor": "anchor (plain Django)", "genie": "Genie trivial page"}
            for name, label in labels.items():
                print(
                    f"{label + ', signed in:':<34}{statistics.median(rates[name]):8.1f} requests/s,"
                    f" {statistics.median(cpu[name]):5.2f} ms of gunicorn CPU per request"
                    f" (medians; rounds: {', '.join(f'{r:.0f}' for r in rates[name])})"
                )
            ratio = statistics.median(rates["genie"]) / statistics.median(rates["anchor"])
            verdict = "met" if ratio >= TARGET else "MISSED"
            print(f"ratio Genie / anchor: {ratio:.2f} (target >= {TARGET:g}: {verdict})")
            cpu_ratio = statistics.median(cpu["anchor"]) / statistics.median(cpu["genie"])
            print(f"CPU per request, anchor / Genie: {cpu_ratio:.2f} (steadier under other load)")
        finally:
            for server in (genie, anchor):
                server.terminate()
                server.wait(30)
    print(f"(server log: {log_path})")


if __name__ == "__main__":
    main()
