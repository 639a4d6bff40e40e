"""Offline first (issue 5) in real headless Chromium at phone size: installable, the service worker's
shell, consent and a high-risk assessment filled without signal, a reload and unlock, each form
arriving exactly once when the signal returns, nothing readable in the phone's storage, a killed
browser keeping its draft, logout wiping, another user seeing nothing, and a new version that takes
over only when tapped.
"""

import json
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_accessible,
    check_screen,
    login_as,
    screenshot,
    tap_targets_too_small,
)
from tests.factories import CHROMIUM, CHROMIUM_ARGS, PERSON_NAME, PHONE, make_visit
from web import risk
from web.models import Consent, RiskAssessment, RiskFlag, Submission, Visit

STORY = "Cerita rahasia: dipukul paman di gudang"
NIK = "3171012345678901"
QUEUE_EMPTY = (
    "async () => window.JangkauDrafts && window.JangkauDrafts.user && (await window.JangkauDrafts.list()).length === 0"
)


@pytest.fixture
def visit(demo):
    """A visit of petugas1 whose person consented to the assessment; the person has a NIK."""
    v = make_visit(share=[])
    person = v.target.person
    person.nik = NIK
    person.save()
    return v


def until(page, script, arg=None, timeout=30.0):
    """Poll `script` (evaluated through DevTools: the page's CSP forbids eval) until it is truthy."""
    import time

    end = time.monotonic() + timeout
    while True:
        try:
            value = page.evaluate(script, arg)
        except Exception as error:  # a navigation in between: ask the new page
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
            value = None
        if value:
            return value
        if time.monotonic() > end:
            state = page.evaluate("""async () => { const r = await navigator.serviceWorker.getRegistration();
                return JSON.stringify({url: location.href, registered: !!r, active: r && r.active && r.active.state,
                installing: r && r.installing && r.installing.state, waiting: !!(r && r.waiting)}); }""")
            raise AssertionError(f"timed out waiting for {script[:80]}: {state}")
        page.wait_for_timeout(100)


def wait_for_worker(page):
    """The service worker controls the page and has its shell. (A page that started loading while the
    worker was being installed can stay uncontrolled; the next page load is controlled.)"""
    until(
        page,
        "async () => { const r = await navigator.serviceWorker.getRegistration();"
        " return !!(r && r.active && r.active.state === 'activated'); }",
    )
    if not page.evaluate("navigator.serviceWorker.controller !== null"):
        page.reload()
    until(page, "() => navigator.serviceWorker.controller !== null")
    page.evaluate("navigator.serviceWorker.ready")
    # The blank forms are kept a while after a page opened under the worker (update.js): ask now.
    page.evaluate("navigator.serviceWorker.controller.postMessage({type: 'WARM'})")
    until(
        page,
        """async () => {
        const names = await caches.keys();
        const shell = names.find((n) => n.startsWith('jangkau-shell-'));
        const urls = shell ? (await (await caches.open(shell)).keys()).map((r) => r.url) : [];
        return urls.length > 5 && urls.some((url) => url.includes('/luring/formulir/'));
    }""",
    )


def queue_rows(page):
    until(page, "() => window.JangkauDrafts && window.JangkauDrafts.user")  # the page knows whose phone
    return page.evaluate("""async () => (await window.JangkauDrafts.list()).map((r) => ({
        id: r.id, kind: r.kind, state: r.state, urgent: r.urgent}))""")


STORAGE_DUMP = """async () => {
  const out = {local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage), idb: [], caches: []};
  const text = (v) => JSON.stringify(v, (k, x) => x instanceof Uint8Array ? Array.from(x).join(',') : x);
  for (const info of await indexedDB.databases()) {
    const db = await new Promise((ok, no) => {
      const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = no; });
    for (const name of db.objectStoreNames) {
      const rows = await new Promise((ok) => {
        const r = db.transaction(name).objectStore(name).getAll(); r.onsuccess = () => ok(r.result); });
      out.idb.push(name + ':' + text(rows));
    }
    db.close();
  }
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      out.caches.push(name + ' ' + request.url + ' ' + await (await cache.match(request)).text());
    }
  }
  return out;
}"""


REASON = "Alasan menolak (jika disampaikan)"


def refuse(page, text=None):
    """On the consent form: the person decides, and refuses; the reason field appears."""
    page.locator('input[name="consenter"][value="diri_sendiri"]').check()
    page.locator('input[name="outcome"][value="menolak"]').check()
    if text is not None:
        page.get_by_label(REASON).fill(text)
    return page.get_by_label(REASON)


