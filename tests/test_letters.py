"""Step 6: Surat Tugas and SPPD from an approved plan, numbered without gaps or duplicates (also when
several people make letters at once), the checklist of the other documents, printing (audited),
and who may see and do what."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import YEAR, add_user, issue, make_plan, run_at_once, user
from web import roles
from web.db import db
from web.models import AuditLog, Counter, DocumentItem, Letter, Plan, StepLog, Unit, User
from web.models.letters import LetterError
from web.models.outreach import Assignment
from web.sop import LEGAL_BASIS


@pytest.fixture
def approved_plan(demo):
    return make_plan()


# ---- numbering -----------------------------------------------------------------------------


def test_admin_makes_the_surat_tugas_and_one_sppd_per_traveller(login, approved_plan):
    admin = login("admin1")
    response = admin.post(f"/rencana/{approved_plan.id}/surat")
    assert response.status_code == 302
    letters = Letter.for_plan(approved_plan)
    assert [(x.kind, x.code) for x in letters] == [
        ("surat_tugas", f"001/ST/UPTD-PPA/{YEAR}"),
        ("sppd", f"002/SPPD/UPTD-PPA/{YEAR}"),
        ("sppd", f"003/SPPD/UPTD-PPA/{YEAR}"),
    ]
    assert {x.traveller.username for x in letters if x.kind == "sppd"} == {"petugas1", "petugas2"}
    st = letters[0]
    assert st.signer.username == "kepala1" and st.signer_name == user("kepala1").full_name
    assert st.issued_by.username == "admin1" and st.printed_count == 0
    assert [(m["name"], m["team_role"]) for m in st.members][0] == (user("petugas1").full_name, "ketua")
    created = AuditLog.select().where(AuditLog.action == "create", AuditLog.record_type == "letter")
    assert sorted(int(a.record_id) for a in created) == sorted(x.id for x in letters)
    html = admin.get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
    assert f"001/ST/UPTD-PPA/{YEAR}" in html and f"/surat/{st.id}/cetak" in html


def test_numbers_run_on_across_plans_per_unit_and_year(demo):
    first, second = make_plan(), make_plan(members=(("petugas2", "ketua"),))
    other_unit = make_plan("UPTD-PPA-SPL", members=(("kepala2", "ketua"),), author="kepala2", assigned_by="kepala2")
    issue(first)
    issue(second)
    issue(other_unit, by="kepala2")
    assert Letter.numbers_in(first.unit, YEAR) == [1, 2, 3, 4, 5]
    assert [x.code for x in Letter.for_plan(second)] == [f"004/ST/UPTD-PPA/{YEAR}", f"005/SPPD/UPTD-PPA/{YEAR}"]
    assert [x.code for x in Letter.for_plan(other_unit)] == [
        f"001/ST/UPTD-PPA-SPL/{YEAR}",
        f"002/SPPD/UPTD-PPA-SPL/{YEAR}",
    ]
    # a new year starts again at 1
    assert Letter.issue(make_plan(), user("admin1"), YEAR + 1)[0].code == f"001/ST/UPTD-PPA/{YEAR + 1}"


def test_making_again_adds_only_what_is_missing(login, approved_plan):
    issue(approved_plan)
    assert issue(approved_plan) == []
    Assignment.create(plan=approved_plan, user=user("manajer1"), team_role="anggota", assigned_by=user("kepala1"))
    html = login("admin1").get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
    assert "Buat surat yang kurang" in html and "Tim berubah setelah Surat Tugas dibuat" in html
    added = issue(approved_plan)
    assert [(x.kind, x.traveller.username, x.number) for x in added] == [("sppd", "manajer1", 4)]


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(status=Plan.SUPERSEDED), "sudah diganti versi yang lebih baru"),
        (dict(members=()), "Belum ada petugas yang ditugaskan"),
        (dict(start_date=None), "belum punya tanggal berangkat"),
    ],
)
def test_no_letter_before_the_plan_is_ready(login, demo, change, message):
    plan = make_plan(**change)
    response = login("admin1").post(f"/rencana/{plan.id}/surat")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert Letter.for_plan(plan) == [] and Counter.last(plan.unit, Letter.COUNTER, YEAR) == 0


def test_no_letter_for_a_plan_not_approved(login, demo):
    plan = make_plan(status=Plan.SUBMITTED)
    assert login("admin1").post(f"/rencana/{plan.id}/surat").status_code == 403  # admin staff do not even see it
    with pytest.raises(LetterError) as error:
        issue(plan)
    assert error.value.code == "not_approved" and Counter.last(plan.unit, Letter.COUNTER, YEAR) == 0
    html = login("kepala1").get(f"/rencana/{plan.id}/surat").get_data(as_text=True)
    assert "belum disetujui Kepala UPTD" in html and "Buat Surat Tugas" not in html


def test_no_letter_without_a_kepala_to_sign(demo, approved_plan):
    User.update(active=False).where(User.username == "kepala1").execute()
    with pytest.raises(LetterError) as error:
        issue(approved_plan)
    assert error.value.code == "no_signer"


def test_a_failed_transaction_gives_its_numbers_back(demo, approved_plan, monkeypatch):
    real_create = Letter.create
    calls = []

    def failing_create(**fields):
        calls.append(fields["number"])
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_create(**fields)

    monkeypatch.setattr(Letter, "create", failing_create)
    with pytest.raises(RuntimeError):
        issue(approved_plan)
    assert calls == [1, 2]
    assert Counter.last(approved_plan.unit, Letter.COUNTER, YEAR) == 0 and Letter.for_plan(approved_plan) == []
    monkeypatch.setattr(Letter, "create", real_create)
    assert [x.number for x in issue(approved_plan)] == [1, 2, 3]


def test_numbers_have_no_gaps_or_duplicates_when_many_make_letters_at_once(demo):
    """Eight plans, each made by two people at the same instant: 8 x 3 letters, numbered 1..24."""
    add_user("admin2", roles.ADMIN)
    plans = [make_plan() for _ in range(8)]
    if not db.is_closed():
        db.close()
    jobs = [
        lambda p=p, who=who: Letter.issue(p, User.by_username(who), YEAR) for p in plans for who in ("admin1", "admin2")
    ]
    errors = run_at_once(jobs)
    # the second maker of a plan finds the first's letters and adds nothing; nobody fails
    assert errors == []
    numbers = Letter.numbers_in(plans[0].unit, YEAR)
    assert numbers == list(range(1, 25))
    assert Counter.last(plans[0].unit, Letter.COUNTER, YEAR) == 24
    for plan in plans:
        letters = Letter.for_plan(plan)
        assert sorted(x.slot for x in letters) == sorted(["st"] + [f"sppd:{a.user_id}" for a in plan.team])
        assert len({x.code for x in letters}) == 3


def test_two_people_pressing_the_button_at_once_through_the_app(app, login, demo):
    """Two admin staff, two browsers, the same plan and another one, at the same instant."""
    add_user("admin2", roles.ADMIN)
    plan, other = make_plan(), make_plan()
    browsers = [login("admin1"), login("admin2"), login("admin1")]
    targets = [plan, plan, other]
    statuses = []
    errors = run_at_once(
        [
            lambda b=b, p=p: statuses.append(b.post(f"/rencana/{p.id}/surat").status_code)
            for b, p in zip(browsers, targets, strict=True)
        ]
    )
    assert errors == [] and statuses == [302, 302, 302]
    assert Letter.numbers_in(plan.unit, YEAR) == [1, 2, 3, 4, 5, 6]
    assert len(Letter.for_plan(plan)) == 3 and len(Letter.for_plan(other)) == 3


# ---- printing ------------------------------------------------------------------------------


def test_print_view_is_an_official_a4_letter_and_is_audited(login, approved_plan):
    st, first_sppd, _ = issue(approved_plan)
    admin = login("admin1")
    response = admin.get(f"/surat/{st.id}/cetak")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    unit = approved_plan.unit
    for text in (
        "SURAT TUGAS",
        f"Nomor: 001/ST/UPTD-PPA/{YEAR}",
        unit.name.upper(),
        unit.address,
        LEGAL_BASIS[0],
        LEGAL_BASIS[-1],
        "MENUGASKAN",
        "PEMERINTAH KOTA CONTOH",
        "DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK",
        f"Rencana penjangkauan nomor 001/RP/UPTD-PPA/{YEAR} versi",
        "Pembina, IV/a",
        "Dokumen Pelaksanaan Anggaran (DPA)",
        "Standar Operasional Prosedur Penjangkauan Korban",
        user("petugas1").full_name,
        user("petugas2").full_name,
        "Ketua tim",
        "Anggota",
        "Petugas penjangkauan",
        approved_plan.purpose,
        approved_plan.places,
        "2 Maret 2030",
        "4 Maret 2030",
        "3 hari",
        f"Kepala {unit.name}",
        user("kepala1").full_name,
    ):
        assert text in html, text
    assert "css/print.css" in html and "js/print.js" in html and "data-print" in html
    assert "<script>" not in html and "style=" not in html and " onclick" not in html
    assert f"Rencana penjangkauan nomor {approved_plan.id} " not in html  # not the database id
    # opening the page is not a print: the Cetak button (a POST) is
    admin.get(f"/surat/{st.id}/cetak")
    assert Letter.get_by_id(st.id).printed_count == 0
    assert admin.post(f"/surat/{st.id}/cetak", headers={"X-Jangkau-Print": "1"}).status_code == 204
    assert Letter.get_by_id(st.id).printed_count == 1
    assert admin.post(f"/surat/{st.id}/cetak").status_code == 303  # without JavaScript: back to the page
    assert Letter.get_by_id(st.id).printed_count == 2
    prints = AuditLog.select().where(
        AuditLog.action == "print", AuditLog.record_type == "letter", AuditLog.record_id == str(st.id)
    )
    assert prints.count() == 2 and all(a.user.username == "admin1" and a.detail == "" for a in prints)
    assert "dicetak 2 kali" in admin.get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)


def test_print_css_is_a4_and_only_on_print_pages(app, login, approved_plan):
    css = app.static_folder + "/css/print.css"
    text = open(css).read()
    assert "@page { size: A4; margin: 1.5cm 2cm; }" in text and "@media print" in text
    plan_page = login("admin1").get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
    assert "print.css" not in plan_page


def test_sppd_names_its_traveller_and_the_surat_tugas(login, approved_plan):
    st, sppd_1, sppd_2 = issue(approved_plan)
    html = login("admin1").get(f"/surat/{sppd_2.id}/cetak").get_data(as_text=True)
    assert "SURAT PERINTAH PERJALANAN DINAS (SPPD)" in html and sppd_2.code in html
    assert sppd_2.traveller.full_name in html and f"Surat Tugas Nomor {st.code}" in html
    assert "Desa Contoh" in html and "3 hari" in html


def sppd_of(letters, username):
    return next(x for x in letters if x.traveller_id == user(username).id)


def test_the_letters_show_nip_and_pangkat_golongan(login, approved_plan):
    # demo: kepala1 and petugas1 are civil servants, petugas2 is contract staff (no NIP, no rank)
    letters = issue(approved_plan)
    st = letters[0]
    assert st.signer_nip == "197800002003002000"
    lead = next(m for m in st.members if m["name"] == user("petugas1").full_name)
    assert (lead["nip"], lead["rank"]) == ("199200002020002000", "Penata Muda, III/a")
    admin = login("admin1")
    html = admin.get(f"/surat/{st.id}/cetak").get_data(as_text=True)
    for text in (
        "Nama / NIP",
        "Pangkat/Gol.",
        '<span class="nip">NIP. 19920000 202000 2 000</span>',
        '<td class="rank">Penata Muda, III/a</td>',
        '<span class="nip">NIP. -</span>',
        '<td class="rank">-</td>',
        '<p class="signer-nip">NIP. 19780000 200300 2 000</p>',
    ):
        assert text in html, text
    html = admin.get(f"/surat/{sppd_of(letters, 'petugas1').id}/cetak").get_data(as_text=True)
    assert '<td class="nip">19920000 202000 2 000</td>' in html and '<td class="rank">Penata Muda, III/a</td>' in html
    assert "NIP. 19780000 200300 2 000" in html  # the signer
    html = admin.get(f"/surat/{sppd_of(letters, 'petugas2').id}/cetak").get_data(as_text=True)
    assert '<td class="nip">-</td>' in html and '<td class="rank">-</td>' in html


def test_nip_and_rank_on_a_letter_do_not_change_when_the_user_changes(login, approved_plan):
    letters = issue(approved_plan)
    (
        User.update(nip="200001012025011001", rank="Penata, III/c")
        .where(User.username.in_(["petugas1", "kepala1"]))
        .execute()
    )
    User.update(full_name="Sari Baru").where(User.username == "petugas1").execute()
    admin = login("admin1")
    for letter in (letters[0], sppd_of(letters, "petugas1")):
        html = admin.get(f"/surat/{letter.id}/cetak").get_data(as_text=True)
        assert "19920000 202000 2 000" in html and "Penata Muda, III/a" in html and "NIP. 19780000 200300 2 000" in html
        assert "20000101 202501 1 001" not in html and "Penata, III/c" not in html and "Sari Baru" not in html
    assert Letter.get_by_id(letters[0].id).signer_nip == "197800002003002000"


def test_a_signer_without_nip_has_no_nip_line(login, approved_plan):
    User.update(nip="").where(User.username == "kepala1").execute()
    st = issue(approved_plan)[0]
    html = login("admin1").get(f"/surat/{st.id}/cetak").get_data(as_text=True)
    assert st.signer_nip == "" and "signer-nip" not in html and user("kepala1").full_name in html


def test_letters_made_before_nip_and_rank_still_print(login, approved_plan):
    letters = issue(approved_plan)
    old_team = json.dumps([{k: v for k, v in m.items() if k not in ("nip", "rank")} for m in letters[0].members])
    Letter.update(team=old_team, signer_nip="").where(Letter.plan == approved_plan).execute()
    admin = login("admin1")
    html = admin.get(f"/surat/{letters[0].id}/cetak").get_data(as_text=True)
    assert html.count('<span class="nip">NIP. -</span>') == 2 and html.count('<td class="rank">-</td>') == 2
    assert "signer-nip" not in html and user("petugas1").full_name in html
    html = admin.get(f"/surat/{sppd_of(letters, 'petugas1').id}/cetak").get_data(as_text=True)
    assert '<td class="nip">-</td>' in html and '<td class="rank">-</td>' in html


def test_print_all_puts_every_letter_on_its_own_sheet(login, approved_plan):
    letters = issue(approved_plan)
    admin = login("admin1")
    html = admin.get(f"/rencana/{approved_plan.id}/surat/cetak").get_data(as_text=True)
    assert html.count('<article class="sheet"') == 3 and all(x.code in html for x in letters)
    assert AuditLog.select().where(AuditLog.action == "print").count() == 0
    admin.post(f"/rencana/{approved_plan.id}/surat/cetak", headers={"X-Jangkau-Print": "1"})
    assert AuditLog.select().where(AuditLog.action == "print").count() == 3
    assert all(letter.printed_count == 1 for letter in Letter.for_plan(approved_plan))


def test_the_letter_stays_in_indonesian_when_the_screen_is_english(login, approved_plan):
    st = issue(approved_plan)[0]
    admin = login("admin1")
    admin.post("/bahasa", {"lang": "en"})
    html = admin.get(f"/surat/{st.id}/cetak").get_data(as_text=True)
    assert "SURAT TUGAS" in html and "MENUGASKAN" in html and "Ketua tim" in html
    assert "Back to" in html  # the screen around it is English


# ---- the checklist of the other documents ---------------------------------------------------


def checklist_data(**states):
    data = {f"status_{key}": "belum" for key in DocumentItem.keys()}
    data.update({f"status_{key}": value for key, value in states.items()})
    return data


def test_the_checklist_lists_the_sop_documents(login, approved_plan):
    assert DocumentItem.keys() == ("tiket", "formulir_kasus", "formulir_penjangkauan")
    html = login("admin1").get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
    for label in ("Tiket perjalanan", "Formulir kasus (rekam kasus)", "Formulir penjangkauan"):
        assert label in html


def test_admin_ticks_the_documents(login, approved_plan):
    admin = login("admin1")
    data = checklist_data(tiket="tidak_perlu", formulir_kasus="siap")
    data["note_tiket"] = "Naik mobil dinas"
    response = admin.post(f"/rencana/{approved_plan.id}/dokumen", data)
    assert response.status_code == 302
    items = {i.key: i for i in DocumentItem.select().where(DocumentItem.plan == approved_plan)}
    assert items["tiket"].status == "tidak_perlu" and items["tiket"].note == "Naik mobil dinas"
    assert items["formulir_kasus"].status == "siap" and items["formulir_kasus"].updated_by.username == "admin1"
    assert "formulir_penjangkauan" not in items  # still "not yet": no row needed
    assert not DocumentItem.all_settled(approved_plan)
    assert AuditLog.select().where(AuditLog.action == "update", AuditLog.detail == "documents").count() == 1
    html = admin.get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
    assert "Naik mobil dinas" in html


def test_the_checklist_refuses_bad_input_and_keeps_what_was_typed(login, approved_plan):
    data = checklist_data(tiket="hilang")
    data["note_formulir_kasus"] = "Diambil di ruang arsip"
    data["note_tiket"] = "x" * 201
    response = login("admin1").post(f"/rencana/{approved_plan.id}/dokumen", data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="status_tiket-error"' in html and "Pilih salah satu: belum siap, siap, atau tidak perlu." in html
    assert "Paling banyak 200 huruf." in html and "Diambil di ruang arsip" in html
    assert DocumentItem.select().count() == 0


def test_the_checklist_saves_through_htmx_as_a_fragment(login, approved_plan):
    response = login("admin1").post(
        f"/rencana/{approved_plan.id}/dokumen", checklist_data(tiket="siap"), headers={"HX-Request": "true"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="dokumen"' in html and "Daftar dokumen disimpan." in html


def test_two_admin_staff_do_not_undo_each_others_ticks(login, approved_plan):
    """The checklist is saved by compare-and-swap (web.concurrency): the page made before another save is
    refused with 409, keeps what was typed, and a second save then is a deliberate choice."""
    url = f"/rencana/{approved_plan.id}/dokumen"
    add_user("admin9", roles.ADMIN)
    first, second = login("admin1"), login("admin9")
    page = second.get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
    seen = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
    assert first.post(url, {**checklist_data(tiket="siap"), "version": seen}).status_code == 302
    late = {**checklist_data(formulir_kasus="siap"), "note_formulir_kasus": "Di lemari arsip", "version": seen}
    response = second.post(url, late)
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "sudah diubah orang lain" in html and "Di lemari arsip" in html
    items = {i.key: i.status for i in DocumentItem.select().where(DocumentItem.plan == approved_plan)}
    assert items == {"tiket": "siap"}  # nothing of the late save was written
    again = re.search(r'name="version" type="hidden" value="(\d+)"', html).group(1)
    assert second.post(url, {**late, "version": again}).status_code == 302  # saved on purpose
    items = {i.key: i.status for i in DocumentItem.select().where(DocumentItem.plan == approved_plan)}
    assert items == {"formulir_kasus": "siap", "tiket": "belum"}


def test_others_read_the_checklist_but_cannot_change_it(login, approved_plan):
    for username in ("kepala1", "manajer1", "petugas1"):
        browser = login(username)
        html = browser.get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
        assert "Tiket perjalanan" in html and "Simpan daftar dokumen" not in html
        assert browser.post(f"/rencana/{approved_plan.id}/dokumen", checklist_data(tiket="siap")).status_code == 403
    assert DocumentItem.select().count() == 0


# ---- who may see and do what ---------------------------------------------------------------


def test_only_admin_staff_make_letters(login, approved_plan):
    for username in ("kepala1", "manajer1", "petugas1"):
        assert login(username).post(f"/rencana/{approved_plan.id}/surat").status_code == 403
    assert Letter.for_plan(approved_plan) == []


def test_kepala_and_case_manager_see_every_letter(login, approved_plan):
    letters = issue(approved_plan)
    for username in ("kepala1", "manajer1"):
        browser = login(username)
        html = browser.get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
        assert all(x.code in html for x in letters) and "Buat Surat Tugas" not in html
        assert all(browser.get(f"/surat/{x.id}/cetak").status_code == 200 for x in letters)


def test_an_assigned_worker_sees_the_surat_tugas_and_only_their_own_sppd(login, approved_plan):
    st, sppd_1, sppd_2 = issue(approved_plan)
    mine = sppd_1 if sppd_1.traveller.username == "petugas1" else sppd_2
    theirs = sppd_2 if mine is sppd_1 else sppd_1
    worker = login("petugas1")
    assert worker.get(f"/surat/{st.id}/cetak").status_code == 200
    assert worker.get(f"/surat/{mine.id}/cetak").status_code == 200
    assert worker.get(f"/surat/{theirs.id}/cetak").status_code == 403
    html = worker.get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
    assert st.code in html and mine.code in html and theirs.code not in html
    printed = worker.get(f"/rencana/{approved_plan.id}/surat/cetak").get_data(as_text=True)
    assert st.code in printed and theirs.code not in printed
    home = worker.get("/").get_data(as_text=True)
    assert "Surat tugas Anda" in home and f"/surat/{st.id}/cetak" in home and f"/surat/{mine.id}/cetak" in home


def test_a_worker_not_in_the_team_sees_nothing(login, approved_plan):
    add_user("petugas3", roles.WORKER)
    st = issue(approved_plan)[0]
    worker = login("petugas3")
    assert worker.get(f"/rencana/{approved_plan.id}/surat").status_code == 403
    assert worker.get(f"/surat/{st.id}/cetak").status_code == 403
    assert "Surat tugas Anda" not in worker.get("/").get_data(as_text=True)
    assert AuditLog.select().where(AuditLog.action == "denied").count() == 2


def test_the_author_who_is_not_in_the_team_does_not_get_the_letters(login, demo):
    plan = make_plan(members=(("petugas2", "ketua"),), author="petugas1")
    st = issue(plan)[0]
    assert login("petugas1").get(f"/surat/{st.id}/cetak").status_code == 403


def test_nobody_sees_another_units_letters(login, approved_plan):
    letters = issue(approved_plan)
    add_user("admin9", roles.ADMIN, unit_code="UPTD-PPA-SPL")
    for username in ("kepala2", "admin9"):
        browser = login(username)
        assert browser.get(f"/rencana/{approved_plan.id}/surat").status_code in (403, 404)
        assert browser.post(f"/rencana/{approved_plan.id}/surat").status_code in (403, 404)
        assert browser.post(f"/rencana/{approved_plan.id}/dokumen", checklist_data()).status_code in (403, 404)
        assert browser.get(f"/rencana/{approved_plan.id}/surat/cetak").status_code in (403, 404)
        assert browser.post(f"/rencana/{approved_plan.id}/surat/cetak").status_code in (403, 404)
        for letter in letters:
            assert browser.get(f"/surat/{letter.id}/cetak").status_code in (403, 404)
            assert browser.post(f"/surat/{letter.id}/cetak").status_code in (403, 404)
        home = browser.get("/").get_data(as_text=True)
        assert not any(x.code in home for x in letters)
    assert len(Letter.for_plan(approved_plan)) == 3
    assert all(letter.printed_count == 0 for letter in Letter.for_plan(approved_plan))
    assert Letter.select().where(Letter.unit == Unit.get(Unit.code == "UPTD-PPA-SPL")).count() == 0


def test_unknown_letter_is_not_found(login, demo):
    assert login("admin1").get("/surat/424242/cetak").status_code == 404


# ---- the admin staff's home ----------------------------------------------------------------


def admin_panel(html):
    """The admin staff's one panel of approved plans."""
    assert html.count('id="panel-letters-h"') == 1 and "panel-approved-h" not in html
    return html.split('id="panel-letters-h"')[1].split("</section>")[0]


