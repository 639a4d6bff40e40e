"""The risk assessment form (step 9): web.risk's rule as the worker meets it on the phone, saving,
reporting to the case managers, the offline contract, and who may see it."""

import json
import re
import uuid

import pytest
from flask import render_template

from tests.factories import NON_FLAG_KEYS, PERSON_NAME, add_user, answers, make_visit
from web import risk, roles, sop
from web.models import AuditLog, Referral, RiskAssessment, RiskFlag, StepLog, User
from web.timeutil import now


def url(visit):
    return f"/kunjungan/{visit.id}/asesmen-risiko"


def checked(html, key, value):
    """True when the radio `key` = `value` is checked in the page (what was typed is kept)."""
    for tag in re.findall(r"<input[^>]*>", html):
        if f'name="{key}"' in tag and f'value="{value}"' in tag:
            return "checked" in tag
    raise AssertionError(f"no radio {key}={value}")


@pytest.fixture
def visit(demo):
    return make_visit()


@pytest.fixture
def worker(login):
    return login("petugas1")


# ---- the form ---------------------------------------------------------------------------------


def test_form_lists_every_item_in_its_group_with_three_answers(worker, visit):
    response = worker.get(url(visit))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for group in risk.GROUPS:
        assert group.name_id in html
    for item in risk.RISK_ITEMS:
        for answer in risk.ANSWERS:
            assert f'name="{item.key}" type="radio" value="{answer.key}"' in html or re.search(
                rf'<input[^>]*name="{item.key}"[^>]*value="{answer.key}"', html
            )
    assert html.count("Tanda bahaya</span>") == len(risk.RED_FLAGS)
    assert 'inputmode="numeric"' in html and 'name="hours_since_rape"' in html


def test_form_follows_the_offline_contract(worker, visit):
    html = worker.get(url(visit)).get_data(as_text=True)
    assert html.count('data-offline-form="risk"') == 1
    assert re.search(r'<input[^>]*id="instance_id"[^>]*name="instance_id"[^>]*type="hidden"[^>]*value=""', html)
    assert 'data-offline-form="darurat"' in html  # the Darurat button, its own form
    # live result with htmx, and a real submit button without JS
    assert f'hx-post="{url(visit)}"' in html and 'hx-trigger="change"' in html and 'hx-target="#risk-result"' in html
    assert 'name="preview"' in html and 'id="risk-result"' in html


def test_the_form_partial_holds_no_personal_data(app, visit):
    from web.assessments.forms import RiskForm

    with app.test_request_context("/"):
        html = render_template(
            "assessments/_risk_form.html", form=RiskForm(meta={"csrf": False}), result=None, rule_error=None
        )
    assert 'name="senjata"' in html
    assert PERSON_NAME not in html and visit.target.code not in html


def test_the_page_shows_the_code_never_the_name(worker, visit):
    html = worker.get(url(visit)).get_data(as_text=True)
    assert visit.target.code in html and PERSON_NAME not in html


def test_the_visit_is_found_by_its_instance_id_too(worker, visit):
    assert worker.get(f"/kunjungan/{visit.instance_id}/asesmen-risiko").status_code == 200
    assert worker.get(f"/kunjungan/{uuid.uuid4()}/asesmen-risiko").status_code == 404


# ---- the rule as the form uses it -------------------------------------------------------------


@pytest.mark.parametrize("item", risk.RED_FLAGS, ids=lambda i: i.key)
def test_every_red_flag_forces_tinggi_and_raises_a_flag(worker, visit, item):
    data = answers(yes=[item.key])
    preview = worker.post(url(visit), {**data, "preview": "1"})
    assert preview.status_code == 200
    assert re.search(r'class="badge big tinggi">Tinggi<', preview.get_data(as_text=True))
    assert RiskAssessment.select().count() == 0  # nothing saved by the check

    saved = worker.post(url(visit), data)
    assert saved.status_code == 302
    assessment = RiskAssessment.get()
    assert (assessment.level, assessment.computed_level, assessment.forced) == (risk.TINGGI, risk.TINGGI, True)
    assert json.loads(assessment.answers)[item.key] == risk.YA
    assert RiskFlag.get().assessment_id == assessment.id