def answer_risk(page, red_flag_yes=True):
    for item in risk.RISK_ITEMS:
        value = risk.YA if (red_flag_yes and item.key == risk.RED_FLAGS[0].key) else risk.TIDAK
        page.locator(f'input[name="{item.key}"][value="{value}"]').check()


def launch_phone(playwright_instance, live_server, profile):
    """A phone whose storage lives in `profile` (a real profile, not incognito: installable, and it
    survives a killed browser)."""
    context = playwright_instance.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, base_url=live_server.url, **PHONE
    )
    context.set_default_timeout(10_000)
    page = context.pages[0] if context.pages else context.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return context, page


def test_installable_with_a_precached_shell_and_nothing_personal(playwright_instance, live_server, visit, tmp_path):
    context, phone = launch_phone(playwright_instance, live_server, tmp_path / "profile")
    phone.goto("/login")
    wait_for_worker(phone)
    cdp = phone.context.new_cdp_session(phone)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest") and not manifest["errors"]
    login_as(phone, "petugas1")
    phone.goto(f"/kunjungan/{visit.id}/persetujuan")  # online: a page with the person's name
    expect(phone.locator(".visit-who")).to_contain_text(PERSON_NAME)  # the blank copy, then the person's part
    cached = phone.evaluate("""async () => {
        const out = [];
        for (const name of await caches.keys())
          for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
        return out;
    }""")
    assert "/luring/formulir/persetujuan" in cached and "/static/js/phone.js" in cached  # offline.js etc., in one
    assert not any(path.startswith("/kunjungan") or path == "/" for path in cached)
    assert phone.errors == []
    context.close()


