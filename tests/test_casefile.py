"""Issue 11 (points 1-4, 7): intake of a case (walk-in, from an outreach visit or a risk flag), the case page
with its sections, documents with photos, consent and risk through the case's meeting, the data and needs
assessment with the SIMFONI fields, the supervisor's review, the caseload, need-to-know, isolation, audit."""

import io
import re
from datetime import date, timedelta

import pytest
from PIL import Image

from tests.factories import add_user, answers, give_consent, make_case, make_visit, user
from web import roles, sop_cases
from web.models import (
    AuditLog,
    Case,
    CaseAnswer,
    CaseAssessment,
    CaseDocument,
    CaseReview,
    CaseService,
    CaseSettings,
    CaseStepLog,
    Person,
    RiskFlag,
    Visit,
)
from web.timeutil import now


def intake_data(**overrides):
    data = {
        "procedure": "kekerasan",
        "channel": "polisi",
        "received_at": "",
        "referrer_name": "Brigpol Uji",
        "referrer_agency": "Polres Uji",
        "referral_letter_no": "",
        "complaint_category": "kekerasan",
        "chronology": "Kronologi uji (fiktif).",
        "manager": "",
        "worker": "",
        "name": "Mawar (uji)",
        "sex": "p",
        "birth_date": "2010-03-04",
        "estimated_age": "",
        "nik": "",
        "phone": "",
        "address": "",
        "desa": "Desa Uji",
        "kecamatan": "",
        "kabupaten": "",
        "guardian_name": "Ibu Uji",
        "guardian_relation": "ibu",
        "guardian_phone": "",
        "disability": "",
    }
    data.update(overrides)
    return data


def open_case(browser, url="/kasus/baru", **overrides):
    browser.get(url)
    return browser.post(url, intake_data(**overrides))


def assessment_data(**overrides):
    data = {
        "violence_types": ["fisik", "psikis"],
        "incident_date": (date.today() - timedelta(days=3)).isoformat(),
        "incident_place": "rumah_tangga",
        "incident_address": "Jl. Uji 1",
        "incident_kabupaten": "Kota Uji",
        "kdrt": "ya",
        "education": "sltp",
        "occupation": "pelajar",
        "marital_status": "belum_kawin",
        "disability": "tidak",
        "criteria": ["perlakuan_salah"],
        "needs": ["kesehatan", "psikologis"],
        "needs_note": "",
        "story": "Hasil asesmen uji (fiktif).",
        "pelaku-0-name": "Pelaku Uji",
        "pelaku-0-sex": "l",
        "pelaku-0-age": "40",
        "pelaku-0-relation": "orang_tua",
    }
    data.update(overrides)
    return data


def case_id_of(response):
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


# ---- intake ---------------------------------------------------------------------------------------


def test_admin_staff_open_a_walk_in_case_with_documents(login):
    admin = login("admin1")
    response = open_case(admin, documents=["ktp_kk", "akta_kelahiran"], manager=str(user("manajer1").id))
    assert response.status_code == 302
    case = Case.get_by_id(case_id_of(response))
    assert case.code.startswith("KS-") and case.channel == "polisi" and case.procedure == "kekerasan"
    assert case.person.name == "Mawar (uji)" and case.person.is_child
    assert case.manager.username == "manajer1" and case.opened_by.username == "admin1"
    assert {d.kind for d in CaseDocument.select().where(CaseDocument.case == case.id, CaseDocument.present)} == {
        "ktp_kk",
        "akta_kelahiran",
    }
    (intake, log), (assessment, alog), *_ = case.timeline()
    assert log.finished_at is not None and alog is not None and alog.finished_at is None
    assert AuditLog.select().where(AuditLog.action == "create", AuditLog.record_type == "client_case").exists()
    page = admin.get(f"/kasus/{case.id}").get_data(as_text=True)
    assert case.code in page and "Mawar (uji)" in page
    # admin staff: the intake and documents, not the story
    assert "Kronologi uji" not in page and "Pendataan dan asesmen kebutuhan" not in page
    manager_page = login("manajer1").get(f"/kasus/{case.id}").get_data(as_text=True)
    assert "Kronologi uji" in manager_page and "Pendataan dan asesmen kebutuhan" in manager_page


