"""SOP Penjangkauan steps 1-2: targets with their codes, the person's identification (NIK, child and
guardian, duplicates shown before saving), verification, who may see what, the audit trail."""

import threading
from datetime import date, timedelta

import pytest

from web import db as database
from web.models import AuditLog, StepLog, Unit, User
from web.models.outreach import Counter, Person, Target, Verification
from web.timeutil import now

YY = now().year % 100


def new_target(browser, **overrides):
    data = {
        "kind": "laporan",
        "source": "warga",
        "received_at": "",
        "report": "Laporan uji (fiktif).",
        "reporter_name": "",
        "reporter_phone": "",
    }
    data.update(overrides)
    browser.get("/sasaran/baru")
    return browser.post("/sasaran/baru", data)


def person_data(**overrides):
    data = {
        "name": "Melati (uji)",
        "sex": "p",
        "birth_date": "",
        "estimated_age": "30",
        "nik": "",
        "phone": "",
        "address": "",
        "desa": "Desa Uji",
        "kecamatan": "",
        "kabupaten": "",
        "guardian_name": "",
        "guardian_relation": "",
        "guardian_phone": "",
        "disability": "",
        "problem": "Cerita uji.",
    }
    data.update(overrides)
    return data


def created_target(browser, **overrides):
    response = new_target(browser, **overrides)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    return Target.select().order_by(Target.id.desc()).first()


# ---- step 1 --------------------------------------------------------------------------------


def test_a_new_target_gets_the_next_code_of_the_unit_and_step_1_is_recorded(login):
    worker = login("petugas1")
    response = new_target(worker)
    target = Target.select().order_by(Target.id.desc()).first()
    assert response.headers["Location"].endswith(f"/sasaran/{target.id}/identitas")
    assert target.code == f"JGK-{YY:02d}-0004"  # the demo has 0001-0003
    assert (target.kind, target.source, target.status) == ("laporan", "warga", Target.NEW)
    log1 = StepLog.get(StepLog.subject_type == "target", StepLog.subject_id == target.id, StepLog.step == 1)
    log2 = StepLog.get(StepLog.subject_type == "target", StepLog.subject_id == target.id, StepLog.step == 2)
    assert log1.finished_at is not None and log1.finished_by.username == "petugas1"
    assert log2.finished_at is None
    assert AuditLog.for_record("target", target.id).where(AuditLog.action == "create").count() == 1


def test_step_1_starts_when_the_form_was_opened(login):
    worker = login("petugas1")
    opened = (now() - timedelta(minutes=20)).isoformat()
    target = created_target(worker, opened_at=opened)
    log = StepLog.get(StepLog.subject_type == "target", StepLog.subject_id == target.id, StepLog.step == 1)
    assert 19 <= log.minutes_taken <= 21


