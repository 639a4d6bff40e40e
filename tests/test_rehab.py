"""Rehabilitation (SOP 003) and termination (web/rehab/, web/models/rehab.py): each step and rule, who may
see and do what, the audit of reads and prints, the offline forms."""

import uuid
from datetime import date, timedelta

import pytest

from tests.factories import PERSON_NAME, add_user, make_case, user
from web import roles, sop_cases
from web.models import (
    AuditLog,
    Case,
    CaseConference,
    CaseEvent,
    CaseStepLog,
    Disposition,
    HomeVisit,
    Mediation,
    MonitoringNote,
    PlanTask,
    Termination,
)

REHAB = sop_cases.REHABILITATION


def rehab_case(**kw):
    return make_case(procedure=REHAB, child=True, **kw)


def url(case, path):
    return f"/kasus/{case.id}/{path}"


def home_visit_data(**over):
    data = {
        "instance_id": str(uuid.uuid4()),
        "visited_on": date.today().isoformat(),
        "place": "Rumah nenek, Desa Fiktif",
        "met_with": "Nenek, anak",
        "verified": "sesuai",
        "findings": "Rumah layak, anak tinggal dengan nenek.",
        "needs": "Kembali ke sekolah",
    }
    data.update(over)
    return data


def mediation_data(**over):
    data = {
        "instance_id": str(uuid.uuid4()),
        "held_on": date.today().isoformat(),
        "place": "Balai desa",
        "with_whom": "masyarakat",
        "parties": "Ibu Fiktif - ibu korban\nPak RT Fiktif - ketua RT",
        "agreement": "Warga tidak lagi mengejek anak.",
        "outcome": "sepakat",
    }
    data.update(over)
    return data


def conference_data(**over):
    soon = (date.today() + timedelta(days=14)).isoformat()
    data = {
        "held_on": date.today().isoformat(),
        "participants": "Bu Rina - Dinas Pendidikan\nPak Budi - Dinas Sosial",
        "goals": "Anak kembali ke sekolah",
        "task_1": "Daftarkan anak ke SD",
        "who_1": "Bu Rina",
        "due_1": soon,
        "task_2": "Urus KIS",
        "who_2": "Pak Budi",
        "due_2": soon,
    }
    data.update(over)
    return data


def termination_data(**over):
    data = {
        "reason": "layanan_terpenuhi",
        "services_given": "Sekolah, KIS, konseling",
        "condition": "Anak sudah bersekolah dan sehat.",
        "follow_up": "Dinas Sosial memantau tiap bulan.",
    }
    data.update(over)
    return data


def step_log(case, key):
    return CaseStepLog.select().where(CaseStepLog.case == case.id, CaseStepLog.step == key).order_by(CaseStepLog.id)


# ---- each step ------------------------------------------------------------------------------------


def test_disposition_is_the_heads_and_finishes_its_step(login):
    case = rehab_case()
    head = login("kepala1")
    assert head.get(url(case, "disposisi")).status_code == 200
    assert step_log(case, sop_cases.DISPOSITION).count() == 1  # the 30 min clock started
    refused = head.post(url(case, "disposisi"), {"services": [], "instructions": ""})
    assert refused.status_code == 422 and "Pilih paling sedikit satu" in refused.get_data(as_text=True)
    done = head.post(url(case, "disposisi"), {"services": ["p2tp2a", "pendidikan"], "instructions": "Segera"})
    assert done.status_code == 302
    record = Disposition.get(Disposition.case == case.id)
    assert [s.key for s in record.service_list] == ["p2tp2a", "pendidikan"]
    assert step_log(case, sop_cases.DISPOSITION).get().finished_at is not None
    # a worker reads the sheet but does not write it
    worker = login("petugas1")
    assert "Pendidikan" in worker.get(url(case, "disposisi")).get_data(as_text=True)
    assert worker.post(url(case, "disposisi"), {"services": ["p2tp2a"]}).status_code == 403
    assert Disposition.select().count() == 1


def test_home_visit_records_screening_and_keeps_what_was_typed(login):
    case = rehab_case()
    worker = login("petugas1")
    assert worker.get(url(case, "kunjungan-rumah")).status_code == 200
    bad = worker.post(url(case, "kunjungan-rumah"), home_visit_data(verified="berbeda", findings=""))
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Tuliskan hasil kunjungan rumah" in page and "Tuliskan data mana yang berbeda" in page
    assert "Rumah nenek, Desa Fiktif" in page  # what was typed is kept
    ok = worker.post(url(case, "kunjungan-rumah"), home_visit_data())
    assert ok.status_code == 302
    visit = HomeVisit.get(HomeVisit.case == case.id)
    assert visit.verified == "sesuai" and visit.by_id == user("petugas1").id
    assert step_log(case, sop_cases.SCREENING).get().finished_at is not None


