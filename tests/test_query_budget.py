"""Queries per page do not grow with the data (issue 10): every GET page of the permission table, for
each role allowed, is requested on a small and on a ten times larger province (web.province), and the
number of SQL statements it runs must not grow. A page whose count grows has an N+1 (a query per row).
"""

import shutil
from datetime import timedelta

from flask import url_for

from tests.conftest import PG_URL, Browser, _empty_postgres, make_config
from web import create_app, roles, sop, steps
from web import db as database
from web.models import Assignment, Plan, PlanDecision, PlanTarget, StepLog, Target, User, Visit
from web.models.letters import ADMIN_STEP, ASSIGNMENT_STEP_NUMBER
from web.permissions import ANY_USER, PERMISSIONS, PUBLIC
from web.province import PASSWORD, sample_records, seed_province
from web.rehab.sample import seed_rehab
from web.timeline.routes import PANEL_SIZE
from web.timeutil import now

STEP_KINDS = ((steps.TARGET_STEPS, "target"), (steps.PLAN_STEPS, "plan"), (steps.VISIT_STEPS, "visit"))

SMALL, LARGE = 60, 600  # people in 2 units: 3 plans and 30 targets in unit 1 vs 30 and 300
# The home panels' work (web.timeline overdue steps of every step, step 6 waiting, plans without a team,
# drafts, plans to approve): one row of each on the small province, one more than a panel lists on the
# larger one, so that a home's count is compared with rows in its panels at both sizes.
PANEL_ROWS = PANEL_SIZE + 1
# Pages that are never database work on their own (static files, health check) are still counted.
# Pages whose queries may still grow with the data (none now: the home panels read per kind, not per
# row). The test fails when one of them stops growing (take it off this list) and when any other grows.
KNOWN_GROWING = set()
QUERY_ARGS = {"visits.new": ("target_id", "plan_id"), "visits.new_person": ("plan_id",)}
QUERY_STRINGS = {"search.index": {"q": "orang fiktif"}}  # a search that finds every person of the unit


class QueryCounter:
    """Counts every statement peewee sends (Database.execute_sql) while it is on."""

    def __init__(self):
        self.count = 0
        self.on = False

    def __enter__(self):
        self.count, self.on = 0, True
        return self

    def __exit__(self, *exc):
        self.on = False


def counting(counter):
    """Make peewee's database count what it executes into `counter`."""
    real = database.db.obj.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        if counter.on:
            counter.count += 1
        return real(sql, params, *args, **kwargs)

    database.db.obj.execute_sql = execute_sql


def user_for(role, found):
    return found["users"].get(role)


def get_pages(app):
    """(endpoint, rule) for every GET page of the permission table."""
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PERMISSIONS and "GET" in rule.methods and rule.endpoint != "static":
            out.append((rule.endpoint, rule))
    return sorted(out, key=lambda pair: pair[0])


def roles_for(endpoint):
    rule = PERMISSIONS[endpoint]
    if rule == PUBLIC:
        return (None,)
    if rule == ANY_USER:
        return (roles.WORKER, roles.CASE_MANAGER, roles.HEAD, roles.ADMIN, roles.SYSADMIN)
    return tuple(rule)  # the province has a system administrator too


def fresh_app(template, tmp_path, name):
    """An app on an empty migrated database of its own (SQLite: a copy; PostgreSQL: emptied)."""
    if PG_URL:
        _empty_postgres(PG_URL)
        url = PG_URL
    else:
        path = tmp_path / f"{name}.db"
        shutil.copy(template, path)
        url = f"sqlite:///{path}"
    return create_app(make_config(url))


