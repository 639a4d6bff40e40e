"""Visits: the worker's list of targets, starting a visit (offline contract: instance_id, one record
per form), a person met on the spot, the visit page and who may see it, changing a visit (version).

The `field` fixture (an approved plan with a child and an adult target, petugas1 assigned) is also
used by tests/test_consent.py, tests/test_attachments.py and tests/browser/test_consent.py.
"""
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from web.db import db
from web.models import Assignment, AuditLog, Person, Plan, PlanTarget, StepLog, Target, Unit, User, Visit


@dataclass
class Field:
    unit: object
    plan: object
    child: object       # Target whose person is a child of 15 (guardian known)
    adult: object       # Target whose person is an adult
    users: dict

    def user(self, name):
        return self.users[name]


@pytest.fixture
def field(demo):
    """An approved plan in UPTD-PPA with two targets (a child of 15, an adult), petugas1 assigned."""
    unit = demo["UPTD-PPA"]
    users = {u.username: u for u in User.select()}
    with db.atomic():
        plan = Plan.create(unit=unit, purpose="Penjangkauan Desa Contoh", status=Plan.APPROVED,
                           start_date=date.today(), end_date=date.today() + timedelta(days=3),
                           created_by=users["petugas1"])
        child = Person.create(unit=unit, name="Anak Contoh", sex="p", estimated_age=15, desa="Desa Contoh",
                              guardian_name="Ibu Contoh", guardian_relation="ibu", created_by=users["petugas1"])
        adult = Person.create(unit=unit, name="Dewasa Contoh", sex="p", estimated_age=32, desa="Desa Contoh",
                              created_by=users["petugas1"])
        child_target = Target.create(unit=unit, code="JGK-26-0901", person=child, kind="risiko_tinggi",
                                     created_by=users["petugas1"])
        adult_target = Target.create(unit=unit, code="JGK-26-0902", person=adult, kind="laporan",
                                     created_by=users["petugas1"])
        PlanTarget.create(plan=plan, target=child_target)
        PlanTarget.create(plan=plan, target=adult_target)
        Assignment.create(plan=plan, user=users["petugas1"], assigned_by=users["manajer1"], team_role="ketua")
    return Field(unit, plan, child_target, adult_target, users)


def visit_data(field, target=None, **overrides):
    target = target or field.child
    data = {"target": target.id, "plan": field.plan.id, "instance_id": "",
            "visit_date": date.today().isoformat(), "visit_time": "00:01",
            "place": "Rumah keluarga", "present": "korban, ibunya, dua petugas"}
    data.update(overrides)
    return data


