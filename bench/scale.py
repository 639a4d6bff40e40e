"""Scale bench (issue 10): a synthetic province at 1k, 10k and 100k people, served by gunicorn on
127.0.0.1, measured from outside.

For each role's home, the lists, the flag poll and a form submit it prints: SQL queries per request
(counted in-process with the test client), req/s and p50/p95/p99 latency at N concurrent keep-alive
connections, and the ratio to a static file of the same size served by the same server in the same
run (ratios are what count on a shared machine). SQLite always; PostgreSQL too when
BENCH_DATABASE_URL, DATABASE_URL or --pg-url points at one: its schema is dropped and rebuilt.
The seed builds the search index once after the bulk insert (web/province.py); its time is printed as
wall-clock and as this process's CPU seconds (the wall-clock depends on what else the machine runs).

    .venv/bin/python bench/scale.py                                   # 1k, 10k, 100k; 3 s per page
    .venv/bin/python bench/scale.py --sizes 1000 --seconds 1          # quick
    BENCH_SIZES=1000,10000 make bench                                 # without the long 100k runs
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from web import create_app  # noqa: E402 - after sys.path points at the repository
from web import db as database  # noqa: E402 - after sys.path points at the repository
from web.config import TestingConfig  # noqa: E402 - after sys.path points at the repository
from web.province import PASSWORD, sample_records, seed_province  # noqa: E402 - after sys.path points at the repository

HOST = "127.0.0.1"
STATIC_DIR = ROOT / "static" / "_bench"  # gitignored; removed after the run
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')

# (label, role, path or callable(sample records) -> path, method); "poll 304" sends the ETag of the
# first answer back (If-None-Match), as the page's script does every few seconds.
PAGES = (
    ("home petugas", "petugas", "/", "GET"),
    ("home manajer", "manajer", "/", "GET"),
    ("home kepala", "kepala", "/", "GET"),
    ("home admin", "admin", "/", "GET"),
    ("home sysadmin", "sysadmin", "/", "GET"),
    ("sasaran (list)", "manajer", "/sasaran/", "GET"),
    ("rencana (list)", "manajer", "/rencana/", "GET"),
    ("rencana (list, petugas)", "petugas", "/rencana/", "GET"),
    ("rencana + kunjungan", "manajer", lambda r: f"/rencana/{r['plan_id']}", "GET"),
    ("tanda bahaya (list)", "manajer", "/tanda-bahaya", "GET"),
    ("kasus (list)", "manajer", "/kasus/", "GET"),
    ("kasus (list, petugas)", "petugas", "/kasus/", "GET"),
    ("beban kasus", "manajer", "/kasus/beban", "GET"),
    ("cari (search)", "manajer", "/cari?q=orang+00004", "GET"),
    ("laporan (reports)", "kepala", "/laporan", "GET"),
    ("pmks (list)", "manajer", "/pmks", "GET"),
    ("pengguna (users)", "kepala", "/pengguna", "GET"),
    ("pengguna (sysadmin)", "sysadmin", "/pengguna", "GET"),
    ("tim (list)", "manajer", "/tim", "GET"),
    ("konflik (list)", "manajer", "/luring/konflik", "GET"),
    ("penggantian (list)", "kepala", "/rujukan/penggantian-persetujuan", "GET"),
    ("flag poll", "manajer", "/tanda-bahaya/daftar", "GET"),
    ("peringatan poll", "manajer", "/peringatan", "GET"),
    ("peringatan poll 304", "manajer", "/peringatan", "poll 304"),
    ("form submit (sasaran baru)", "petugas", "/sasaran/baru", "POST"),
)
FORM_PAGE = "/sasaran/baru"


def path_of(path, records):
    return path(records) if callable(path) else path


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def config(url):
    return type("BenchConfig", (TestingConfig,), {"DATABASE_URL": url, "WTF_CSRF_ENABLED": True})


def prepare(url, people):
    """Empty + migrate + seed; returns (seconds to seed, sample records)."""
    if url.startswith("sqlite"):
        path = Path(url[len("sqlite:///") :])
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        pg = database.open_database(url)
        with pg.connection_context():
            pg.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
            pg.execute_sql("CREATE SCHEMA public")
        pg.close()
    app = create_app(config(url))
    database.upgrade()
    with app.app_context():
        database.db.connect(reuse_if_open=True)
        started, cpu = time.perf_counter(), time.process_time()
        seed_province(people=people, fast_postgres=True)
        seconds = (time.perf_counter() - started, time.process_time() - cpu)
        database.db.execute_sql("ANALYZE")
        found = sample_records()
        database.db.close()
    return app, seconds, found


def count_queries(app, records):
    """{label: (queries, status)} for each page, in-process (the test client), after one warm-up request.
    The form is posted with a fresh CSRF token each time (a token is good for one form)."""
    counter = {"n": 0, "on": False}
    real = database.db.obj.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        if counter["on"]:
            counter["n"] += 1
        return real(sql, params, *args, **kwargs)

    database.db.obj.execute_sql = execute_sql
    out = {}
    clients = {}
    try:
        for label, role, path, method in PAGES:
            path = path_of(path, records)
            client = clients.get(role)
            if client is None:
                client = clients[role] = app.test_client()
                login_client(client, found_users[role])
            headers = {}
            if method == "poll 304":
                headers["If-None-Match"] = client.get(path).headers.get("ETag", "")
            for attempt in ("warm", "counted"):
                data = form_data(csrf(client.get(path).get_data(as_text=True))) if method == "POST" else None
                counter.update(n=0, on=attempt == "counted")
                send = client.post if method == "POST" else client.get
                response = send(path, data=data, headers=headers)
                counter["on"] = False
            out[label] = (counter["n"], response.status_code)
    finally:
        database.db.obj.execute_sql = real
        if not database.db.is_closed():
            database.db.close()
    return out


def csrf(html):
    match = CSRF_RE.search(html)
    return (match.group(1) or match.group(2)) if match else ""


def form_data(token):
    return {
        "csrf_token": token,
        "kind": "laporan",
        "source": "warga",
        "report": "Laporan fiktif (bench).",
        "received_at": "",
        "reporter_name": "",
        "reporter_phone": "",
        "opened_at": "",
    }


def login_client(client, username):
    token = csrf(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"csrf_token": token, "username": username, "password": PASSWORD})
    assert response.status_code == 302, f"login {username}: {response.status_code}"


found_users = {}


# ---- over HTTP ------------------------------------------------------------------------------------


def request(conn, method, path, headers, body=None):
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return response, data


def http_login(port, username):
    """The session cookie of a fresh login (one per role, shared by all connections)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    response, body = request(conn, "GET", "/login", {})
    cookie = cookie_of(response, "")
    token = csrf(body.decode())
    body = urlencode({"csrf_token": token, "username": username, "password": PASSWORD})
    response, _ = request(
        conn, "POST", "/login", {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}, body
    )
    assert response.status == 302, f"login {username}: {response.status}"
    conn.close()
    return cookie_of(response, cookie)


