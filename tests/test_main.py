"""Home screens per role, the team list (unit isolation), the health check."""

import pytest

from web.audit import audit
from web.models import AuditLog


def test_health_check_reports_the_database(anon):
    data = anon.get("/healthz").get_json()
    assert data["status"] == "ok" and data["database"]["ok"] is True
    assert data["database"]["pending_migrations"] == 0


@pytest.mark.parametrize(
    "username, heading",
    [
        ("petugas1", "Beranda petugas penjangkauan"),
        ("manajer1", "Beranda manajer kasus"),
        ("kepala1", "Beranda Kepala UPTD"),
        ("admin1", "Beranda staf administrasi"),
    ],
)
def test_each_role_has_its_own_home(login, username, heading):
    html = login(username).get("/").get_data(as_text=True)
    assert heading in html


def test_home_lists_the_sop_steps_of_the_role(login):
    html = login("kepala1").get("/").get_data(as_text=True)
    assert "Langkah SOP yang Anda kerjakan" in html


def test_anonymous_home_goes_to_login(anon):
    response = anon.get("/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_team_shows_only_the_own_unit(login):
    own = login("kepala1").get("/tim").get_data(as_text=True)
    other = login("kepala2").get("/tim").get_data(as_text=True)
    assert "petugas1" in own and "kepala2" not in own
    assert "kepala2" in other and "petugas1" not in other and "manajer1" not in other


def test_workers_do_not_see_the_team_list(login):
    assert login("petugas1").get("/tim").status_code == 403


def test_audit_helper_records_who_what_where(login, app):
    browser = login("manajer1")
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.7"}):
        from flask_login import login_user

        from web.models import User

        login_user(User.by_username("manajer1"))
        entry = audit("view", record_type="person", record_id=42)
    assert (entry.user.username, entry.record_type, entry.record_id, entry.ip) == (
        "manajer1",
        "person",
        "42",
        "127.0.0.7",
    )
    assert entry.unit.code == "UPTD-PPA"
    assert AuditLog.for_record("person", 42).count() == 1
    assert browser  # the login itself was audited too
    assert AuditLog.select().where(AuditLog.action == "login").count() == 1
