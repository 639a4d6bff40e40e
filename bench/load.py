"""`make bench` (issue 9.2): 50 simulated users for 60 s against gunicorn (4 gthread workers) on
127.0.0.1, on SQLite and, with BENCH_DATABASE_URL (or --postgres URL), on PostgreSQL.

The users log in and then, each in a loop with no pause, mix reads and writes as a unit would:
workers log coordination contacts, start visits and record consents; case managers and the Kepala
assign plan teams and poll the flag list; admin staff save the document checklist. Every write carries
a unique mark (the contact's notes, the visit's and the consent's instance_id), so that at the end the
database says how many acknowledged writes were lost and how many were stored twice.

Prints, per engine: requests, errors (any exception, 5xx or unexpected 4xx, "database is locked"
included), lost, duplicated, req/s and p95 in ms. Goal: 0 errors, 0 lost, 0 duplicated.

    .venv/bin/python bench/load.py                       # 50 users, 60 s, SQLite
    .venv/bin/python bench/load.py --users 10 --seconds 5
    .venv/bin/python bench/load.py --postgres postgresql://postgres@127.0.0.1:5432/jangkau_bench

PostgreSQL: the database named in the URL is emptied first (its public schema dropped): give it a
throwaway database, never a real one.
"""

import argparse
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
JAKARTA = ZoneInfo("Asia/Jakarta")
PASSWORD = "jangkau-demo"
PLANS = 12


# ---- the database --------------------------------------------------------------------------------


def prepare(url):
    """A fresh migrated database with the demo users, PLANS approved plans (petugas1 and petugas2 on
    each team) with two targets each. Returns {"plans": [...], "targets": {plan: [...]}, "users": {...}}."""
    from web import db as database
    from web.demo import seed

    if url.startswith("postgres"):
        pg = database.open_database(url)
        with pg.connection_context():
            pg.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
            pg.execute_sql("CREATE SCHEMA public")
    db = database.open_database(url)
    database.db.initialize(db)
    database.upgrade(db)
    from web.models import Assignment, Person, Plan, PlanTarget, Target, Unit, User

    with db.connection_context():
        seed(force_any_database=True)
        unit = Unit.get(Unit.code == "UPTD-PPA")
        users = {u.username: u for u in User.select()}
        today = datetime.now(JAKARTA).date()
        plans, targets = [], {}
        with db.atomic():
            for n in range(PLANS):
                plan = Plan.create(
                    unit=unit,
                    purpose=f"Penjangkauan uji beban {n}",
                    status=Plan.APPROVED,
                    start_date=today,
                    end_date=today + timedelta(days=3),
                    places="Desa Contoh",
                    created_by=users["petugas1"],
                )
                for username, role in (("petugas1", "ketua"), ("petugas2", "anggota")):
                    Assignment.create(plan=plan, user=users[username], team_role=role, assigned_by=users["kepala1"])
                targets[plan.id] = []
                for k in range(2):
                    person = Person.create(
                        unit=unit,
                        name=f"Orang Fiktif {n}-{k}",
                        sex="p",
                        estimated_age=30,
                        desa="Desa Contoh",
                        created_by=users["petugas1"],
                    )
                    target = Target.create(
                        unit=unit,
                        code=f"JGK-BEBAN-{n:02d}-{k}",
                        person=person,
                        kind="laporan",
                        created_by=users["petugas1"],
                    )
                    PlanTarget.create(plan=plan, target=target)
                    targets[plan.id].append(target.id)
                plans.append(plan.id)
        ids = {name: u.id for name, u in users.items()}
    db.close()
    return {"plans": plans, "targets": targets, "users": ids}


def count_marks(url, marks):
    """How many rows carry each mark: {mark: n} for contacts (notes), visits and consents (instance_id)."""
    from web import db as database
    from web.models import Consent, CoordinationContact, Visit

    db = database.open_database(url)
    database.db.initialize(db)
    found = {}
    with db.connection_context():
        for (note,) in CoordinationContact.select(CoordinationContact.notes).tuples():
            found[note] = found.get(note, 0) + 1
        for (iid,) in Visit.select(Visit.instance_id).tuples():
            found[iid] = found.get(iid, 0) + 1
        for (iid,) in Consent.select(Consent.instance_id).tuples():
            found[iid] = found.get(iid, 0) + 1
    db.close()
    return {mark: found.get(mark, 0) for mark in marks}