def cookie_of(response, old):
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("jangkau_session="):
            return value.split(";", 1)[0]
    return old


def load(port, method, path, headers, body, seconds, connections):
    """Keep-alive connections hammering one URL for `seconds`: (req/s, latencies in ms, errors, size)."""
    deadline = time.perf_counter() + seconds
    latencies, errors, sizes = [], [0], [0]
    failed = {}  # status -> count, for the report
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                response, data = request(conn, method, path, headers, body)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                with lock:
                    errors[0] += 1
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                with lock:
                    errors[0] += 1
                    failed[response.status] = failed.get(response.status, 0) + 1
            sizes[0] = len(data)
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    elapsed = time.perf_counter() - started
    if failed:
        print(f"    {method} {path}: answers >= 400: {failed}", flush=True)
    return len(latencies) / elapsed, latencies, errors[0], sizes[0]


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def serve(url, port, workers, threads):
    env = dict(
        os.environ, DATABASE_URL=url, JANGKAU_ENV="production", SECRET_KEY="bench-" + "0" * 32, PYTHONPATH=str(ROOT)
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            "--timeout",
            "120",
            "web:create_app()",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def run_size(engine, url, people, args):
    global found_users
    app, seeded, records = prepare(url, people)
    found_users = records["users"]
    queries = count_queries(app, records)
    port = free_port()
    process = serve(url, port, args.workers, args.threads)
    rows = []
    try:
        cookies = {role: http_login(port, user) for role, user in found_users.items()}
        STATIC_DIR.mkdir(exist_ok=True)
        for label, role, path, method in PAGES:
            path = path_of(path, records)
            headers = {"Cookie": cookies[role]}
            body = None
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            response, page = request(conn, "GET", path, headers)
            conn.close()
            if method == "POST":  # the form's token lives in the session the GET answered with
                headers["Cookie"] = cookie_of(response, cookies[role])
                body = urlencode(form_data(csrf(page.decode())))
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            elif method == "poll 304":
                headers["If-None-Match"] = response.getheader("ETag", "")
            verb = "POST" if method == "POST" else "GET"
            rate, lat, errors, size = load(port, verb, path, headers, body, args.seconds, args.connections)
            static = STATIC_DIR / f"{max(size, 1)}.html"
            static.write_bytes(b"x" * max(size, 1))
            s_rate, s_lat, s_errors, _ = load(
                port, "GET", f"/static/_bench/{static.name}", {}, None, args.seconds, args.connections
            )
            n, status = queries[label]
            rows.append(
                dict(
                    engine=engine,
                    people=people,
                    page=label,
                    path=path,
                    queries=n,
                    status=status,
                    bytes=size,
                    rps=round(rate, 1),
                    p50=round(pct(lat, 50), 1),
                    p95=round(pct(lat, 95), 1),
                    p99=round(pct(lat, 99), 1),
                    errors=errors,
                    static_rps=round(s_rate, 1),
                    static_p95=round(pct(s_lat, 95), 1),
                    ratio=round(rate / s_rate, 2) if s_rate else 0,
                )
            )
            r = rows[-1]
            print(
                f"  {label:28} q={r['queries']:4} {r['status']} {r['bytes']:7}B {r['rps']:7.1f}/s "
                f"p50 {r['p50']:7.1f} p95 {r['p95']:7.1f} p99 {r['p99']:7.1f} ms  err {errors:3}  "
                f"static {r['static_rps']:7.1f}/s p95 {r['static_p95']:6.1f}  ratio {r['ratio']:.2f}",
                flush=True,
            )
    finally:
        stop(process)
        shutil.rmtree(STATIC_DIR, ignore_errors=True)
    return seeded, rows


def summary(runs):
    """One table per engine: per page, queries / req/s / ratio to static / p95 ms at each size."""
    out = []
    for engine in dict.fromkeys(run["engine"] for run in runs):
        mine = [run for run in runs if run["engine"] == engine]
        sizes = [f"{run['people'] // 1000}k" for run in mine]
        out.append(f"\n{engine}: queries, req/s, ratio to static, p95 ms at " + " / ".join(sizes))
        out.append(f"{'page':28} " + " | ".join(f"{s:>27}" for s in sizes))
        for k, page in enumerate(row["page"] for row in mine[0]["pages"]):
            cells = []
            for run in mine:
                r = run["pages"][k]
                cells.append(f"q{r['queries']:4} {r['rps']:6.1f}/s {r['ratio']:5.2f}x {r['p95']:6.0f}")
            out.append(f"{page:28} " + " | ".join(cells))
        seeds = (f"{run['seed_seconds']} s ({run['seed_cpu_seconds']} s CPU)" for run in mine)
        out.append("seeded in " + " / ".join(seeds))
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes",
        default=os.environ.get("BENCH_SIZES") or "1000,10000,100000",
        help="people, comma-separated (default: BENCH_SIZES, else 1k, 10k and 100k)",
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="load per page (and per static file)")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn gthread workers (2 cores: 2)")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    env_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    parser.add_argument(
        "--pg-url",
        default=env_url if env_url.startswith("postgres") else "",
        help="PostgreSQL database to rebuild and use (default: BENCH_DATABASE_URL or DATABASE_URL if PostgreSQL)",
    )
    parser.add_argument("--engines", default="", help="sqlite,postgresql (default: sqlite, and postgresql with a URL)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "scale-results.json"))
    parser.add_argument("--pages", default="", help="only the pages whose label holds one of these words (a,b)")
    args = parser.parse_args()
    if args.pages:
        global PAGES
        PAGES = tuple(p for p in PAGES if any(word in p[0] for word in args.pages.split(",")))
    engines = args.engines.split(",") if args.engines else ["sqlite"] + (["postgresql"] if args.pg_url else [])
    workdir = Path(tempfile.mkdtemp(prefix="jangkau-scale-"))
    results = {
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "threads": args.threads,
        "connections": args.connections,
        "seconds": args.seconds,
        "runs": [],
    }
    try:
        for engine in engines:
            url = f"sqlite:///{workdir / 'province.db'}" if engine == "sqlite" else args.pg_url
            if not url:
                print("postgresql: no --pg-url / DATABASE_URL, skipped")
                continue
            for people in [int(s) for s in args.sizes.split(",") if s]:
                print(f"{engine}, {people} people: seeding ...", flush=True)
                seeded, rows = run_size(engine, url, people, args)
                print(f"  (seeded in {seeded[0]:.1f} s, {seeded[1]:.1f} s CPU of this process)", flush=True)
                results["runs"].append(
                    {
                        "engine": engine,
                        "people": people,
                        "seed_seconds": round(seeded[0], 1),
                        "seed_cpu_seconds": round(seeded[1], 1),
                        "pages": rows,
                    }
                )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    Path(args.out).write_text(json.dumps(results, indent=1))
    print(summary(results["runs"]))
    print(
        f"goal: each home at 100k >= 0.5x static req/s and p95 <= 25 ms at {args.connections} connections; "
        f"queries constant in size. Written to {args.out}"
    )


if __name__ == "__main__":
    main()