def test_intake_errors_are_shown_by_the_field_keeping_what_was_typed(login):
    admin = login("admin1")
    response = open_case(admin, chronology="", channel="lembaga", referrer_agency="", name="Kenanga (uji)")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Tulis kronologis kasus" in page and "tulis nama lembaganya" in page and "Kenanga (uji)" in page
    assert Case.select().count() == 0
    assert open_case(admin, channel="tanda_risiko").status_code == 422  # only from a flag
    assert open_case(admin, procedure="lain").status_code == 422
    assert open_case(admin, manager=str(user("petugas1").id)).status_code == 422  # not a case manager
    assert open_case(admin, procedure="rehabilitasi", complaint_category="").status_code == 422


def test_a_child_needs_a_guardian_at_intake(login):
    response = open_case(login("admin1"), guardian_name="", guardian_relation="")
    assert response.status_code == 422 and "orang tua atau wali" in response.get_data(as_text=True)


def test_duplicate_person_check_as_for_targets(login):
    worker = login("petugas1")
    first = open_case(worker, nik="")
    assert first.status_code == 302
    again = open_case(worker)
    assert again.status_code == 422 and "Mungkin orang ini sudah tercatat" in again.get_data(as_text=True)
    person = Case.get_by_id(case_id_of(first)).person
    same = open_case(worker, confirm=str(person.id))
    assert same.status_code == 302 and Case.get_by_id(case_id_of(same)).person_id == person.id
    other = open_case(worker, confirm="new")
    assert other.status_code == 302 and Case.get_by_id(case_id_of(other)).person_id != person.id
    assert Person.select().where(Person.name == "Mawar (uji)").count() == 2


def test_admin_staff_see_only_codes_of_a_possible_duplicate(login):
    open_case(login("petugas1"))
    page = open_case(login("admin1")).get_data(as_text=True)
    assert "Anda tidak dapat membuka data ini" in page and "Orang yang sama: pakai data ini" not in page


def test_head_of_unit_cannot_open_a_case(login):
    assert login("kepala1").get("/kasus/baru").status_code == 403


def test_a_case_from_an_outreach_visit_carries_person_consent_and_risk(login):
    worker = login("petugas1")
    visit = _visit_with_consent_and_high_risk(worker)
    flag = RiskFlag.get(RiskFlag.visit == visit.id)
    page = worker.get(f"/kunjungan/{visit.id}").get_data(as_text=True)
    assert f"/kasus/baru?kunjungan={visit.id}" in page  # "Buka kasus" on the visit page
    manager = login("manajer1")
    assert f"/kasus/baru?tanda={flag.id}" in manager.get(f"/tanda-bahaya/{flag.id}").get_data(as_text=True)
    form = manager.get(f"/kasus/baru?tanda={flag.id}").get_data(as_text=True)
    assert visit.target.code in form and 'name="name"' not in form  # nothing typed twice
    data = intake_data(channel="polisi", worker=str(visit.created_by_id))
    response = manager.post(f"/kasus/baru?tanda={flag.id}", data)
    assert response.status_code == 302
    case = Case.get_by_id(case_id_of(response))
    assert case.channel == sop_cases.FROM_FLAG and case.origin_flag_id == flag.id and case.origin_visit_id == visit.id
    assert case.target_id == visit.target_id and case.person_id == visit.target.person_id
    page = manager.get(f"/kasus/{case.id}").get_data(as_text=True)
    assert "Termasuk yang dicatat pada kunjungan" in page and "/asesmen-risiko/" in page
    # the visit page now links the open case instead of offering a second one
    assert f"/kasus/{case.id}" in worker.get(f"/kunjungan/{visit.id}").get_data(as_text=True)
    assert case in list(Case.caseload(user("kepala1")))


def _visit_with_consent_and_high_risk(worker):
    visit = make_visit()
    worker.get(f"/kunjungan/{visit.id}/asesmen-risiko")
    response = worker.post(f"/kunjungan/{visit.id}/asesmen-risiko", answers(yes=("senjata",)))
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:500]
    assert RiskFlag.select().where(RiskFlag.visit == visit.id).exists()
    return Visit.get_by_id(visit.id)


# ---- documents ------------------------------------------------------------------------------------


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 100, 50)).save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