# ---- the server ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(url, workers, threads, folder):
    port = free_port()
    env = {
        **os.environ,
        "JANGKAU_ENV": "testing",
        "DATABASE_URL": url,
        "JANGKAU_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "JANGKAU_THREADS": str(threads),
        "UPLOAD_DIR": str(Path(folder) / "uploads"),
        "SECRET_KEY": uuid.uuid4().hex * 2,
    }
    log = open(Path(folder) / "gunicorn.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/login")
            conn.getresponse().read()
            conn.close()
            return server, port
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start: see " + str(Path(folder) / "gunicorn.log"))


def stop_gunicorn(server):
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(10)


# ---- a simulated user ----------------------------------------------------------------------------


class User:
    """One person on one phone: a keep-alive connection, the session cookie, the CSRF token."""

    def __init__(self, port, username, data, stats):
        self.port, self.username, self.data, self.stats = port, username, data, stats
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies = {}
        self.token = None
        self.rng = random.Random(hash((username, id(self))))

    def request(self, method, path, form=None, expect=(200, 302), name=None):
        body, headers = None, {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            form = {**form, "csrf_token": self.token}
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            self.stats.record(name or path, time.perf_counter() - started, f"{type(error).__name__}: {error}")
            return None, ""
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                if morsel["expires"] and "1970" in morsel["expires"] or not morsel.value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        if "text/html" in (response.headers.get("Content-Type") or ""):
            match = CSRF_RE.search(text)
            if match:
                self.token = match.group(1) or match.group(2)
        error = None
        if response.status not in expect:
            snippet = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))[:160]
            error = f"{method} {name or path} -> {response.status} {snippet}"
        self.stats.record(name or path, elapsed, error)
        return response.status, text

    def login(self):
        self.request("GET", "/login")
        status, _ = self.request(
            "POST", "/login", {"username": self.username, "password": PASSWORD}, expect=(302,), name="POST /login"
        )
        self.request("GET", "/", name="GET /")
        return status == 302

    # -- what each role does ---------------------------------------------------------------------

    def worker_step(self):
        plan = self.rng.choice(self.data["plans"])
        choice = self.rng.random()
        if choice < 0.3:
            mark = f"beban-{uuid.uuid4()}"
            at = (datetime.now(JAKARTA) - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
            status, _ = self.request(
                "POST",
                f"/rencana/{plan}/koordinasi",
                {
                    "party": "polisi",
                    "party_name": "Polsek Contoh",
                    "contacted_at": at,
                    "means": "telepon",
                    "result": "dukungan_dijanjikan",
                    "notes": mark,
                },
                name="POST koordinasi",
            )
            if status == 302:
                self.stats.acked(mark)
        elif choice < 0.55:
            target = self.rng.choice(self.data["targets"][plan])
            mark = str(uuid.uuid4())
            status, _ = self.request(
                "POST",
                f"/kunjungan/baru?target={target}",
                {
                    "target": target,
                    "plan": plan,
                    "instance_id": mark,
                    "visit_date": datetime.now(JAKARTA).date().isoformat(),
                    "visit_time": "00:01",
                    "place": "Rumah keluarga",
                    "present": "korban, dua petugas",
                },
                name="POST kunjungan",
            )
            if status == 302:
                self.stats.acked(mark)
                visit = mark
                consent = str(uuid.uuid4())
                status, _ = self.request(
                    "POST",
                    f"/kunjungan/{visit}/persetujuan",
                    {
                        "instance_id": consent,
                        "explained": self.data["explained"],
                        "consenter": "diri_sendiri",
                        "outcome": "setuju",
                        "scopes": ["asesmen", "layanan"],
                        "method": "lisan",
                        "witness": self.data["users"]["petugas2" if self.username == "petugas1" else "petugas1"],
                    },
                    name="POST persetujuan",
                )
                if status == 302:
                    self.stats.acked(consent)
        elif choice < 0.75:
            self.request("GET", f"/rencana/{plan}/koordinasi", name="GET koordinasi")
        else:
            self.request("GET", "/", name="GET /")

    def manager_step(self):
        plan = self.rng.choice(self.data["plans"])
        choice = self.rng.random()
        if choice < 0.3:
            users = self.data["users"]
            self.request(
                "POST",
                f"/rencana/{plan}/tim",
                {
                    "members": [users["petugas1"], users["petugas2"]],
                    "lead": users["petugas1"],
                    "briefing": f"Arahan {uuid.uuid4().hex[:8]}: datang berdua, hubungi Polsek dulu.",
                },
                name="POST tim",
            )
        elif choice < 0.7:
            self.request("GET", "/tanda-bahaya/daftar", name="GET tanda-bahaya/daftar")
        else:
            self.request("GET", "/", name="GET /")

    def admin_step(self):
        plan = self.rng.choice(self.data["plans"])
        if self.rng.random() < 0.5:
            states = ("belum", "siap", "tidak_perlu")
            self.request(
                "POST",
                f"/rencana/{plan}/dokumen",
                {f"status_{key}": self.rng.choice(states) for key in self.data["documents"]},
                name="POST dokumen",
            )
        else:
            self.request("GET", f"/rencana/{plan}/surat", name="GET surat")


ROLES = [
    ("petugas1", "worker"),
    ("petugas2", "worker"),
    ("petugas1", "worker"),
    ("petugas2", "worker"),
    ("manajer1", "manager"),
    ("kepala1", "manager"),
    ("admin1", "admin"),
    ("petugas1", "worker"),
    ("petugas2", "worker"),
    ("manajer1", "manager"),
]


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.times, self.errors, self.marks = [], [], []
        self.by_name = {}

    def record(self, name, elapsed, error):
        with self.lock:
            self.times.append(elapsed)
            self.by_name.setdefault(name, []).append(elapsed)
            if error:
                self.errors.append(error)

    def acked(self, mark):
        with self.lock:
            self.marks.append(mark)


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000 if ordered else 0.0


def run(url, users, seconds, workers, threads, label):
    from web.models.letters import DocumentItem
    from web.sop import CONSENT_EXPLAINED

    with tempfile.TemporaryDirectory(prefix="jangkau-load-") as folder:
        if url is None:
            url = f"sqlite:///{Path(folder) / 'jangkau.db'}"
        data = prepare(url)
        data["explained"] = [c.key for c in CONSENT_EXPLAINED]
        data["documents"] = list(DocumentItem.keys())
        server, port = start_gunicorn(url, workers, threads, folder)
        stats = Stats()
        stop = threading.Event()
        ready = threading.Barrier(users + 1)
        login_lock = threading.Lock()
        try:

            def simulate(n):
                username, role = ROLES[n % len(ROLES)]
                person = User(port, username, data, stats)
                with login_lock:  # one login at a time: simultaneous logins of one account are throttled
                    ok = person.login()
                try:
                    ready.wait(120)
                except threading.BrokenBarrierError:
                    return
                if not ok:
                    return
                # Waiting for the others' logins took longer than gunicorn's keep-alive: a new connection.
                person.conn.close()
                step = {"worker": person.worker_step, "manager": person.manager_step, "admin": person.admin_step}[role]
                while not stop.is_set():
                    step()
                person.conn.close()

            pool = [threading.Thread(target=simulate, args=(n,), daemon=True) for n in range(users)]
            for thread in pool:
                thread.start()
            ready.wait(180)
            with stats.lock:  # the logins are not part of the measured run
                stats.times.clear()
                stats.by_name.clear()
                login_errors = list(stats.errors)
                stats.errors.clear()
            started = time.perf_counter()
            time.sleep(seconds)
            stop.set()
            for thread in pool:
                thread.join(90)
            elapsed = time.perf_counter() - started
        finally:
            stop_gunicorn(server)
        counts = count_marks(url, stats.marks)
    lost = sum(1 for n in counts.values() if n == 0)
    duplicated = sum(1 for n in counts.values() if n > 1)
    errors = login_errors + stats.errors
    result = {
        "engine": label,
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": len(stats.times),
        "errors": len(errors),
        "writes_acknowledged": len(stats.marks),
        "lost": lost,
        "duplicated": duplicated,
        "req_per_s": round(len(stats.times) / elapsed, 1),
        "p95_ms": round(p95(stats.times), 1),
        "p95_ms_by_request": {name: round(p95(t), 1) for name, t in sorted(stats.by_name.items())},
    }
    return result, errors


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="also run on this PostgreSQL database (it is emptied first)",
    )
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("JANGKAU_ENV", "testing")
    runs = ([] if args.no_sqlite else [(None, "SQLite")]) + ([(args.postgres, "PostgreSQL")] if args.postgres else [])
    failed = False
    for url, label in runs:
        result, errors = run(url, args.users, args.seconds, args.workers, args.threads, label)
        print(
            f"load {label}: {result['users']} users, {result['seconds']} s, gunicorn {args.workers} gthread workers "
            f"x {args.threads} threads: {result['requests']} requests, errors {result['errors']}, "
            f"lost {result['lost']}, duplicated {result['duplicated']} "
            f"(of {result['writes_acknowledged']} acknowledged writes), "
            f"{result['req_per_s']} req/s, p95 {result['p95_ms']} ms"
        )
        for name, value in result["p95_ms_by_request"].items():
            print(f"    p95 {value:8.1f} ms  {name}")
        for error in errors[:10]:
            print("    error:", error)
        failed = failed or bool(result["errors"] or result["lost"] or result["duplicated"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
