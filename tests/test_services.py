"""A case's services and referrals (issue 11 point 5) and its records (point 8): web/models/services.py and
web/services/. States and rules, consent, letters numbered with the Surat Tugas, isolation, audit."""

import re
from datetime import timedelta

import pytest

from tests.factories import YEAR, add_user, give_consent, issue, make_case, make_plan, run_at_once, user
from web import roles, sop_cases
from web.db import db
from web.models import AuditLog, Case, CaseEvent, CaseStepLog, Counter, Letter, User
from web.models.services import (
    CaseService,
    PmksEntry,
    ServiceError,
    ServiceLetter,
    SocialReport,
    sharing_for,
)
from web.timeutil import now


def plan(case, service="kesehatan", by="manajer1", **fields):
    fields.setdefault("provider", "RSUD Fiktif")
    return CaseService.plan(case, user(by), service=service, **fields)


def consent_to(case, *kinds):
    """The client agrees (on the case's own visit) to the assessment, the services and sharing with `kinds`."""
    visit = case.meeting(user("petugas1"))
    return give_consent(visit, scopes=("asesmen", "layanan", *[f"berbagi:{k}" for k in kinds]))


def audits(action, record_type, record_id=None):
    query = AuditLog.select().where(AuditLog.action == action, AuditLog.record_type == record_type)
    if record_id is not None:
        query = query.where(AuditLog.record_id == str(record_id))
    return query.count()


# ---- states and rules ---------------------------------------------------------------------------


def test_a_planned_service_is_due_in_the_sops_seven_days_and_starts_step_4(demo):
    case = make_case(procedure=sop_cases.TRAFFICKING)
    at = now()
    service = plan(case, at=at)
    assert service.status == sop_cases.SERVICE_PLANNED
    assert service.due_at == at + timedelta(days=7)
    log = CaseStepLog.get(CaseStepLog.case == case.id, CaseStepLog.step == sop_cases.SERVICES)
    assert log.finished_at is None and log.due_at == at + timedelta(days=7)
    assert CaseEvent.select().where(CaseEvent.case == case.id, CaseEvent.kind == "layanan_direncanakan").exists()


def test_unknown_service_missing_provider_or_closed_case_are_refused(demo):
    case = make_case()
    with pytest.raises(ServiceError, match="unknown"):
        plan(case, service="pijat")
    with pytest.raises(ServiceError, match="required"):
        plan(case, provider="  ")
    Case.update(status=Case.CLOSED).where(Case.id == case.id).execute()
    with pytest.raises(ServiceError, match="closed"):
        plan(Case.get_by_id(case.id))


def test_only_the_shelter_keeps_a_shelter_coordinator(demo):
    case = make_case()
    shelter = plan(case, service=sop_cases.SHELTER, provider="RSTS Dinas Sosial", coordinator="Bu Koordinator")
    health = plan(case, coordinator="ignored")
    assert shelter.coordinator == "Bu Koordinator" and health.coordinator == ""


def test_starting_shares_with_the_partner_so_consent_decides(demo):
    case = make_case()
    service = plan(case)  # kesehatan: partner kind "kesehatan"
    with pytest.raises(ServiceError, match="consent"):
        service.start(user("manajer1"))
    consent_to(case, "polisi")  # another partner: still not allowed
    with pytest.raises(ServiceError, match="consent"):
        service.start(user("manajer1"))
    assert CaseService.get_by_id(service.id).status == sop_cases.SERVICE_PLANNED
    consent_to(case, "kesehatan")
    assert sharing_for(case, ["kesehatan", "polisi"]) == {"kesehatan": True, "polisi": False}
    service.start(user("manajer1"))
    stored = CaseService.get_by_id(service.id)
    assert stored.status == sop_cases.SERVICE_IN_PROGRESS and stored.started_by_id == user("manajer1").id
    assert stored.consent_override == ""


def test_a_withdrawn_or_refused_consent_blocks_again(demo):
    case = make_case()
    consent = consent_to(case, "kesehatan")
    from web.models import ConsentScope

    ConsentScope.update(withdrawn_at=now()).where(ConsentScope.consent == consent).execute()
    with pytest.raises(ServiceError, match="consent"):
        plan(case).start(user("manajer1"))