def test_admin_home_has_one_panel_of_approved_plans_each_shown_once(login, approved_plan):
    unassigned = make_plan(members=(), title="Rencana Tanpa Tim")
    admin = login("admin1")
    panel = admin_panel(admin.get("/").get_data(as_text=True))
    assert "Rencana disetujui" in panel and "Siapkan surat tugas dan dokumen" in panel
    assert panel.count(f'href="/rencana/{approved_plan.id}/surat"') == 1
    assert "Belum dimulai" in panel  # due, not started: nobody has made a document yet
    # no team yet: listed once, to the plan (step 5 first), not to its letters
    assert f"/rencana/{unassigned.id}/surat" not in panel and panel.count(f'href="/rencana/{unassigned.id}"') == 1
    assert "Menunggu tim" in panel
    admin.post(f"/rencana/{approved_plan.id}/surat")
    panel = admin_panel(admin.get("/").get_data(as_text=True))
    assert panel.count(f'href="/rencana/{approved_plan.id}/surat"') == 1 and "Sedang disiapkan" in panel
    admin.post(
        f"/rencana/{approved_plan.id}/dokumen",
        checklist_data(tiket="tidak_perlu", formulir_kasus="siap", formulir_penjangkauan="siap"),
    )
    panel = admin_panel(admin.get("/").get_data(as_text=True))
    to_prepare, ready = panel.split("Surat dan dokumen siap")
    assert f'/rencana/{approved_plan.id}/surat"' not in to_prepare
    assert ready.count(f'href="/rencana/{approved_plan.id}/surat"') == 1
    assert approved_plan.id not in [p.id for p in Letter.plans_to_prepare(approved_plan.unit)]
    # a traveller added after the letters: back to prepare (their SPPD is missing), still once
    Assignment.create(plan=approved_plan, user=add_user("petugas7", roles.WORKER), assigned_by=user("kepala1"))
    panel = admin_panel(admin.get("/").get_data(as_text=True))
    assert panel.count(f'href="/rencana/{approved_plan.id}/surat"') == 1
    assert f'/rencana/{approved_plan.id}/surat"' in panel.split("Surat dan dokumen siap")[0]
    assert "Perlu surat baru" in panel
    add_user("admin9", roles.ADMIN, unit_code="UPTD-PPA-SPL")
    other = admin_panel(login("admin9").get("/").get_data(as_text=True))
    assert "Tidak ada rencana yang menunggu surat tugas." in other and f"/rencana/{approved_plan.id}/" not in other


