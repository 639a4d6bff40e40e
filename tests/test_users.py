"""Users and units on screens (issue 12 point 6): the Kepala manages her unit's accounts, the system
administrator every unit; one-time codes instead of passwords; deactivation ends sessions; units keep
their letterhead, time zone and legal basis. On SQLite and PostgreSQL."""

import re
from datetime import timedelta

from flask import url_for

from tests.factories import add_user, user
from web.models import AuditLog, Unit, User
from web.timeutil import now

CODE_RE = re.compile(r'id="one-time-code">([A-Z0-9-]+)<')


def code_in(response):
    match = CODE_RE.search(response.get_data(as_text=True))
    assert match, "no one-time code on the page"
    return match.group(1)


def new_account(browser, **overrides):
    data = {
        "username": "melati",
        "full_name": "Melati Uji",
        "role": "petugas",
        "nip": "19920000 202000 2 000",
        "rank": "Penata Muda, III/a",
        "phone": "",
    }
    data.update(overrides)
    return browser.post("/pengguna/baru", data)


def test_the_kepala_creates_an_account_with_nip_and_rank_and_a_one_time_code(login, anon):
    kepala = login("kepala1")
    response = new_account(kepala)
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    code = code_in(response)
    account = user("melati")
    assert (
        account.unit.code == "UPTD-PPA" and account.nip == "199200002020002000" and account.rank == "Penata Muda, III/a"
    )
    assert (
        account.must_change_password
        and account.reset_code_hash
        and code.replace("-", "") not in account.reset_code_hash
    )
    entries = list(AuditLog.for_record("user", account.id))
    assert [e.action for e in entries] == ["create", "update"]
    assert all(code not in e.detail and code.replace("-", "") not in e.detail for e in entries)

    # The new user logs in with the code, must set a password first, then the code is spent.
    assert anon.post("/login", {"username": "melati", "password": code.lower()}).status_code == 302
    assert anon.get("/").headers["Location"].endswith("/akun/kata-sandi")
    page = anon.get("/akun/kata-sandi").get_data(as_text=True)
    assert 'name="current"' not in page
    response = anon.post("/akun/kata-sandi", {"new": "melati-baru-123", "confirm": "melati-baru-123"})
    assert response.status_code == 302
    assert anon.get("/").status_code == 200
    account = user("melati")
    assert not account.must_change_password and not account.reset_code_hash
    assert account.check_password("melati-baru-123")
    assert not account.use_reset_code(code)


def test_a_bad_nip_is_refused_by_its_field_keeping_what_was_typed(login):
    kepala = login("kepala1")
    response = new_account(kepala, nip="12345")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "NIP harus tepat 18 angka" in page and 'value="12345"' in page
    assert user("melati") is None


def test_a_username_taken_is_refused(login):
    response = new_account(login("kepala1"), username="petugas1")
    assert response.status_code == 422 and "sudah dipakai" in response.get_data(as_text=True)


def test_the_kepala_changes_a_role_and_it_is_audited(login):
    kepala = login("kepala1")
    worker = user("petugas2")
    response = kepala.post(
        f"/pengguna/{worker.id}", {"full_name": worker.full_name, "role": "manajer", "nip": "", "rank": "", "phone": ""}
    )
    assert response.status_code == 302
    assert user("petugas2").role == "manajer"
    assert any("role petugas->manajer" in e.detail for e in AuditLog.for_record("user", worker.id))


def test_the_kepala_cannot_give_the_sysadmin_role_nor_change_her_own_role(login):
    kepala = login("kepala1")
    worker = user("petugas2")
    response = kepala.post(
        f"/pengguna/{worker.id}", {"full_name": worker.full_name, "role": "sysadmin", "nip": "", "rank": ""}
    )
    assert response.status_code == 422 and user("petugas2").role == "petugas"
    me = user("kepala1")
    response = kepala.post(f"/pengguna/{me.id}", {"full_name": me.full_name, "role": "petugas", "nip": me.nip})
    assert response.status_code == 422 and user("kepala1").role == "kepala"


def test_deactivating_ends_every_session_of_that_user(login):
    worker = login("petugas2")
    assert worker.get("/").status_code == 200
    kepala = login("kepala1")
    response = kepala.post(f"/pengguna/{user('petugas2').id}/nonaktif")
    assert response.status_code == 302
    assert not user("petugas2").active
    assert worker.get("/").status_code == 302  # back to the login page
    assert any(e.detail.startswith("deactivated") for e in AuditLog.for_record("user", user("petugas2").id))


def test_a_reset_code_ends_sessions_stops_the_old_password_and_expires(login, anon):
    worker = login("petugas2")
    kepala = login("kepala1")
    response = kepala.post(f"/pengguna/{user('petugas2').id}/kode")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    code = code_in(response)
    assert code not in response.headers.get("Location", "")
    assert worker.get("/").status_code == 302  # the old session ended
    assert anon.post("/login", {"username": "petugas2", "password": "jangkau-demo"}).status_code == 422
    account = user("petugas2")
    User.update(reset_expires_at=now() - timedelta(minutes=1)).where(User.id == account.id).execute()
    assert anon.post("/login", {"username": "petugas2", "password": code}).status_code == 422