def test_mediation_is_printable_with_a_signature_line_per_party_and_the_print_is_audited(login):
    case = rehab_case()
    worker = login("petugas1")
    worker.get(url(case, "mediasi"))
    one_party = worker.post(url(case, "mediasi"), mediation_data(parties="Hanya satu"))
    assert one_party.status_code == 422 and "paling sedikit dua pihak" in one_party.get_data(as_text=True)
    sent = worker.post(url(case, "mediasi"), mediation_data())
    assert sent.status_code == 302
    record = Mediation.get(Mediation.case == case.id)
    assert sent.headers["Location"].endswith(f"/kasus/{case.id}/mediasi/{record.id}/cetak")
    page = worker.get(sent.headers["Location"]).get_data(as_text=True)
    assert page.count('class="sign-box"') == 3  # two parties and the mediator
    assert "Warga tidak lagi mengejek anak." in page and PERSON_NAME in page
    assert AuditLog.select().where(AuditLog.action == "print", AuditLog.record_type == "rehab_mediation").count() == 1
    assert step_log(case, sop_cases.MEDIATION).get().finished_at is not None
    signed = worker.post(f"/kasus/{case.id}/mediasi/{record.id}/ditandatangani")
    assert signed.status_code == 302 and Mediation.get_by_id(record.id).signed_at is not None


def test_a_mediation_of_another_case_is_not_found_under_this_one(login):
    case, other = rehab_case(), rehab_case()
    worker = login("petugas1")
    worker.get(url(other, "mediasi"))
    worker.post(url(other, "mediasi"), mediation_data())
    record = Mediation.get()
    assert worker.get(f"/kasus/{case.id}/mediasi/{record.id}/cetak").status_code == 404


def test_case_conference_makes_the_plan_and_monitoring_notes_follow_its_tasks(login):
    case = rehab_case()
    worker = login("petugas1")
    worker.get(url(case, "konferensi-kasus"))
    half = worker.post(url(case, "konferensi-kasus"), conference_data(who_2="", due_2=""))
    page = half.get_data(as_text=True)
    assert half.status_code == 422 and "Tuliskan siapa yang mengerjakan" in page and "Urus KIS" in page
    none = worker.post(
        url(case, "konferensi-kasus"), conference_data(task_1="", who_1="", due_1="", task_2="", who_2="", due_2="")
    )
    assert none.status_code == 422 and "paling sedikit satu tugas" in none.get_data(as_text=True)
    assert worker.post(url(case, "konferensi-kasus"), conference_data()).status_code == 302
    conference = CaseConference.get(CaseConference.case == case.id)
    tasks = list(PlanTask.of_case(case))
    assert [t.task for t in tasks] == ["Daftarkan anak ke SD", "Urus KIS"] and conference.participant_list[
        0
    ].startswith("Bu Rina")
    assert step_log(case, sop_cases.MONITORING).get().finished_at is None  # accompaniment runs

    note = {"instance_id": str(uuid.uuid4()), "kind": "monitoring", "noted_on": date.today().isoformat(),
            "task": str(tasks[0].id), "progress": "selesai", "note": "Anak sudah terdaftar di SD."}  # fmt: skip
    assert worker.get(url(case, "pemantauan") + f"?tugas={tasks[0].id}").status_code == 200
    assert worker.post(url(case, "pemantauan"), note).status_code == 302
    assert PlanTask.get_by_id(tasks[0].id).is_done and not PlanTask.get_by_id(tasks[1].id).is_done
    # a task of another case is refused, what was typed stays
    other = rehab_case()
    worker.post(url(other, "konferensi-kasus"), conference_data())
    foreign = PlanTask.get(PlanTask.case == other.id)
    wrong = worker.post(url(case, "pemantauan"), {**note, "instance_id": str(uuid.uuid4()), "task": str(foreign.id)})
    assert wrong.status_code == 422 and "Pilih tugas dari rencana kasus ini" in wrong.get_data(as_text=True)
    page = worker.get(url(case, "rehabilitasi")).get_data(as_text=True)
    assert "Anak sudah terdaftar di SD." in page and "Urus KIS" in page
    assert MonitoringNote.select().where(MonitoringNote.case == case.id).count() == 1


def test_a_late_task_is_shown_in_red_with_words(login):
    case = rehab_case()
    CaseConference.hold(case, user("petugas1"), held_on=date.today(), participants="A\nB", goals="G",
                        tasks=[("Tugas lama", "Bu Rina", date.today() - timedelta(days=2))])  # fmt: skip
    page = login("petugas1").get(url(case, "rehabilitasi")).get_data(as_text=True)
    assert "is-late" in page and "lewat tenggat" in page


# ---- termination (every case) ----------------------------------------------------------------------