def test_step_6_is_due_after_assignment_and_starts_at_the_first_document_not_a_page_view(login, approved_plan):
    assigned_at = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(minutes=30)
    from web import steps

    steps.finish(approved_plan, 5, user("kepala1"), at=assigned_at)
    admin = login("admin1")
    admin.get("/")
    admin.get(f"/rencana/{approved_plan.id}/surat")
    admin.get(f"/rencana/{approved_plan.id}/waktu")
    admin.post(f"/rencana/{approved_plan.id}/dokumen", checklist_data())  # saving nothing changed is no action
    assert StepLog.get_or_none(StepLog.subject_id == approved_plan.id, StepLog.step == 6) is None
    panel = admin_panel(admin.get("/").get_data(as_text=True))
    assert "Belum dimulai" in panel and "menunggu sejak" in panel
    before = datetime.now(UTC).replace(tzinfo=None)
    admin.post(
        f"/rencana/{approved_plan.id}/dokumen",
        checklist_data(tiket="siap", formulir_kasus="siap", formulir_penjangkauan="siap"),
    )
    log = StepLog.get(StepLog.subject_id == approved_plan.id, StepLog.step == 6)
    assert log.started_at >= before.replace(microsecond=0) and log.started_by.username == "admin1"
    assert log.finished_at is None  # no Surat Tugas yet
    admin.post(f"/rencana/{approved_plan.id}/surat")
    log = StepLog.get_by_id(log.id)
    assert log.finished_at is not None and log.finished_by.username == "admin1"
    coordination = StepLog.get(StepLog.subject_id == approved_plan.id, StepLog.step == 7)
    assert coordination.started_at == log.finished_at and coordination.finished_at is None


