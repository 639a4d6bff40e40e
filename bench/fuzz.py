"""`make bench`: malformed requests against the real server (gunicorn, gthread workers) on 127.0.0.1.

A throwaway SQLite database with the demo unit, a visit with a consent and a risk assessment; one
logged-in session per role. Then FUZZ_REQUESTS (default 10,000) generated bad requests at every
endpoint of the permission table, each as a role that may use it: ids past 64 bits or in Unicode
digits, file parts in text fields, dates in year 1 or 9999, Unicode digits in number fields, very long
text, missing or wrong CSRF tokens, wrong methods, unknown ids. Prints the number of requests, the
answers by status and the number of 5xx (the goal is 0) with the first few of them.
"""

import http.client
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.factories import HUGE, ODD_DATES, UNICODE_DIGITS, URL_IDS  # noqa: E402 - the same bad input as tests

REQUESTS = int(os.environ.get("FUZZ_REQUESTS", 10_000))
THREADS = 8
SEED = 9
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
NAME_RE = re.compile(r'name="([^"]+)"')
EXTRA_NAMES = [
    "note",
    "reason",
    "lead",
    "members",
    "hours_since_rape",
    "visit_date",
    "scheduled_for",
    "username",
    "password",
    "instance_id",
    "target",
    "plan",
    "received_at",
    "estimated_age",
    "birth_date",
]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(env):
    """The database (migrated, demo, a visit with consent and an assessment) and the endpoints to hit."""
    os.environ.update(env)
    from tests.factories import USERS, make_visit
    from web import create_app
    from web import db as database
    from web.config import Config
    from web.demo import seed
    from web.permissions import ANY_USER, PERMISSIONS, PUBLIC

    app = create_app(Config.from_env())
    database.upgrade()
    with app.app_context():
        database.db.connect(reuse_if_open=True)
        seed(force_any_database=True)
        visit = make_visit(share=("polisi",))
        database.db.close()
    endpoints = []
    for rule in app.url_map.iter_rules():
        allowed = PERMISSIONS.get(rule.endpoint)
        if allowed is None or rule.endpoint in ("auth.logout", "static"):
            continue  # logging out would end the sessions the other requests use
        if allowed == PUBLIC:
            user = None
        elif allowed == ANY_USER:
            user = "petugas1"
        else:
            user = next((USERS[r] for r in allowed if r in USERS), None)
            if user is None:
                continue
        endpoints.append((rule, user))
    return app, visit.id, endpoints


