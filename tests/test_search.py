"""Search (web/search, Person.search, Case.search): accent- and case-insensitive, by name, NIK, code, phone and
desa, only what the user may open, the case filters, keyset pages, audited without what was typed."""

from datetime import timedelta

import pytest

from tests.factories import add_user, make_case, user
from web import roles
from web.models import AuditLog, Case, CaseStepLog, Person, RiskAssessment, Unit
from web.models.outreach import search_form, search_terms
from web.timeutil import now


def person(name, *, by="petugas1", unit="UPTD-PPA", **fields):
    return Person.create(unit=Unit.get(Unit.code == unit), name=name, created_by=user(by), **fields)


def test_search_form_drops_case_accents_and_punctuation():
    assert search_form("  Séndang-AYU ") == "sendang ayu"
    assert search_form("0812-3456 7890") == "0812 3456 7890"
    assert search_terms("jgk-26-42") == ("JGK-26-0042", [])
    assert search_terms("ks 26 7") == ("KS-26-0007", [])
    assert search_terms("Siti Ñurhaliza") == (None, ["siti", "nurhaliza"])


def test_people_are_found_by_name_nik_phone_and_desa_whatever_the_accents(login, demo):
    person("Siti Nurhaliza", nik="3201010101010001", phone="0812-1111-2222", desa="Sukamaju")
    person("Dewi Séndang", desa="Cibeureum")
    person("Ayu Lestari", desa="Sukamaju")
    manager = login("manajer1")

    def found(q):
        html = manager.get("/cari", query_string={"q": q}).get_data(as_text=True)
        return {n for n in ("Siti Nurhaliza", "Dewi Séndang", "Ayu Lestari") if n in html}

    assert found("nurhaliza") == {"Siti Nurhaliza"}
    assert found("SENDANG") == {"Dewi Séndang"}  # no accent typed, one stored
    assert found("séndang dewi") == {"Dewi Séndang"}  # every word, any order
    assert found("3201010101010001") == {"Siti Nurhaliza"}
    assert found("08121111") == set()  # the phone is kept with its spaces: its parts are found
    assert found("0812 1111") == {"Siti Nurhaliza"}
    assert found("sukamaju") == {"Siti Nurhaliza", "Ayu Lestari"}
    assert found("ay") == {"Ayu Lestari"}  # two letters: no trigram, still found
    assert found("tidakada") == set()


def test_a_person_corrected_later_is_found_by_the_new_name(demo):
    someone = person("Nama Lama")
    someone.name = "Nama Baru"
    someone.save(only=[Person.name])
    assert [p.id for p in Person.search(user("manajer1"), "baru")] == [someone.id]
    assert list(Person.search(user("manajer1"), "lama")) == []


def test_a_code_finds_the_person_of_that_target_or_case(login, demo):
    make_case()
    case = make_case()
    manager = user("manajer1")
    assert [p.id for p in Person.search(manager, case.target.code.lower())] == [case.person_id]
    assert [p.id for p in Person.search(manager, case.code.replace("-000", "-"))] == [case.person_id]


def test_only_what_the_user_may_open(login, demo):
    mine = person("Melati Satu", by="petugas1")
    person("Melati Dua", by="petugas2")
    person("Melati Tiga", by="kepala2", unit="UPTD-PPA-SPL")
    assert [p.id for p in Person.search(user("petugas1"), "melati")] == [mine.id]
    assert len(Person.search(user("manajer1"), "melati")) == 2  # her unit only
    assert list(Person.search(user("admin1"), "melati")) == []  # admin staff never search people
    html = login("petugas1").get("/cari?q=melati").get_data(as_text=True)
    assert "Melati Satu" in html and "Melati Dua" not in html and "Melati Tiga" not in html


def test_searches_are_audited_without_what_was_typed_and_each_person_shown_is(login, demo):
    shown = person("Kenanga Rahasia")
    login("manajer1").get("/cari?q=kenanga")
    entry = AuditLog.select().where(AuditLog.action == "search").get()
    assert "kenanga" not in entry.detail.lower() and entry.detail == "1"
    assert AuditLog.select().where(AuditLog.action == "view", AuditLog.record_id == str(shown.id)).exists()


def test_pages_by_keyset(login, demo):
    for i in range(55):
        person(f"Anggrek {i:02d}")
    manager = login("manajer1")
    html = manager.get("/cari?q=anggrek").get_data(as_text=True)
    assert html.count("Anggrek ") == 50 and 'rel="next"' in html
    next_url = html.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert "q=anggrek" in next_url and "setelah=" in next_url
    rest = manager.get(next_url).get_data(as_text=True)
    assert rest.count("Anggrek ") == 5 and 'rel="next"' not in rest


def test_a_wrong_filter_is_refused_with_a_message_keeping_what_was_typed(login, demo):
    other = add_user("petugas8", roles.WORKER, "UPTD-PPA-SPL")
    response = login("manajer1").get("/cari", query_string={"q": "melati", "petugas": str(other.id)})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="melati"' in html and 'aria-invalid="true"' in html


# ---- cases --------------------------------------------------------------------------------------------


def case_ids(q="", **filters):
    return {c.id for c in Case.search(user("manajer1"), q, **filters)}


def test_case_filters(demo):
    violence = make_case(procedure="kekerasan", complaint_category="kekerasan", worker="petugas1")
    trafficking = make_case(procedure="perdagangan_orang", worker="petugas2")
    rehab = make_case(procedure="rehabilitasi", complaint_category="pendidikan", worker=None)
    Case.update(status=Case.CLOSED).where(Case.id == rehab.id).execute()
    assert case_ids() == {violence.id, trafficking.id, rehab.id}
    assert case_ids(prosedur="perdagangan_orang") == {trafficking.id}
    assert case_ids(kategori="pendidikan") == {rehab.id}
    assert case_ids(status="terbuka") == {violence.id, trafficking.id}
    assert case_ids(petugas=user("petugas1").id) == {violence.id}
    assert case_ids(violence.code) == {violence.id}
    assert case_ids("melati", prosedur="kekerasan") == {violence.id}


def test_overdue_and_risk_filters(demo):
    late = make_case(received_at=now() - timedelta(hours=2))  # intake: 15 minutes
    on_time = make_case()
    assert case_ids(terlambat="ya") == {late.id}
    CaseStepLog.update(finished_at=now()).where(CaseStepLog.case == late.id).execute()
    assert case_ids(terlambat="ya") == set()
    visit = on_time.meeting(user("petugas1"))
    base = dict(unit=visit.unit_id, visit=visit, assessed_by=user("petugas1"), computed_level="tinggi")
    RiskAssessment.create(level="tinggi", **base)
    assert case_ids(risiko="tinggi") == {on_time.id}
    RiskAssessment.create(level="rendah", **base)  # the latest counts
    assert case_ids(risiko="tinggi") == set() and case_ids(risiko="rendah") == {on_time.id}


def test_a_worker_filters_only_her_own_cases_and_admin_staff_get_cases(demo):
    mine = make_case(worker="petugas1")
    make_case(worker="petugas2")
    assert {c.id for c in Case.search(user("petugas1"))} == {mine.id}
    assert len(Case.search(user("admin1"))) == 2


@pytest.mark.parametrize("username", ["manajer1", "admin1"])
def test_the_case_list_on_screen(login, demo, username):
    case = make_case(procedure="perdagangan_orang")
    html = login(username).get("/cari", query_string={"jenis": "kasus", "prosedur": "perdagangan_orang"})
    html = html.get_data(as_text=True)
    assert case.code in html and "Penanganan korban perdagangan orang" in html