def test_without_consent_only_with_the_reason_her_life_cannot_wait(demo):
    case = make_case()
    service = plan(case)
    service.start(user("manajer1"), override_reason="Perdarahan, harus segera ke RSUD")
    assert CaseService.get_by_id(service.id).consent_override == "Perdarahan, harus segera ke RSUD"


def test_done_needs_in_progress_and_an_outcome(demo):
    case = make_case()
    service = plan(case)
    with pytest.raises(ServiceError, match="state"):
        service.finish(user("manajer1"), "hasil")  # still planned
    service.start(user("manajer1"), override_reason="darurat")
    with pytest.raises(ServiceError, match="required"):
        service.finish(user("manajer1"), " ")
    service.finish(user("manajer1"), "Visum selesai")
    stored = CaseService.get_by_id(service.id)
    assert stored.status == sop_cases.SERVICE_DONE and stored.outcome == "Visum selesai" and stored.finished_at
    with pytest.raises(ServiceError, match="state"):
        stored.not_possible(user("manajer1"), "terlambat")  # done stays done


def test_not_possible_from_planned_or_running_with_a_reason(demo):
    case = make_case()
    first, second = plan(case), plan(case, service="jamkesda", provider="Dinas Sosial")
    with pytest.raises(ServiceError, match="required"):
        first.not_possible(user("manajer1"), "")
    first.not_possible(user("manajer1"), "Klien menolak diperiksa")
    second.start(user("manajer1"), override_reason="darurat")
    second.not_possible(user("manajer1"), "Kuota penuh")
    assert {s.status for s in CaseService.for_case(case)} == {sop_cases.SERVICE_NOT_POSSIBLE}
    assert CaseService.get_by_id(first.id).reason == "Klien menolak diperiksa"


def test_step_4_finishes_when_the_last_service_is_settled(demo):
    case = make_case(procedure=sop_cases.VIOLENCE)
    a, b = plan(case), plan(case, service="pemulangan", provider="Baznas")
    a.not_possible(user("manajer1"), "tidak perlu lagi")
    log = CaseStepLog.get(CaseStepLog.case == case.id, CaseStepLog.step == sop_cases.SERVICES)
    assert log.finished_at is None  # b is still planned
    b.start(user("manajer1"), override_reason="darurat")
    b.finish(user("manajer1"), "Sudah pulang")
    assert CaseStepLog.get_by_id(log.id).finished_at is not None


def test_a_rehabilitation_case_has_no_step_4_and_still_gets_services(demo):
    case = make_case(procedure=sop_cases.REHABILITATION)
    service = plan(case, service="kembali_sekolah", provider="SMP Negeri 1")
    service.start(user("manajer1"), override_reason="x")
    service.finish(user("manajer1"), "Kembali bersekolah")
    assert not CaseStepLog.select().where(CaseStepLog.case == case.id, CaseStepLog.step == sop_cases.SERVICES).exists()


def test_two_people_moving_a_service_at_once_move_it_once(demo):
    case = make_case()
    service = plan(case)
    service.start(user("manajer1"), override_reason="x")
    stale = CaseService.get_by_id(service.id)
    service.finish(user("manajer1"), "hasil pertama")
    with pytest.raises(ServiceError, match="state"):
        stale.not_possible(user("petugas1"), "alasan kedua")
    assert CaseService.get_by_id(service.id).outcome == "hasil pertama"


# ---- overdue ------------------------------------------------------------------------------------


def test_overdue_services_of_the_unit_for_the_caseload(demo):
    case = make_case()
    late = plan(case, at=now() - timedelta(days=8))
    plan(case, service="jamkesda", provider="Dinas Sosial")  # not due yet
    settled = plan(case, service="pemulangan", provider="Baznas", at=now() - timedelta(days=9))
    settled.not_possible(user("manajer1"), "tidak perlu")
    closed = make_case()
    plan(closed, at=now() - timedelta(days=10))
    Case.update(status=Case.CLOSED).where(Case.id == closed.id).execute()
    add_user("admin2", roles.ADMIN, "UPTD-PPA-SPL")
    other = make_case("UPTD-PPA-SPL", by="admin2", manager=None, worker=None)
    plan(other, by="admin2", at=now() - timedelta(days=10))
    assert [s.id for s in CaseService.overdue(case.unit_id)] == [late.id]
    assert CaseService.get_by_id(late.id).is_overdue()
    assert CaseService.overdue_counts([case, closed, other]) == {case.id: 1, closed.id: 1, other.id: 1}
    assert CaseService.overdue_counts([]) == {}


