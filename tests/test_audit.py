"""The audit trail a Kepala can read (issue 9, point 9): every refusal leaves a "denied" entry."""
import pytest

from tests.test_permissions import USERS, endpoints, sample_url
from web.models import AuditLog
from web.permissions import ANY_USER, PERMISSIONS, PUBLIC


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": False}


def denied():
    return AuditLog.select().where(AuditLog.action == "denied")


def test_every_role_refusal_leaves_exactly_one_denied_entry(app, login):
    browsers = {role: login(name) for role, name in USERS.items()}
    refusals = 0
    for endpoint, rules in endpoints(app).items():
        rule_def = PERMISSIONS[endpoint]
        if rule_def in (PUBLIC, ANY_USER):
            continue
        for rule in rules:
            method = "GET" if "GET" in rule.methods else sorted(rule.methods - {"HEAD", "OPTIONS"})[0]
            for role, browser in browsers.items():
                if role in rule_def:
                    continue
                before = denied().count()
                assert browser.client.open(sample_url(rule), method=method).status_code == 403
                entries = list(denied().order_by(AuditLog.id.desc()).limit(2))
                assert denied().count() == before + 1, (endpoint, role)
                assert entries[0].user.username == browser_user(browser)
                assert entries[0].record_id == endpoint and entries[0].record_type == "endpoint"
                refusals += 1
    assert refusals >= 100


def browser_user(browser):
    with browser.client.session_transaction() as session:
        user_id = int(session["_user_id"].split(":")[0])
    from web.models import User
    return User.get_by_id(user_id).username


def test_a_record_refused_by_fetch_leaves_one_denied_entry_naming_the_record(login):
    from tests.referrals_fixtures import make_visit
    visit = make_visit()
    other_worker = login("petugas2")  # same unit, not on the plan's team
    assert other_worker.client.get(f"/kunjungan/{visit.ref}").status_code == 403
    entries = list(denied())
    assert len(entries) == 1  # fetch's own entry, with the record; the 403 page adds none
    assert (entries[0].record_type, entries[0].record_id, entries[0].user.username) == ("visit", str(visit.id), "petugas2")


def person_views(person_id=None):
    query = AuditLog.select().where(AuditLog.action == "view", AuditLog.record_type == "person")
    return query if person_id is None else query.where(AuditLog.record_id == str(person_id))


def test_people_shown_on_the_home_page_and_the_start_visit_form_are_audited_in_one_insert(login, caplog):
    import logging

    from tests.referrals_fixtures import make_visit
    first, second = make_visit(), make_visit()
    people = {first.target.person_id, second.target.person_id}
    worker = login("petugas1")
    before = person_views().count()
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        home = worker.client.get("/")
    assert home.status_code == 200 and first.target.person.name in home.get_data(as_text=True)
    inserts = [r for r in caplog.records if 'INSERT INTO "audit_log"' in r.getMessage()]
    assert len(inserts) == 1  # one query for every person on the page, not one each
    entries = list(person_views().order_by(AuditLog.id.desc()).limit(person_views().count() - before))
    assert people <= {int(e.record_id) for e in entries}  # the demo's own people are on the page too
    assert len(entries) == len({e.record_id for e in entries})  # one entry per person per request
    assert all(e.user.username == "petugas1" and e.detail == "shown on main.home" for e in entries)

    form = worker.client.get(f"/kunjungan/baru?target={first.target_id}&plan={first.plan_id}")
    assert form.status_code == 200
    assert person_views(first.target.person_id).where(AuditLog.detail == "shown on visits.new").count() == 1