def test_a_document_photo_is_kept_and_shown_to_those_who_see_the_case(login):
    case = make_case()
    admin = login("admin1")
    admin.get(f"/kasus/{case.id}/dokumen")
    response = admin.post(
        f"/kasus/{case.id}/dokumen",
        {"kind": "ktp_kk", "photo": (_jpeg(), "ktp.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    doc = CaseDocument.get(CaseDocument.case == case.id, CaseDocument.kind == "ktp_kk")
    assert doc.present and doc.stored_name and doc.is_image
    assert admin.get(f"/kasus/dokumen/{doc.id}/foto").status_code == 200
    assert login("kepala2").get(f"/kasus/dokumen/{doc.id}/foto").status_code == 403
    other = add_user("petugas9", roles.WORKER)
    assert other and login("petugas9").get(f"/kasus/dokumen/{doc.id}/foto").status_code == 403
    bad = admin.post(
        f"/kasus/{case.id}/dokumen",
        {"kind": "ktp_kk", "photo": (io.BytesIO(b"not an image"), "x.jpg")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    assert login("kepala1").post(f"/kasus/{case.id}/dokumen", {"documents": ["pas_foto"]}).status_code == 403


# ---- consent and risk on a case -------------------------------------------------------------------


def test_consent_and_a_high_risk_assessment_on_a_walk_in_case_raise_the_flag(login):
    case = make_case(worker="petugas1")
    worker = login("petugas1")
    worker.get(f"/kasus/{case.id}")
    response = worker.post(f"/kasus/{case.id}/pertemuan", {"ke": "persetujuan"})
    visit = Visit.get(Visit.case == case.id)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/kunjungan/{visit.id}/persetujuan")
    assert visit.plan_id is None
    give_consent(visit)
    worker.get(f"/kunjungan/{visit.id}/asesmen-risiko")
    response = worker.post(f"/kunjungan/{visit.id}/asesmen-risiko", answers(yes=("senjata",)))
    assert response.status_code in (302, 303)
    flag = RiskFlag.get(RiskFlag.visit == visit.id)
    assert flag.unit_id == case.unit_id and flag.closed_at is None
    page = worker.get(f"/kasus/{case.id}").get_data(as_text=True)
    assert f"/tanda-bahaya/{flag.id}" in page
    assert login("admin1").post(f"/kasus/{case.id}/pertemuan").status_code == 403


# ---- assessment and review ------------------------------------------------------------------------


def test_assessment_with_simfoni_fields_review_and_history(login):
    case = make_case(worker="petugas1", child=True)
    worker = login("petugas1")
    worker.get(f"/kasus/{case.id}/asesmen")
    data = assessment_data(
        **{"pelaku-1-name": "", "pelaku-1-relation": "tetangga", "pelaku-1-age": "16", "pelaku-1-sex": ""}
    )
    assert worker.post(f"/kasus/{case.id}/asesmen", dict(data, kirim="0")).status_code == 302
    a = CaseAssessment.of(case)
    assert a.status == CaseAssessment.DRAFT and a.kdrt is True and a.fits is True
    assert a.age_band == "13-17"  # born 2012-05-01
    assert sorted(a.answers(CaseAssessment.VIOLENCE)) == ["fisik", "psikis"]
    assert [p.relation for p in a.perpetrators] == ["orang_tua", "tetangga"] and a.perpetrators[1].is_child
    # submitted: step 2 done, step 3 (review) starts
    worker.get(f"/kasus/{case.id}/asesmen")
    data["version"] = str(CaseAssessment.of(case).version)
    assert worker.post(f"/kasus/{case.id}/asesmen", dict(data, kirim="1")).status_code == 302
    a = CaseAssessment.of(case)
    assert a.status == CaseAssessment.SUBMITTED
    logs = {step.key: log for step, log in case.timeline()}
    assert logs[sop_cases.ASSESSMENT].finished_at and logs[sop_cases.REVIEW].finished_at is None
    # counted as SIMFONI would: one row per jenis kekerasan
    assert (
        CaseAnswer.select()
        .where(CaseAnswer.unit == case.unit_id, CaseAnswer.kind == "jenis_kekerasan", CaseAnswer.key == "fisik")
        .count()
        == 1
    )
    # the worker cannot change it while it is with the supervisor
    assert worker.post(f"/kasus/{case.id}/asesmen", dict(data, kirim="0")).status_code == 409
    manager = login("manajer1")
    assert "Asesmen menunggu telaah" in manager.get("/").get_data(as_text=True)
    manager.get(f"/kasus/{case.id}/telaah")
    assert manager.post(f"/kasus/{case.id}/telaah", {"decision": "lengkapi", "note": ""}).status_code == 422
    assert (
        manager.post(f"/kasus/{case.id}/telaah", {"decision": "lengkapi", "note": "Tanya sekolahnya."}).status_code
        == 302
    )
    assert CaseAssessment.of(case).status == CaseAssessment.RETURNED
    page = worker.get(f"/kasus/{case.id}/asesmen").get_data(as_text=True)
    assert "Tanya sekolahnya." in page and "minta asesmen ini dilengkapi" in page
    data["version"] = str(CaseAssessment.of(case).version)
    assert worker.post(f"/kasus/{case.id}/asesmen", dict(data, kirim="1")).status_code == 302
    manager.get(f"/kasus/{case.id}/telaah")
    assert manager.post(f"/kasus/{case.id}/telaah", {"decision": "layanan"}).status_code == 422  # no service
    response = manager.post(
        f"/kasus/{case.id}/telaah", {"decision": "layanan", "services": ["kesehatan", "pendampingan_hukum"]}
    )
    assert response.status_code == 302
    assert CaseAssessment.of(case).status == CaseAssessment.AGREED
    assert CaseReview.decided_services(case) == ["kesehatan", "pendampingan_hukum"]
    assert [e.kind for e in case.events()][-4:] == [
        "assessment_submitted",
        "review_lengkapi",
        "assessment_submitted",
        "review_layanan",
    ]
    logs = {step.key: log for step, log in case.timeline()}
    assert logs[sop_cases.REVIEW].finished_at and logs[sop_cases.SERVICES] is not None
    # the review cannot be given twice
    assert manager.post(f"/kasus/{case.id}/telaah", {"decision": "setuju"}).status_code == 302
    assert CaseReview.select().where(CaseReview.case == case.id).count() == 2


def test_no_criterion_met_means_the_client_does_not_fit(login):
    case = make_case(worker="petugas1")
    worker = login("petugas1")
    worker.get(f"/kasus/{case.id}/asesmen")
    assert worker.post(f"/kasus/{case.id}/asesmen", assessment_data(criteria=[], kirim="0")).status_code == 302
    assert CaseAssessment.of(case).fits is False
    # a criterion of the other SOP is refused
    response = worker.post(f"/kasus/{case.id}/asesmen", assessment_data(criteria=["deportasi"], kirim="0", version="2"))
    assert response.status_code == 422


def test_bad_assessment_input_is_a_422_in_the_users_language(login):
    case = make_case(worker="petugas1")
    worker = login("petugas1")
    worker.get(f"/kasus/{case.id}/asesmen")
    response = worker.post(
        f"/kasus/{case.id}/asesmen",
        assessment_data(
            story="",
            incident_place="bulan",
            violence_types=["x"],
            incident_date="2999-01-01",
            **{"pelaku-0-relation": "", "pelaku-0-age": "tua"},
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Tulis hasil asesmen" in page and "Pilih hubungan pelaku" in page
    assert CaseAssessment.select().count() == 0


def test_the_kepala_reviews_when_the_unit_says_so(login):
    case = make_case(worker="petugas1")
    CaseAssessment.save_for(case, user("petugas1"), {"story": "x"}, {}, [], submit=True)
    assert login("manajer1").get(f"/kasus/{case.id}/telaah").status_code == 200
    assert login("kepala1").get(f"/kasus/{case.id}/telaah").status_code == 403
    kepala = login("kepala1")
    kepala.get("/kasus/pengaturan")
    assert kepala.post("/kasus/pengaturan", {"reviewer": "kepala"}).status_code == 302
    assert CaseSettings.reviewer_of(case.unit_id) == roles.HEAD
    assert login("manajer1").get(f"/kasus/{case.id}/telaah").status_code == 403
    assert kepala.get(f"/kasus/{case.id}/telaah").status_code == 200
    assert kepala.post("/kasus/pengaturan", {"reviewer": "admin"}).status_code == 422


# ---- need to know, isolation, audit ---------------------------------------------------------------


def test_admin_staff_never_see_the_assessment(login):
    case = make_case(worker="petugas1")
    CaseAssessment.save_for(case, user("petugas1"), {"story": "cerita rahasia"}, {}, [], submit=True)
    admin = login("admin1")
    assert admin.get(f"/kasus/{case.id}").status_code == 200
    assert admin.get(f"/kasus/{case.id}/asesmen").status_code == 403
    assert admin.get(f"/kasus/{case.id}/telaah").status_code == 403
    assert "cerita rahasia" not in admin.get(f"/kasus/{case.id}").get_data(as_text=True)
    assert AuditLog.select().where(AuditLog.action == "denied", AuditLog.record_id == "casefile.assessment").exists()


def test_units_do_not_see_each_others_cases(login):
    case = make_case()
    other = login("kepala2")
    assert other.get(f"/kasus/{case.id}").status_code == 403
    assert other.get(f"/kasus/{case.id}/dokumen").status_code == 403
    assert case.code not in other.get("/kasus/").get_data(as_text=True)
    assert case.code not in other.get("/kasus/beban").get_data(as_text=True)
    assert login("admin1").get("/kasus/999999").status_code == 404


def test_a_worker_sees_only_her_cases(login):
    mine, theirs = make_case(worker="petugas1"), make_case(worker="petugas2")
    worker = login("petugas1")
    listing = worker.get("/kasus/").get_data(as_text=True)
    assert mine.code in listing and theirs.code not in listing
    assert worker.get(f"/kasus/{theirs.id}").status_code == 403


def test_every_read_of_a_case_is_audited(login):
    case = make_case()
    before = AuditLog.select().count()
    login("manajer1").get(f"/kasus/{case.id}")
    rows = list(
        AuditLog.select().where(AuditLog.id > 0).order_by(AuditLog.id.desc()).limit(AuditLog.select().count() - before)
    )
    kinds = {(r.action, r.record_type) for r in rows}
    assert ("view", "client_case") in kinds and ("view", "person") in kinds


# ---- caseload -------------------------------------------------------------------------------------


def test_caseload_shows_the_next_due_step_and_overdue_in_red(login):
    late = make_case(manager="manajer1", received_at=now() - timedelta(hours=2))
    fresh = make_case(manager="manajer1")
    make_case(manager=None)
    page = login("manajer1").get("/kasus/beban").get_data(as_text=True)
    assert late.code in page and fresh.code in page and "Lewat batas waktu SOP" in page
    assert "2 kasus terbuka" in page
    kepala = login("kepala1").get("/kasus/beban").get_data(as_text=True)
    assert "3 kasus terbuka" in kepala
    assert CaseStepLog.next_due([late])[late.id].is_overdue()
    assert "Kasus saya" in login("manajer1").get("/").get_data(as_text=True)


def test_caseload_shows_services_past_their_due_date_in_red(login):
    case = make_case(manager="manajer1", procedure="perdagangan_orang")
    service = CaseService.plan(case, user("manajer1"), service="rumah_aman", provider="RSTS", coordinator="Bu Uji")
    page = login("manajer1").get("/kasus/beban").get_data(as_text=True)
    assert "layanan lewat batas waktu" not in page
    CaseService.update(due_at=now() - timedelta(days=1)).where(CaseService.id == service.id).execute()
    page = login("manajer1").get("/kasus/beban").get_data(as_text=True)
    assert "1 layanan lewat batas waktu" in page and 'class="is-overdue"' in page


def case_codes(html):
    """The case codes of the caseload list of a page (home panel or /kasus/beban), in order."""
    listed = html[html.index('<ul class="list caseload">') :]
    return re.findall(r'<strong class="code">(KS-\d{2}-\d{4})</strong>', listed[: listed.index("</ul>")])


def test_the_case_managers_home_shows_her_caseload_first_twenty_with_the_count(login):
    mine = [make_case(manager="manajer1") for _ in range(22)]
    late = make_case(manager="manajer1", received_at=now() - timedelta(hours=2))  # intake: 15 minutes
    add_user("manajer9", roles.CASE_MANAGER)
    other = make_case(manager="manajer9")
    closed = make_case(manager="manajer1")
    Case.update(status=Case.CLOSED).where(Case.id == closed.id).execute()
    html = login("manajer1").get("/").get_data(as_text=True)
    panel = html[html.index('id="panel-caseload-h"') :]
    panel = panel[: panel.index("</section>")]
    assert "Kasus saya" in panel and '<span class="badge">23</span>' in panel
    assert "1 lewat batas waktu" in panel  # of the whole caseload, not only the rows shown
    codes = case_codes(html)
    assert len(codes) == 20 and codes[0] == late.code  # newest first
    assert other.code not in panel and closed.code not in panel
    assert set(codes) <= {c.code for c in mine + [late]}
    assert '<li class="is-overdue">' in panel and "Lewat batas waktu SOP" in panel
    assert "Penanganan korban tindak kekerasan" in panel  # the SOP of each case
    assert 'href="/kasus/beban">Semua 23 kasus terbuka</a>' in panel
    assert "Kasus terbuka di unit" in login("kepala1").get("/").get_data(as_text=True)
    assert case_codes(login("manajer9").get("/").get_data(as_text=True)) == [other.code]  # hers only


def test_the_caseload_pages_by_keyset_every_open_case_once(login):
    cases = [make_case(manager="manajer1") for _ in range(53)]
    manager = login("manajer1")
    first = manager.get("/kasus/beban").get_data(as_text=True)
    assert "53 kasus terbuka" in first and 'rel="next"' in first
    next_url = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    rest = manager.get(next_url).get_data(as_text=True)
    assert "53 kasus terbuka" in rest and 'rel="next"' not in rest
    page1, page2 = case_codes(first), case_codes(rest)
    assert len(page1) == 50 and len(page2) == 3 and not set(page1) & set(page2)
    assert page1 + page2 == [c.code for c in reversed(cases)]  # newest first, none missed
    assert "Tanda bahaya yang Anda tangani" in first and "Tanda bahaya yang Anda tangani" not in rest
    assert manager.get("/kasus/beban?setelah=bukan-kursor").get_data(as_text=True).count("KS-") >= 50


@pytest.mark.parametrize("path", ["/kasus/", "/kasus/beban"])
def test_lists_answer_every_role_that_may_see_them(login, path):
    make_case()
    for name in ("petugas1", "manajer1", "kepala1"):
        assert login(name).get(path).status_code == 200


# ---- offline (point 9) ----------------------------------------------------------------------------

SYNC = {"X-Jangkau-Sync": "1"}


@pytest.mark.parametrize("slug", ["terima-klien", "asesmen-kasus"])
def test_blank_case_forms_are_public_and_hold_no_personal_data(slug, anon, login):
    case = make_case()
    for browser in (anon, login("manajer1")):
        response = browser.get(f"/luring/formulir/{slug}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and 'name="instance_id"' in html
        for secret in (case.person.name, case.code, "kronologi rahasia", "Rina Contoh", "Sari Contoh"):
            assert secret not in html, (slug, secret)
    assert 'data-offline-form="case_intake"' in anon.get("/luring/formulir/terima-klien").get_data(as_text=True)
    assessment = anon.get("/luring/formulir/asesmen-kasus").get_data(as_text=True)
    assert 'data-offline-form="case_assessment"' in assessment and 'value="deportasi"' in assessment
    assert 'value="dibiarkan_dalam_bahaya"' in assessment and 'name="kirim"' in assessment


def test_an_intake_sent_twice_from_the_phone_makes_one_case(login):
    import uuid

    admin = login("admin1")
    admin.get("/")
    iid = str(uuid.uuid4())
    first = admin.post("/kasus/baru", intake_data(instance_id=iid), headers=SYNC)
    assert first.status_code == 201, first.get_data(as_text=True)[:300]
    again = admin.post("/kasus/baru", intake_data(instance_id=iid), headers=SYNC)
    assert again.status_code == 200 and again.get_json()["status"] == "already"
    assert Case.select().count() == 1 and Case.get().instance_id == iid
    different = admin.post("/kasus/baru", intake_data(instance_id=iid, chronology="lain"), headers=SYNC)
    assert different.status_code == 409 and Case.select().count() == 1


def test_an_assessment_sent_from_the_phone_is_kept_once_and_can_go_to_the_supervisor(login):
    import uuid

    case = make_case(worker="petugas1")
    worker = login("petugas1")
    worker.get("/")
    iid = str(uuid.uuid4())
    data = assessment_data(instance_id=iid, kirim="1")
    assert worker.post(f"/kasus/{case.id}/asesmen", data, headers=SYNC).status_code == 201
    assert worker.post(f"/kasus/{case.id}/asesmen", data, headers=SYNC).status_code == 200
    a = CaseAssessment.of(case)
    assert a.instance_id == iid and a.status == CaseAssessment.SUBMITTED
    # a criterion of the other SOP (the offline copy shows both): refused with the reason, nothing kept
    other = make_case(worker="petugas1")
    bad = worker.post(
        f"/kasus/{other.id}/asesmen",
        assessment_data(instance_id=str(uuid.uuid4()), criteria=["deportasi"]),
        headers=SYNC,
    )
    assert bad.status_code == 422 and CaseAssessment.of(other) is None