def test_overdue_in_red_on_the_services_page_and_the_managers_home(login, demo):
    case = make_case()
    late = plan(case, at=now() - timedelta(days=8))
    html = login("manajer1").get(f"/kasus/{case.id}/layanan").get_data(as_text=True)
    assert f'class="svc is-overdue" id="layanan-{late.id}"' in html and "Lewat batas waktu" in html
    home = login("manajer1").get("/").get_data(as_text=True)
    assert "Layanan lewat batas waktu" in home and case.code in home
    assert "Layanan lewat batas waktu" not in login("kepala2").get("/").get_data(as_text=True)


# ---- recommendation letters ---------------------------------------------------------------------


def test_the_letter_takes_the_next_number_of_the_surat_tugas_sequence(demo):
    issue(make_plan())  # Surat Tugas + 2 SPPD: 1, 2, 3
    case = make_case()
    consent_to(case, "kesehatan")
    letter, made = ServiceLetter.issue(plan(case), user("manajer1"), YEAR)
    assert made and letter.number == 4 and letter.code == f"004/REK/UPTD-PPA/{YEAR}"
    assert letter.signer_name == user("kepala1").full_name and letter.addressee == "RSUD Fiktif"
    assert ServiceLetter.numbers_in(case.unit_id, YEAR) == [1, 2, 3, 4]
    again, made_again = ServiceLetter.issue(letter.service, user("admin1"), YEAR)
    assert again.id == letter.id and not made_again
    assert [x.number for x in issue(make_plan())] == [5, 6, 7]


def test_a_letter_only_where_the_sop_names_one_and_only_with_consent_and_a_signer(demo):
    case = make_case()
    with pytest.raises(ServiceError, match="no_letter"):
        ServiceLetter.issue(plan(case, service="pendampingan_hukum", provider="Polres"), user("manajer1"), YEAR)
    health = plan(case)
    with pytest.raises(ServiceError, match="consent"):
        ServiceLetter.issue(health, user("manajer1"), YEAR)
    consent_to(case, "kesehatan")
    User.update(active=False).where(User.role == roles.HEAD, User.unit == case.unit_id).execute()
    with pytest.raises(ServiceError, match="no_signer"):
        ServiceLetter.issue(health, user("manajer1"), YEAR)
    assert Counter.last(case.unit_id, Letter.COUNTER, YEAR) == 0  # every refusal gave its number back
    assert sop_cases.LETTER_SERVICES == ("kesehatan", "jamkesda", "pemulangan")


def test_letter_numbers_have_no_gaps_or_duplicates_when_many_are_made_at_once(demo):
    """Six services, each letter asked for by two people at the same instant, and two Surat Tugas at once."""
    add_user("admin2", roles.ADMIN)
    case = make_case()
    consent_to(case, "kesehatan", "layanan_sosial")
    services = [plan(case, service=key) for key in ("kesehatan", "jamkesda", "pemulangan") * 2]
    plans = [make_plan(), make_plan()]
    if not db.is_closed():
        db.close()
    jobs = [
        lambda s=s, who=who: ServiceLetter.issue(s, User.by_username(who), YEAR)
        for s in services
        for who in ("admin1", "manajer1")
    ] + [lambda p=p: Letter.issue(p, User.by_username("admin2"), YEAR) for p in plans]
    errors = run_at_once(jobs)
    assert errors == []
    assert ServiceLetter.numbers_in(case.unit_id, YEAR) == list(range(1, 6 + 6 + 1))
    assert ServiceLetter.select().count() == 6
    assert len({x.code for x in ServiceLetter.select()}) == 6


