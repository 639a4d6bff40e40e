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