def test_step_6_starts_when_the_letters_are_made(login, approved_plan):
    admin = login("admin1")
    admin.post(f"/rencana/{approved_plan.id}/surat")
    log = StepLog.get(StepLog.subject_id == approved_plan.id, StepLog.step == 6)
    assert log.started_by.username == "admin1" and log.finished_at is None  # checklist still open


def test_a_plan_without_a_team_starts_no_step_6(login, demo):
    plan = make_plan(members=())
    login("admin1").post(f"/rencana/{plan.id}/dokumen", checklist_data(tiket="siap"))
    assert StepLog.get_or_none(StepLog.subject_id == plan.id, StepLog.step == 6) is None


# ---- cancelling and replacing a letter -----------------------------------------------------


def test_a_letter_is_cancelled_with_a_reason_and_replaced_with_a_new_number(login, approved_plan):
    admin = login("admin1")
    admin.post(f"/rencana/{approved_plan.id}/surat")
    st, first_sppd, _second = Letter.for_plan(approved_plan)
    before = Counter.last(approved_plan.unit, Letter.COUNTER, YEAR)
    response = admin.post(f"/surat/{st.id}/batal", {f"batal{st.id}-reason": "Salah tanggal berangkat"})
    assert response.status_code == 302
    st = Letter.get_by_id(st.id)
    assert st.is_cancelled and st.cancel_reason == "Salah tanggal berangkat" and st.cancelled_by.username == "admin1"
    assert st.number == 1 and st.code == f"001/ST/UPTD-PPA/{YEAR}"  # the number stays used
    assert Letter.surat_tugas_of(approved_plan) is None and Letter.missing_slots(approved_plan) == ["st"]
    line = AuditLog.for_record("letter", st.id).where(AuditLog.action == "update").get()
    assert line.user.username == "admin1" and line.detail == "cancelled"
    html = admin.get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
    assert "Dibatalkan" in html and "Salah tanggal berangkat" in html and "Belum ada surat pengganti." in html
    assert f"/surat/{st.id}/cetak" not in html and "Buat surat yang kurang" in html
    # the replacement takes the next number of the unit's sequence, never the cancelled one
    admin.post(f"/rencana/{approved_plan.id}/surat")
    new = Letter.surat_tugas_of(approved_plan)
    assert new.number == before + 1 and new.code == f"{before + 1:03d}/ST/UPTD-PPA/{YEAR}"
    assert [old.id for old in new.replaced] == [st.id] and Letter.get_by_id(st.id).replacement.id == new.id
    assert Letter.numbers_in(approved_plan.unit, YEAR) == [1, 2, 3, 4]  # no gap, no duplicate
    html = admin.get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
    assert f"Diganti surat nomor {new.code}." in html
    printed = admin.get(f"/surat/{new.id}/cetak").get_data(as_text=True)
    assert f"Pengganti surat nomor {st.code} yang dibatalkan." in printed
    # a reprint of the cancelled letter says so on the sheet; "print all" leaves it out
    assert "DIBATALKAN" in admin.get(f"/surat/{st.id}/cetak").get_data(as_text=True)
    everything = admin.get(f"/rencana/{approved_plan.id}/surat/cetak").get_data(as_text=True)
    assert st.code not in everything.split("Nomor:", 1)[1].split("Pengganti")[0] and new.code in everything
    assert everything.count('class="sheet"') == 3
    # the worker's home shows the valid Surat Tugas only
    assert new.code in login("petugas1").get("/").get_data(as_text=True)