# ---- the screens --------------------------------------------------------------------------------


def test_the_worker_plans_starts_and_finishes_a_service_through_the_app(login, demo):
    case = make_case(worker="petugas1")
    worker = login("petugas1")
    page = worker.get(f"/kasus/{case.id}/layanan")
    assert page.status_code == 200 and "Rencanakan layanan" in page.get_data(as_text=True)
    response = worker.post(
        f"/kasus/{case.id}/layanan",
        {"service": sop_cases.SHELTER, "provider": "Shelter P2TP2A", "coordinator": "", "note": "Dua minggu"},
    )
    assert response.status_code == 422  # the shelter needs its coordinator: said by the field, typed kept
    html = response.get_data(as_text=True)
    assert "Tulis nama koordinator shelter" in html and 'value="Shelter P2TP2A"' in html
    response = worker.post(
        f"/kasus/{case.id}/layanan",
        {"service": sop_cases.SHELTER, "provider": "Shelter P2TP2A", "coordinator": "Bu Ani", "note": "Dua minggu"},
    )
    assert response.status_code == 302
    service = CaseService.get(CaseService.case == case.id)
    assert audits("create", "case_service", service.id) == 1
    # no consent to share with a shelter: blocked, audited, said in words
    blocked = worker.post(f"/kasus/{case.id}/layanan/{service.id}/mulai", {"override_reason": ""})
    assert blocked.status_code == 422 and "belum setuju" in blocked.get_data(as_text=True)
    assert audits("referral_blocked", "case_service", service.id) == 1
    consent_to(case, "rumah_aman")
    assert worker.post(f"/kasus/{case.id}/layanan/{service.id}/mulai").status_code == 302
    assert worker.post(f"/kasus/{case.id}/layanan/{service.id}/selesai", {"outcome": ""}).status_code == 422
    assert worker.post(f"/kasus/{case.id}/layanan/{service.id}/selesai", {"outcome": "Aman"}).status_code == 302
    assert CaseService.get_by_id(service.id).status == sop_cases.SERVICE_DONE
    # once done, another move is a clear 409, not a 500
    assert worker.post(f"/kasus/{case.id}/layanan/{service.id}/tidak-dapat", {"reason": "x"}).status_code == 409


def test_an_override_through_the_app_is_audited(login, demo):
    case = make_case(worker="petugas1")
    service = plan(case, by="petugas1")
    response = login("petugas1").post(
        f"/kasus/{case.id}/layanan/{service.id}/mulai", {"override_reason": "Nyawa terancam, perdarahan"}
    )
    assert response.status_code == 302
    assert audits("override", "case_service", service.id) == 1


def test_admin_staff_see_services_and_make_letters_but_never_the_story(login, demo):
    case = make_case()
    consent_to(case, "kesehatan")
    service = plan(case, note="Rencana rahasia")
    service.start(user("manajer1"))
    admin = login("admin1")
    html = admin.get(f"/kasus/{case.id}/layanan/{service.id}").get_data(as_text=True)
    assert "RSUD Fiktif" in html and "Rencana rahasia" not in html and "Buat surat rekomendasi" in html
    assert admin.post(f"/kasus/{case.id}/layanan", {"service": "kesehatan", "provider": "x"}).status_code == 403
    assert admin.post(f"/kasus/{case.id}/layanan/{service.id}/selesai", {"outcome": "x"}).status_code == 403
    response = admin.post(f"/kasus/{case.id}/layanan/{service.id}/surat")
    assert response.status_code == 302
    letter = ServiceLetter.get(ServiceLetter.service == service.id)
    printed = admin.get(response.headers["Location"])
    text = printed.get_data(as_text=True)
    assert printed.status_code == 200 and "SURAT REKOMENDASI" in text and letter.code in text
    assert "kronologi rahasia" not in text
    assert audits("print", "service_letter", letter.id) == 1 and audits("create", "service_letter", letter.id) == 1
    assert ServiceLetter.get_by_id(letter.id).printed_count == 1
    # the case file summary without the story; the social report not at all
    summary = admin.get(f"/kasus/{case.id}/ringkasan").get_data(as_text=True)
    assert "RINGKASAN BERKAS KASUS" in summary and "kronologi rahasia" not in summary
    assert admin.get(f"/kasus/{case.id}/laporan-sosial").status_code == 403
    managers = login("manajer1").get(f"/kasus/{case.id}/ringkasan").get_data(as_text=True)
    assert managers.count("kronologi rahasia") == 1 and "Surat rekomendasi dibuat" in managers  # the history
    assert "Surat rekomendasi dibuat" not in summary


