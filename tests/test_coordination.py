"""Step 7: the team logs its contacts with local government, police, village government, Satgas PPA
or others (who, when, by what means, the result, notes), and closes the step."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import add_user, make_plan, user
from web import roles
from web.models import AuditLog, CoordinationContact, Plan, StepLog
from web.models.outreach import PlanParty

JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def approved_plan(demo):
    return make_plan()


def contact(**changes):
    data = {
        "party": "polisi",
        "party_name": "Polsek Contoh, Bripka Andi",
        "contacted_at": "2026-03-01T10:00",
        "means": "tatap_muka",
        "result": "dukungan_dijanjikan",
        "notes": "Siap mendampingi tim",
    }
    data["contacted_at"] = (datetime.now(JAKARTA) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    data.update(changes)
    return data


def test_an_assigned_worker_logs_a_contact(login, approved_plan):
    worker = login("petugas1")
    page = worker.get(f"/rencana/{approved_plan.id}/koordinasi").get_data(as_text=True)
    for label in ("Kepolisian setempat", "Satgas PPA", "Tatap muka", "Izin diberikan", "Dukungan dijanjikan"):
        assert label in page  # the lists come from web.sop
    assert 'type="datetime-local"' in page
    response = worker.post(f"/rencana/{approved_plan.id}/koordinasi", contact(contacted_at="2026-03-01T10:00"))
    assert response.status_code == 302
    saved = CoordinationContact.get()
    assert (saved.party, saved.party_name, saved.means, saved.result, saved.notes) == (
        "polisi",
        "Polsek Contoh, Bripka Andi",
        "tatap_muka",
        "dukungan_dijanjikan",
        "Siap mendampingi tim",
    )
    assert saved.contacted_at == datetime(2026, 3, 1, 3, 0)  # 10:00 WIB typed, kept as UTC
    assert saved.recorded_by.username == "petugas1" and saved.unit_id == approved_plan.unit_id
    assert (
        AuditLog.select()
        .where(
            AuditLog.action == "create",
            AuditLog.record_type == "coordination_contact",
            AuditLog.record_id == str(saved.id),
        )
        .count()
        == 1
    )
    html = worker.get(f"/rencana/{approved_plan.id}/koordinasi").get_data(as_text=True)
    assert "Polsek Contoh, Bripka Andi" in html and "Dukungan dijanjikan" in html and "10.00" in html
    step = StepLog.get(StepLog.subject_id == approved_plan.id, StepLog.step == 7)
    assert step.started_by.username == "petugas1" and step.finished_at is None


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (dict(party=""), "party", "Pilih pihak yang dihubungi."),
        (dict(party="tetangga"), "party", "Pilih pihak yang dihubungi."),
        (dict(party="lainnya", party_name=" "), "party_name", "Untuk pihak lain, tulis nama kantor atau orang"),
        (dict(contacted_at=""), "contacted_at", "Isi tanggal dan jam kontak."),
        (dict(contacted_at="kemarin"), "contacted_at", "Isi tanggal dan jam kontak."),
        (
            dict(contacted_at=(datetime.now(JAKARTA) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")),
            "contacted_at",
            "Waktu kontak tidak boleh di masa depan.",
        ),
        (dict(contacted_at="2020-01-01T09:00"), "contacted_at", "lebih dari setahun yang lalu"),
        (dict(means=""), "means", "Pilih cara menghubungi."),
        (dict(result="mungkin"), "result", "Pilih hasil kontak."),
        (dict(notes="x" * 2001), "notes", "Paling banyak 2000 huruf."),
    ],
)
def test_bad_input_is_explained_next_to_its_field_and_nothing_is_lost(login, approved_plan, changes, field, message):
    data = contact(**changes)
    response = login("petugas1").post(f"/rencana/{approved_plan.id}/koordinasi", data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field}-error"' in html and message in html.split(f'id="{field}-error"')[1][:300]
    if field != "party_name":
        assert "Polsek Contoh, Bripka Andi" in html
    if field != "notes":
        assert "Siap mendampingi tim" in html
    assert CoordinationContact.select().count() == 0


def test_htmx_gets_the_log_back_as_a_fragment(login, approved_plan):
    worker = login("petugas1")
    worker.get(f"/rencana/{approved_plan.id}/koordinasi")
    response = worker.post(f"/rencana/{approved_plan.id}/koordinasi", contact(), headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'id="koordinasi"' in html
    assert "Kontak koordinasi dicatat." in html and "Polsek Contoh, Bripka Andi" in html
    bad = worker.post(f"/rencana/{approved_plan.id}/koordinasi", contact(party=""), headers={"HX-Request": "true"})
    assert bad.status_code == 422 and "<html" not in bad.get_data(as_text=True)
    assert 'aria-invalid="true"' in bad.get_data(as_text=True)


def test_finishing_needs_a_contact_then_closes_step_7(login, approved_plan):
    worker = login("petugas2")
    response = worker.post(f"/rencana/{approved_plan.id}/koordinasi/selesai")
    assert response.status_code == 422
    assert "Catat dulu paling sedikit satu kontak koordinasi." in response.get_data(as_text=True)
    worker.post(f"/rencana/{approved_plan.id}/koordinasi", contact(result="izin_diberikan"))
    assert worker.post(f"/rencana/{approved_plan.id}/koordinasi/selesai").status_code == 302
    step = StepLog.get(StepLog.subject_id == approved_plan.id, StepLog.step == 7)
    assert step.finished_at is not None and step.finished_by.username == "petugas2"
    html = worker.get(f"/rencana/{approved_plan.id}/koordinasi").get_data(as_text=True)
    assert "Koordinasi selesai" in html and user("petugas2").full_name in html


def test_admin_staff_read_the_log_but_do_not_write_it(login, approved_plan):
    login("petugas1").post(f"/rencana/{approved_plan.id}/koordinasi", contact())
    admin = login("admin1")
    html = admin.get(f"/rencana/{approved_plan.id}/koordinasi").get_data(as_text=True)
    assert "Polsek Contoh, Bripka Andi" in html and "Simpan kontak" not in html
    assert admin.post(f"/rencana/{approved_plan.id}/koordinasi", contact()).status_code == 403
    assert admin.post(f"/rencana/{approved_plan.id}/koordinasi/selesai").status_code == 403
    for username in ("kepala1", "manajer1"):
        assert login(username).post(f"/rencana/{approved_plan.id}/koordinasi", contact()).status_code == 302
    assert CoordinationContact.select().count() == 3


def test_workers_outside_the_team_and_other_units_see_nothing(login, approved_plan):
    login("petugas1").post(f"/rencana/{approved_plan.id}/koordinasi", contact())
    add_user("petugas3", roles.WORKER)
    for username in ("petugas3", "kepala2"):
        browser = login(username)
        assert browser.get(f"/rencana/{approved_plan.id}/koordinasi").status_code in (403, 404)
        assert browser.post(f"/rencana/{approved_plan.id}/koordinasi", contact()).status_code in (403, 404)
        assert browser.post(f"/rencana/{approved_plan.id}/koordinasi/selesai").status_code in (403, 404)
    assert CoordinationContact.select().count() == 1


def test_no_contacts_before_the_plan_is_approved(login, demo):
    plan = make_plan(status=Plan.SUBMITTED)
    worker = login("petugas1")
    html = worker.get(f"/rencana/{plan.id}/koordinasi").get_data(as_text=True)
    assert "Simpan kontak" not in html
    assert worker.post(f"/rencana/{plan.id}/koordinasi", contact()).status_code == 403


def test_finishing_needs_every_party_of_the_plan_contacted_or_marked_with_why_not(login, approved_plan):
    """Issue 9: "Koordinasi selesai" was accepted after contacting one of the plan's two parties."""
    approved_plan.set_parties(["polisi", "satgas_ppa"])
    worker = login("petugas1")
    worker.get(f"/rencana/{approved_plan.id}/koordinasi")
    assert worker.post(f"/rencana/{approved_plan.id}/koordinasi", contact(party="polisi")).status_code == 302
    response = worker.post(f"/rencana/{approved_plan.id}/koordinasi/selesai")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Satgas PPA" in html.split('id="finish-error"')[1].split("</p>")[0]
    assert StepLog.get(StepLog.subject_id == approved_plan.id, StepLog.step == 7).finished_at is None
    satgas = PlanParty.get(PlanParty.plan == approved_plan, PlanParty.party == "satgas_ppa")
    # a mark needs its reason, next to the field
    response = worker.post(f"/rencana/{approved_plan.id}/koordinasi/pihak/{satgas.id}", {"reason": " "})
    assert response.status_code == 422 and f'id="reason-{satgas.id}-error"' in response.get_data(as_text=True)
    response = worker.post(
        f"/rencana/{approved_plan.id}/koordinasi/pihak/{satgas.id}",
        {"reason": "Belum ada Satgas PPA di kabupaten ini."},
    )
    assert response.status_code == 302
    satgas = PlanParty.get_by_id(satgas.id)
    assert satgas.skip_reason == "Belum ada Satgas PPA di kabupaten ini." and satgas.skipped_by.username == "petugas1"
    assert (
        AuditLog.select()
        .where(
            AuditLog.record_type == "plan",
            AuditLog.record_id == str(approved_plan.id),
            AuditLog.detail.contains("satgas_ppa"),
        )
        .count()
        == 1
    )
    page = worker.get(f"/rencana/{approved_plan.id}/koordinasi").get_data(as_text=True)
    assert "Sudah dihubungi (1 kontak)" in page and "Belum ada Satgas PPA di kabupaten ini." in page
    assert worker.post(f"/rencana/{approved_plan.id}/koordinasi/selesai").status_code == 302
    assert StepLog.get(StepLog.subject_id == approved_plan.id, StepLog.step == 7).finished_at is not None


def test_a_party_mark_is_taken_back_and_only_for_the_plans_own_parties(login, approved_plan):
    approved_plan.set_parties(["polisi"])
    other = make_plan()
    other.set_parties(["polisi"])
    police, foreign = (PlanParty.get(PlanParty.plan == p) for p in (approved_plan, other))
    worker = login("petugas1")
    worker.get(f"/rencana/{approved_plan.id}/koordinasi")
    assert (
        worker.post(f"/rencana/{approved_plan.id}/koordinasi/pihak/{foreign.id}", {"reason": "x"}).status_code == 404
    )  # a party of another plan
    worker.post(f"/rencana/{approved_plan.id}/koordinasi/pihak/{police.id}", {"reason": "Tidak perlu."})
    worker.post(f"/rencana/{approved_plan.id}/koordinasi/pihak/{police.id}", {"undo": "1"})
    assert PlanParty.get_by_id(police.id).skip_reason == ""
    admin = login("admin1")
    admin.get(f"/rencana/{approved_plan.id}/koordinasi")
    assert admin.post(f"/rencana/{approved_plan.id}/koordinasi/pihak/{police.id}", {"reason": "x"}).status_code == 403
