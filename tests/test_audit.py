"""The audit trail a Kepala can read (issue 9, point 9): every refusal leaves a "denied" entry."""

import pytest

from tests.factories import USERS, endpoints, sample_url
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
    from tests.factories import make_visit

    visit = make_visit()
    other_worker = login("petugas2")  # same unit, not on the plan's team
    assert other_worker.client.get(f"/kunjungan/{visit.ref}").status_code == 403
    entries = list(denied())
    assert len(entries) == 1  # fetch's own entry, with the record; the 403 page adds none
    entry = entries[0]
    assert (entry.record_type, entry.record_id, entry.user.username) == ("visit", str(visit.id), "petugas2")


def person_views(person_id=None):
    query = AuditLog.select().where(AuditLog.action == "view", AuditLog.record_type == "person")
    return query if person_id is None else query.where(AuditLog.record_id == str(person_id))


def test_people_shown_on_the_home_page_and_the_start_visit_form_are_audited_in_one_insert(login, caplog):
    import logging

    from tests.factories import make_visit

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


# ---- The Kepala's audit screen: who read or changed a person's record, and when ----------------


def trail_ids(html):
    import re

    return [int(n) for n in re.findall(r'data-entry="(\d+)"', html)]


def next_link(html):
    import re
    from html import unescape

    match = re.search(r'href="([^"]+)" rel="next"', html)
    return unescape(match.group(1)) if match else None


def test_kepala_sees_who_opened_a_persons_record_by_person_id_or_target_code(login, field):
    person = field.child.person
    assert login("petugas1").client.get(f"/sasaran/{field.child.id}").status_code == 200
    kepala = login("kepala1")
    for key in (str(person.id), field.child.code, field.child.code.lower()):
        page = kepala.client.get("/jejak-akses", query_string={"orang": key})
        html = page.get_data(as_text=True)
        assert page.status_code == 200, key
        worker = field.user("petugas1")
        assert worker.full_name in html and "Petugas penjangkauan" in html and "dibuka" in html
        assert f"/sasaran/{field.child.id}" in html  # a link to the record the Kepala may open
        assert person.name not in html and "Ibu Contoh" not in html  # never the person's details
        entries = AuditLog.select().where(AuditLog.id.in_(trail_ids(html)))
        assert entries.count() >= 1
        assert {(e.record_type, e.record_id) for e in entries} <= {
            ("person", str(person.id)),
            ("target", str(field.child.id)),
        }
    # The adult's entries are not about this person.
    assert login("petugas1").client.get(f"/sasaran/{field.adult.id}").status_code == 200
    html = kepala.client.get("/jejak-akses", query_string={"orang": person.id}).get_data(as_text=True)
    assert (
        not AuditLog.select()
        .where(
            AuditLog.id.in_(trail_ids(html)),
            AuditLog.record_id == str(field.adult.id),
            AuditLog.record_type == "target",
        )
        .exists()
    )


def test_the_person_page_links_the_kepala_to_its_audit_trail(login, field):
    html = login("kepala1").client.get(f"/sasaran/{field.child.id}").get_data(as_text=True)
    assert "Siapa yang membuka data ini" in html
    assert f"/jejak-akses?orang={field.child.person_id}" in html
    html = login("petugas1").client.get(f"/sasaran/{field.child.id}").get_data(as_text=True)
    assert "Siapa yang membuka data ini" not in html


def _entries(field, whens, username="petugas1", record=("target", None)):
    from web.models import User

    user = User.by_username(username)
    record_type, record_id = record
    return [
        AuditLog.create(
            at=when,
            user=user,
            unit=user.unit,
            action="view",
            record_type=record_type,
            record_id=str(record_id or field.child.id),
            detail="test",
        )
        for when in whens
    ]