def test_offline_consent_and_high_risk_arrive_once_and_reach_the_case_manager(new_phone, visit, live_server):
    phone = new_phone()
    context = phone.context
    login_as(phone, "petugas1")
    wait_for_worker(phone)
    phone.goto("/")
    until(phone, "() => window.JangkauDrafts && !window.JangkauDrafts.locked()")

    context.set_offline(True)
    # Consent, offline: the service worker gives the blank form for the real URL.
    phone.goto(f"/kunjungan/{visit.id}/persetujuan")
    phone.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    assert PERSON_NAME not in phone.content()
    phone.locator('input[name="consenter"][value="diri_sendiri"]').check()
    phone.locator('input[name="outcome"][value="menolak"]').check()
    phone.get_by_label("Alasan menolak (jika disampaikan)").fill(STORY)
    phone.wait_for_timeout(1200)  # saved within a second of the change
    rows = queue_rows(phone)
    assert [r["state"] for r in rows] == ["draft"]
    consent_id = rows[0]["id"]
    screenshot(phone, "offline-consent-360")
    phone.get_by_role("button", name="Simpan").click()
    phone.wait_for_url("**/luring#antrean")
    phone.wait_for_selector(".queue-item.state-queued")

    # A high-risk assessment, offline.
    phone.goto(f"/kunjungan/{visit.id}/asesmen-risiko")
    phone.wait_for_selector('form[data-offline-form="risk"][data-offline-ready="1"]')
    answer_risk(phone)
    phone.get_by_role("button", name="Simpan asesmen").click()
    phone.wait_for_url("**/luring#antrean")
    warning = phone.locator("#offline-urgent")
    warning.wait_for()
    assert "BELUM diberi tahu" in warning.inner_text()
    assert "Tanpa sinyal" in phone.locator("#offline-net").inner_text()
    expect(phone.get_by_role("button", name="Kirim sekarang")).to_have_count(0)  # nothing to send it with
    assert_accessible(phone)
    assert tap_targets_too_small(phone) == []
    screenshot(phone, "offline-queue-360")

    # Reload offline after the browser dropped the worker's memory: the unlock screen.
    phone.evaluate("""() => new Promise((ok) => { const ch = new MessageChannel(); ch.port1.onmessage = ok;
        navigator.serviceWorker.controller.postMessage({type: 'FORGET_KEYS'}, [ch.port2]); })""")
    phone.reload()
    unlock = phone.locator("#offline-unlock")
    unlock.wait_for()
    expect(phone.get_by_role("button", name="Kirim sekarang")).to_have_count(0)
    screenshot(phone, "offline-unlock-360")
    assert_accessible(phone)
    phone.locator("#offline-password").fill("salah-sekali")
    phone.get_by_role("button", name="Buka draf").click()
    phone.locator("#offline-unlock-error").wait_for()
    phone.locator("#offline-password").fill("jangkau-demo")
    phone.get_by_role("button", name="Buka draf").click()
    unlock.wait_for(state="hidden")
    rows = queue_rows(phone)
    assert sorted((r["kind"], r["state"], r["urgent"]) for r in rows) == [
        ("consent", "queued", False),
        ("risk", "queued", True),
    ]
    # The draft is back, exactly: open it.
    phone.goto(f"/kunjungan/{visit.id}/persetujuan#draft={consent_id}")
    phone.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    assert phone.get_by_label("Alasan menolak (jika disampaikan)").input_value() == STORY
    assert phone.locator('input[name="outcome"][value="menolak"]').is_checked()

    # Nothing identifying is readable anywhere in the phone's storage.
    storage = phone.evaluate(STORAGE_DUMP)
    dump = json.dumps(storage)
    for secret in (PERSON_NAME, STORY, NIK, visit.target.code, "Sari Contoh", "dipukul"):
        assert secret not in dump, secret
    # no htmx history snapshot (its history cache is off): at most the current path
    assert "htmx-history-cache" not in storage["local"] + storage["session"]
    assert set(json.loads(storage["session"])) <= {"htmx-current-path-for-history"}

    # Signal again: each arrives exactly once, the high-risk one first.
    phone.goto("/luring")
    context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    until(phone, QUEUE_EMPTY, timeout=20)
    phone.locator("#offline-urgent").wait_for(state="hidden")
    assert Consent.select().where(Consent.instance_id == consent_id).count() == 1
    assessment = RiskAssessment.get(RiskAssessment.visit == visit)
    assert assessment.is_high and RiskAssessment.select().where(RiskAssessment.visit == visit).count() == 1
    risk_sub = Submission.get(Submission.kind == "risk")
    consent_sub = Submission.get(Submission.kind == "consent")
    assert risk_sub.id < consent_sub.id  # urgent first
    phone.get_by_text("Terakhir terkirim").wait_for()

    # The same submission sent five times more: still one record.
    codes = phone.evaluate(
        """async ([id, path]) => {
        const s = await window.JangkauDrafts.fetchSession();
        const out = [];
        for (let i = 0; i < 5; i++) {
          const body = new FormData();
          body.set('csrf_token', s.csrf); body.set('instance_id', id);
          out.push((await fetch(location.origin + path,
                                {method: 'POST', body, headers: {'X-Jangkau-Sync': '1'}})).status);
        }
        return out;
    }""",
        [str(uuid.uuid4()), f"/kunjungan/{visit.id}/darurat"],
    )
    assert codes == [201, 200, 200, 200, 200]
    assert RiskFlag.select().where(RiskFlag.visit == visit).count() == 2  # the assessment's, the Darurat

    # The case manager sees the flag.
    manager = new_phone()
    login_as(manager, "manajer1")
    manager.goto("/tanda-bahaya")
    assert visit.target.code in manager.content()
    assert phone.errors == []


def test_two_tabs_do_not_fork_a_draft(new_phone, visit):
    phone = new_phone()
    login_as(phone, "petugas1")
    phone.goto(f"/kunjungan/{visit.id}/persetujuan")
    phone.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    refuse(phone, "tab satu")
    phone.wait_for_timeout(800)
    second = phone.context.new_page()
    second.goto(f"/kunjungan/{visit.id}/persetujuan")
    second.wait_for_selector(".offline-tab-note")
    reason = second.get_by_label("Alasan menolak (jika disampaikan)")
    expect(reason).to_be_disabled()
    expect(reason).to_have_value("tab satu")
    second.get_by_role("button", name="Lanjutkan di tab ini").click()
    expect(reason).to_be_enabled()
    phone.wait_for_selector(".offline-tab-note")  # the first tab now shows it read-only


def test_a_killed_browser_keeps_the_draft(playwright_instance, live_server, visit, tmp_path):
    def launch():
        return launch_phone(playwright_instance, live_server, tmp_path / "profile")

    context, page = launch()
    login_as(page, "petugas1")
    page.goto(f"/kunjungan/{visit.id}/persetujuan")
    page.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    field = refuse(page)
    field.press_sequentially("Diketik lalu HP mati")
    page.wait_for_timeout(1000)
    field.press_sequentially(" ...")
    context.close()  # mid-typing

    context, page = launch()
    page.goto(f"/kunjungan/{visit.id}/persetujuan")
    page.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    assert page.get_by_label("Alasan menolak (jika disampaikan)").input_value().startswith("Diketik lalu HP mati")
    assert "Draf dipulihkan" in page.content()
    context.close()