def start_visit(browser, field, target=None, **overrides):
    """POST the start-a-visit form; returns the new Visit."""
    target = target or field.child
    browser.get(f"/kunjungan/baru?target={target.id}")
    response = browser.post(f"/kunjungan/baru?target={target.id}", visit_data(field, target, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    visit_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return Visit.get_by_id(visit_id)


def form_html(html, marker):
    """The <form> that carries `marker` (e.g. data-offline-form="visit")."""
    start = html.index(marker)
    start = html.rindex("<form", 0, start)
    return html[start:html.index("</form>", start) + len("</form>")]


# ---- Home panel -------------------------------------------------------------------------------

def test_worker_home_lists_the_targets_of_their_approved_plans(field, login):
    html = login("petugas1").get("/").get_data(as_text=True)
    assert "Sasaran kunjungan Anda" in html
    assert "JGK-26-0901" in html and "JGK-26-0902" in html
    assert f'href="/kunjungan/baru?target={field.child.id}&amp;plan={field.plan.id}"' in html
    assert f'href="/kunjungan/orang-baru?plan={field.plan.id}"' in html


def my_panel(html):
    """The "targets to visit" panel of a home page ('' when it is not shown)."""
    if "Sasaran kunjungan Anda" not in html:
        return ""
    start = html.index("Sasaran kunjungan Anda")
    return html[start:html.index("</section>", start)]


def test_unassigned_worker_and_plans_not_approved_are_not_listed(field, login):
    assert "JGK-26-0901" in my_panel(login("petugas1").get("/").get_data(as_text=True))
    assert "JGK-26-0901" not in my_panel(login("petugas2").get("/").get_data(as_text=True))
    Plan.update(status=Plan.SUBMITTED).where(Plan.id == field.plan.id).execute()
    assert "JGK-26-0901" not in my_panel(login("petugas1").get("/").get_data(as_text=True))


# ---- Start a visit ----------------------------------------------------------------------------

def test_start_visit_form_follows_the_offline_contract(field, login):
    browser = login("petugas1")
    response = browser.get(f"/kunjungan/baru?target={field.child.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    form = form_html(html, 'data-offline-form="visit"')
    assert form.startswith('<form method="post"')
    assert re.search(r'<input id="instance_id" name="instance_id" type="hidden" value="">', form)
    assert f'name="target" type="hidden" value="{field.child.id}"' in form
    assert f'name="plan" type="hidden" value="{field.plan.id}"' in form
    assert 'type="date"' in form and 'type="time"' in form
    # the page may name the person, the form body may not (the offline copy is the same partial)
    assert "Anak Contoh" in html and "JGK-26-0901" in html
    assert "Anak Contoh" not in form and "JGK-26-0901" not in form
    assert html.count("data-offline-form") == 1


def test_starting_a_visit_creates_it_audits_and_starts_step_8(field, login):
    browser = login("petugas1")
    visit = start_visit(browser, field)
    assert (visit.unit_id, visit.plan_id, visit.target_id) == (field.unit.id, field.plan.id, field.child.id)
    assert visit.place == "Rumah keluarga" and visit.present.startswith("korban")
    assert visit.created_by.username == "petugas1"
    assert AuditLog.for_record("visit", visit.id).where(AuditLog.action == "create").exists()
    log = StepLog.get(StepLog.subject_type == "visit", StepLog.subject_id == visit.id, StepLog.step == 8)
    assert log.finished_at is None and log.started_by.username == "petugas1"


def test_the_same_form_sent_twice_makes_one_visit(field, login):
    browser = login("petugas1")
    instance = str(uuid.uuid4())
    first = browser.post("/kunjungan/baru", visit_data(field, instance_id=instance))
    second = browser.post("/kunjungan/baru", visit_data(field, instance_id=instance))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert Visit.select().where(Visit.target == field.child).count() == 1
    visit = Visit.get(Visit.instance_id == instance)
    assert visit.place == "Rumah keluarga"
    # the view itself: a record that already has this instance_id is not made again
    other = str(uuid.uuid4())
    made = Visit.create(unit=field.unit, plan=field.plan, target=field.child, instance_id=other,
                        created_by=field.user("petugas1"))
    response = browser.post("/kunjungan/baru", visit_data(field, instance_id=other))
    assert response.status_code == 302 and response.headers["Location"] == f"/kunjungan/{made.id}"
    assert Visit.select().where(Visit.target == field.child).count() == 2
    # the visit can be reached by its instance_id too (a consent form made offline posts there)
    assert Visit.by_ref(instance).id == visit.id and Visit.by_ref(str(visit.id)).id == visit.id
    assert browser.get(f"/kunjungan/{instance}").status_code == 200
    assert Visit.by_ref("nope") is None and Visit.by_ref("99999999999999") is None


def test_invalid_visit_keeps_what_was_typed(field, login):
    browser = login("petugas1")
    response = browser.post("/kunjungan/baru", visit_data(field, place="", present="ibu dan paman"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="place-error"' in html and "Isi tempat kunjungan" in html
    assert "ibu dan paman" in html
    assert Visit.select().count() == 0


def test_a_visit_in_the_future_is_refused(field, login):
    browser = login("petugas1")
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = browser.post("/kunjungan/baru", visit_data(field, visit_date=tomorrow))
    assert response.status_code == 422
    assert "belum lewat" in response.get_data(as_text=True)


def test_only_assigned_workers_start_visits(field, login, demo):
    assert login("petugas2").get(f"/kunjungan/baru?target={field.child.id}").status_code == 403
    assert login("manajer1").get(f"/kunjungan/baru?target={field.child.id}").status_code == 403  # table
    browser = login("petugas2")
    assert browser.post("/kunjungan/baru", visit_data(field)).status_code == 403
    assert Visit.select().count() == 0
    assert login("petugas1").get("/kunjungan/baru?target=999999").status_code == 404
    # a target of another unit is "not found", never shown
    other = Unit.get(Unit.code == "UPTD-PPA-SPL")
    foreign = Target.create(unit=other, code="JGK-26-0999", created_by=User.by_username("kepala2"))
    assert login("petugas1").get(f"/kunjungan/baru?target={foreign.id}").status_code == 404


# ---- Person met on the spot -----------------------------------------------------------------------

def test_a_person_met_on_the_spot_gets_a_code_and_joins_the_plan(field, login):
    browser = login("petugas1")
    url = f"/kunjungan/orang-baru?plan={field.plan.id}"
    page = browser.get(url)
    assert page.status_code == 200
    # the number keyboard for the age, the date picker for the birth date
    assert re.search(r'<input[^>]*inputmode="numeric"[^>]*name="estimated_age"[^>]*type="number"|'
                     r'<input[^>]*name="estimated_age"[^>]*type="number"', page.get_data(as_text=True))
    assert re.search(r'<input[^>]*name="birth_date"[^>]*type="date"', page.get_data(as_text=True))
    bad = browser.post(url, {"name": "", "estimated_age": "dua", "report": "ditemui di pasar"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "Isi nama" in html and "Isi dengan angka saja." in html and "ditemui di pasar" in html
    response = browser.post(url, {"name": "Mawar", "sex": "p", "estimated_age": "14", "desa": "Desa Contoh",
                                  "report": "ditemui di pasar"})
    assert response.status_code == 302
    target = Target.select().join(Person).where(Person.name == "Mawar").get()
    assert re.fullmatch(r"JGK-\d\d-\d{4}", target.code)
    assert target.person.name == "Mawar" and target.person.is_child
    assert PlanTarget.select().where(PlanTarget.plan == field.plan, PlanTarget.target == target).exists()
    assert response.headers["Location"] == f"/kunjungan/baru?target={target.id}&plan={field.plan.id}"
    assert browser.get(response.headers["Location"]).status_code == 200
    assert AuditLog.for_record("person", target.person.id).where(AuditLog.action == "create").exists()


def test_only_an_assigned_worker_adds_a_person_to_a_plan(field, login):
    assert login("petugas2").get(f"/kunjungan/orang-baru?plan={field.plan.id}").status_code == 404
    assert login("petugas1").get("/kunjungan/orang-baru").status_code == 404


# ---- The visit page -------------------------------------------------------------------------------

def test_who_sees_a_visit(field, login):
    visit = start_visit(login("petugas1"), field)
    url = f"/kunjungan/{visit.id}"
    for name in ("petugas1", "manajer1", "kepala1"):
        response = login(name).get(url)
        assert response.status_code == 200, name
        assert response.headers["Cache-Control"] == "no-store"
    for name in ("petugas2", "kepala2", "admin1"):
        assert login(name).get(url).status_code == 403, name
    assert login("petugas1").get("/kunjungan/999999").status_code == 404
    assert AuditLog.for_record("visit", visit.id).where(AuditLog.action == "denied").count() == 2


def test_visit_page_shows_state_and_links(field, login):
    browser = login("petugas1")
    visit = start_visit(browser, field)
    html = browser.get(f"/kunjungan/{visit.id}").get_data(as_text=True)
    assert "Anak Contoh" in html and "Rumah keluarga" in html
    assert "Belum ada persetujuan" in html
    assert f'href="/kunjungan/{visit.id}/persetujuan"' in html
    assert f'href="/kunjungan/{visit.id}/asesmen-risiko"' in html
    assert "Asesmen dilakukan setelah orang itu menyetujui asesmen." in html  # no consent yet
    assert f'href="/kunjungan/{visit.id}/lampiran"' in html
    views = AuditLog.for_record("visit", visit.id).where(AuditLog.action == "view")
    assert views.count() == 1 and "Anak" not in views.get().detail


def test_case_manager_home_lists_recent_visits(field, login):
    visit = start_visit(login("petugas1"), field)
    html = login("manajer1").get("/").get_data(as_text=True)
    assert "Kunjungan terbaru" in html and f'href="/kunjungan/{visit.id}"' in html
    assert "Kunjungan terbaru" not in login("kepala2").get("/").get_data(as_text=True)


# ---- Changing a visit ---------------------------------------------------------------------------

def edit_data(visit, **overrides):
    data = {"visit_date": date.today().isoformat(), "visit_time": "00:05", "place": "Balai desa",
            "present": "korban", "version": str(visit.version)}
    data.update(overrides)
    return data


def test_edit_visit_and_version_conflict(field, login):
    visit = start_visit(login("petugas1"), field)
    browser = login("petugas1")
    page = browser.get(f"/kunjungan/{visit.id}/ubah").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page and 'data-offline-form' not in page
    stale = edit_data(visit)
    assert browser.post(f"/kunjungan/{visit.id}/ubah", edit_data(visit)).status_code == 302
    visit = Visit.get_by_id(visit.id)
    assert visit.place == "Balai desa" and visit.version == 2
    # a second edit made from the old page: 409, the message, and what was typed is still there
    stale["place"] = "Sekolah dasar"
    response = browser.post(f"/kunjungan/{visit.id}/ubah", stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "sudah diubah orang lain" in html and "Sekolah dasar" in html
    assert 'name="version" type="hidden" value="2"' in html
    assert Visit.get_by_id(visit.id).place == "Balai desa"


def test_head_cannot_edit_a_visit(field, login):
    visit = start_visit(login("petugas1"), field)
    assert login("kepala1").get(f"/kunjungan/{visit.id}/ubah").status_code == 403
