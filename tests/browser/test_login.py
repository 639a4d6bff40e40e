"""A worker logs in on a phone-size Chromium and sees the home screen; the screens pass axe-core."""

from tests.browser.conftest import assert_accessible, login_as, screenshot, tap_targets_too_small


def test_worker_logs_in_on_a_phone_and_sees_home(phone, demo):
    phone.goto("/login")
    assert phone.locator("html").get_attribute("lang") == "id"
    assert_accessible(phone)
    assert tap_targets_too_small(phone) == []
    screenshot(phone, "login-360")

    login_as(phone, "petugas1")
    assert phone.get_by_role("heading", name="Beranda petugas penjangkauan").is_visible()
    assert phone.get_by_text("Sari Contoh").first.is_visible()
    assert_accessible(phone)
    assert tap_targets_too_small(phone) == []
    # the page fits a 360 px phone: nothing scrolls sideways
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "home-petugas-360")
    assert phone.errors == []


def test_wrong_password_shows_the_message_next_to_the_field(phone, demo):
    phone.goto("/login")
    phone.get_by_label("Nama pengguna").fill("petugas1")
    phone.get_by_label("Kata sandi").fill("keliru-sekali")
    phone.get_by_role("button", name="Masuk").click()
    error = phone.locator("#password-error")
    error.wait_for()
    assert "salah" in error.inner_text()
    assert phone.get_by_label("Nama pengguna").input_value() == "petugas1"
    assert_accessible(phone)


def test_a_worker_changes_her_password_from_the_header(phone, demo):
    from tests.browser.conftest import check_screen

    login_as(phone, "petugas1")
    phone.get_by_role("link", name="Sari Contoh").click()
    phone.get_by_role("heading", name="Ganti kata sandi").wait_for()
    phone.get_by_label("Kata sandi sekarang").fill("jangkau-demo")
    phone.get_by_label("Kata sandi baru", exact=True).fill("pendek")
    phone.get_by_label("Ulangi kata sandi baru").fill("pendek")
    phone.get_by_role("button", name="Simpan kata sandi baru").click()
    phone.locator("#new-error").wait_for()
    check_screen(phone, "password-change-error-360")
    phone.get_by_label("Kata sandi sekarang").fill("jangkau-demo")
    phone.get_by_label("Kata sandi baru", exact=True).fill("kata-sandi-baru-1")
    phone.get_by_label("Ulangi kata sandi baru").fill("kata-sandi-baru-1")
    phone.get_by_role("button", name="Simpan kata sandi baru").click()
    phone.get_by_text("Kata sandi sudah diganti").wait_for()
    check_screen(phone, "password-changed-home-360")
    assert [e for e in phone.errors if "status of 422" not in e] == []  # the short password, above
