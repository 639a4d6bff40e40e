"""Login throttling keeps an attacker slow and never turns against the worker (issue 9, point 3).

The three attacks that used to lock a worker out, each from a device she has logged in on before:
failures on her account typed elsewhere, failures from her office's address, simultaneous guesses.
"""

import threading

import pytest

from tests.conftest import Browser
from web.auth import device
from web.demo import DEMO_PASSWORD
from web.models import AuditLog, LoginThrottle

WRONG = "salah-salah-salah"


def attempt(browser, username="petugas1", password=WRONG, ip="127.0.0.1"):
    return browser.post("/login", {"username": username, "password": password}, environ_base={"REMOTE_ADDR": ip})


@pytest.fixture
def new_device(app, demo):
    """A browser that never logged in (an attacker, or a worker on a borrowed phone)."""

    def make():
        browser = Browser(app.test_client())
        browser.get("/login")
        return browser

    return make


@pytest.fixture
def worker_phone(login):
    """petugas1's own phone: she logged in there before and logged out."""
    phone = login("petugas1")
    assert phone.client.get_cookie(device.COOKIE) is not None
    assert phone.post("/logout").status_code == 302
    phone.get("/login")
    return phone


def test_failures_typed_elsewhere_do_not_block_the_worker_on_her_phone(app, worker_phone, new_device):
    attacker = new_device()
    statuses = [attempt(attacker).status_code for _ in range(app.config["LOGIN_LOCK_AFTER"] + 3)]
    assert statuses[: app.config["LOGIN_SLOW_AFTER"]] == [422] * app.config["LOGIN_SLOW_AFTER"]
    assert statuses[-1] == 429
    # The attacker stays slow: from a device never used to log in, even the right password waits.
    refused = attempt(attacker, password=DEMO_PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Tunggu" in refused.get_data(as_text=True) or "dikunci" in refused.get_data(as_text=True)
    # The worker, on her phone, is not refused.
    assert attempt(worker_phone, password=DEMO_PASSWORD).status_code == 302


def test_an_address_full_of_failures_does_not_lock_out_known_devices_behind_it(app, worker_phone, new_device):
    attacker = new_device()  # same office address (127.0.0.1), guessing many accounts
    for i in range(app.config["LOGIN_IP_LOCK_AFTER"]):
        assert attempt(attacker, username=f"tebak{i}").status_code == 422
    locked = attempt(attacker, username="tebak-lagi")
    html = locked.get_data(as_text=True)
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan yang gagal dari jaringan ini" in html
    assert "Di ponsel tempat Anda pernah masuk, Anda tetap bisa masuk." in html
    assert AuditLog.select().where(AuditLog.action == "login_blocked").count() == 1
    # A worker behind the same address, on her own phone, logs in.
    assert attempt(worker_phone, password=DEMO_PASSWORD).status_code == 302
    # Another address is not affected at all.
    assert attempt(new_device(), username="petugas2", password=DEMO_PASSWORD, ip="127.0.0.9").status_code == 302


def guess_all_at_once(browsers, usernames):
    """Each browser sends one wrong password at the same moment; their answers' status codes."""
    start = threading.Barrier(len(browsers), timeout=60)
    statuses = [None] * len(browsers)

    def guess(i):
        start.wait()
        statuses[i] = attempt(browsers[i], username=usernames[i]).status_code

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(len(browsers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses


def test_simultaneous_guesses_on_one_account_never_pass_the_limit(app, worker_phone, new_device):
    app.config["LOGIN_SLOW_AFTER"] = app.config["LOGIN_LOCK_AFTER"]  # no short waits: only the limit
    limit = app.config["LOGIN_LOCK_AFTER"]
    statuses = guess_all_at_once([new_device() for _ in range(30)], ["petugas1"] * 30)
    assert statuses.count(422) == limit  # exactly the limit's worth of passwords were checked
    assert statuses.count(429) == 30 - limit
    assert AuditLog.select().where(AuditLog.action == "login_failed").count() == limit
    assert LoginThrottle.get_key("account:petugas1").tries == limit
    assert attempt(worker_phone, password=DEMO_PASSWORD).status_code == 302


def test_simultaneous_guesses_from_one_address_never_pass_its_limit(app, worker_phone, new_device):
    app.config["LOGIN_IP_LOCK_AFTER"] = 6
    statuses = guess_all_at_once([new_device() for _ in range(24)], [f"tebak{i}" for i in range(24)])
    assert statuses.count(422) == 6 and statuses.count(429) == 18
    assert LoginThrottle.get_key("address:127.0.0.1").tries == 6
    assert attempt(worker_phone, password=DEMO_PASSWORD).status_code == 302


def test_a_stolen_phone_is_locked_by_its_own_failures(app, worker_phone, new_device):
    for _ in range(app.config["LOGIN_SLOW_AFTER"]):
        assert attempt(worker_phone).status_code == 422
    slowed = attempt(worker_phone, password=DEMO_PASSWORD)
    assert slowed.status_code == 429 and "Tunggu" in slowed.get_data(as_text=True)
    # ... and only the phone: the account is not locked for the worker's other devices.
    assert LoginThrottle.get_key("account:petugas1") is None
    assert attempt(new_device(), password=DEMO_PASSWORD, ip="127.0.0.7").status_code == 302


def test_a_device_cookie_counts_only_for_its_user_and_only_when_signed(app, worker_phone, new_device):
    cookie = worker_phone.client.get_cookie(device.COOKIE).value
    attacker = new_device()
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        attempt(attacker)
        attempt(attacker, username="petugas2", ip="127.0.0.8")
    # petugas1's phone is not a known device for petugas2, and a forged cookie is no cookie.
    assert attempt(worker_phone, username="petugas2", password=DEMO_PASSWORD, ip="127.0.0.8").status_code == 429
    forged = new_device()
    forged.client.set_cookie(device.COOKIE, cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB"))
    assert attempt(forged, password=DEMO_PASSWORD).status_code == 429
    assert attempt(worker_phone, password=DEMO_PASSWORD).status_code == 302


def test_a_right_password_gives_back_the_address_try(app, new_device):
    browser = new_device()
    assert attempt(browser, username="petugas2").status_code == 422
    assert attempt(browser, username="petugas2", password=DEMO_PASSWORD).status_code == 302
    assert LoginThrottle.get_key("address:127.0.0.1").tries == 1  # the failure counts, the success not
    assert LoginThrottle.get_key("account:petugas2") is None  # cleared by the right password
