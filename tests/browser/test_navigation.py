"""The menu, the homes and the alerts bar on a 360 px phone (issue 12 points 1, 2 and 7): each
role's home and open menu checked with axe-core, 44 px tap targets, no sideways scrolling; a flag
raised by a worker reaches a case manager who is on another page within 10 s."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import check_screen, login_as
from tests.factories import make_visit

MENUS = {
    "petugas1": ("Korban", "/sasaran/"),
    "manajer1": ("Tim", "/tim"),
    "kepala1": ("Jejak akses", "/jejak-akses"),
    "admin1": ("Daftar rencana", "/rencana/"),
}


@pytest.mark.parametrize("username", sorted(MENUS))
def test_each_roles_home_and_menu_on_a_phone(new_phone, demo, username):
    phone = login_as(new_phone(), username)
    phone.wait_for_load_state("networkidle")
    check_screen(phone, f"home-{username}-360")
    menu = phone.locator("#menu")
    assert not menu.locator("nav").is_visible()  # closed: one line at the top
    menu.locator("summary").click()
    nav = menu.get_by_role("navigation", name="Menu utama")
    expect(nav).to_be_visible()
    expect(nav.get_by_role("link", name="Beranda")).to_have_attribute("aria-current", "page")
    check_screen(phone, f"menu-open-{username}-360")
    label, path = MENUS[username]
    nav.get_by_role("link", name=label, exact=True).click()
    phone.wait_for_url(f"**{path}")
    expect(phone.locator("#menu nav")).to_be_hidden()  # a new page: the menu is closed again
    assert phone.errors == []


def test_a_flag_reaches_a_case_manager_on_another_page(new_phone, demo, login):
    visit = make_visit()
    manager = login_as(new_phone(permissions=["notifications"]), "manajer1")
    manager.goto("/tim")
    bar = manager.locator("#alerts")
    enable = bar.get_by_role("button", name="Nyalakan suara dan notifikasi")
    enable.click()  # sound and notifications are switched on by a tap
    expect(enable).to_be_hidden()
    assert manager.evaluate("Notification.permission") == "granted"

    login("petugas1").post(f"/kunjungan/{visit.id}/darurat")  # another user, on another phone
    alert = bar.get_by_role("link", name="1 tanda bahaya baru, belum ditangani")
    expect(alert).to_be_visible(timeout=10_000)
    assert "/tim" in manager.url  # it came to the page she was on
    check_screen(manager, "alert-on-team-page-360")
    alert.click()
    manager.wait_for_url("**/tanda-bahaya")
    expect(manager.locator("#flags .urgent").get_by_text(visit.target.code)).to_be_visible()
    assert manager.errors == []


def test_in_the_background_a_flag_shows_a_notification_that_names_no_one(new_phone, demo, login):
    """The notification (shown by the service worker) says how many, not who; its data holds only the
    URL a tap opens (the worker's notificationclick, tests/js/sw.test.mjs)."""
    visit = make_visit()
    manager = login_as(new_phone(permissions=["notifications"]), "manajer1")
    manager.goto("/tim")
    manager.locator("#alerts").get_by_role("button", name="Nyalakan suara dan notifikasi").click()
    manager.wait_for_function("navigator.serviceWorker.getRegistration().then((r) => !!(r && r.active))")
    manager.reload()  # now under the worker
    manager.wait_for_function("navigator.serviceWorker.controller !== null")
    manager.evaluate("Object.defineProperty(document, 'hidden', {get: () => true})")  # the app in the background

    login("petugas1").post(f"/kunjungan/{visit.id}/darurat")
    shown = None
    for _ in range(150):  # the poll runs every 5 s: at most 15 s
        shown = manager.evaluate("""async () => {
            const list = await (await navigator.serviceWorker.ready).getNotifications();
            return list.map((n) => ({title: n.title, body: n.body, data: n.data}));
        }""")
        if shown:
            break
        manager.wait_for_timeout(100)
    assert len(shown) == 1
    note = shown[0]
    assert note["title"] == "Jangkau" and note["body"] == "1 tanda bahaya baru, belum ditangani"
    assert note["data"] == {"url": "/tanda-bahaya"}
    person = visit.target.person
    assert person.name not in str(note) and visit.target.code not in str(note)
    assert manager.errors == []