def test_a_cancellation_needs_a_reason_next_to_the_field_and_keeps_what_was_typed(login, approved_plan):
    admin = login("admin1")
    admin.post(f"/rencana/{approved_plan.id}/surat")
    st = Letter.surat_tugas_of(approved_plan)
    for typed, message in (("   ", "Tulis alasan pembatalan."), ("sal", "Alasan pembatalan 5 sampai 500 huruf.")):
        response = admin.post(f"/surat/{st.id}/batal", {f"batal{st.id}-reason": typed})
        html = response.get_data(as_text=True)
        assert response.status_code == 422
        assert f'<p class="error" id="batal{st.id}-reason-error">{message}</p>' in html
        assert f'aria-describedby="batal{st.id}-reason-hint batal{st.id}-reason-error"' in html
        if typed.strip():
            assert f"\n{typed}</textarea>" in html
        assert not Letter.get_by_id(st.id).is_cancelled


def test_only_admin_staff_cancel_and_a_letter_is_cancelled_once(login, approved_plan):
    login("admin1").post(f"/rencana/{approved_plan.id}/surat")
    st = Letter.surat_tugas_of(approved_plan)
    data = {f"batal{st.id}-reason": "Tim berubah sebelum berangkat"}
    for username in ("kepala1", "manajer1", "petugas1", "kepala2"):
        assert login(username).post(f"/surat/{st.id}/batal", data).status_code in (403, 404), username
    assert not Letter.get_by_id(st.id).is_cancelled
    admin = login("admin1")
    assert admin.post(f"/surat/{st.id}/batal", data).status_code == 302
    assert admin.post(f"/surat/{st.id}/batal", data).status_code == 409
    with pytest.raises(LetterError):
        Letter.get_by_id(st.id).cancel(user("admin1"), "lagi")
    with pytest.raises(ValueError):
        Letter.for_plan(approved_plan)[1].cancel(user("admin1"), "  ")