@pytest.mark.parametrize("procedure", [REHAB, sop_cases.VIOLENCE, sop_cases.TRAFFICKING])
def test_termination_needs_the_heads_approval_of_the_final_report(login, procedure):
    case = make_case(procedure=procedure)
    worker = login("petugas1")
    assert worker.get(url(case, "terminasi")).status_code == 200
    empty = worker.post(url(case, "terminasi"), termination_data(reason="", condition=""))
    assert empty.status_code == 422 and "Pilih alasan terminasi" in empty.get_data(as_text=True)
    assert worker.post(url(case, "terminasi"), termination_data()).status_code == 302
    termination = Termination.get(Termination.case == case.id)
    assert termination.is_waiting and Case.get_by_id(case.id).is_open  # not closed by the worker
    # nobody but the head decides
    assert worker.post(url(case, "terminasi/keputusan"), {"decision": "setuju"}).status_code == 403
    assert login("manajer1").post(url(case, "terminasi/keputusan"), {"decision": "setuju"}).status_code == 403
    with pytest.raises(PermissionError):
        termination.approve(user("manajer1"))
    head = login("kepala1")
    head.get(url(case, "terminasi"))
    assert head.post(url(case, "terminasi/keputusan"), {"decision": "setuju", "note": ""}).status_code == 302
    closed = Case.get_by_id(case.id)
    assert closed.status == Case.CLOSED and closed.closed_by_id == user("kepala1").id
    assert closed.close_reason == "Semua layanan kesejahteraan terpenuhi dan dapat diakses"
    assert Termination.get_by_id(termination.id).is_approved
    assert CaseEvent.select().where(CaseEvent.case == case.id, CaseEvent.kind == "closed").count() == 1
    report = head.get(f"/kasus/{case.id}/laporan-akhir/{termination.id}")
    assert report.status_code == 200 and "Anak sudah bersekolah dan sehat." in report.get_data(as_text=True)
    assert AuditLog.select().where(AuditLog.action == "print", AuditLog.record_type == "rehab_termination").count() == 1


def test_the_head_sends_a_report_back_with_a_note_and_it_is_written_again(login):
    case = rehab_case()
    worker = login("petugas1")
    worker.post(url(case, "terminasi"), termination_data())
    head = login("kepala1")
    head.get(url(case, "terminasi"))
    no_note = head.post(url(case, "terminasi/keputusan"), {"decision": "kembalikan", "note": ""})
    assert no_note.status_code == 422 and "Tuliskan apa yang perlu diperbaiki" in no_note.get_data(as_text=True)
    assert (
        head.post(url(case, "terminasi/keputusan"), {"decision": "kembalikan", "note": "Lengkapi KIS"}).status_code
        == 302
    )
    current = Termination.current(case)
    assert current.status == Termination.RETURNED and Case.get_by_id(case.id).is_open
    page = worker.get(url(case, "terminasi")).get_data(as_text=True)
    assert "Lengkapi KIS" in page
    again = worker.post(url(case, "terminasi"), termination_data(condition="Baik", version=str(current.version)))
    assert again.status_code == 302
    assert Termination.select().count() == 1 and Termination.current(case).is_waiting
    # a page made before that change is stale: 409, what was typed kept
    stale = worker.post(url(case, "terminasi"), termination_data(condition="Lama", version=str(current.version)))
    assert stale.status_code in (409, 302)


def test_a_closed_case_refuses_new_work_until_reopened_and_reopening_restarts_steps(login):
    case = rehab_case()
    worker = login("petugas1")
    worker.post(url(case, "kunjungan-rumah"), home_visit_data())
    assessment = sop_cases.ASSESSMENT
    case.finish_step(assessment, user("petugas1"))
    worker.post(url(case, "terminasi"), termination_data())
    Termination.current(case).approve(user("kepala1"))
    for path, data in (
        ("kunjungan-rumah", home_visit_data()),
        ("mediasi", mediation_data()),
        ("konferensi-kasus", conference_data()),
        ("pemantauan", {"instance_id": str(uuid.uuid4()), "kind": "monitoring", "note": "x"}),
        ("terminasi", termination_data()),
    ):
        assert worker.post(url(case, path), data).status_code == 403, path
    assert login("kepala1").post(url(case, "disposisi"), {"services": ["p2tp2a"]}).status_code == 403
    assert HomeVisit.select().count() == 1
    # a worker may not reopen; the case manager does, with a reason
    assert worker.post(url(case, "buka-kembali"), {"reason": "x"}).status_code == 403
    manager = login("manajer1")
    manager.get(url(case, "terminasi"))
    no_reason = manager.post(url(case, "buka-kembali"), {"reason": ""})
    assert no_reason.status_code == 422 and "Tuliskan alasan" in no_reason.get_data(as_text=True)
    assert manager.post(url(case, "buka-kembali"), {"reason": "Anak putus sekolah lagi"}).status_code == 302
    reopened = Case.get_by_id(case.id)
    assert reopened.is_open and reopened.closed_at is None
    kinds = [e.kind for e in reopened.events()]
    assert kinds[-2:] == ["closed", "reopened"]  # history kept
    logs = list(step_log(case, assessment))
    assert len(logs) == 2 and logs[0].finished_at is not None and logs[1].finished_at is None  # restarted
    assert worker.post(url(case, "kunjungan-rumah"), home_visit_data()).status_code == 302  # work again
    # a new termination after reopening; the approved one stays in the history
    assert worker.post(url(case, "terminasi"), termination_data()).status_code == 302
    assert Termination.select().where(Termination.case == case.id).count() == 2
    assert reopened.reopen(user("manajer1"), "lagi") is False  # only a closed case reopens