def fill_every_home_panel(found, rows=PANEL_ROWS):
    """`rows` of each kind of work the home panels of the sample unit's staff list, whatever the seed left
    empty: open steps
    of every SOP step past their standard on subjects each role may see (targets, plans and visits of
    the sample worker), approved plans waiting for step 6, plans without a team, drafts, plans returned
    by the Kepala and plans waiting for the Kepala."""
    worker = User.get(User.username == found["users"]["petugas"])
    head = User.get(User.username == found["users"]["kepala"])
    unit, long_ago = worker.unit_id, now() - timedelta(days=10)
    kinds = {sop.step(name).number: kind for names, kind in STEP_KINDS for name in names}

    def plan(status, team=True):
        made = Plan.create(unit=unit, status=status, purpose="Uji anggaran kueri", created_by=worker)
        if team:
            Assignment.create(plan=made, user=worker, team_role="ketua", assigned_by=head)
        return made

    def log(subject, number, finished=False):
        StepLog.create(
            unit=unit,
            subject_type=subject._meta.table_name,
            subject_id=subject.id,
            step=number,
            started_at=long_ago,
            started_by=worker,
            finished_at=long_ago if finished else None,
        )

    with database.db.atomic():
        for n in range(rows):
            target = Target.create(unit=unit, code=f"UJI-{n:04d}", created_by=worker)
            approved = plan(Plan.APPROVED)
            PlanTarget.create(plan=approved, target=target)
            visit = Visit.create(unit=unit, plan=approved, target=target, created_by=worker)
            subjects = {"target": target, "plan": approved, "visit": visit}
            for number, kind in kinds.items():
                if number != ADMIN_STEP.number:
                    log(subjects[kind], number)
            log(plan(Plan.APPROVED), ASSIGNMENT_STEP_NUMBER, finished=True)  # step 6 due, nobody started it
            plan(Plan.APPROVED, team=False)
            plan(Plan.DRAFT)
            returned = plan(Plan.RETURNED)
            PlanDecision.create(
                plan=returned, action=PlanDecision.RETURNED, level=PlanDecision.KEPALA, note="Uji.", decided_by=head
            )
            plan(Plan.SUBMITTED)


def measure(template, tmp_path, people):
    """{(endpoint, role): (status, queries, url)} for one province size."""
    app = fresh_app(template, tmp_path, f"province{people}")
    counter = QueryCounter()
    with app.app_context():
        database.db.connect(reuse_if_open=True)
        seed_province(people=people, units=2)
        found = sample_records()
        fill_every_home_panel(found, rows=1 if people == SMALL else PANEL_ROWS)
        # the rehabilitation pages open a rehabilitation case of their own (SOP 003), grown with the data
        by_area = {"rehab": seed_rehab(1, found["users"]["petugas"], found["users"]["manajer"], people)}
        counting(counter)
        database.db.close()
    browsers = {}
    out = {}
    with app.test_request_context():
        urls = {
            endpoint: url_for(
                endpoint,
                **{k: {**found, **by_area.get(endpoint.split(".")[0], {})}[k] for k in rule.arguments},
                **{k.split("_")[0]: found[k] for k in QUERY_ARGS.get(endpoint, ())},
                **QUERY_STRINGS.get(endpoint, {}),
            )
            for endpoint, rule in get_pages(app)
        }
    for endpoint, url in urls.items():
        for role in roles_for(endpoint):
            if role not in browsers:
                browser = Browser(app.test_client())
                if role is not None:
                    browser.login(user_for(role, found), PASSWORD)
                browsers[role] = browser
            browsers[role].client.get(url)  # once first: what a first request does (caches, versions)
            with counter:
                response = browsers[role].client.get(url)
            out[(endpoint, role)] = (response.status_code, counter.count, url)
    if not database.db.is_closed():
        database.db.close()
    return out


def test_every_page_runs_as_many_queries_on_ten_times_the_data(_template_db, tmp_path):
    try:
        small = measure(_template_db, tmp_path, SMALL)
        large = measure(_template_db, tmp_path, LARGE)
    finally:
        if PG_URL:
            _empty_postgres(PG_URL)  # the next test starts on an empty database
    report, grown = [], []
    for key, (status, count, url) in sorted(small.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        big_status, big_count, _ = large[key]
        report.append(f"{key[0]:32} {key[1] or 'anon':8} {status}/{big_status} {count:4} -> {big_count:4}  {url}")
        assert status < 500 and big_status < 500, report[-1]
        if big_count > count:
            grown.append((key, report[-1]))
    print("\n".join(report))
    new = [line for key, line in grown if key not in KNOWN_GROWING]
    fixed = KNOWN_GROWING - {key for key, _ in grown}
    assert not new, "queries grow with the data (N+1):\n" + "\n".join(new)
    assert not fixed, f"no longer growing, take off KNOWN_GROWING: {sorted(fixed)}"