def test_the_head_reads_and_prints_but_changes_nothing(login, demo):
    case = make_case()
    service = plan(case)
    head = login("kepala1")
    assert head.get(f"/kasus/{case.id}/layanan/{service.id}").status_code == 200
    assert head.post(f"/kasus/{case.id}/layanan/{service.id}/mulai", {"override_reason": "x"}).status_code == 403
    assert head.post(f"/kasus/{case.id}/layanan/{service.id}/surat").status_code == 403


def test_other_units_and_workers_not_on_the_case_are_refused(login, demo):
    case = make_case(worker="petugas1")
    service = plan(case)
    add_user("manajer2", roles.CASE_MANAGER, "UPTD-PPA-SPL")
    add_user("petugas9", roles.WORKER)
    for who in ("manajer2", "petugas9", "kepala2"):
        browser = login(who) if who != "manajer2" else login("manajer2")
        assert browser.get(f"/kasus/{case.id}/layanan").status_code == 403, who
        assert browser.get(f"/kasus/{case.id}/layanan/{service.id}").status_code == 403, who
        assert browser.get(f"/kasus/{case.id}/ringkasan").status_code == 403, who
        assert browser.get(f"/kasus/{case.id}/pmks").status_code == 403, who
    assert audits("denied", "client_case", case.id) >= 4
    # a service is only found under its own case
    other = make_case()
    assert login("manajer1").get(f"/kasus/{other.id}/layanan/{service.id}").status_code == 404


def test_reads_are_audited_and_the_client_shown(login, demo):
    case = make_case()
    service = plan(case)
    manager = login("manajer1")
    before = audits("view", "person", case.person_id)
    manager.get(f"/kasus/{case.id}/layanan")
    manager.get(f"/kasus/{case.id}/layanan/{service.id}")
    assert audits("view", "client_case", case.id) >= 1 and audits("view", "case_service", service.id) == 1
    assert audits("view", "person", case.person_id) == before + 2
    manager.get(f"/kasus/{case.id}/ringkasan")
    assert AuditLog.select().where(AuditLog.action == "print", AuditLog.detail == "summary").count() == 1


def test_social_report_is_written_versioned_and_printed(login, demo):
    case = make_case(worker="petugas1")
    worker = login("petugas1")
    assert worker.get(f"/kasus/{case.id}/laporan-sosial/cetak").status_code == 404  # none yet
    page = worker.get(f"/kasus/{case.id}/laporan-sosial")
    assert page.status_code == 200
    bad = worker.post(f"/kasus/{case.id}/laporan-sosial", {"condition": "Trauma", "recommendation": ""})
    assert bad.status_code == 422 and "Tulis rekomendasi Anda" in bad.get_data(as_text=True)
    data = {"condition": "Trauma ringan", "analysis": "Butuh konseling", "recommendation": "Rujuk psikolog"}
    assert worker.post(f"/kasus/{case.id}/laporan-sosial", data).status_code == 302
    report = SocialReport.of(case)
    assert report.version == 1 and report.recommendation == "Rujuk psikolog"
    stale = worker.post(f"/kasus/{case.id}/laporan-sosial", {**data, "version": "1", "condition": "Baru"})
    assert stale.status_code == 302
    conflict = worker.post(f"/kasus/{case.id}/laporan-sosial", {**data, "version": "1", "condition": "Lama"})
    assert conflict.status_code == 409 and SocialReport.of(case).condition == "Baru"
    printed = login("kepala1").get(f"/kasus/{case.id}/laporan-sosial/cetak")
    text = printed.get_data(as_text=True)
    assert "LAPORAN SOSIAL" in text and "kronologi rahasia" in text and "Rujuk psikolog" in text
    assert audits("print", "social_report", report.id) == 1
    assert login("kepala1").post(f"/kasus/{case.id}/laporan-sosial", data).status_code == 403