# ---- need to know, isolation, audit ---------------------------------------------------------------


def test_admin_staff_never_see_mediation_or_monitoring(login, app):
    case = rehab_case()
    Mediation.record(case, user("petugas1"), str(uuid.uuid4()), held_on=date.today(), place="Balai",
                     with_whom="pelaku", parties="A\nB", agreement="RAHASIA-MEDIASI", outcome="sepakat")  # fmt: skip
    admin = login("admin1")
    for path in ("rehabilitasi", "pemantauan", "mediasi", f"mediasi/{Mediation.get().id}/cetak", "terminasi"):
        response = admin.get(url(case, path))
        assert response.status_code == 403, path
        assert "RAHASIA-MEDIASI" not in response.get_data(as_text=True)
    from web.rehab import sections

    with app.test_request_context():
        assert sections.rehabilitation(case, user("admin1")) is None
        assert sections.termination(case, user("admin1")) is None
        assert sections.rehabilitation(case, user("petugas1"))["mediations"] == 1


def test_other_units_and_other_workers_get_nothing(login):
    case = rehab_case()
    add_user("kepala9", roles.HEAD, "UPTD-PPA-SPL")
    add_user("petugas9", roles.WORKER)
    for name in ("kepala9", "petugas9"):
        browser = login(name)
        assert browser.get(url(case, "rehabilitasi")).status_code in (403, 404)
        assert browser.get(url(case, "terminasi")).status_code in (403, 404)
    assert AuditLog.select().where(AuditLog.action == "denied").count() >= 4


def test_rehabilitation_screens_are_for_rehabilitation_cases_termination_for_all(login):
    case = make_case(procedure=sop_cases.VIOLENCE)
    worker = login("petugas1")
    assert worker.get(url(case, "kunjungan-rumah")).status_code == 404
    assert worker.get(url(case, "terminasi")).status_code == 200


def test_reads_are_audited_and_the_person_shown_is_logged(login):
    case = rehab_case()
    login("petugas1").get(url(case, "rehabilitasi"))
    assert AuditLog.select().where(AuditLog.action == "view", AuditLog.record_type == "client_case").count() == 1
    assert (
        AuditLog.select()
        .where(AuditLog.action == "view", AuditLog.record_type == "person", AuditLog.record_id == str(case.person_id))
        .count()
        == 1
    )


# ---- offline --------------------------------------------------------------------------------------


def test_offline_forms_are_stored_once_per_instance_id(login):
    case = rehab_case()
    worker = login("petugas1")
    worker.get(url(case, "kunjungan-rumah"))
    data = home_visit_data()
    sync = {"X-Jangkau-Sync": "1"}
    first = worker.post(url(case, "kunjungan-rumah"), data, headers=sync)
    again = worker.post(url(case, "kunjungan-rumah"), data, headers=sync)
    assert first.status_code == 201 and again.status_code == 200
    assert HomeVisit.select().count() == 1
    changed = worker.post(url(case, "kunjungan-rumah"), {**data, "findings": "lain"}, headers=sync)
    assert changed.status_code == 409 and HomeVisit.select().count() == 1
    m = mediation_data()
    assert worker.post(url(case, "mediasi"), m, headers=sync).status_code == 201
    assert worker.post(url(case, "mediasi"), m, headers=sync).status_code == 200
    assert Mediation.select().count() == 1


def test_blank_offline_forms_and_the_cases_a_worker_may_pick(login, anon):
    case = rehab_case()
    for slug in ("kunjungan-rumah", "mediasi", "pemantauan"):
        page = anon.get(f"/luring/formulir/{slug}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert 'data-needs="case"' in html and PERSON_NAME not in html
    key = login("petugas1").get("/luring/kunci").get_json()
    assert {"ref": case.id, "code": case.code} in key["context"]["cases"]
    words = anon.get("/luring/kata.js?lang=id").get_data(as_text=True)
    assert "kindHome_visit" in words and "kindMonitoring" in words