def test_logout_is_blocked_while_unsent_then_wipes_and_another_user_sees_nothing(new_phone, visit):
    phone = new_phone()
    login_as(phone, "petugas1")
    phone.goto(f"/kunjungan/{visit.id}/persetujuan")
    phone.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    refuse(phone, STORY)
    phone.wait_for_timeout(1000)

    # Another user on the same phone (petugas1's session ended without logout) sees nothing of it.
    phone.context.clear_cookies()
    login_as(phone, "petugas2")
    phone.goto("/luring")
    phone.wait_for_selector("[data-queue-list] .empty")
    assert phone.evaluate("async () => (await window.JangkauDrafts.list()).length") == 0
    phone.context.clear_cookies()

    login_as(phone, "petugas1")
    phone.get_by_role("button", name="Keluar").click()
    blocked = phone.locator("#offline-logout")
    blocked.wait_for()
    assert "1 formulir yang belum terkirim" in blocked.inner_text()
    assert phone.get_by_role("button", name="Kirim sekarang").is_visible()
    screenshot(phone, "offline-logout-blocked-360")
    assert "/login" not in phone.url

    phone.goto("/luring")
    phone.on("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Hapus dari HP").click()
    phone.wait_for_selector("[data-queue-list] .empty")
    phone.goto("/")
    phone.evaluate("caches.open('jangkau-other').then((c) => c.put('/x', new Response('x')))")
    phone.get_by_role("button", name="Keluar").click()
    phone.wait_for_url("**/login")
    left = phone.evaluate(STORAGE_DUMP)
    keys_and_drafts = [s for s in left["idb"] if s.startswith(("keys:", "drafts:"))]
    user1 = __import__("hashlib").sha256(b"jangkau:petugas1").hexdigest()[:32]
    assert all(user1 not in s for s in keys_and_drafts)
    assert all(c.startswith("jangkau-shell-") for c in left["caches"])


def test_a_new_version_takes_over_only_when_tapped(phone, visit, app):
    login_as(phone, "petugas1")
    wait_for_worker(phone)
    version = """() => new Promise((ok) => { const ch = new MessageChannel(); ch.port1.onmessage = (e) => ok(e.data);
        navigator.serviceWorker.controller.postMessage({type: 'VERSION'}, [ch.port2]); })"""
    before = phone.evaluate(version)
    phone.goto(f"/kunjungan/{visit.id}/persetujuan")
    phone.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    refuse(phone, "setengah diisi")

    app.config["OFFLINE_VERSION_SALT"] = "a new release"
    phone.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    button = phone.get_by_role("button", name="Versi baru tersedia: pakai sekarang")
    button.wait_for(timeout=15_000)
    phone.wait_for_timeout(1000)
    assert phone.evaluate(version) == before  # waiting, not swapped under the form
    assert phone.get_by_label("Alasan menolak (jika disampaikan)").input_value() == "setengah diisi"
    screenshot(phone, "offline-update-360")
    with phone.expect_navigation():  # the drafts are saved, the new worker takes over, the page reloads
        button.click()
    until(phone, "() => navigator.serviceWorker.controller !== null")
    phone.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    assert phone.evaluate(version) != before
    expect(phone.get_by_label("Alasan menolak (jika disampaikan)")).to_have_value("setengah diisi")


def test_a_visit_and_its_consent_made_offline_arrive_in_order(new_phone, visit):
    phone = new_phone()
    login_as(phone, "petugas1")
    wait_for_worker(phone)
    phone.goto("/")  # online once: the phone keeps the codes of the worker's targets, encrypted
    until(phone, "async () => window.JangkauDrafts && !!(await window.JangkauDrafts.getSecret('context'))")
    phone.context.set_offline(True)

    phone.goto("/luring/formulir/kunjungan")
    phone.get_by_label("Korban yang dikunjungi").select_option(label=visit.target.code)
    phone.wait_for_selector('form[data-offline-form="visit"][data-offline-ready="1"]')
    assert "/kunjungan/baru?target=" in phone.url
    phone.get_by_label("Tempat").fill("Pos ronda")
    phone.get_by_role("button", name="Mulai kunjungan").click()
    phone.wait_for_url("**/luring#antrean")

    phone.goto("/luring/formulir/persetujuan")
    phone.get_by_label("Kunjungan").select_option(index=1)  # the visit made offline comes first
    phone.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    refuse(phone, "belum siap")
    phone.get_by_role("button", name="Simpan").click()
    phone.wait_for_url("**/luring#antrean")
    until(phone, "async () => window.JangkauDrafts.user && (await window.JangkauDrafts.list()).length === 2")

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    until(phone, QUEUE_EMPTY)
    new_visit = Visit.get(Visit.place == "Pos ronda")
    consent = Consent.get(Consent.refusal_reason == "belum siap")
    assert consent.visit_id == new_visit.id
    assert Submission.get(Submission.kind == "visit").id < Submission.get(Submission.kind == "consent").id
    assert phone.errors == []


