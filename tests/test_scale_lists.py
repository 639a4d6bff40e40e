"""Lists that stay short (issue 10): the targets and plans lists page by keyset (no OFFSET) with a
"Berikutnya" link that works without JavaScript, and the main lists use their index (EXPLAIN), on
SQLite and on PostgreSQL."""

import re

import pytest

from tests.conftest import Browser
from web import db as database
from web import paging
from web.models.cases import Case
from web.models.outreach import Person, Plan, Target
from web.models.services import PmksEntry
from web.models.steps import StepLog
from web.models.visits import Visit
from web.province import PASSWORD, seed_province, username
from web.timeline.routes import PANEL_SIZE

NEXT_RE = re.compile(r'href="([^"]*setelah=[^"]*)"')


@pytest.fixture
def province(app):
    with app.app_context():
        database.db.connect(reuse_if_open=True)
        seed_province(people=400, units=2)  # unit 1: 200 targets, 10 plans
        database.db.execute_sql("ANALYZE")
        database.db.close()
    return app


def codes(html):
    return re.findall(r'<strong class="code">([^<]+)</strong>', html)


def test_the_targets_list_pages_by_keyset_through_every_target_once(province):
    browser = Browser(province.test_client()).login(username(1, "manajer", 1), PASSWORD)
    url, seen, pages = "/sasaran/", [], 0
    while url and pages < 20:
        html = browser.get(url).get_data(as_text=True)
        seen += codes(html)
        found = NEXT_RE.search(html)
        url = found.group(1).replace("&amp;", "&") if found else None
        pages += 1
    with province.app_context():
        expected = [
            t.code for t in Target.select().where(Target.unit == 1).order_by(Target.created_at.desc(), Target.id.desc())
        ]
    assert len(expected) > 3 * paging.PAGE_SIZE  # several pages (200 outreach targets and the cases' own)
    assert pages == -(-len(expected) // paging.PAGE_SIZE)
    assert seen == expected  # newest first, none twice, none missed


def test_a_cursor_that_cannot_be_read_gives_the_first_page(province):
    browser = Browser(province.test_client()).login(username(1, "manajer", 1), PASSWORD)
    first = codes(browser.get("/sasaran/").get_data(as_text=True))
    response = browser.get("/sasaran/?setelah=bukan-kursor")
    assert response.status_code == 200 and codes(response.get_data(as_text=True)) == first


def test_the_plans_list_pages_too(province):
    with province.app_context():
        rows, cursor = paging.page(Plan.select().where(Plan.unit == 1), Plan.created_at, size=4)
        rest, end = paging.page(Plan.select().where(Plan.unit == 1), Plan.created_at, cursor, size=100)
        everything = list(Plan.select().where(Plan.unit == 1).order_by(Plan.created_at.desc(), Plan.id.desc()))
    assert cursor and end is None and [p.id for p in rows + rest] == [p.id for p in everything]


def plan_of(query):
    """The query plan as one lower-case string, on either engine (PostgreSQL with seq and bitmap scans off, so
    that the choice does not depend on how small the test data is)."""
    sql, params = query.sql()
    db = database.db.obj
    if database.is_embedded():
        rows = db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
        return " | ".join(str(r[-1]) for r in rows).lower()
    with db.atomic():
        db.execute_sql("SET LOCAL enable_seqscan = off")
        db.execute_sql("SET LOCAL enable_bitmapscan = off")  # a few dozen cases: bitmap + sort looks cheaper
        rows = db.execute_sql("EXPLAIN " + sql, params).fetchall()
    return " | ".join(r[0] for r in rows).lower()


@pytest.mark.parametrize(
    "name, query, index",
    [
        (
            "targets",
            lambda: (
                Target.select().where(Target.unit == 1).order_by(Target.created_at.desc(), Target.id.desc()).limit(51)
            ),
            "target_unit_id_created_at_id",
        ),
        (
            "plans",
            lambda: Plan.select().where(Plan.unit == 1).order_by(Plan.created_at.desc(), Plan.id.desc()).limit(51),
            "plan_unit_id_created_at_id",
        ),
        (
            "visits",
            lambda: Visit.select().where(Visit.unit == 1).order_by(Visit.visited_at.desc(), Visit.id.desc()).limit(11),
            "visit_unit_id_visited_at_id",
        ),
        (
            "open steps",
            lambda: (
                StepLog.select()
                .where(StepLog.unit == 1, StepLog.step == 10, StepLog.finished_at.is_null())
                .order_by(StepLog.started_at)
            ),
            "step_log_open",  # the partial index of the unfinished steps (migration 0024)
        ),
        (
            "cases",
            lambda: Case.select().where(Case.unit == 1).order_by(Case.opened_at.desc(), Case.id.desc()).limit(51),
            "unit_id_opened_at_id",
        ),
        (
            "pmks register",
            lambda: (
                PmksEntry.select()
                .where(PmksEntry.unit == 1)
                .order_by(PmksEntry.recorded_at.desc(), PmksEntry.id.desc())
                .limit(51)
            ),
            "pmks_entry_unit_id_recorded_at_id",
        ),
        (
            "overdue steps of several kinds",
            lambda: (
                StepLog.select()
                .where(
                    StepLog.unit == 1,
                    StepLog.finished_at.is_null(),
                    (StepLog.step == 2) | (StepLog.step == 4) | (StepLog.step == 10),
                )
                .order_by(StepLog.started_at)
            ),
            "step_log_open",
        ),
    ],
)
def test_the_main_lists_use_their_index(province, name, query, index):
    with province.app_context():
        database.db.connect(reuse_if_open=True)
        plan = plan_of(query())
        database.db.close()
    assert index in plan, f"{name}: {plan}"
    if "steps" not in name:  # a page of a list is read in index order: no sort of the whole unit
        assert "temp b-tree" not in plan and "sort" not in plan.replace("sort key", ""), f"{name} sorts: {plan}"


def test_a_search_of_several_words_asks_the_sqlite_index_once(province):
    """FTS5 intersects the words itself; one subquery per word listed every person a common word matched
    (2 s at 100k people for "orang 00004")."""
    with province.app_context():
        database.db.connect(reuse_if_open=True)
        query = Person.matching(Person.select().where(Person.unit == 1), ["orang", "000042", "fiktif"])
        sql, _ = query.sql()
        found = [p.name for p in query]
        database.db.close()
    assert found == ["Orang 000042 (fiktif)"]
    if database.is_embedded():
        assert sql.count("person_search") == 1, sql


@pytest.mark.parametrize("role", ["petugas", "manajer", "kepala", "admin"])
def test_the_home_panels_stay_short_with_a_count_of_the_rest(province, role):
    """A home shows at most PANEL_SIZE rows per list; the panels say how many there are in all (at 100k
    people the overdue steps, the new assessments and the approved plans made homes of 90-170 KB)."""
    browser = Browser(province.test_client()).login(username(1, role, 1), PASSWORD)
    html = browser.get("/").get_data(as_text=True)
    lists = re.findall(r'<ul class="list">(.*?)</ul>', html, re.S)
    assert lists
    longest = max(block.count("<li") for block in lists)
    assert longest <= PANEL_SIZE, f"{role}: a list of {longest} rows on the home"
    if role == "manajer":  # more new assessments than shown at this size: the count of all is there
        assert "Menampilkan 20 " in html, role
