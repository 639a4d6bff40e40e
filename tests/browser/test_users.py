"""The users screens on a 360 px phone (issue 12 point 6): the Kepala adds a worker and reads the
one-time code once, then the worker logs in with it and chooses a password; axe-core, 44 px tap
targets, no sideways scrolling. Screenshots also under /work/shots/users/ when that folder exists."""

import shutil
from pathlib import Path

from tests.browser.conftest import check_screen, login_as, screenshot

SHOTS = Path("/work/shots/users")


def keep(page, name):
    path = screenshot(page, name)
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / path.name)


def test_the_kepala_adds_a_worker_who_logs_in_with_the_one_time_code(new_phone, demo):
    kepala = login_as(new_phone(), "kepala1")
    kepala.get_by_role("link", name="Kelola pengguna").click()
    kepala.wait_for_url("**/pengguna")
    check_screen(kepala)
    keep(kepala, "users-list-360")
    kepala.get_by_role("link", name="Tambah pengguna").click()
    kepala.wait_for_url("**/pengguna/baru")
    kepala.get_by_label("Nama pengguna").fill("melati")
    kepala.get_by_label("Nama lengkap").fill("Melati Uji")
    kepala.get_by_label("NIP").fill("12345")
    kepala.get_by_role("button", name="Buat akun dan kode sekali pakai").click()
    kepala.wait_for_load_state()
    assert "NIP harus tepat 18 angka" in kepala.content()
    check_screen(kepala)
    keep(kepala, "users-new-error-360")
    kepala.get_by_label("NIP").fill("19920000 202000 2 000")
    kepala.get_by_label("Pangkat/golongan").fill("Penata Muda, III/a")
    kepala.get_by_role("button", name="Buat akun dan kode sekali pakai").click()
    kepala.wait_for_load_state()
    code = kepala.locator("#one-time-code").inner_text().strip()
    assert len(code) == 14
    check_screen(kepala)
    keep(kepala, "users-code-360")

    worker = new_phone()
    worker.goto("/login")
    worker.get_by_label("Nama pengguna").fill("melati")
    worker.get_by_label("Kata sandi").fill(code)
    worker.get_by_role("button", name="Masuk").click()
    worker.wait_for_url("**/akun/kata-sandi")
    check_screen(worker)
    worker.get_by_label("Kata sandi baru", exact=True).fill("melati-baru-123")
    worker.get_by_label("Ulangi kata sandi baru").fill("melati-baru-123")
    worker.get_by_role("button", name="Simpan kata sandi baru").click()
    worker.wait_for_load_state()
    assert "Kata sandi baru disimpan." in worker.content()
    # the refused NIP answers 422 (the browser logs it); nothing else may go wrong on the pages
    assert [e for e in kepala.errors + worker.errors if "status of 422" not in e] == []


def test_the_system_administrator_opens_one_units_accounts(new_phone, demo):
    from tests.factories import add_user

    add_user("sistem", "sysadmin")
    admin = login_as(new_phone(), "sistem")
    admin.goto("/pengguna")
    other = demo["UPTD-PPA-SPL"]
    assert admin.get_by_role("link", name=other.name).is_visible()
    assert admin.locator(".accounts").count() == 0  # no account is listed before a unit is chosen
    check_screen(admin)
    keep(admin, "users-units-sysadmin-360")
    admin.get_by_role("link", name=other.name).click()
    admin.wait_for_url(f"**/pengguna?unit={other.id}")
    assert "kepala2" in admin.locator(".accounts").inner_text()
    assert "petugas1" not in admin.locator(".accounts").inner_text()
    check_screen(admin)
    keep(admin, "users-unit-sysadmin-360")
    admin.get_by_role("link", name="Semua unit").click()
    admin.wait_for_url("**/pengguna")