def test_a_replaced_version_keeps_no_valid_letter_and_says_it_was_replaced(login, approved_plan):
    """Issue 9: when version 2 is approved, version 1's Surat Tugas and SPPD are cancelled (numbers kept,
    marked replaced), and version 1's pages say "replaced", never "Belum disetujui"."""
    from web.models.outreach import Target

    admin = login("admin1")
    admin.post(f"/rencana/{approved_plan.id}/surat")
    old_letters = Letter.for_plan(approved_plan)
    assert len(old_letters) == 3 and not any(x.is_cancelled for x in old_letters)
    Plan.update(title="Rencana Uji").where(Plan.id == approved_plan.id).execute()
    approved_plan = Plan.get_by_id(approved_plan.id)
    approved_plan.set_targets([Target.select().where(Target.unit == approved_plan.unit).first()])
    copy = approved_plan.new_version(user("petugas1"))
    copy.set_lines([dict(category="transport", description="", quantity=1, unit_label="", unit_cost=100_000)])
    copy.submit(user("petugas1"))
    copy.decide(user("kepala1"), True)
    assert Plan.get_by_id(approved_plan.id).status == Plan.SUPERSEDED
    cancelled = Letter.for_plan(approved_plan)
    assert [x.number for x in cancelled] == [x.number for x in old_letters]  # numbers kept, never given again
    assert all(x.is_cancelled and "versi 2" in x.cancel_reason for x in cancelled)
    assert Letter.active_for_plan(approved_plan) == []
    page = admin.get(f"/rencana/{approved_plan.id}/surat").get_data(as_text=True)
    assert "Belum disetujui" not in page and "Diganti versi baru" in page
    assert "Suratnya dibatalkan dan tidak berlaku lagi" in page and f"/rencana/{copy.id}/surat" in page
    printed = admin.get(f"/surat/{cancelled[0].id}/cetak").get_data(as_text=True)
    assert "DIBATALKAN" in printed and "versi 2" in printed
    assert "Belum disetujui" not in admin.get(f"/rencana/{approved_plan.id}").get_data(as_text=True)
    # the new version's letters get new numbers
    admin.post(f"/rencana/{copy.id}/surat")
    assert min(x.number for x in Letter.for_plan(copy)) > max(x.number for x in old_letters)