def test_filters_by_user_and_by_dates_in_the_units_time_zone(login, field):
    from datetime import datetime

    # 2030-03-01 23:30 UTC is 2 March 06:30 in Jakarta; 2030-03-02 18:00 UTC is already 3 March there.
    early, late = _entries(field, [datetime(2030, 3, 1, 23, 30), datetime(2030, 3, 2, 18, 0)])
    (by_manager,) = _entries(field, [datetime(2030, 3, 2, 1, 0)], username="manajer1")
    kepala = login("kepala1")
    html = kepala.client.get("/jejak-akses", query_string={"dari": "2030-03-02", "sampai": "2030-03-02"})
    html = html.get_data(as_text=True)
    assert trail_ids(html) == [by_manager.id, early.id]
    worker_id = field.user("petugas1").id
    html = kepala.client.get(
        "/jejak-akses", query_string={"dari": "2030-03-01", "sampai": "2030-03-03", "pengguna": worker_id}
    ).get_data(as_text=True)
    assert trail_ids(html) == [late.id, early.id]
    assert "06.30" in html or "06:30" in html  # shown in the unit's time, not UTC
    # Bad input: a clear 422 with the message next to the field, what was typed kept.
    page = kepala.client.get("/jejak-akses", query_string={"dari": "2030-03-05", "sampai": "2030-03-01"})
    assert page.status_code == 422 and "Tanggal akhir sebelum tanggal awal." in page.get_data(as_text=True)
    page = kepala.client.get("/jejak-akses", query_string={"dari": "kemarin"})
    assert page.status_code == 422 and "Tanggal tidak terbaca" in page.get_data(as_text=True)
    page = kepala.client.get("/jejak-akses", query_string={"pengguna": "999999"})
    assert page.status_code == 422
    page = kepala.client.get("/jejak-akses", query_string={"orang": "JGK-99-9999"})
    assert page.status_code == 422 and "JGK-99-9999" in page.get_data(as_text=True)


def test_keyset_pages_have_no_duplicates_and_no_gaps(login, field):
    from datetime import datetime, timedelta

    from web.paging import PAGE_SIZE

    start = datetime(2030, 3, 2, 3, 0)
    # Many entries share one time: the id breaks the tie, so no entry is shown twice or skipped.
    made = _entries(field, [start + timedelta(minutes=i // 7) for i in range(2 * PAGE_SIZE + 17)])
    kepala = login("kepala1")
    url, seen, pages = "/jejak-akses?dari=2030-03-02&sampai=2030-03-02", [], 0
    while url and pages < 10:
        html = kepala.client.get(url).get_data(as_text=True)
        seen += trail_ids(html)
        url, pages = next_link(html), pages + 1
    assert pages == 3
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(e.id for e in made)
    expected = sorted(made, key=lambda e: (e.at, e.id), reverse=True)
    assert seen == [e.id for e in expected]


def test_another_units_kepala_sees_none_of_them_and_a_worker_is_refused(login, field):
    assert login("petugas1").client.get(f"/sasaran/{field.child.id}").status_code == 200
    ours = {e.id for e in AuditLog.select().where(AuditLog.unit == field.unit)}
    other = login("kepala2")
    page = other.client.get("/jejak-akses", query_string={"orang": field.child.person_id})
    assert page.status_code == 422 and trail_ids(page.get_data(as_text=True)) == []
    page = other.client.get("/jejak-akses", query_string={"orang": field.child.code})
    assert page.status_code == 422
    html = other.client.get("/jejak-akses").get_data(as_text=True)
    assert not ours & set(trail_ids(html))
    assert field.user("petugas1").full_name not in html
    worker = login("petugas1")
    assert worker.client.get("/jejak-akses").status_code == 403
    assert login("manajer1").client.get("/jejak-akses").status_code == 403


def test_opening_the_audit_screen_is_audited_without_what_was_typed(login, field):
    kepala = login("kepala1")
    assert (
        kepala.client.get("/jejak-akses", query_string={"orang": field.child.code, "dari": "2030-01-01"}).status_code
        == 200
    )
    entry = AuditLog.select().where(AuditLog.record_type == "audit_log").order_by(AuditLog.id.desc()).get()
    assert entry.user.username == "kepala1" and entry.action == "view"
    assert entry.record_id == str(field.child.person_id)
    assert field.child.code not in entry.detail and "dari=2030-01-01" in entry.detail


def test_the_kepalas_home_links_to_the_audit_screen(login):
    assert "/jejak-akses" in login("kepala1").client.get("/").get_data(as_text=True)


def test_a_persons_trail_includes_the_visits_to_them(login):
    from tests.factories import make_visit

    visit = make_visit()
    assert login("petugas1").client.get(f"/kunjungan/{visit.ref}").status_code == 200
    html = login("kepala1").client.get("/jejak-akses", query_string={"orang": visit.target.person_id})
    html = html.get_data(as_text=True)
    shown = AuditLog.select().where(AuditLog.id.in_(trail_ids(html)))
    assert ("visit", str(visit.id)) in {(e.record_type, e.record_id) for e in shown}
    assert "Kunjungan" in html