def local_minutes_ago(minutes):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return (datetime.now(ZoneInfo("Asia/Jakarta")) - timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")


def test_step_1_clock_starts_when_the_information_was_received(login):
    worker = login("petugas1")
    target = created_target(worker, received_at=local_minutes_ago(50), opened_at=now().isoformat())
    log = StepLog.get(StepLog.subject_type == "target", StepLog.subject_id == target.id, StepLog.step == 1)
    assert 49 <= log.minutes_taken <= 51 and log.is_overdue  # step 1's standard is shorter than 50 minutes
    html = worker.get(f"/sasaran/{target.id}").get_data(as_text=True)
    assert "Tepat waktu" not in html.split('<span class="num">2</span>')[0] and "Terlambat" in html


def test_correcting_when_the_report_came_in_moves_step_1_back(login):
    worker = login("petugas1")
    target = created_target(worker)
    data = {
        "kind": "laporan",
        "source": "warga",
        "received_at": local_minutes_ago(90),
        "report": "Laporan uji (fiktif).",
        "reporter_name": "",
        "reporter_phone": "",
    }
    worker.get(f"/sasaran/{target.id}/ubah")
    assert worker.post(f"/sasaran/{target.id}/ubah", data).status_code == 302
    log = StepLog.get(StepLog.subject_type == "target", StepLog.subject_id == target.id, StepLog.step == 1)
    assert 89 <= log.minutes_taken <= 91


def test_an_indirect_report_needs_its_source_and_what_was_reported(login):
    worker = login("petugas1")
    before = Target.select().count()
    response = new_target(worker, source="", report="", reporter_name="Pak Pelapor")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="source-error"' in html and "pilih dari mana laporan datang" in html
    assert 'id="report-error"' in html and "Tulis apa yang dilaporkan" in html
    assert 'value="Pak Pelapor"' in html  # nothing typed is lost
    assert Target.select().count() == before


def test_a_high_risk_person_needs_no_source(login):
    target = created_target(login("petugas1"), kind="risiko_tinggi", source="")
    assert target.kind == Target.HIGH_RISK


def test_received_time_is_kept_in_utc_and_cannot_be_in_the_future(login):
    worker = login("petugas1")
    target = created_target(worker, received_at="2026-01-05T08:30")
    assert target.received_at.isoformat() == "2026-01-05T01:30:00"  # WIB is UTC+7
    response = new_target(worker, received_at="2099-01-01T08:00")
    assert response.status_code == 422 and "belum lewat" in response.get_data(as_text=True)


def test_codes_count_per_unit_and_per_year(demo):
    unit, other = demo["UPTD-PPA"], demo["UPTD-PPA-SPL"]
    kepala2 = User.by_username("kepala2")
    first_other = Target.create_with_code(other, kepala2, report="x")
    assert first_other.code == f"JGK-{YY:02d}-0001"  # the other unit counts on its own
    next_year = Target.create_with_code(unit, kepala2, year=2099, report="x")
    assert next_year.code == "JGK-99-0001"
    assert Target.create_with_code(unit, kepala2, report="x").code == f"JGK-{YY:02d}-0004"


def test_a_code_taken_outside_the_counter_is_skipped_not_repeated(demo):
    unit = demo["UPTD-PPA"]
    worker = User.by_username("petugas1")
    Target.create(unit=unit, code=f"JGK-{YY:02d}-0004", created_by=worker)  # e.g. made by another screen
    assert Target.create_with_code(unit, worker, report="x").code == f"JGK-{YY:02d}-0005"


def test_a_number_is_given_back_when_its_transaction_fails(demo):
    unit = demo["UPTD-PPA"]
    assert Counter.next(unit, "uji", 2030) == 1
    with pytest.raises(RuntimeError):
        with Counter.transaction():
            assert Counter.next(unit, "uji", 2030) == 2
            raise RuntimeError("the letter could not be saved")
    assert Counter.next(unit, "uji", 2030) == 2
    assert Counter.last(unit, "uji", 2030) == 2


def test_codes_have_no_gaps_or_duplicates_when_many_save_at_once(demo):
    """Eight people save targets at the same moment, each on their own connection."""
    unit = demo["UPTD-PPA"]
    worker = User.by_username("petugas1")
    start = Target.select().where(Target.unit == unit).count()
    codes, errors = [], []
    barrier = threading.Barrier(8)

    def save_some():
        try:
            barrier.wait()
            for _ in range(5):
                with database.db.connection_context():
                    codes.append(Target.create_with_code(unit, worker, report="x").code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=save_some) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(start + 1, start + 41))


# ---- step 2: identification ----------------------------------------------------------------


