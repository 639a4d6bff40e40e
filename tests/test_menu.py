"""The menu on every page (web/main/menu.py): each area adds its entries with add_menu, and a user
sees only the entries the permission table lets her open."""

import re

import pytest
from flask_babel import lazy_gettext as _l

from web.main.menu import KEY, add_menu, menu_for
from web.permissions import PERMISSIONS, allowed


def menu_links(html):
    nav = re.search(r'<nav aria-label="Menu utama">(.*?)</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav.group(1)) if nav else []


EXPECTED = {
    "petugas1": ["Beranda", "Korban", "Daftar rencana"],
    "manajer1": [
        "Beranda",
        "Daftar tanda bahaya",
        "Korban",
        "Daftar rencana",
        "Rujukan darurat tanpa persetujuan",
        "Kiriman ganda",
        "Tim",
    ],
    "kepala1": [
        "Beranda",
        "Daftar tanda bahaya",
        "Korban",
        "Daftar rencana",
        "Rujukan darurat tanpa persetujuan",
        "Kiriman ganda",
        "Tim",
        "Aturan persetujuan rencana",
        "Jejak akses",
    ],
    "admin1": ["Beranda", "Daftar rencana", "Tim"],
}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_its_own_menu_on_every_page(login, username):
    user = login(username)
    links = menu_links(user.get("/").get_data(as_text=True))
    labels = [label for _, label in links]
    # these entries, in this order (other areas add theirs in between)
    assert [label for label in labels if label in EXPECTED[username]] == EXPECTED[username]
    for role_entries in EXPECTED.values():  # and none of another role's that this one may not open
        assert all(label in EXPECTED[username] for label in role_entries if label in labels)
    for url, _label in links:  # every entry opens for this user
        assert user.get(url).status_code == 200, url
    other = user.get("/akun/kata-sandi")
    assert [label for _, label in menu_links(other.get_data(as_text=True))] == labels


def test_the_current_page_is_marked(login):
    html = login("manajer1").get("/tanda-bahaya").get_data(as_text=True)
    assert '<a href="/tanda-bahaya" aria-current="page">Daftar tanda bahaya</a>' in html


def test_no_menu_before_login(anon):
    html = anon.get("/login").get_data(as_text=True)
    assert 'aria-label="Menu utama"' not in html


def test_an_entry_follows_the_permission_table(app, demo):
    """Every entry is in the permission table and is shown exactly to the roles it allows."""
    from web.models import User

    entries = app.extensions[KEY]
    assert entries and all(e.endpoint in PERMISSIONS for e in entries)
    assert all(e.endpoint in app.view_functions for e in entries)
    for user in list(User.select()):
        with app.test_request_context("/"):
            shown = {url for _, url, _ in menu_for(user)}
            for entry in entries:
                from flask import url_for

                assert (url_for(entry.endpoint) in shown) == allowed(PERMISSIONS[entry.endpoint], user)


def test_an_endpoint_missing_from_the_table_is_never_shown(app, demo):
    from web.models import User

    add_menu(app, "nowhere.view", _l("Tidak ada"), order=1)
    add_menu(app, "main.audit_trail", _l("Jejak lagi"), order=2)  # listed: the Kepala only
    users = User.by_username("petugas1"), User.by_username("kepala1")
    with app.test_request_context("/"):
        worker = [str(label) for label, _, _ in menu_for(users[0])]
        head = [str(label) for label, _, _ in menu_for(users[1])]
    assert "Tidak ada" not in worker + head
    assert "Jejak lagi" in head and "Jejak lagi" not in worker
