"""The alerts bar of every page (issue 12 point 7): new risk flags and referral answers of the
user's own unit, polled with If-None-Match and answered 304 when nothing changed."""

import pytest

from tests.factories import add_user, answers, make_visit
from web import roles
from web.models import Referral, RiskFlag

ALERTS = "/peringatan"


@pytest.fixture
def visit(demo):
    return make_visit(share=["kesehatan"])


def poll(browser, etag=None):
    headers = {"If-None-Match": f'"{etag}"'} if etag else {}
    response = browser.get(ALERTS, headers=headers)
    return response, (response.headers.get("ETag") or "").strip('"')


def test_every_page_of_a_case_manager_and_the_kepala_carries_the_bar(login):
    for username in ("manajer1", "kepala1"):
        browser = login(username)
        for url in ("/", "/rencana/", "/akun/kata-sandi"):
            html = browser.get(url).get_data(as_text=True)
            assert f'data-poll="{ALERTS}"' in html and "js/alerts.js" in html, (username, url)
    for username in ("petugas1", "admin1"):
        browser = login(username)
        html = browser.get("/").get_data(as_text=True)
        assert 'id="alerts"' not in html and "js/alerts.js" not in html
        assert browser.get(ALERTS).status_code == 403


def test_a_new_flag_changes_the_answer_and_nothing_else_does(login, visit):
    manager, worker = login("manajer1"), login("petugas1")
    first, etag = poll(manager)
    assert first.status_code == 200 and "<html" not in first.get_data(as_text=True)
    assert 'data-alert="flag"' not in first.get_data(as_text=True)
    same, same_etag = poll(manager, etag)
    assert same.status_code == 304 and same.get_data() == b"" and same_etag == etag

    worker.post(f"/kunjungan/{visit.id}/darurat")
    flag = RiskFlag.get()
    changed, new_etag = poll(manager, etag)
    html = changed.get_data(as_text=True)
    assert changed.status_code == 200 and new_etag != etag
    assert f'data-alert="flag" data-id="{flag.id}"' in html and "1 tanda bahaya baru" in html
    assert 'href="/tanda-bahaya"' in html
    assert visit.target.code not in html or "Uji" not in html  # no names in the bar
    assert poll(manager, new_etag)[0].status_code == 304

    manager.post(f"/tanda-bahaya/{flag.id}/terima")  # taken: the bar has no urgent flag any more
    taken, _ = poll(manager, new_etag)
    assert taken.status_code == 200 and 'data-alert="flag"' not in taken.get_data(as_text=True)


def test_a_referral_answer_reaches_the_other_case_managers_and_the_kepala(login, visit):
    add_user("manajer9", roles.CASE_MANAGER, name="Dewi Contoh")
    manager, other, head, worker = login("manajer1"), login("manajer9"), login("kepala1"), login("petugas1")
    worker.post(f"/kunjungan/{visit.id}/asesmen-risiko", answers(yes=["senjata"]))
    flag = RiskFlag.get()
    manager.post(f"/tanda-bahaya/{flag.id}/terima")
    manager.post(
        f"/tanda-bahaya/{flag.id}/rujukan",
        {
            "service": "kesehatan",
            "provider": "RSUD Kota Contoh",
            "contact": "dr. Uji",
            "contact_phone": "0812 3456 7890",
            "referred_at": "2026-01-05T14:30",
        },
    )
    referral = Referral.get()
    _, etag = poll(other)
    manager.post(f"/rujukan/{referral.id}/status", {"state": Referral.ACCEPTED})
    for browser in (other, head):
        response, _ = poll(browser, etag)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and "Rujukan ke RSUD Kota Contoh diterima" in html
        assert f'href="/rujukan/{referral.id}"' in html and 'data-alert="answer"' in html
    mine = poll(manager)[0].get_data(as_text=True)
    assert "RSUD Kota Contoh" not in mine  # she recorded it herself


def test_only_the_users_own_unit(login, visit):
    add_user("manajer2", roles.CASE_MANAGER, unit_code="UPTD-PPA-SPL", name="Manajer Lain")
    stranger = login("manajer2")
    _, etag = poll(stranger)
    login("petugas1").post(f"/kunjungan/{visit.id}/darurat")
    response, _ = poll(stranger, etag)
    assert response.status_code == 304  # another unit's flag changes nothing here
    assert 'data-alert="flag"' not in poll(stranger)[0].get_data(as_text=True)
    assert 'data-alert="flag"' not in poll(login("kepala2"))[0].get_data(as_text=True)
