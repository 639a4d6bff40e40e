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