class Client:
    """A session on the server: cookies kept, one connection per thread."""

    def __init__(self, port):
        self.port = port
        self.cookie = ""
        self.token = ""
        self.local = threading.local()
        self.lock = threading.Lock()

    def conn(self):
        if getattr(self.local, "conn", None) is None:
            self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return self.local.conn

    def request(self, method, url, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookie:
            headers["Cookie"] = self.cookie
        for attempt in range(2):
            try:
                conn = self.conn()
                conn.request(method, url, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.local.conn = None
                if attempt:
                    raise
        cookie = response.getheader("Set-Cookie") or ""
        if cookie.startswith("jangkau_session="):
            with self.lock:
                self.cookie = cookie.split(";", 1)[0]
        return response.status, data.decode("utf-8", "replace")

    def anonymous(self):
        _status, html = self.request("GET", "/login")
        match = CSRF_RE.search(html)
        self.token = match.group(1) or match.group(2)
        return self

    def login(self, username):
        status, html = self.request("GET", "/login")
        match = CSRF_RE.search(html)
        self.token = match.group(1) or match.group(2)
        body = urlencode({"csrf_token": self.token, "username": username, "password": "jangkau-demo"})
        status, _html = self.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 302, f"login as {username}: {status}"
        status, html = self.request("GET", "/")
        match = CSRF_RE.search(html)
        if match:
            self.token = match.group(1) or match.group(2)
        return self


def bad_text(rng):
    pick = rng.random()
    if pick < 0.2:
        return rng.choice(HUGE)
    if pick < 0.4:
        return rng.choice(UNICODE_DIGITS)
    if pick < 0.6:
        return rng.choice(ODD_DATES)
    if pick < 0.65:
        return "x" * rng.choice([2000, 20000])
    if pick < 0.7:
        return rng.choice(["", " ", "\x00", "null", "[]", "<script>", "\u202e", "ya", "tidak", "1"])
    return "".join(
        chr(rng.choice([rng.randint(32, 126), rng.randint(0xA0, 0x2FFF)])) for _ in range(rng.randint(1, 30))
    )


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode("utf-8", "surrogatepass")
            + b"\r\n"
        )
    for name, value in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="x.txt"\r\n'
            f"Content-Type: text/plain\r\n\r\n".encode()
            + value.encode("utf-8", "replace")
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def one_request(rng, endpoint, url, values, names):
    rule, user = endpoint
    method = (
        "POST"
        if "POST" in rule.methods and rng.random() < 0.75
        else rng.choice(["GET", "GET", "PUT", "DELETE", "PATCH", "POST"])
    )
    target = url
    if values and rng.random() < 0.3:
        first = next(iter(values))
        target = re.sub(rf"/{values[first]}(?=/|$)", "/" + quote(rng.choice(URL_IDS), safe="%"), url, count=1)
    query = {}
    if rng.random() < 0.3:
        query[rng.choice(["plan", "target", "sasaran", "next", "lang", "ukuran", "v"])] = bad_text(rng)
    if query:
        target += "?" + urlencode(query)
    fields, files = [], []
    for name in rng.sample(names, k=min(len(names), rng.randint(0, 6))):
        (files if rng.random() < 0.2 else fields).append((name, bad_text(rng)))
    csrf = rng.random()
    return method, target, fields, files, csrf


def main():
    tmp = Path(tempfile.mkdtemp(prefix="jangkau-fuzz-"))
    env = {
        "JANGKAU_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "SESSION_COOKIE_SECURE": "0",
        "DATABASE_URL": f"sqlite:///{tmp / 'jangkau.db'}",
        "UPLOAD_DIR": str(tmp / "uploads"),
    }
    app, visit_id, endpoints = prepare(env)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "--timeout",
            "120",
            "web:create_app()",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "gunicorn.log", "w"),
    )
    try:
        for _ in range(300):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        from tests.factories import USERS

        clients = {None: Client(port).anonymous()}
        for username in set(USERS.values()):
            clients[username] = Client(port).login(username)

        # One real URL per endpoint (ids of the records made above) and the names its page shows.
        from tests.factories import ID_MODELS as models
        from web import db as database

        targets = []
        with app.app_context(), database.db.connection_context():
            for rule, user in endpoints:
                values = {}
                for arg in rule.arguments:
                    model = models.get(arg)
                    row = model.select().order_by(model.id).first() if model else None
                    values[arg] = visit_id if arg == "ref" else (row.id if row else 1)
                url = (
                    app.url_map.bind("127.0.0.1").build(rule.endpoint, values, append_unknown=False)
                    if not rule.arguments or values
                    else rule.rule
                )
                targets.append(((rule, user), url, values))
        pages = {}
        for (rule, user), url, _values in targets:
            status, html = clients[user].request("GET", url) if "GET" in rule.methods else (0, "")
            names = sorted(set(NAME_RE.findall(html)) - {"csrf_token"}) if status == 200 else []
            pages[url] = names or EXTRA_NAMES

        rng = random.Random(SEED)
        plan = [
            (
                targets[i % len(targets)],
                one_request(
                    rng,
                    *targets[i % len(targets)][:2],
                    targets[i % len(targets)][2],
                    pages[targets[i % len(targets)][1]],
                ),
            )
            for i in range(REQUESTS)
        ]
        rng.shuffle(plan)
        statuses = Counter()
        errors = []

        def send(item):
            ((_rule, user), _url, _values), (method, target, fields, files, csrf) = item
            client = clients[user]
            if csrf < 0.8:
                fields = [("csrf_token", client.token)] + fields
            elif csrf < 0.9:
                fields = [("csrf_token", "x" * 40)] + fields
            headers = {}
            body = None
            if method != "GET":
                if files or csrf > 0.95:
                    body, headers["Content-Type"] = multipart(fields, files)
                else:
                    body = urlencode(fields).encode()
                    headers["Content-Type"] = "application/x-www-form-urlencoded"
            status, _html = client.request(method, target, body, headers)
            statuses[status] += 1
            if status >= 500:
                errors.append((status, method, target[:100], [n for n, _v in fields + files][:6]))

        started = time.monotonic()
        with ThreadPoolExecutor(THREADS) as pool:
            list(pool.map(send, plan))
        seconds = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    fives = sum(n for s, n in statuses.items() if s >= 500)
    print(
        f"fuzz: {sum(statuses.values())} malformed requests to {len(targets)} endpoints in {seconds:.0f} s "
        f"(gunicorn, 2 gthread workers x 4 threads, SQLite)"
    )
    print("fuzz: by status " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"fuzz: 5xx: {fives}")
    for error in errors[:10]:
        print("  ", *error)
    if fives:
        print(f"   (server log: {tmp / 'gunicorn.log'})")


if __name__ == "__main__":
    main()