def test_case_manager_reviews_a_conflicting_send(new_phone, visit, login):
    worker = login("petugas1")
    worker.get("/")
    iid = str(uuid.uuid4())
    url = f"/kunjungan/{visit.id}/darurat"
    worker.post(url, {"instance_id": iid}, headers={"X-Jangkau-Sync": "1"})
    worker.post(url, {"instance_id": iid, "catatan": "isi lain"}, headers={"X-Jangkau-Sync": "1"})
    phone = new_phone()
    login_as(phone, "manajer1")
    phone.get_by_role("link", name="Tinjau").click()
    phone.get_by_role("link", name="Darurat").first.click()
    phone.get_by_text("isi lain").first.wait_for()  # the conflicting content, shown for review
    assert_accessible(phone)
    assert tap_targets_too_small(phone) == []
    screenshot(phone, "offline-conflict-360")
    phone.get_by_label("Apa yang sudah dilakukan").fill("Sudah dicek, tanda yang sama.")
    phone.get_by_role("button", name="Tandai selesai").click()
    phone.get_by_text("Ditandai selesai.").wait_for()
    assert Submission.get(Submission.instance_id == iid).status == Submission.RESOLVED


def test_session_expired_while_offline_log_in_again_and_the_queue_goes_on(new_phone, visit):
    phone = new_phone()
    login_as(phone, "petugas1")
    wait_for_worker(phone)
    until(phone, "() => window.JangkauDrafts && !window.JangkauDrafts.locked()")  # the worker holds the key
    phone.context.set_offline(True)
    phone.goto(f"/kunjungan/{visit.id}/persetujuan")
    phone.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    refuse(phone, "sesi habis")
    phone.get_by_role("button", name="Simpan").click()
    phone.wait_for_url("**/luring#antrean")
    phone.context.clear_cookies()  # the session ended while there was no signal
    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    phone.get_by_text("Sesi berakhir. Masuk lagi untuk mengirim").first.wait_for()
    assert [r["state"] for r in queue_rows(phone)] == ["queued"]
    login_as(phone, "petugas1")
    until(phone, QUEUE_EMPTY)
    assert Consent.select().where(Consent.refusal_reason == "sesi habis").count() == 1


def test_a_first_visit_asks_for_the_session_key_once(new_phone, visit):
    """Login, home, an open consent form (issue 10 point 5): the login's own answer carries the
    session's key, the service worker keeps it in memory from then on, and the pages ask
    /luring/kunci at most once (only while the worker is not installed yet)."""
    phone = new_phone()
    asked = []
    phone.on("request", lambda r: "/luring/kunci" in r.url and asked.append(r.url))
    form = f"/kunjungan/{visit.id}/persetujuan"
    ready = 'form[data-offline-form="consent"][data-offline-ready="1"]'
    login_as(phone, "petugas1")
    until(phone, "() => window.JangkauDrafts && !window.JangkauDrafts.locked()")  # home: the drafts open
    phone.goto(form)
    phone.wait_for_selector(ready)
    phone.wait_for_load_state("networkidle")
    assert len(asked) <= 1
    phone.goto("/")
    until(phone, "() => window.JangkauDrafts && !window.JangkauDrafts.locked()")
    phone.goto(form)
    phone.wait_for_selector(ready)
    phone.wait_for_load_state("networkidle")
    assert len(asked) <= 1

    # A phone whose worker is installed before the login (the login page registers it): none at all.
    phone = new_phone()
    asked.clear()
    phone.on("request", lambda r: "/luring/kunci" in r.url and asked.append(r.url))
    phone.goto("/login")
    wait_for_worker(phone)
    login_as(phone, "petugas1")
    until(phone, "() => window.JangkauDrafts && !window.JangkauDrafts.locked()")
    phone.goto(form)
    phone.wait_for_selector(ready)
    phone.wait_for_load_state("networkidle")
    assert asked == []
    assert phone.errors == []