def test_the_level_and_the_reasons_are_shown_before_saving(worker, visit):
    data = answers(yes=NON_FLAG_KEYS[:2], unknown=["senjata"])
    html = worker.post(url(visit), {**data, "preview": "1"}).get_data(as_text=True)
    assert re.search(r'class="badge big sedang">Sedang<', html)
    for key in NON_FLAG_KEYS[:2]:
        assert risk.ITEM_BY_KEY[key].short_id in html
    assert "senjata dipakai atau diancamkan" in html and "(tidak tahu)" in html
    assert "manajer kasus akan menjadwalkan asesmen lanjutan" in html
    # what was answered is still there, to change or to save
    assert checked(html, NON_FLAG_KEYS[0], "ya") and checked(html, "senjata", "tidak_tahu")
    assert RiskAssessment.select().count() == 0


def test_the_htmx_check_returns_only_the_result(worker, visit):
    response = worker.post(url(visit), {**answers(yes=["dicekik"]), "preview": "1"}, headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and 'name="senjata"' not in html
    assert "Tinggi" in html and "tanda bahaya langsung dikirim ke manajer kasus" in html


def test_four_yes_among_the_others_is_tinggi(worker, visit):
    worker.post(url(visit), answers(yes=NON_FLAG_KEYS[: risk.HIGH_COUNT]))
    assessment = RiskAssessment.get()
    assert assessment.level == risk.TINGGI and not assessment.forced
    assert RiskFlag.select().count() == 1


def test_lowering_needs_a_written_reason(worker, visit):
    data = answers(yes=NON_FLAG_KEYS[:2])  # sedang by the count
    refused = worker.post(url(visit), {**data, "level": risk.RENDAH, "lower_reason": "  "})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="level-error"' in html and "Tuliskan alasan" in html
    assert checked(html, NON_FLAG_KEYS[0], "ya") and checked(html, "level", risk.RENDAH)
    assert RiskAssessment.select().count() == 0

    saved = worker.post(url(visit), {**data, "level": risk.RENDAH, "lower_reason": "Pelaku sudah ditahan polisi."})
    assert saved.status_code == 302
    assessment = RiskAssessment.get()
    assert (assessment.level, assessment.computed_level, assessment.lowered) == (risk.RENDAH, risk.SEDANG, True)
    assert assessment.lower_reason == "Pelaku sudah ditahan polisi."
    # the case manager sees that it was lowered and why
    page = worker.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Diturunkan oleh petugas dari Sedang" in page and "Pelaku sudah ditahan polisi." in page


def test_lowering_a_forced_level_is_refused_and_nothing_is_lost(worker, visit):
    data = answers(yes=["ancaman_dibunuh", NON_FLAG_KEYS[0]], unknown=["senjata"])
    data.update(level=risk.SEDANG, lower_reason="Korban bilang pelaku hanya menggertak.")
    for extra in ({}, {"preview": "1"}):
        response = worker.post(url(visit), {**data, **extra})
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert "tidak boleh diturunkan" in html and 'id="level-error"' in html
        assert checked(html, "ancaman_dibunuh", "ya") and checked(html, "senjata", "tidak_tahu")
        assert checked(html, NON_FLAG_KEYS[0], "ya") and checked(html, "level", risk.SEDANG)
        assert "Korban bilang pelaku hanya menggertak." in html
    assert RiskAssessment.select().count() == 0 and RiskFlag.select().count() == 0


def test_the_worker_may_raise_the_level(worker, visit):
    worker.post(url(visit), {**answers(), "level": risk.TINGGI})
    assessment = RiskAssessment.get()
    assert (assessment.level, assessment.computed_level, assessment.raised) == (risk.TINGGI, risk.RENDAH, True)
    assert RiskFlag.get().assessment_id == assessment.id


def test_every_item_must_be_answered_to_save(worker, visit):
    data = answers()
    del data["senjata"]
    response = worker.post(url(visit), data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="senjata-error"' in html
    assert checked(html, "dicekik", "tidak")
    assert RiskAssessment.select().count() == 0
    # but the check works with part of the answers
    assert worker.post(url(visit), {"dicekik": "ya", "preview": "1"}).status_code == 200


def test_an_unknown_answer_is_refused(worker, visit):
    response = worker.post(url(visit), {**answers(), "senjata": "mungkin"})
    assert response.status_code == 422 and "Jawaban tidak dikenal" in response.get_data(as_text=True)


def test_hours_since_rape_give_the_deadlines(worker, visit):
    data = answers(yes=[risk.RAPE_ITEM])
    html = worker.post(url(visit), {**data, "hours_since_rape": "10", "preview": "1"}).get_data(as_text=True)
    assert "sisa 62 jam" in html and "sisa 110 jam" in html
    html = worker.post(url(visit), {**data, "preview": "1"}).get_data(as_text=True)
    assert "Tanyakan sudah berapa jam sejak perkosaan" in html
    bad = worker.post(url(visit), {**data, "hours_since_rape": "sepuluh"})
    assert bad.status_code == 422 and "Isi jumlah jam dengan angka" in bad.get_data(as_text=True)
    too_many = worker.post(url(visit), {**data, "hours_since_rape": "200"})
    assert too_many.status_code == 422 and "Lebih dari 120 jam" in too_many.get_data(as_text=True)
    worker.post(url(visit), {**data, "hours_since_rape": "10"})
    assessment = RiskAssessment.get()
    assert assessment.hours_since_rape == 10
    assert [d.hours_left for d in assessment.deadlines(at=assessment.assessed_at)] == [62, 110]


def test_hours_are_ignored_when_the_rape_item_is_not_ya(worker, visit):
    worker.post(url(visit), {**answers(), "hours_since_rape": "abc"})
    assert RiskAssessment.get().hours_since_rape is None


# ---- saving -----------------------------------------------------------------------------------


def test_the_same_form_sent_twice_makes_one_assessment(worker, visit):
    instance_id = str(uuid.uuid4())
    first = worker.post(url(visit), {**answers(yes=["senjata"]), "instance_id": instance_id})
    second = worker.post(url(visit), {**answers(yes=["senjata"]), "instance_id": instance_id})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert RiskAssessment.select().count() == 1 and RiskFlag.select().count() == 1
    assert RiskAssessment.get().instance_id == instance_id


def test_a_form_without_instance_id_gets_one(worker, visit):
    worker.post(url(visit), answers())
    assert uuid.UUID(RiskAssessment.get().instance_id)


def test_saving_records_sop_steps_9_and_10(worker, visit):
    worker.get(url(visit))
    worker.post(url(visit), answers())
    step9 = StepLog.get(StepLog.subject_type == "visit", StepLog.subject_id == visit.id, StepLog.step == 9)
    step10 = StepLog.get(StepLog.subject_type == "visit", StepLog.subject_id == visit.id, StepLog.step == 10)
    assert step9.finished_at is not None and step9.started_by.username == "petugas1"
    assert step10.started_at is not None and step10.finished_at is None


def test_views_and_saving_are_audited_without_personal_data(worker, visit):
    worker.get(url(visit))
    saved = worker.post(url(visit), answers(yes=["senjata"]))
    worker.get(saved.headers["Location"])
    assessment, flag = RiskAssessment.get(), RiskFlag.get()
    assert AuditLog.select().where(AuditLog.action == "view", AuditLog.record_type == "visit").exists()
    actions = [e.action for e in AuditLog.for_record("risk_assessment", assessment.id)]
    assert actions == ["create", "view"]
    assert [e.action for e in AuditLog.for_record("risk_flag", flag.id)] == ["create"]
    assert not AuditLog.select().where(AuditLog.detail.contains(PERSON_NAME)).exists()


def test_no_consent_to_the_assessment_no_saving(login, demo):
    visit = make_visit(consent=False)
    worker = login("petugas1")
    html = worker.get(url(visit)).get_data(as_text=True)
    assert "Belum ada persetujuan korban untuk asesmen" in html
    response = worker.post(url(visit), answers(yes=["senjata"]))
    assert response.status_code == 422 and "Asesmen belum disimpan" in response.get_data(as_text=True)
    assert checked(response.get_data(as_text=True), "senjata", "ya")
    assert RiskAssessment.select().count() == 0
    refused = make_visit(refused=True)
    assert worker.post(url(refused), answers()).status_code == 422


def test_the_refusal_is_inside_the_form_that_the_phone_swaps_in(login, demo):
    """The phone's script replaces the form with the server's (static/js/forms.js): the reason must be in it."""
    refused = make_visit(refused=True)
    html = login("petugas1").post(url(refused), answers(yes=["senjata"])).get_data(as_text=True)
    form = re.search(r'<form[^>]*data-offline-form="risk".*?</form>', html, re.S).group(0)
    assert 'role="alert"' in form and "Asesmen belum disimpan" in form


# ---- reporting to the case managers -----------------------------------------------------------


def test_tinggi_reaches_the_case_managers_flag_list(worker, login, visit):
    worker.post(url(visit), answers(yes=["senjata"]))
    fragment = login("manajer1").get("/tanda-bahaya/daftar").get_data(as_text=True)
    assert visit.target.code in fragment and PERSON_NAME not in fragment


def test_rendah_and_sedang_appear_in_the_new_assessments_list(worker, login, visit):
    other = make_visit()
    worker.post(url(visit), answers())
    worker.post(url(other), answers(yes=NON_FLAG_KEYS[:2]))
    assert RiskFlag.select().count() == 0
    home = login("manajer1").get("/").get_data(as_text=True)
    assert "Asesmen baru" in home and visit.target.code in home and other.target.code in home
    # a newer assessment of the same visit replaces the older in the list
    worker.post(url(visit), answers(yes=NON_FLAG_KEYS[:1]))
    assert [a.visit_id for a in RiskAssessment.awaiting_further_assessment(visit.unit_id)].count(visit.id) == 1


# ---- who may see it ---------------------------------------------------------------------------


def test_only_the_assigned_workers_and_the_units_managers_and_head_see_it(worker, login, visit):
    saved = worker.post(url(visit), answers())
    page = saved.headers["Location"]
    assert login("manajer1").get(page).status_code == 200
    assert login("kepala1").get(page).status_code == 200
    assert login("petugas2").get(page).status_code == 403  # not on this plan's team
    assert login("petugas2").get(url(visit)).status_code == 403
    assert login("kepala2").get(page).status_code == 403  # another unit
    assert login("kepala1").get(url(visit)).status_code == 403  # the Kepala does not fill it
    assert login("admin1").get(page).status_code == 403


def test_a_case_manager_of_another_unit_cannot_fill_or_see_it(login, demo, visit):
    add_user("manajer2", roles.CASE_MANAGER, "UPTD-PPA-SPL")
    other = login("manajer2")
    assert other.get(url(visit)).status_code == 403
    assert other.post(url(visit), answers(yes=["senjata"])).status_code == 403
    assert RiskAssessment.select().count() == 0


def test_the_form_speaks_english_too(worker, visit):
    worker.post("/bahasa", {"lang": "en"})
    html = worker.post(url(visit), {**answers(yes=["senjata"]), "preview": "1"}).get_data(as_text=True)
    assert risk.ITEM_BY_KEY["senjata"].text_en in html and "Check the risk level" in html
    assert "Red flag" in html and re.search(r'class="badge big tinggi">High<', html)
    assert "weapon used or threatened" in html


# ---- the printed form (issue 12 point 8) ------------------------------------------------------


def saved_assessment(worker, visit, **data):
    response = worker.post(url(visit), {**answers(yes=["senjata", risk.RAPE_ITEM]), "hours_since_rape": "10", **data})
    assert response.status_code == 302
    return RiskAssessment.get(RiskAssessment.visit == visit)


def test_the_printed_form_has_every_question_its_answer_and_the_level(worker, login, visit):
    assessment = saved_assessment(worker, visit)
    manager = login("manajer1")
    manager.post(f"/tanda-bahaya/{RiskFlag.get().id}/terima")
    page = f"/asesmen-risiko/{assessment.id}"
    assert f'href="{page}/cetak"' in manager.get(page).get_data(as_text=True)  # a plain link from the record
    response = manager.get(f"{page}/cetak")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    sheet = html.split('<article class="sheet form-sheet" lang="id">')[1].split("</article>")[0]
    assert "FORMULIR ASESMEN RISIKO" in sheet and "langkah 9" in sheet
    assert "PEMERINTAH KOTA CONTOH" in sheet and "UPTD PPA KOTA CONTOH (DEMO)" in sheet  # the unit's kop
    for item in risk.RISK_ITEMS:
        assert item.text_id in sheet
    for group in risk.GROUPS:
        assert group.name_id in sheet
    assert sheet.count("✓") == len(risk.RISK_ITEMS)  # one answer ticked per question
    assert sheet.count('<span class="visually-hidden">Ya</span>') == 2
    assert "<strong>TINGGI</strong>" in sheet and "10 jam sebelum asesmen" in sheet
    assert "PEP (obat pencegah HIV)" in sheet and "(72 jam sejak kejadian)" in sheet
    assert visit.target.code in sheet and PERSON_NAME in sheet
    # signature lines: the case manager who took up the flag, and the worker, with the unit's place and date
    assert "Mengetahui," in sheet and "Manajer Kasus" in sheet and "Petugas penjangkauan" in sheet
    signatures = sheet.split('class="form-signatures"')[1]
    assert signatures.index("Rina Contoh") < signatures.index("Sari Contoh (petugas demo)")
    assert re.search(r"Kota Contoh, \d{1,2} \w+ 20\d\d", sheet)
    assert "data-print-form" in html and f'action="{page}/cetak"' in html  # the Cetak button records the print


def test_the_printed_form_is_in_indonesian_for_an_english_user_too(worker, visit):
    assessment = saved_assessment(worker, visit)
    worker.post("/bahasa", {"lang": "en"})
    html = worker.get(f"/asesmen-risiko/{assessment.id}/cetak").get_data(as_text=True)
    bar, sheet = html.split('<article class="sheet form-sheet" lang="id">')
    assert "Back to the assessment result" in bar
    assert "FORMULIR ASESMEN RISIKO" in sheet and risk.ITEM_BY_KEY["senjata"].text_id in sheet


def test_the_printed_form_is_for_those_who_see_the_assessment(worker, login, visit):
    assessment = saved_assessment(worker, visit)
    page = f"/asesmen-risiko/{assessment.id}/cetak"
    assert login("kepala1").get(page).status_code == 200
    assert login("petugas2").get(page).status_code == 403  # not on this plan's team
    assert login("kepala2").get(page).status_code == 403  # another unit
    assert login("admin1").get(page).status_code == 403  # admin staff never read it
    assert login("admin1").post(page).status_code == 403
    assert login("kepala2").post(page, headers={"X-Jangkau-Print": "1"}).status_code == 403
    assert worker.get("/asesmen-risiko/999999/cetak").status_code == 404
    assert not AuditLog.select().where(AuditLog.action == "print").exists()


def test_opening_is_a_read_and_the_cetak_button_a_print_both_audited(worker, visit):
    assessment = saved_assessment(worker, visit)
    page = f"/asesmen-risiko/{assessment.id}/cetak"
    worker.get(page)
    assert worker.post(page, headers={"X-Jangkau-Print": "1"}).status_code == 204
    assert worker.post(page).status_code == 303  # without JavaScript: back to the page
    assert worker.post(page, {"csrf_token": "wrong"}).status_code == 400
    entries = [(e.action, e.detail) for e in AuditLog.for_record("risk_assessment", assessment.id)]
    assert entries[-3:] == [("view", "print view"), ("print", "formulir asesmen risiko")] + [
        ("print", "formulir asesmen risiko")
    ]
    assert AuditLog.select().where(AuditLog.action == "view", AuditLog.record_type == "person").exists()
    assert not AuditLog.select().where(AuditLog.detail.contains(PERSON_NAME)).exists()


def test_the_printed_form_runs_as_many_queries_with_more_follow_up(worker, login, visit, count_queries):
    assessment = saved_assessment(worker, visit)
    manager = login("manajer1")
    page = f"/asesmen-risiko/{assessment.id}/cetak"
    flag = RiskFlag.get()
    health = sop.by_key(sop.EMERGENCY_SERVICES, "kesehatan")
    by = User.by_username("manajer1")

    def refer(provider):
        Referral.make(flag, by, health, provider=provider, contact="", contact_phone="", referred_at=now())

    refer("RSUD Satu")
    manager.get(page)
    one = count_queries(lambda: manager.get(page))
    refer("RSUD Dua")
    refer("RSUD Tiga")
    assert "RSUD Tiga" in manager.get(page).get_data(as_text=True)
    assert count_queries(lambda: manager.get(page)) == one