def test_a_kepala_cannot_touch_another_units_accounts_or_unit(login):
    kepala = login("kepala1")
    other = user("kepala2")
    assert kepala.get(f"/pengguna/{other.id}").status_code == 403
    assert kepala.post(f"/pengguna/{other.id}/nonaktif").status_code == 403
    assert kepala.post(f"/pengguna/{other.id}/kode").status_code == 403
    assert user("kepala2").active and not user("kepala2").must_change_password
    other_unit = Unit.get(Unit.code == "UPTD-PPA-SPL")
    assert kepala.get(f"/unit/{other_unit.id}").status_code == 403
    page = kepala.get("/pengguna").get_data(as_text=True)
    assert "kepala2" not in page and "petugas2" in page
    assert kepala.get("/unit/baru").status_code == 403


def test_the_system_administrator_manages_every_unit_and_sees_no_case_records(app, login, field):
    add_user("sistem", "sysadmin")
    sysadmin = login("sistem")
    other_unit = Unit.get(Unit.code == "UPTD-PPA-SPL")
    # the units with their number of accounts, then one unit's accounts at a time
    page = sysadmin.get("/pengguna").get_data(as_text=True)
    assert other_unit.name in page and f"/pengguna?unit={other_unit.id}" in page and "kepala2" not in page
    page = sysadmin.get(f"/pengguna?unit={other_unit.id}").get_data(as_text=True)
    assert "kepala2" in page and "petugas1" not in page
    home_unit = user("petugas1").unit_id
    assert "petugas1" in sysadmin.get(f"/pengguna?unit={home_unit}").get_data(as_text=True)
    response = new_account(sysadmin, username="baru2", role="kepala", unit=str(other_unit.id), nip="", rank="")
    assert response.status_code == 201 and user("baru2").unit_id == other_unit.id
    response = sysadmin.post(
        "/unit/baru",
        {
            "code": "DINSOS-X",
            "name": "Dinas Sosial Kota X",
            "government_line": "PEMERINTAH KOTA X",
            "agency_line": "DINAS SOSIAL",
            "timezone": "Asia/Jayapura",
            "legal_basis": "Dasar satu\nDasar dua",
        },
    )
    assert response.status_code == 302
    unit = Unit.get(Unit.code == "DINSOS-X")
    assert unit.zone == "WIT" and unit.legal_basis_lines == ["Dasar satu", "Dasar dua"]
    assert AuditLog.for_record("unit", unit.id).count() == 1
    # no case records: every person-facing screen is refused
    with app.test_request_context():
        urls = [
            url_for("targets.index"),
            url_for("targets.show", target_id=field.child.id),
            url_for("outreach.index"),
            url_for("outreach.show", plan_id=field.plan.id),
            url_for("letters.plan", plan_id=field.plan.id),
            url_for("referrals.flags"),
        ]
    for url in urls:
        assert sysadmin.get(url).status_code == 403, url


def test_a_unit_edits_its_letterhead_and_legal_basis_with_a_version_check(login):
    kepala = login("kepala1")
    unit = Unit.get(Unit.code == "UPTD-PPA")
    page = kepala.get(f"/unit/{unit.id}").get_data(as_text=True)
    assert "Undang-Undang Nomor 23 Tahun 2002" in page and "DPA" in page
    data = {
        "name": unit.name,
        "government_line": "PEMERINTAH PROVINSI CONTOH",
        "agency_line": "DINAS PPPA",
        "address": unit.address,
        "phone": unit.phone,
        "region": unit.region,
        "timezone": "Asia/Makassar",
        "legal_basis": "Undang-Undang Contoh\n\nDPA Tahun 2026",
        "budget_account": "5.1.02.04.01.0001",
        "version": str(unit.row_version),
    }
    assert kepala.post(f"/unit/{unit.id}", data).status_code == 302
    unit = Unit.get_by_id(unit.id)
    assert unit.legal_basis_lines == ["Undang-Undang Contoh", "DPA Tahun 2026"] and unit.zone == "WITA"
    data["phone"] = "(0000) 999999"
    assert kepala.post(f"/unit/{unit.id}", data).status_code == 409  # a page made before that save
    assert "legal_basis" in AuditLog.for_record("unit", unit.id).first().detail


def test_the_system_administrators_list_counts_accounts_per_unit_and_refuses_bad_units(app, login):
    add_user("sistem", "sysadmin")
    sysadmin = login("sistem")
    unit = user("petugas1").unit
    total = User.select().where(User.unit == unit).count()
    active = User.select().where(User.unit == unit, User.active == True).count()
    assert User.counts_by_unit()[unit.id] == (total, active)
    page = sysadmin.get("/pengguna").get_data(as_text=True)
    assert f"{total} akun" in page
    assert sysadmin.get("/pengguna?unit=999999").status_code == 404
    assert sysadmin.get("/pengguna?unit=abc").status_code == 404
    kepala = login("kepala1")  # a Kepala sees her own unit whatever she asks for
    page = kepala.get(f"/pengguna?unit={user('kepala2').unit_id}").get_data(as_text=True)
    assert "petugas1" in page and "kepala2" not in page