# ---- the unit's own letters (issue 12 point 8) ------------------------------------------------------


def test_the_surat_tugas_prints_the_units_own_letterhead_and_legal_basis(login, approved_plan):
    Unit.update(
        government_line="PEMERINTAH PROVINSI UJI",
        agency_line="DINAS UJI",
        legal_basis="Undang-Undang Uji Satu\nSOP Uji\nDPA Uji 2030",
    ).where(Unit.id == approved_plan.unit_id).execute()
    st = issue(approved_plan)[0]
    html = login("admin1").get(f"/surat/{st.id}/cetak").get_data(as_text=True)
    for text in ("PEMERINTAH PROVINSI UJI", "DINAS UJI", "<li>Undang-Undang Uji Satu;</li>", "<li>DPA Uji 2030;</li>"):
        assert text in html, text
    assert LEGAL_BASIS[0] not in html
    # the letter keeps the legal basis it was made with
    Unit.update(legal_basis="Dasar baru").where(Unit.id == approved_plan.unit_id).execute()
    html = login("admin1").get(f"/surat/{st.id}/cetak").get_data(as_text=True)
    assert "Undang-Undang Uji Satu" in html and "Dasar baru" not in html


def test_a_later_version_of_the_plan_keeps_its_number(approved_plan):
    issue(approved_plan)
    number = Plan.get_by_id(approved_plan.id).number
    assert number == f"001/RP/UPTD-PPA/{YEAR}"
    other = make_plan()
    issue(other)
    assert Plan.get_by_id(other.id).number == f"002/RP/UPTD-PPA/{YEAR}"
    later = Plan.create(
        unit=approved_plan.unit,
        status=Plan.APPROVED,
        created_by=user("petugas1"),
        chain_root=approved_plan.id,
        previous=approved_plan,
        version=2,
        start_date=approved_plan.start_date,
        end_date=approved_plan.end_date,
    )
    Assignment.create(plan=later, user=user("petugas1"), team_role="ketua", assigned_by=user("kepala1"))
    issue(later)
    assert Plan.get_by_id(later.id).number == number