def test_pmks_entry_is_numbered_validated_and_printed(login, demo):
    case = make_case(procedure=sop_cases.TRAFFICKING, child=True)
    admin = login("admin1")
    page = admin.get(f"/kasus/{case.id}/pmks").get_data(as_text=True)
    assert '<option selected value="18">' in page  # a trafficking case: PMKS 18 suggested
    child = make_case(procedure=sop_cases.VIOLENCE, child=True)
    assert '<option selected value="06">' in admin.get(f"/kasus/{child.id}/pmks").get_data(as_text=True)
    bad = admin.post(f"/kasus/{case.id}/pmks", {"pmks_type": "18", "kk_number": "123", "handling": "dirujuk"})
    assert bad.status_code == 422 and "16 angka" in bad.get_data(as_text=True)
    wrong = admin.post(f"/kasus/{case.id}/pmks", {"pmks_type": "99", "handling": "dirujuk"})
    assert wrong.status_code == 422
    data = {
        "pmks_type": "18",
        "criteria": ["eksploitasi_seksual", "deportasi"],
        "kk_number": "3201010101010001",
        "birth_place": "Tanjungpinang",
        "province": "Kepulauan Riau",
        "handling": "dalam_penanganan",
    }
    assert admin.post(f"/kasus/{case.id}/pmks", data).status_code == 302
    entry = PmksEntry.of(case)
    assert entry.code == f"0001/PMKS/UPTD-PPA/{YEAR}" and entry.criteria_keys == ["deportasi", "eksploitasi_seksual"]
    printed = login("kepala1").get(f"/kasus/{case.id}/pmks/cetak").get_data(as_text=True)
    assert "Korban trafficking" in printed and "3201010101010001" in printed and "Mengalami pengusiran" in printed
    assert audits("print", "pmks_entry", entry.id) == 1
    assert entry.code in login("manajer1").get("/pmks").get_data(as_text=True)
    assert entry.code not in login("kepala2").get("/pmks").get_data(as_text=True)
    assert login("kepala1").post(f"/kasus/{case.id}/pmks", data).status_code == 403


def test_the_case_page_section(app, demo):
    from web.services.routes import section

    case = make_case()
    plan(case)
    with app.test_request_context():
        ctx = section(case, user("manajer1"))
        assert ctx["story"] and len(ctx["services"]) == 1
        assert not section(case, user("admin1"))["story"]
        assert section(case, add_user("kepala9", roles.HEAD, "UPTD-PPA-SPL")) is None


def test_the_case_page_shows_the_section_and_the_history_in_words(login, demo):
    case = make_case()
    late = plan(case, at=now() - timedelta(days=8))
    html = login("manajer1").get(f"/kasus/{case.id}").get_data(as_text=True)
    assert 'id="layanan"' in html and f'id="layanan-{late.id}"' in html and "Lewat batas waktu" in html
    assert "Layanan direncanakan" in html and "layanan_direncanakan" not in html


def test_the_pmks_register_pages_by_keyset_every_entry_once(login, demo):
    entries = [
        PmksEntry.write(make_case(), user("admin1"), YEAR, pmks_type="18", handling="dalam_penanganan")
        for _ in range(53)
    ]
    kepala = login("kepala1")
    first = kepala.get("/pmks").get_data(as_text=True)
    assert 'rel="next"' in first
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert next_url.startswith("/pmks?setelah=")
    rest = kepala.get(next_url).get_data(as_text=True)
    assert 'rel="next"' not in rest
    page1, page2 = (re.findall(r"<strong>(\d{4}/PMKS/[^<]+)</strong>", html) for html in (first, rest))
    assert len(page1) == 50 and len(page2) == 3 and not set(page1) & set(page2)
    assert page1 + page2 == [e.code for e in reversed(entries)]  # newest (highest number) first, none missed
    assert entries[0].code not in login("kepala2").get(next_url).get_data(as_text=True)  # another unit: none
