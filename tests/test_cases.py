"""Step 10b (the further assessment a case manager schedules and assigns) and step 11 (the outreach
report of a plan to the Kepala, who marks it received)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import NON_FLAG_KEYS, PERSON_NAME, add_user, answers, make_visit
from web import roles
from web.models import AuditLog, FurtherAssessment, OutreachReport, RiskAssessment, StepLog, User


def local_today():
    """Today in the unit's time zone (the app's BABEL_DEFAULT_TIMEZONE)."""
    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


@pytest.fixture
def visit(demo):
    return make_visit(share=["kesehatan"])


@pytest.fixture
def worker(login):
    return login("petugas1")


@pytest.fixture
def manager(login):
    return login("manajer1")


@pytest.fixture
def assessment(worker, visit):
    worker.post(f"/kunjungan/{visit.id}/asesmen-risiko", answers(yes=NON_FLAG_KEYS[:2]))  # sedang
    return RiskAssessment.get()


def schedule(manager, assessment, **fields):
    data = {
        "scheduled_for": (local_today() + timedelta(days=2)).isoformat(),
        "assigned_to": str(User.by_username("petugas2").id),
        "notes": "Gali dukungan keluarga.",
    }
    data.update(fields)
    return manager.post(f"/asesmen-risiko/{assessment.id}/asesmen-lanjutan", data)


# ---- further assessment -----------------------------------------------------------------------


def test_the_manager_schedules_a_further_assessment_from_the_new_list(manager, assessment, visit):
    home = manager.get("/").get_data(as_text=True)
    assert f"/asesmen-risiko/{assessment.id}" in home and "Asesmen baru" in home
    page = manager.get(f"/asesmen-risiko/{assessment.id}").get_data(as_text=True)
    assert f"/asesmen-risiko/{assessment.id}/asesmen-lanjutan" in page
    form = manager.get(f"/asesmen-risiko/{assessment.id}/asesmen-lanjutan").get_data(as_text=True)
    assert 'type="date"' in form and "Budi Contoh" in form and "Sari Contoh" in form
    response = schedule(manager, assessment)
    further = FurtherAssessment.get()
    assert response.status_code == 302 and response.headers["Location"] == f"/asesmen-lanjutan/{further.id}"
    assert (further.assessment_id, further.visit_id, further.assigned_to.username, further.created_by.username) == (
        assessment.id,
        visit.id,
        "petugas2",
        "manajer1",
    )
    assert further.scheduled_for == local_today() + timedelta(days=2)
    # scheduled: off the "new" list; step 10 done
    assert f'/asesmen-risiko/{assessment.id}"' not in manager.get("/").get_data(as_text=True)
    assert StepLog.get(StepLog.subject_id == visit.id, StepLog.step == 10).finished_by.username == "manajer1"
    assert AuditLog.for_record("further_assessment", further.id).first().action == "create"


def test_bad_schedule_input_is_kept_with_messages(manager, assessment):
    response = schedule(manager, assessment, scheduled_for="", assigned_to="", notes="Catatan tetap.")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Pilih tanggal asesmen lanjutan" in html and "Pilih petugas dari unit Anda" in html
    assert "Catatan tetap." in html
    past = schedule(manager, assessment, scheduled_for=(local_today() - timedelta(days=1)).isoformat())
    assert past.status_code == 422 and "sebelum hari ini" in past.get_data(as_text=True)
    assert not FurtherAssessment.select().exists()


def test_only_a_worker_of_the_own_unit_can_be_assigned(manager, assessment, demo):
    stranger = add_user("petugas9", roles.WORKER, "UPTD-PPA-SPL")
    assert schedule(manager, assessment, assigned_to=str(stranger.id)).status_code == 422
    assert schedule(manager, assessment, assigned_to=str(User.by_username("kepala1").id)).status_code == 422
    assert not FurtherAssessment.select().exists()


def test_the_assigned_worker_sees_it_at_home_and_reports_the_findings(manager, login, assessment, visit):
    schedule(manager, assessment)
    further = FurtherAssessment.get()
    assignee = login("petugas2")  # not on the plan's team, but assigned to this further assessment
    home = assignee.get("/").get_data(as_text=True)
    assert "Asesmen lanjutan untuk Anda" in home and f"/asesmen-lanjutan/{further.id}" in home
    page = assignee.get(f"/asesmen-lanjutan/{further.id}").get_data(as_text=True)
    assert visit.target.code in page and "Gali dukungan keluarga." in page and PERSON_NAME not in page
    empty = assignee.post(f"/asesmen-lanjutan/{further.id}/selesai", {"findings": " "})
    assert empty.status_code == 422 and "Tuliskan hasil asesmen lanjutan" in empty.get_data(as_text=True)
    assignee.post(f"/asesmen-lanjutan/{further.id}/selesai", {"findings": "Keluarga mendukung."})
    further = FurtherAssessment.get()
    assert further.is_done and further.findings == "Keluarga mendukung." and further.done_by.username == "petugas2"
    assert "Asesmen lanjutan untuk Anda" not in assignee.get("/").get_data(as_text=True)


def test_further_assessments_are_kept_within_the_unit(manager, login, assessment):
    schedule(manager, assessment)
    further = FurtherAssessment.get()
    assert login("kepala2").get(f"/asesmen-lanjutan/{further.id}").status_code == 403
    assert login("kepala1").get(f"/asesmen-lanjutan/{further.id}").status_code == 200
    assert login("kepala1").post(f"/asesmen-lanjutan/{further.id}/selesai", {"findings": "x"}).status_code == 403
    assert login("petugas1").post(f"/asesmen-lanjutan/{further.id}/selesai", {"findings": "x"}).status_code == 403
    assert login("petugas1").post(f"/asesmen-risiko/{assessment.id}/asesmen-lanjutan").status_code == 403
    add_user("manajer2", roles.CASE_MANAGER, "UPTD-PPA-SPL")
    other = login("manajer2")
    assert other.get(f"/asesmen-risiko/{assessment.id}/asesmen-lanjutan").status_code == 403
    assert schedule(other, assessment).status_code == 403
    assert FurtherAssessment.select().count() == 1


# ---- outreach report --------------------------------------------------------------------------


def test_the_worker_writes_the_report_from_the_visits(worker, manager, login, visit):
    worker.post(f"/kunjungan/{visit.id}/asesmen-risiko", answers(yes=["senjata"]))
    flag_id = RiskAssessment.get().flags.get().id
    manager.post(
        f"/tanda-bahaya/{flag_id}/rujukan",
        {"service": "kesehatan", "provider": "RSUD Kota Contoh", "referred_at": "2026-01-05T14:30"},
    )
    refused = make_visit(refused=True)
    plan = visit.plan

    home = worker.get("/").get_data(as_text=True)
    assert "Laporan penjangkauan yang perlu dibuat" in home and f"/rencana/{plan.id}/laporan-penjangkauan" in home
    page = worker.get(f"/rencana/{plan.id}/laporan-penjangkauan").get_data(as_text=True)
    assert visit.target.code in page and refused.target.code not in page  # another plan
    assert "setuju" in page and "Tinggi" in page and "Layanan kesehatan darurat (Terkirim)" in page
    assert "1 tanda bahaya" in page and PERSON_NAME not in page
    assert StepLog.get(StepLog.subject_type == "plan", StepLog.subject_id == plan.id, StepLog.step == 11)

    empty = worker.post(f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": ""})
    assert empty.status_code == 422 and "Tuliskan temuan Anda" in empty.get_data(as_text=True)
    sent = worker.post(
        f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": "Sasaran ditemukan; dirujuk ke RSUD."}
    )
    assert sent.status_code == 302
    report = OutreachReport.get()
    assert (report.plan_id, report.findings, report.submitted_by.username) == (
        plan.id,
        "Sasaran ditemukan; dirujuk ke RSUD.",
        "petugas1",
    )
    step11 = StepLog.get(StepLog.subject_type == "plan", StepLog.subject_id == plan.id, StepLog.step == 11)
    assert step11.finished_by.username == "petugas1"
    assert f"/rencana/{plan.id}/laporan-penjangkauan" not in worker.get("/").get_data(as_text=True)

    kepala = login("kepala1")
    home = kepala.get("/").get_data(as_text=True)
    assert "Laporan penjangkauan menunggu" in home and f"/rencana/{plan.id}/laporan-penjangkauan" in home
    page = kepala.get(f"/rencana/{plan.id}/laporan-penjangkauan").get_data(as_text=True)
    assert "Sasaran ditemukan; dirujuk ke RSUD." in page and "Tandai laporan sudah diterima" in page
    assert kepala.post(f"/laporan-penjangkauan/{report.id}/diterima").status_code == 302
    report = OutreachReport.get()
    assert report.received_by.username == "kepala1" and report.received_at is not None
    assert "Laporan penjangkauan menunggu" not in kepala.get("/").get_data(as_text=True)
    # received: no more changes
    late = worker.post(f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": "ubah"})
    assert late.status_code == 302 and OutreachReport.get().findings == "Sasaran ditemukan; dirujuk ke RSUD."
    actions = [e.action for e in AuditLog.for_record("outreach_report", report.id)]
    assert actions[0] == "create" and "update" in actions and "view" in actions


def test_a_received_report_is_frozen_and_later_visits_go_into_a_follow_up_report(worker, login, visit):
    import uuid

    from web.models import Referral, Visit

    plan = visit.plan
    worker.post(f"/kunjungan/{visit.id}/asesmen-risiko", answers(yes=["senjata"]))
    worker.post(f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": "Laporan pertama."})
    kepala = login("kepala1")
    first = OutreachReport.get()
    assert kepala.post(f"/laporan-penjangkauan/{first.id}/diterima").status_code == 302

    # after receipt: a later visit in the same plan and a change on the first visit do not change it
    later = Visit.create(
        unit=visit.unit_id,
        plan=plan,
        target=make_visit().target,
        created_by=visit.created_by,
        place="Pasar",
        instance_id=str(uuid.uuid4()),
    )
    manager = login("manajer1")
    flag_id = RiskAssessment.get().flags.get().id
    manager.post(
        f"/tanda-bahaya/{flag_id}/rujukan",
        {"service": "kesehatan", "provider": "RSUD Kota Contoh", "referred_at": "2026-01-05T14:30"},
    )
    assert Referral.select().count() == 1
    first = OutreachReport.get_by_id(first.id)
    frozen = first.frozen_rows()
    assert [row["code"] for row in frozen] == [visit.target.code] and frozen[0]["referrals"] == []
    page = worker.get(f"/rencana/{plan.id}/laporan-penjangkauan").get_data(as_text=True)
    assert "Isinya tetap seperti saat diterima." in page and "Laporan pertama." in page
    assert "Kunjungan setelah laporan diterima (laporan lanjutan)" in page and later.target.code in page
    assert "Kirim laporan lanjutan ke Kepala UPTD" in page

    # the follow-up report carries only the later visit; the first stays as received
    sent = worker.post(f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": "Lanjutan.", "version": "0"})
    assert sent.status_code == 302
    follow_up = OutreachReport.for_plan(plan)
    assert (follow_up.sequence, follow_up.findings) == (2, "Lanjutan.")
    assert OutreachReport.get_by_id(first.id).findings == "Laporan pertama."
    assert kepala.post(f"/laporan-penjangkauan/{follow_up.id}/diterima").status_code == 302
    assert [row["code"] for row in OutreachReport.get_by_id(follow_up.id).frozen_rows()] == [later.target.code]
    page = kepala.get(f"/rencana/{plan.id}/laporan-penjangkauan").get_data(as_text=True)
    assert "Laporan lanjutan 1" in page and "Tandai laporan sudah diterima" not in page
    # nothing left to report: a send is refused
    late = worker.post(f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": "ubah", "version": "0"})
    assert late.status_code == 302 and OutreachReport.select().count() == 2


def test_the_report_can_be_sent_again_before_it_is_received(worker, visit):
    plan = visit.plan
    worker.post(f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": "Pertama."})
    worker.post(f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": "Kedua."})
    report = OutreachReport.get()
    assert OutreachReport.select().count() == 1 and report.findings == "Kedua." and report.version == 2


def test_reports_are_seen_by_the_team_and_the_units_managers_and_head_only(worker, login, visit):
    plan = visit.plan
    worker.post(f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": "Temuan."})
    report = OutreachReport.get()
    assert login("manajer1").get(f"/rencana/{plan.id}/laporan-penjangkauan").status_code == 200
    assert login("manajer1").post(f"/laporan-penjangkauan/{report.id}/diterima").status_code == 403
    assert login("petugas2").get(f"/rencana/{plan.id}/laporan-penjangkauan").status_code == 403
    assert (
        login("petugas2").post(f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": "bukan tim"}).status_code
        == 403
    )
    kepala2 = login("kepala2")
    assert kepala2.get(f"/rencana/{plan.id}/laporan-penjangkauan").status_code == 403
    assert kepala2.post(f"/laporan-penjangkauan/{report.id}/diterima").status_code == 403
    assert "Temuan." not in kepala2.get("/").get_data(as_text=True)
    assert OutreachReport.get().received_at is None
    assert login("kepala1").get("/rencana/999999/laporan-penjangkauan").status_code == 404


# ---- edits saved from a page made before someone else's change (web.concurrency) ----------------


def test_further_findings_from_a_stale_page_are_refused_and_keep_what_was_typed(manager, login, assessment):
    schedule(manager, assessment)
    further = FurtherAssessment.get()
    assignee = login("petugas2")
    page = assignee.get(f"/asesmen-lanjutan/{further.id}").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    url = f"/asesmen-lanjutan/{further.id}/selesai"
    assert manager.post(url, {"findings": "Dicatat manajer.", "version": "1"}).status_code == 302
    stale = assignee.post(url, {"findings": "Dicatat petugas.", "version": "1"})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Data ini sudah diubah orang lain" in html and "Dicatat petugas." in html
    assert FurtherAssessment.get().findings == "Dicatat manajer."


def test_a_report_sent_from_a_stale_page_is_refused_and_keeps_what_was_typed(worker, visit):
    plan = visit.plan
    page = worker.get(f"/rencana/{plan.id}/laporan-penjangkauan").get_data(as_text=True)
    assert 'name="version" type="hidden" value="0"' in page  # no report yet
    url = f"/rencana/{plan.id}/laporan-penjangkauan/kirim"
    assert worker.post(url, {"findings": "Dari tab lain.", "version": "0"}).status_code == 302
    stale = worker.post(url, {"findings": "Dari halaman lama.", "version": "0"})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Data ini sudah diubah orang lain" in html and "Dari halaman lama." in html
    assert 'name="version" type="hidden" value="1"' in html
    assert OutreachReport.get().findings == "Dari tab lain."


# ---- the printed report (issue 12 point 8) ----------------------------------------------------


def test_the_report_prints_as_the_sops_report(worker, login, visit, count_queries):
    plan = visit.plan
    worker.post(f"/kunjungan/{visit.id}/asesmen-risiko", answers(yes=["senjata"]))
    worker.post(f"/rencana/{plan.id}/laporan-penjangkauan/kirim", {"findings": "Sasaran ditemukan; dirujuk."})
    report = OutreachReport.get()
    page = f"/laporan-penjangkauan/{report.id}/cetak"
    assert f'href="{page}"' in worker.get(f"/rencana/{plan.id}/laporan-penjangkauan").get_data(as_text=True)
    kepala = login("kepala1")
    kepala.post(f"/laporan-penjangkauan/{report.id}/diterima")
    response = kepala.get(page)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    sheet = html.split('<article class="sheet form-sheet" lang="id">')[1].split("</article>")[0]
    assert "LAPORAN HASIL PENJANGKAUAN" in sheet and "langkah 11" in sheet and "UPTD PPA KOTA CONTOH (DEMO)" in sheet
    assert "Penjangkauan uji" in sheet and visit.target.code in sheet and "Tinggi" in sheet
    assert "Sasaran ditemukan; dirujuk." in sheet
    assert "Membuat laporan penjangkauan" in sheet  # the plan's SOP steps
    assert PERSON_NAME not in sheet and "cerita rahasia" not in sheet  # codes, never names
    signatures = sheet.split('class="form-signatures"')[1]
    assert "Kepala UPTD PPA" in signatures and "Petugas penjangkauan" in signatures
    assert signatures.index("Kepala") < signatures.index("Sari Contoh")
    # permissions
    assert login("petugas2").get(page).status_code == 403
    assert login("kepala2").get(page).status_code == 403
    assert login("admin1").get(page).status_code == 403
    assert kepala.get("/laporan-penjangkauan/999999/cetak").status_code == 404
    # audited: the read, and the print
    assert kepala.post(page, headers={"X-Jangkau-Print": "1"}).status_code == 204
    entries = [(e.action, e.detail) for e in AuditLog.for_record("outreach_report", report.id)]
    assert ("view", "print view") in entries and entries[-1] == ("print", "laporan penjangkauan")
    # as many queries with more visits in the plan (the received report is frozen)
    before = count_queries(lambda: kepala.get(page))
    make_visit()
    assert count_queries(lambda: kepala.get(page)) == before