def test_each_sppd_has_its_travellers_own_cost_and_the_standard_items(login, approved_plan):
    from web.models import BudgetLine

    for category, quantity, cost in (("transport", 1, 301), ("uang_harian", 6, 150_000), ("konsumsi", 10, 25_000)):
        BudgetLine.create(
            plan=approved_plan,
            category=category,
            description="Mobil sewa" if category == "transport" else "",
            quantity=quantity,
            unit_cost=cost,
        )
    Unit.update(budget_account="5.1.02.04.01.0001").where(Unit.id == approved_plan.unit_id).execute()
    letters = issue(approved_plan)
    first, second = sppd_of(letters, "petugas1"), sppd_of(letters, "petugas2")
    assert first.traveller_cost() == ([("transport", 151), ("uang_harian", 450_000)], 450_151)
    assert second.traveller_cost() == ([("transport", 150), ("uang_harian", 450_000)], 450_150)
    html = login("admin1").get(f"/surat/{first.id}/cetak").get_data(as_text=True)
    for text in (
        "Alat angkut yang dipergunakan",
        "Mobil sewa",
        "Tingkat biaya perjalanan dinas",
        "<td>E</td>",
        "Pengikut",
        "Mata anggaran",
        "5.1.02.04.01.0001",
        "Rp 450.151",
        "Lembar belakang SPPD",
        "Tiba di",
        "Berangkat dari",
    ):
        assert text in html, text
    assert "Rp 1.150.301" not in html  # not the whole plan's budget