def test_a_15_digit_nik_is_refused_next_to_the_field_and_what_was_typed_stays(login):
    worker = login("petugas1")
    target = created_target(worker)
    page = worker.get(f"/sasaran/{target.id}/identitas").get_data(as_text=True)
    assert 'inputmode="numeric"' in page and 'id="nik"' in page
    response = worker.post(f"/sasaran/{target.id}/identitas", person_data(nik="320101010190000", name="Kenanga (uji)"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="error" id="nik-error">NIK harus 16 angka.</p>' in html
    assert 'value="320101010190000"' in html and 'value="Kenanga (uji)"' in html
    assert Target.get_by_id(target.id).person is None


@pytest.mark.parametrize(
    "nik, ok",
    [
        ("3201014101900001", True),
        ("3201 0141 0190 0001", True),
        ("3201019901900001", False),
        ("32010101019000012", False),
        ("abc", False),
    ],
)
def test_nik_is_checked(login, nik, ok):
    worker = login("petugas1")
    target = created_target(worker)
    response = worker.post(f"/sasaran/{target.id}/identitas", person_data(nik=nik, confirm="new"))
    assert (response.status_code == 302) is ok
    if ok:
        assert Target.get_by_id(target.id).person.nik == "3201014101900001"


def test_a_child_needs_a_parent_or_guardian_and_is_marked_child_everywhere(login):
    worker = login("petugas1")
    target = created_target(worker)
    ten = (date.today() - timedelta(days=10 * 365 + 30)).isoformat()
    response = worker.post(f"/sasaran/{target.id}/identitas", person_data(birth_date=ten, estimated_age=""))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="guardian_name-error"' in html and 'id="guardian_relation-error"' in html
    response = worker.post(
        f"/sasaran/{target.id}/identitas",
        person_data(birth_date=ten, estimated_age="", guardian_name="Ibu Uji", guardian_relation="Ibu"),
    )
    assert response.status_code == 302
    target = Target.get_by_id(target.id)
    assert target.person.is_child and target.status == Target.IDENTIFIED
    assert '<span class="badge anak">Anak</span>' in worker.get(f"/sasaran/{target.id}").get_data(as_text=True)
    assert target.code in worker.get("/sasaran/").get_data(as_text=True)
    assert '<span class="badge anak">Anak</span>' in worker.get("/sasaran/").get_data(as_text=True)


def test_an_estimated_age_of_17_is_a_child(login):
    worker = login("petugas1")
    target = created_target(worker)
    response = worker.post(f"/sasaran/{target.id}/identitas", person_data(estimated_age="17"))
    assert response.status_code == 422 and "isi nama orang tua atau wali" in response.get_data(as_text=True)


def test_the_same_nik_is_shown_before_saving_without_revealing_another_workers_person(login):
    first, second = login("petugas1"), login("petugas2")
    a = created_target(first)
    first.post(f"/sasaran/{a.id}/identitas", person_data(name="Anggrek (uji)", nik="3201014101900001"))
    b = created_target(second)
    people = Person.select().count()
    response = second.post(
        f"/sasaran/{b.id}/identitas", person_data(name="Nama Lain", nik="3201014101900001", desa="Desa Lain")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Mungkin orang ini sudah tercatat" in html and a.code in html and "NIK sama" in html
    assert "Anggrek" not in html  # petugas2 may not see petugas1's person: only the code and who
    assert 'value="Nama Lain"' in html and 'value="Desa Lain"' in html
    assert Person.select().count() == people  # nothing saved yet
    shown = Target.get_by_id(a.id).person
    assert AuditLog.for_record("person", shown.id).where(AuditLog.user == User.by_username("petugas2")).count() == 1
    # "not the same person" cannot make a second person with the same NIK (issue 9): one NIK is one person
    response = second.post(
        f"/sasaran/{b.id}/identitas",
        person_data(name="Nama Lain", nik="3201014101900001", desa="Desa Lain", confirm="new"),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and Person.select().count() == people
    assert '<p class="error" id="nik-error">Satu NIK adalah satu orang' in html
    assert 'value="new"' not in html and 'value="Nama Lain"' in html


def test_duplicates_are_looked_for_in_the_own_unit_only(demo):
    unit, other = demo["UPTD-PPA"], demo["UPTD-PPA-SPL"]
    kepala2 = User.by_username("kepala2")
    Person.create(
        unit=other,
        name="Teratai",
        nik="3201014101900001",
        birth_date=date(1990, 1, 1),
        desa="Desa Uji",
        created_by=kepala2,
    )
    assert Person.possible_duplicates(unit, nik="3201014101900001") == []
    assert Person.possible_duplicates(unit, name="teratai", birth_date=date(1990, 1, 1), desa="desa uji") == []
    assert len(Person.possible_duplicates(other, name=" teratai ", birth_date=date(1990, 1, 1), desa="Desa Uji")) == 1
    assert Person.possible_duplicates(other, name="Teratai", birth_date=date(1990, 1, 2), desa="Desa Uji") == []


def test_same_name_birth_date_and_desa_can_be_linked_to_the_person_already_recorded(login):
    worker = login("petugas1")
    a, b = created_target(worker), created_target(worker)
    data = person_data(name="Seruni  Uji", birth_date="1990-02-03", estimated_age="", desa="Desa Uji")
    assert worker.post(f"/sasaran/{a.id}/identitas", data).status_code == 302
    existing = Target.get_by_id(a.id).person
    response = worker.post(f"/sasaran/{b.id}/identitas", {**data, "name": "seruni uji", "desa": " desa uji"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Nama, tanggal lahir, dan desa sama" in html
    assert "Orang yang sama: pakai data ini" in html and f'value="{existing.id}"' in html
    response = worker.post(f"/sasaran/{b.id}/identitas", {**data, "confirm": str(existing.id)})
    assert response.status_code == 302
    assert Target.get_by_id(b.id).person_id == existing.id
    assert Person.select().where(Person.name.contains("Seruni")).count() == 1


def test_editing_a_person_does_not_warn_about_itself(login):
    worker = login("petugas1")
    target = created_target(worker)
    data = person_data(nik="3201014101900001")
    worker.post(f"/sasaran/{target.id}/identitas", data)
    response = worker.post(f"/sasaran/{target.id}/identitas", {**data, "phone": "0812000000"})
    assert response.status_code == 302
    assert Target.get_by_id(target.id).person.phone == "0812000000"


def test_one_nik_is_one_person_in_the_unit_also_when_a_person_is_edited(login):
    worker = login("petugas1")
    a, b = created_target(worker), created_target(worker)
    assert worker.post(f"/sasaran/{a.id}/identitas", person_data(nik="3201014101900001")).status_code == 302
    assert worker.post(f"/sasaran/{b.id}/identitas", person_data(name="Lain (uji)", confirm="new")).status_code == 302
    response = worker.post(
        f"/sasaran/{b.id}/identitas", person_data(name="Lain (uji)", nik="3201014101900001", confirm="new")
    )
    assert response.status_code == 422 and 'id="nik-error"' in response.get_data(as_text=True)
    assert Target.get_by_id(b.id).person.nik is None
    # linking to the person who has that NIK stays possible
    existing = Target.get_by_id(a.id).person
    response = worker.post(f"/sasaran/{b.id}/identitas", person_data(nik="3201014101900001", confirm=str(existing.id)))
    assert response.status_code == 302 and Target.get_by_id(b.id).person_id == existing.id


def test_the_database_refuses_a_second_person_with_the_same_nik_in_a_unit(demo):
    from peewee import IntegrityError

    unit, other = demo["UPTD-PPA"], demo["UPTD-PPA-SPL"]
    worker, kepala2 = User.by_username("petugas1"), User.by_username("kepala2")
    Person.create(unit=unit, name="Satu", nik="3201014101900001", created_by=worker)
    Person.create(unit=unit, name="Tanpa NIK 1", created_by=worker)
    Person.create(unit=unit, name="Tanpa NIK 2", created_by=worker)  # many people have no NIK recorded
    Person.create(unit=other, name="Di unit lain", nik="3201014101900001", created_by=kepala2)
    with pytest.raises(IntegrityError), database.db.atomic():
        Person.create(unit=unit, name="Dua", nik="3201014101900001", created_by=worker)


@pytest.mark.parametrize(
    "overrides, message",
    [
        (dict(sex="l"), "NIK ini milik perempuan"),
        (dict(nik="3201010101900001", sex="p"), "NIK ini milik laki-laki"),
        (dict(birth_date="1990-01-02", estimated_age=""), "Tanggal lahir di NIK ini 01-01-90"),
        (dict(birth_date="1991-01-01", estimated_age=""), "Tanggal lahir di NIK ini 01-01-90"),
    ],
)
def test_the_nik_birth_date_and_sex_must_match_what_was_typed(login, overrides, message):
    worker = login("petugas1")
    target = created_target(worker)
    data = person_data(**{"nik": "3201014101900001", **overrides})
    response = worker.post(f"/sasaran/{target.id}/identitas", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'<p class="error" id="nik-error">{message}' in html
    assert f'value="{data["nik"]}"' in html  # what was typed stays
    assert Target.get_by_id(target.id).person is None


@pytest.mark.parametrize(
    "overrides",
    [
        dict(sex="p", birth_date="1990-01-01", estimated_age=""),
        dict(sex="", birth_date="", estimated_age="30"),
        dict(nik="3201010101900001", sex="l", birth_date="1990-01-01", estimated_age=""),
    ],
)
def test_a_nik_that_matches_birth_date_and_sex_is_saved(login, overrides):
    worker = login("petugas1")
    target = created_target(worker)
    data = person_data(**{"nik": "3201014101900001", **overrides})
    assert worker.post(f"/sasaran/{target.id}/identitas", data).status_code == 302


# ---- step 2: verification ------------------------------------------------------------------


def test_verification_needs_the_identity_first(login):
    worker = login("petugas1")
    target = created_target(worker)
    response = worker.get(f"/sasaran/{target.id}/verifikasi")
    assert response.status_code == 302 and response.headers["Location"].endswith("/identitas")


def test_verification_is_recorded_and_finishes_step_2(login):
    worker = login("petugas1")
    target = created_target(worker)
    response = worker.post(f"/sasaran/{target.id}/identitas", person_data())
    assert response.headers["Location"].endswith(f"/sasaran/{target.id}/verifikasi")
    worker.get(f"/sasaran/{target.id}/verifikasi")
    bad = worker.post(
        f"/sasaran/{target.id}/verifikasi",
        {"result": "alamat_berbeda", "authority": "lainnya", "authority_detail": "", "verified_on": "", "note": ""},
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert "Tulis alamat yang ditemukan." in html and "Tulis kantor atau orang yang dihubungi." in html
    assert "Isi tanggal verifikasi." in html
    ok = worker.post(
        f"/sasaran/{target.id}/verifikasi",
        {
            "result": "alamat_berbeda",
            "authority": "kepala_desa",
            "authority_detail": "Kades Uji",
            "verified_on": date.today().isoformat(),
            "note": "Pindah ke Dusun Dua.",
        },
    )
    assert ok.status_code == 302
    target = Target.get_by_id(target.id)
    assert target.status == "alamat_berbeda"
    v = Verification.get(Verification.target == target)
    assert (v.authority, v.recorded_by.username) == ("kepala_desa", "petugas1")
    log = StepLog.get(StepLog.subject_type == "target", StepLog.subject_id == target.id, StepLog.step == 2)
    assert log.finished_at is not None
    assert "Pindah ke Dusun Dua." in worker.get(f"/sasaran/{target.id}").get_data(as_text=True)


# ---- who may see what, and the audit trail -------------------------------------------------


def test_a_worker_sees_own_targets_and_those_of_plans_assigned_to_them(login):
    first, second = login("petugas1"), login("petugas2")
    mine = created_target(first)
    assert first.get(f"/sasaran/{mine.id}").status_code == 200
    assert second.get(f"/sasaran/{mine.id}").status_code == 403
    assert mine.code not in second.get("/sasaran/").get_data(as_text=True)
    bunga = Target.get(Target.code == f"JGK-{YY:02d}-0001")  # in the demo plan petugas2 is assigned to
    assert second.get(f"/sasaran/{bunga.id}").status_code == 200
    assert second.get(f"/sasaran/{bunga.id}/identitas").status_code == 200


def test_the_reporter_contact_is_kept_apart(login):
    first, second = login("petugas1"), login("petugas2")
    target = created_target(first, reporter_name="Pelapor Rahasia", reporter_phone="0811111")
    assert "Pelapor Rahasia" in first.get(f"/sasaran/{target.id}").get_data(as_text=True)
    assert "Pelapor Rahasia" in login("kepala1").get(f"/sasaran/{target.id}").get_data(as_text=True)
    assert "Pelapor Rahasia" not in first.get("/sasaran/").get_data(as_text=True)
    assert not target.can_see_reporter(User.by_username("petugas2"))
    assert second.get(f"/sasaran/{target.id}").status_code == 403


def test_nobody_sees_another_units_targets(login):
    target = created_target(login("petugas1"))
    kepala2 = login("kepala2")
    assert kepala2.get(f"/sasaran/{target.id}").status_code == 403
    assert target.code not in kepala2.get("/sasaran/").get_data(as_text=True)
    assert not Target.visible_to(User.by_username("kepala2")).where(Target.id == target.id).exists()
    assert login("admin1").get(f"/sasaran/{target.id}").status_code == 403  # admin staff: no person records


def test_every_view_and_change_of_a_person_is_audited(login):
    worker = login("petugas1")
    target = created_target(worker)
    worker.post(f"/sasaran/{target.id}/identitas", person_data())
    person = Target.get_by_id(target.id).person
    worker.get(f"/sasaran/{target.id}")
    worker.get(f"/sasaran/{target.id}/identitas")
    worker.post(f"/sasaran/{target.id}/identitas", person_data(phone="0800"))
    actions = [a.action for a in AuditLog.for_record("person", person.id)]
    assert actions == ["create", "view", "view", "update"]
    for entry in AuditLog.for_record("person", person.id):
        assert "Melati" not in entry.detail and entry.user.username == "petugas1"
    assert AuditLog.for_record("target", target.id).where(AuditLog.action == "view").count() >= 1
    login("petugas2").get(f"/sasaran/{target.id}")
    assert AuditLog.for_record("target", target.id).where(AuditLog.action == "denied").count() == 1


def test_a_worker_home_lists_targets_to_complete_and_to_plan(login):
    worker = login("petugas1")
    target = created_target(worker)
    html = worker.get("/").get_data(as_text=True)
    assert "Korban yang saya tangani" in html and target.code in html and f"/sasaran/{target.id}/identitas" in html
    worker.post(f"/sasaran/{target.id}/identitas", person_data())
    worker.post(
        f"/sasaran/{target.id}/verifikasi",
        {"result": "terverifikasi", "authority": "dukcapil", "verified_on": date.today().isoformat()},
    )
    html = worker.get("/").get_data(as_text=True)
    assert f"/rencana/baru?sasaran={target.id}" in html


def test_unit_model_default_needs_no_dinas_approval(demo):
    assert Unit.get(Unit.code == "UPTD-PPA").requires_dinas_approval is False


# ---- edits saved from a page made before someone else's change (web.concurrency) ----------------


def test_a_target_edit_from_a_stale_page_is_refused_and_keeps_what_was_typed(login):
    worker = login("petugas1")
    target = created_target(worker)
    page = worker.get(f"/sasaran/{target.id}/ubah").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    edit = {
        "kind": "laporan",
        "source": "warga",
        "received_at": "",
        "reporter_name": "",
        "reporter_phone": "",
        "version": "1",
    }
    response = login("manajer1").post(f"/sasaran/{target.id}/ubah", {**edit, "report": "Koreksi manajer."})
    assert response.status_code == 302
    stale = worker.post(f"/sasaran/{target.id}/ubah", {**edit, "report": "Koreksi petugas."})
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Data ini sudah diubah orang lain" in html and "Koreksi petugas." in html
    assert 'name="version" type="hidden" value="2"' in html
    assert Target.get_by_id(target.id).report == "Koreksi manajer."
    again = worker.post(f"/sasaran/{target.id}/ubah", {**edit, "report": "Koreksi petugas.", "version": "2"})
    assert again.status_code == 302 and Target.get_by_id(target.id).report == "Koreksi petugas."


def test_an_identification_from_a_stale_page_is_refused_and_keeps_what_was_typed(login):
    worker = login("petugas1")
    target = created_target(worker)
    page = worker.get(f"/sasaran/{target.id}/identitas").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    assert login("manajer1").post(f"/sasaran/{target.id}/identitas", person_data(version="1")).status_code == 302
    stale = worker.post(f"/sasaran/{target.id}/identitas", person_data(name="Kenanga (uji)", version="1"))
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Data ini sudah diubah orang lain" in html and "Kenanga (uji)" in html
    assert Target.get_by_id(target.id).person.name == "Melati (uji)"
    assert Person.select().where(Person.name == "Kenanga (uji)").count() == 0
