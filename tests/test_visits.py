"""Visits: the worker's list of targets, starting a visit (offline contract: instance_id, one record
per form), a person met on the spot, the visit page and who may see it, changing a visit (version).

The `field` fixture (an approved plan with a child and an adult target, petugas1 assigned) is in
tests/conftest.py, its helpers in tests/factories.py.
"""

import re
import uuid
from datetime import date, timedelta

from tests.factories import form_html, start_visit, visit_data
from web.models import AuditLog, Person, Plan, PlanTarget, StepLog, Target, Unit, User, Visit

# ---- Home panel -------------------------------------------------------------------------------


def test_worker_home_lists_the_targets_of_their_approved_plans(field, login):
    html = login("petugas1").get("/").get_data(as_text=True)
    assert "Korban yang Anda kunjungi" in html
    assert "JGK-26-0901" in html and "JGK-26-0902" in html
    assert f'href="/kunjungan/baru?target={field.child.id}&amp;plan={field.plan.id}"' in html
    assert f'href="/kunjungan/orang-baru?plan={field.plan.id}"' in html


def my_panel(html):
    """The "targets to visit" panel of a home page ('' when it is not shown)."""
    if "Korban yang Anda kunjungi" not in html:
        return ""
    start = html.index("Korban yang Anda kunjungi")
    return html[start : html.index("</section>", start)]


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
    # a record made outside the phone's queue with this instance_id is not made again (and no 500):
    # the one duplicate check is Submission's unique (kind, instance_id); the view does not look
    other = str(uuid.uuid4())
    Visit.create(
        unit=field.unit, plan=field.plan, target=field.child, instance_id=other, created_by=field.user("petugas1")
    )
    response = browser.post("/kunjungan/baru", visit_data(field, instance_id=other))
    assert response.status_code == 409
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
    assert re.search(
        r'<input[^>]*inputmode="numeric"[^>]*name="estimated_age"[^>]*type="number"|'
        r'<input[^>]*name="estimated_age"[^>]*type="number"',
        page.get_data(as_text=True),
    )
    assert re.search(r'<input[^>]*name="birth_date"[^>]*type="date"', page.get_data(as_text=True))
    bad = browser.post(url, {"name": "", "estimated_age": "dua", "report": "ditemui di pasar"})
    assert bad.status_code == 422
    html = bad.get_data(as_text=True)
    assert "Isi nama" in html and "Isi dengan angka saja." in html and "ditemui di pasar" in html
    response = browser.post(
        url, {"name": "Mawar", "sex": "p", "estimated_age": "14", "desa": "Desa Contoh", "report": "ditemui di pasar"}
    )
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


PANEL = "visits/_panel_recent.html"


def test_the_recent_visits_panel_reads_every_consent_state_at_once(app, field, login, count_queries):
    """Each visit's badge is its latest consent's state: read for all the panel's visits in two queries."""
    from flask import render_template

    from tests.factories import give_consent
    from web.models import Consent
    from web.visits.routes import recent_panel

    worker, manager = login("petugas1"), field.user("manajer1")
    first = start_visit(worker, field)
    give_consent(first)
    counts = []
    for _ in range(2):
        with app.test_request_context():
            recent_panel(manager)  # warm: the manager's unit is loaded once
            counts.append(count_queries(lambda: render_template(PANEL, ctx=recent_panel(manager))))
        for _ in range(4):
            start_visit(worker, field, visit_time="00:02")
    visits = list(Visit.select().order_by(Visit.id))
    latest = give_consent(visits[1])
    latest.withdraw(latest.version, manager, ["asesmen", "layanan"], "berubah pikiran")
    refused = Consent.create(visit=visits[2], outcome=Consent.REFUSED, recorded_by=manager)
    assert refused.state == Consent.REFUSED
    with app.test_request_context():
        states = recent_panel(manager)["states"]
    assert counts[0] == counts[1] and len(states) == 9
    assert [states[v.id] for v in visits[:4]] == [v.consent_state for v in visits[:4]]
    assert [states[v.id] for v in visits[:4]] == ["setuju", "ditarik", "menolak", "belum"]


# ---- Changing a visit ---------------------------------------------------------------------------


def edit_data(visit, **overrides):
    data = {
        "visit_date": date.today().isoformat(),
        "visit_time": "00:05",
        "place": "Balai desa",
        "present": "korban",
        "version": str(visit.version),
    }
    data.update(overrides)
    return data


def test_edit_visit_and_version_conflict(field, login):
    visit = start_visit(login("petugas1"), field)
    browser = login("petugas1")
    page = browser.get(f"/kunjungan/{visit.id}/ubah").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page and "data-offline-form" not in page
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