def test_a_repeat_visit_of_a_form_is_the_workers_blank_copy_then_the_persons_part(new_phone, visit):
    """Issue 10 point 6: the service worker answers a form's page from its cache at once (the blank
    form, nothing identifying), the worker can type at once, and the page then fills in the person's
    part from the network (never stored); the form sends as before."""
    phone = new_phone()
    parts = []
    phone.on("request", lambda r: r.headers.get("x-jangkau-part") and parts.append(r.url))
    login_as(phone, "petugas1")
    wait_for_worker(phone)  # installed, with the blank forms kept
    form = f"/kunjungan/{visit.id}/persetujuan"
    response = phone.goto(form)
    assert response.from_service_worker  # no round trip for the form itself
    phone.wait_for_selector('form[data-offline-form="consent"][data-offline-ready="1"]')
    expect(phone.locator(".visit-who")).to_contain_text(PERSON_NAME)  # the person's part, after
    expect(phone.locator("header.top .who")).to_be_visible()  # and the user's menu and name
    until(phone, "() => document.body.dataset.partFilled === '1'")
    assert parts == [phone.url]
    token = phone.locator('form[data-offline-form="consent"] input[name="csrf_token"]')
    assert token.get_attribute("value")  # a native send (no script path) has its token too
    phone.wait_for_selector('#darurat form[data-offline-form="darurat"][data-offline-ready="1"]', state="attached")
    check_screen(phone, "repeat-visit-consent-360")

    refuse(phone, STORY)
    phone.wait_for_timeout(1200)  # the draft, encrypted
    dump = json.dumps(phone.evaluate(STORAGE_DUMP))
    for secret in (PERSON_NAME, NIK, STORY, visit.target.code):
        assert secret not in dump
    phone.get_by_role("button", name="Simpan").click()
    phone.wait_for_url(lambda url: "/persetujuan" not in url)
    assert Consent.select().where(Consent.visit == visit.id, Consent.refusal_reason == STORY).count() == 1
    assert phone.errors == []


def test_a_repeat_visit_of_the_risk_form_is_the_blank_copy_then_the_persons_part_with_the_live_check(new_phone, visit):
    """The risk form stands in the same way (issue 10 point 6): its page from the worker's cache at once,
    the person's part after (never stored), and the live level check (htmx) and the send as online."""
    phone = new_phone()
    parts = []
    phone.on("request", lambda r: r.headers.get("x-jangkau-part") and parts.append(r.url))
    login_as(phone, "petugas1")
    wait_for_worker(phone)
    form = f"/kunjungan/{visit.id}/asesmen-risiko"
    response = phone.goto(form)
    assert response.from_service_worker  # no round trip for the form itself
    phone.wait_for_selector('form[data-offline-form="risk"][data-offline-ready="1"]')
    expect(phone.locator("p.lead")).to_contain_text(visit.target.code)  # the person's part, after
    expect(phone.locator("header.top .who")).to_be_visible()
    until(phone, "() => document.body.dataset.partFilled === '1'")
    assert parts == [phone.url]
    risk_form = phone.locator('form[data-offline-form="risk"]')
    assert risk_form.get_attribute("hx-post") == form  # the server's form tag, on the blank copy
    assert phone.locator('form[data-offline-form="risk"] input[name="csrf_token"]').get_attribute("value")
    until(phone, "() => !!window.htmx")
    answer_risk(phone)  # a red flag Ya: the level, live, before saving
    expect(phone.locator("#risk-result")).to_contain_text("Tinggi")
    phone.locator("h1").scroll_into_view_if_needed()
    check_screen(phone, "repeat-visit-risk-360")

    phone.wait_for_timeout(1200)  # the draft, encrypted
    dump = json.dumps(phone.evaluate(STORAGE_DUMP))
    for secret in (PERSON_NAME, NIK, visit.target.code):
        assert secret not in dump
    phone.get_by_role("button", name="Simpan asesmen").click()
    until(phone, "() => location.pathname.startsWith('/asesmen-risiko/')")  # the saved assessment
    assert RiskAssessment.select().join(Visit).where(Visit.id == visit.id).count() == 1
    assert phone.errors == []
