"""Offline first (issue 5), server side: the manifest and icons, /sw.js (headers, version, precache),
public blank forms without personal data, the session key, compression, and forms sent from a phone
stored once per (kind, instance_id): 201 new, 200 again, 409 different content kept for review.
"""

import gzip
import json
import os
import re
import shutil
import subprocess
import uuid
from html import unescape
from io import BytesIO
from pathlib import Path

import brotli
import pytest
from PIL import Image

from tests.conftest import Browser
from tests.factories import PERSON_NAME, add_user, answers, make_visit
from web import risk, roles
from web.demo import DEMO_PASSWORD
from web.models import (
    Assignment,
    AuditLog,
    Consent,
    RiskAssessment,
    RiskFlag,
    Submission,
    SubmissionConflict,
    User,
    Visit,
)

SYNC = {"X-Jangkau-Sync": "1"}
ROOT = Path(__file__).resolve().parent.parent


# ---- Manifest and icons ------------------------------------------------------------------------


def test_manifest_makes_an_installable_app(anon, demo):
    response = anon.client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = json.loads(response.get_data(as_text=True))
    assert manifest["name"] == "Jangkau" and manifest["short_name"] == "Jangkau"
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert manifest["theme_color"] == "#7a1f5c" and manifest["lang"] == "id"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        image = anon.client.get(icon["src"])
        assert image.status_code == 200 and image.mimetype == "image/png"
        width, height = Image.open(BytesIO(image.data)).size
        assert f"{width}x{height}" == icon["sizes"]
        image.close()


UNSAID = re.compile(r"korban|kekerasan|perdagangan|trafik|victim|violence|traffick|abuse", re.IGNORECASE)


def test_the_manifest_and_the_login_page_do_not_say_what_the_app_is_about(anon, demo):
    """A phone's app list shows the manifest's description, and anyone may glance at the login page."""
    for lang in ("id", "en"):
        anon.post("/bahasa", {"lang": lang, "next": "/login"})
        manifest = json.loads(anon.client.get("/manifest.webmanifest").get_data(as_text=True))
        assert manifest["description"].strip() and not UNSAID.search(manifest["description"]), lang
        assert not UNSAID.search(json.dumps(manifest)), lang
        login_page = anon.get("/login").get_data(as_text=True)
        assert ("Kata sandi" if lang == "id" else "Password") in login_page
        assert not UNSAID.search(login_page), lang
    assert UNSAID.search("Penjangkauan korban kekerasan dan perdagangan orang.")  # the old description


def test_every_page_links_the_manifest(anon, login, demo):
    assert 'rel="manifest" href="/manifest.webmanifest"' in anon.get("/login").get_data(as_text=True)
    assert 'rel="manifest"' in login("petugas1").get("/").get_data(as_text=True)


# ---- The service worker ------------------------------------------------------------------------


def worker(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    return response, response.get_data(as_text=True)


def test_service_worker_headers_and_precache(anon, demo):
    response, source = worker(anon.client)
    assert response.mimetype == "application/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "__VERSION__" not in source and "__PRECACHE__" not in source and "__FORMS__" not in source
    precache = json.loads(re.search(r"PRECACHE ?= ?(\[.*?\])[;,]", source).group(1))
    for needed in ("/static/css/app.css?v=", "/static/js/phone.js?v=", "/static/icons/favicon.png?v="):
        assert any(url.startswith(needed) for url in precache), needed
    # htmx is loaded only by pages that use it (none of the offline ones): not kept on the phone.
    assert not [url for url in precache if "htmx" in url]
    for page in (
        "/luring",
        "/luring/formulir/kunjungan",
        "/luring/formulir/persetujuan",
        "/luring/formulir/asesmen-risiko",
    ):
        assert page + "?lang=id" in precache, page
    assert re.search(r'credentials: ?"omit"', source)  # the shell is fetched without cookies
    # GET only, and nothing but the shell is ever put in the cache
    assert re.search(r'method ?!== ?"GET"', source)
    install, after_install = source.split('addEventListener("activate"')
    assert "PRECACHE.filter" in install and not re.search(r"\.(put|add|addAll)\(", after_install)


def test_the_worker_is_served_minified_unless_its_source_is_newer(anon, demo, tmp_path, monkeypatch):
    """`make setup` minifies service-worker/sw.js (tools/build_static.mjs): what the phone downloads
    on its first visit has no comments. A source edited since then is served as it is, never stale."""
    from web.offline import shell

    source = tmp_path / "sw.js"
    built = tmp_path / "build" / "sw.js"
    built.parent.mkdir()
    source.write_text('/* a comment */\nconst VERSION = "__VERSION__";\n')
    built.write_text('const VERSION="__VERSION__";')
    os.utime(source, (1_000_000, 1_000_000))
    monkeypatch.setattr(shell, "SW_SOURCE", source)
    monkeypatch.setattr(shell, "SW_BUILT", built)
    _, served = worker(anon.client)
    assert served.startswith('const VERSION="') and "comment" not in served
    os.utime(source, None)  # edited now, after the build
    os.utime(built, (1_000_000, 1_000_000))
    _, served = worker(anon.client)
    assert "/* a comment */" in served


def test_version_changes_when_a_static_file_changes(app, anon, demo, tmp_path):
    _, before = worker(anon.client)
    version = re.search(r'VERSION ?= ?"([0-9a-f]+)"', before).group(1)
    _, again = worker(anon.client)
    assert re.search(r'VERSION ?= ?"([0-9a-f]+)"', again).group(1) == version  # stable
    static = tmp_path / "static"
    shutil.copytree(app.static_folder, static)
    app.static_folder = str(static)
    for copy in (static / "css" / "app.css", static / "build" / "css" / "app.css"):  # the source, rebuilt by setup
        if copy.is_file():
            copy.write_text(copy.read_text() + "\n/* changed */\n")
    _, after = worker(anon.client)
    changed = re.search(r'VERSION ?= ?"([0-9a-f]+)"', after).group(1)
    assert changed != version
    # the changed file is precached under its new versioned URL
    assert re.search(r'"/static/css/app.css\?v=[0-9a-f]+"', after).group(0) not in before


# ---- Public offline pages: blank forms, no personal data -----------------------------------------

BLANK_PAGES = (
    "/luring",
    "/luring/formulir/kunjungan",
    "/luring/formulir/persetujuan",
    "/luring/formulir/asesmen-risiko",
)


@pytest.mark.parametrize("url", BLANK_PAGES)
def test_blank_forms_are_public_and_hold_no_personal_data(url, anon, login, demo):
    visit = make_visit(share=["rsud"])
    response = anon.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    # fetched by a logged-in worker (the service worker sends the cookie): still nothing personal
    html = login("petugas1").get(url).get_data(as_text=True)
    for secret in (PERSON_NAME, visit.target.code, "Sari Contoh", "cerita rahasia", "Rina Contoh"):
        assert secret not in html, (url, secret)
    assert not re.search(r'name="csrf_token"[^>]*value="[^"]+"', html)
    if url != "/luring":
        assert 'data-offline-form="' in html and 'name="instance_id"' in html


def test_blank_form_contents(anon, demo):
    consent = anon.get("/luring/formulir/persetujuan").get_data(as_text=True)
    assert 'data-offline-form="consent"' in consent and 'name="outcome"' in consent
    risk_page = anon.get("/luring/formulir/asesmen-risiko").get_data(as_text=True)
    assert 'data-offline-form="risk"' in risk_page and 'data-offline-form="darurat"' in risk_page
    assert all(f'name="{item.key}"' in risk_page for item in risk.RED_FLAGS)
    visit = anon.get("/luring/formulir/kunjungan").get_data(as_text=True)
    assert 'data-offline-form="visit"' in visit and 'name="place"' in visit
    assert anon.client.get("/luring/formulir/tidak-ada").status_code == 404


# ---- The session's key ----------------------------------------------------------------------------


def test_session_key_only_for_a_logged_in_session_and_never_stored(app, anon, login, demo):
    assert anon.client.get("/luring/kunci").status_code == 302
    browser = login("petugas1")
    first = browser.client.get("/luring/kunci")
    assert first.headers["Cache-Control"] == "no-store"
    data = first.get_json()
    assert len(data["secret"]) == 44 and data["csrf"] and len(data["user"]) == 32
    assert browser.client.get("/luring/kunci").get_json()["secret"] == data["secret"]
    # a new login is a new secret: the copy wrapped with the old one opens nothing
    assert login("petugas1").client.get("/luring/kunci").get_json()["secret"] != data["secret"]
    # same user hash as the login page computes in JS: sha-256("jangkau:" + username)
    import hashlib

    assert data["user"] == hashlib.sha256(b"jangkau:petugas1").hexdigest()[:32]


def test_the_session_secret_is_made_in_the_login_answer(login, demo):
    """The first page after login sends several requests at once; with a cookie session the last
    answer wins. The secret's nonce is in the login's own cookie, so no later answer can drop it."""
    browser = login("petugas1")
    with browser.client.session_transaction() as session:
        nonce = session["offline_nonce"]
    stale = browser.client.get_cookie("jangkau_session").value  # the cookie every first request carries
    secret = browser.client.get("/luring/kunci").get_json()["secret"]
    browser.client.set_cookie("jangkau_session", stale)  # another request's answer, sent with that cookie, lands last
    browser.client.get("/")
    assert browser.client.get("/luring/kunci").get_json()["secret"] == secret
    with browser.client.session_transaction() as session:
        assert session["offline_nonce"] == nonce


def test_the_login_script_gets_the_session_key_in_the_login_answer(anon, demo):
    """keys.js logs in with fetch and X-Jangkau-Login: 1: the answer carries the session's key and
    where to go, so the phone makes no second request for /luring/kunci (issue 10 point 5)."""
    anon.get("/login")
    wrong = anon.post("/login", {"username": "petugas1", "password": "salah-sekali"}, headers={"X-Jangkau-Login": "1"})
    assert wrong.status_code == 422 and wrong.mimetype == "text/html"
    answer = anon.post(
        "/login",
        {"username": "petugas1", "password": DEMO_PASSWORD, "next": "/luring"},
        headers={"X-Jangkau-Login": "1"},
    )
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert "Location" not in answer.headers and answer.headers.get("Set-Cookie")
    data = answer.get_json()
    assert data["next"] == "/luring" and len(data["secret"]) == 44 and data["csrf"]
    # the same session's key as /luring/kunci gives, and its CSRF token takes a form
    again = anon.client.get("/luring/kunci").get_json()
    assert again["secret"] == data["secret"] and again["user"] == data["user"]
    assert anon.client.post("/logout", data={"csrf_token": data["csrf"]}).status_code == 302
    assert anon.client.get("/luring/kunci").status_code == 302  # logged out: the token was good
    # without the header (no script): the redirect, as always
    plain = Browser(anon.client.application.test_client())
    plain.get("/login")
    assert plain.post("/login", {"username": "petugas1", "password": DEMO_PASSWORD}).status_code == 302


def test_the_persons_part_of_a_form_page_is_small_and_never_stored(login, demo):
    """A form page asked with X-Jangkau-Part: 1 (static/js/part.js, after the worker served the blank
    copy): the page less its main form, whose CSRF token and filled values come as data; no-store."""
    visit = make_visit()
    browser = login("petugas1")
    url = f"/kunjungan/{visit.id}/persetujuan"
    page = browser.client.get(url).get_data(as_text=True)
    part = browser.client.get(url, headers={"X-Jangkau-Part": "1"})
    assert part.status_code == 200 and part.headers["Cache-Control"] == "no-store"
    html = part.get_data(as_text=True)
    assert PERSON_NAME in html and visit.target.code in html
    assert 'data-offline-form="consent"' not in html and 'name="outcome"' not in html
    assert 'data-offline-form="darurat"' in html  # the page's Darurat stays: the blank copy has none
    values = json.loads(unescape(re.search(r'data-part-form="consent" data-values="([^"]*)"', html).group(1)))
    token = dict(values)["csrf_token"]
    assert token
    assert len(html) < len(page) / 2
    # the token takes a form of this session
    assert browser.client.post("/logout", data={"csrf_token": token}).status_code == 302
    # a page without an offline form is answered whole; any page so asked is not stored
    other = login("petugas1").client.get("/", headers={"X-Jangkau-Part": "1"})
    assert other.headers["Cache-Control"] == "no-store"
    # someone else's visit: refused as the page is
    assert login("kepala2").client.get(url, headers={"X-Jangkau-Part": "1"}).status_code in (403, 404)


def test_the_risk_forms_part_carries_its_tags_attributes_and_the_missing_consent_outside_it(login, demo):
    """The risk form is a stand-in too (issue 10 point 6): its part keeps the form tag's action and
    htmx level check (part.js puts them on the blank copy), and the 'no consent yet' card of an
    opened page stands above the form, so that the form itself is the blank one."""
    visit = make_visit(consent=False)
    browser = login("petugas1")
    url = f"/kunjungan/{visit.id}/asesmen-risiko"
    html = browser.client.get(url, headers={"X-Jangkau-Part": "1"}).get_data(as_text=True)
    assert 'name="' + risk.RISK_ITEMS[0].key + '"' not in html  # the form itself: the blank copy
    slot = re.search(r'data-part-form="risk" data-values="[^"]*" data-attrs="([^"]*)"', html)
    attrs = json.loads(unescape(slot.group(1)))
    assert attrs["action"] == url and attrs["hx-post"] == url and attrs["hx-target"] == "#risk-result"
    assert "consent-missing" in html  # outside the form, so not lost with it
    page = browser.client.get(url).get_data(as_text=True)
    assert page.index("consent-missing") < page.index('data-offline-form="risk"')
    # a send refused for the missing consent: inside the form the phone's script swaps in
    answer = browser.post(url, {"instance_id": str(uuid.uuid4()), **answers()})
    assert answer.status_code == 422
    sent = answer.get_data(as_text=True)
    assert sent.index('data-offline-form="risk"') < sent.index("consent-missing")


def test_form_values_reads_what_the_server_filled_in():
    from web.offline.part import form_values

    html = """<form data-offline-form="x"><input type="hidden" name="csrf_token" value="t">
      <input name="place" value="Pos ronda"><input name="empty" value="">
      <input type="radio" name="outcome" value="a"><input type="radio" name="outcome" value="b" checked>
      <input type="checkbox" name="s" value="1" checked><input type="checkbox" name="s" value="2">
      <select name="sel"><option value="">-</option><option value="k" selected>K</option></select>
      <textarea name="note">
Ada</textarea><textarea name="none"></textarea><input type="file" name="f" value="x"></form>"""
    assert form_values(html) == [
        ["csrf_token", "t"],
        ["place", "Pos ronda"],
        ["outcome", "b"],
        ["s", "1"],
        ["sel", "k"],
        ["note", "Ada"],
    ]


def test_session_key_lists_targets_and_visits_by_code_only(login, demo):
    visit = make_visit()
    data = login("petugas1").client.get("/luring/kunci").get_json()
    text = json.dumps(data)
    assert visit.target.code in text and PERSON_NAME not in text and "cerita rahasia" not in text
    assert {"ref": visit.id, "code": visit.target.code, "date": visit.visited_at.strftime("%Y-%m-%d")} in data[
        "context"
    ]["visits"]


# ---- Compression ------------------------------------------------------------------------------------


def test_text_is_served_compressed(anon, demo):
    html = anon.get("/login").get_data(as_text=True)
    url = re.search(r'src="(/static/js/phone\.js\?v=[0-9a-f]+)"', html).group(1)
    plain = anon.client.get(url)
    packed = anon.client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    assert gzip.decompress(packed.data) == plain.data
    assert len(packed.data) < len(plain.data) / 2
    smaller = anon.client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})  # brotli when accepted
    assert smaller.headers["Content-Encoding"] == "br" and brotli.decompress(smaller.data) == plain.data
    assert len(smaller.data) < len(packed.data)
    refused = anon.client.get(url, headers={"Accept-Encoding": "br;q=0, gzip"})
    assert refused.headers["Content-Encoding"] == "gzip"
    page = anon.client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip" and b"Jangkau" in gzip.decompress(page.data)
    page = anon.client.get("/login", headers={"Accept-Encoding": "gzip, deflate, br"})  # pages too: brotli
    assert page.headers["Content-Encoding"] == "br" and b"Jangkau" in brotli.decompress(page.data)
    assert "Accept-Encoding" in page.headers["Vary"]
    for response in (plain, packed, smaller, refused):
        response.close()


def test_htmx_only_on_pages_that_use_it(anon, login, demo):
    assert "htmx.min.js" not in anon.get("/login").get_data(as_text=True)
    assert "htmx.min.js" not in login("petugas1").get("/").get_data(as_text=True)
    assert "htmx.min.js" in login("manajer1").get("/").get_data(as_text=True)  # the flags poll


BUILD_SCRIPT = (ROOT / "tools" / "build_static.mjs").read_text()
BUNDLE = [f"{name}.js" for name in re.findall(r'"(\w+)"', re.search(r"BUNDLE = \[(.*?)\]", BUILD_SCRIPT).group(1))]
SOURCES = sorted(p.name for p in (ROOT / "static" / "js").glob("*.js")) + ["app.css", "phone.js"]


@pytest.mark.parametrize("name", SOURCES)
def test_our_scripts_are_sent_minified_and_still_parse(anon, demo, name, tmp_path):
    """Built at setup by esbuild (tools/build_static.mjs): sent without comments, smaller, and still code."""
    folder = "css" if name.endswith(".css") else "js"
    parts = BUNDLE if name == "phone.js" else [name]
    source = "\n".join((ROOT / "static" / folder / part).read_text() for part in parts)
    response = anon.client.get(f"/static/{folder}/{name}?v=1", headers={"Accept-Encoding": "gzip"})
    body = response.data
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    sent = body.decode()
    response.close()
    assert len(sent) < len(source) * 0.9
    assert "/*" not in sent and not re.search(r"^\s*//", sent, re.M)
    if folder == "js":
        copy = tmp_path / name
        copy.write_text(sent)
        checked = subprocess.run(["node", "--check", str(copy)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        for word in re.findall(r"window\.(Jangkau\w+) =", source):  # each script still gives what it offers
            assert word in sent, word
    else:
        assert sent.count("{") == sent.count("}") > 100


def test_static_files_carry_only_the_headers_a_browser_uses(anon, demo):
    response = anon.client.get("/static/css/app.css?v=1", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    for name in ("Set-Cookie", "Content-Security-Policy", "Content-Disposition", "Last-Modified"):
        assert name not in response.headers
    assert response.headers["Vary"] == "Accept-Encoding"
    response.close()
    assert "Content-Security-Policy" in anon.get("/login").headers


@pytest.mark.parametrize(
    "url",
    [
        "/sw.js",
        "/manifest.webmanifest",
        "/luring",
        "/luring/formulir/persetujuan",
        "/luring/kata.js?lang=id",
        "/static/css/app.css",
    ],
)
def test_what_the_worker_fetches_during_a_login_cannot_undo_it(url, anon, login, demo):
    """The service worker fetches /sw.js (and the shell) while the login page posts the password. An
    answer made from the cookie before the login, landing after it, would log the worker out: these
    answers carry no session cookie at all, for a logged-in user or not."""

    def session_cookies(client):
        response = client.get(url)
        response.close()
        return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("jangkau_session=")]

    anon.get("/login")  # an anonymous session, with a CSRF token in it
    assert session_cookies(anon.client) == []
    assert session_cookies(login("petugas1").client) == []


def test_the_offline_words_are_one_cached_script_in_the_pages_language(anon, demo):
    html = anon.get("/login").get_data(as_text=True)
    url = re.search(r'src="(/luring/kata\.js\?lang=id&amp;v=[0-9a-f]+)"', html).group(1).replace("&amp;", "&")
    words = anon.client.get(url)
    assert words.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    text = words.get_data(as_text=True)
    assert text.startswith("window.JangkauWords = ") and "Semua sudah terkirim" in text
    english = anon.client.get("/luring/kata.js?lang=en").get_data(as_text=True)
    assert "Everything has been sent" in english and "Semua sudah terkirim" not in english
    assert anon.client.get("/luring/kata.js?lang=en").headers["Cache-Control"] == "no-cache"  # no v=: not kept
    assert url in anon.client.get("/sw.js").get_data(as_text=True)  # the service worker keeps it


# ---- One record per (form, instance_id) ---------------------------------------------------------------


def visit_form(target_id, plan_id, instance_id, place="Rumah keluarga"):
    from datetime import date

    return {
        "target": target_id,
        "plan": plan_id,
        "instance_id": instance_id,
        "visit_date": date.today().isoformat(),
        "visit_time": "00:01",
        "place": place,
        "present": "korban, ibunya",
    }


@pytest.fixture
def target(demo):
    """An approved plan target for petugas1 (a visit of it exists; we start another)."""
    visit = make_visit()
    return visit.target_id, visit.plan_id


def test_new_then_again_then_different(login, target):
    browser = login("petugas1")
    browser.get("/")
    iid = str(uuid.uuid4())
    url = f"/kunjungan/baru?target={target[0]}&plan={target[1]}"
    first = browser.post(url, visit_form(*target, iid), headers=SYNC)
    assert first.status_code == 201, first.get_data(as_text=True)[:500]
    body = first.get_json()
    visit = Visit.get(Visit.instance_id == iid)
    assert body["status"] == "received" and body["url"].endswith(f"/kunjungan/{visit.ref}")

    again = browser.post(url, visit_form(*target, iid), headers=SYNC)
    assert again.status_code == 200 and again.get_json()["status"] == "already"
    assert again.get_json()["url"] == body["url"]
    assert "sudah diterima" in again.get_json()["message"].lower()

    different = browser.post(url, visit_form(*target, iid, place="Balai desa"), headers=SYNC)
    assert different.status_code == 409 and different.get_json()["status"] == "conflict"
    assert Visit.select().where(Visit.instance_id == iid).count() == 1
    assert Visit.get(Visit.instance_id == iid).place == "Rumah keluarga"  # never overwritten
    submission = Submission.get(Submission.instance_id == iid)
    assert submission.status == Submission.CONFLICT and submission.kind == "visit"
    kept = SubmissionConflict.get(SubmissionConflict.submission == submission)
    assert ("place", "Balai desa") in kept.fields and not any(name == "csrf_token" for name, _ in kept.fields)
    # the same conflicting content again is kept once
    assert browser.post(url, visit_form(*target, iid, place="Balai desa"), headers=SYNC).status_code == 409
    assert SubmissionConflict.select().count() == 1


def test_five_identical_sends_make_one_record(login, target):
    browser = login("petugas1")
    browser.get("/")
    iid = str(uuid.uuid4())
    url = f"/kunjungan/baru?target={target[0]}&plan={target[1]}"
    codes = [browser.post(url, visit_form(*target, iid), headers=SYNC).status_code for _ in range(5)]
    assert codes == [201, 200, 200, 200, 200]
    assert Visit.select().where(Visit.instance_id == iid).count() == 1
    assert Submission.select().where(Submission.instance_id == iid).count() == 1


def test_plain_form_post_again_gets_the_same_redirect(login, target):
    browser = login("petugas1")
    browser.get("/")
    iid = str(uuid.uuid4())
    url = f"/kunjungan/baru?target={target[0]}&plan={target[1]}"
    first = browser.post(url, visit_form(*target, iid))
    second = browser.post(url, visit_form(*target, iid))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert browser.post(url, visit_form(*target, iid, place="Lain")).status_code == 409


def test_invalid_form_is_passed_on_and_stores_nothing(login, target):
    browser = login("petugas1")
    browser.get("/")
    iid = str(uuid.uuid4())
    url = f"/kunjungan/baru?target={target[0]}&plan={target[1]}"
    response = browser.post(url, visit_form(*target, iid, place=""), headers=SYNC)
    assert response.status_code == 422
    assert Submission.select().count() == 0
    # corrected, with the same id: received
    assert browser.post(url, visit_form(*target, iid), headers=SYNC).status_code == 201


def test_consent_and_a_high_risk_assessment_sent_twice(login, demo):
    browser = login("petugas1")
    browser.get("/")
    visit = make_visit()
    consent_id = str(uuid.uuid4())
    consent = {
        "instance_id": consent_id,
        "outcome": Consent.REFUSED,
        "consenter": "diri_sendiri",
        "refusal_reason": "belum siap",
    }
    for expected in (201, 200):
        response = browser.post(f"/kunjungan/{visit.instance_id}/persetujuan", consent, headers=SYNC)
        assert response.status_code == expected, response.get_data(as_text=True)[:300]
    assert Consent.select().where(Consent.instance_id == consent_id).count() == 1

    visit = make_visit(share=[])  # consent to the assessment given
    risk_id = str(uuid.uuid4())
    form = {**answers(yes=[risk.RED_FLAGS[0].key]), "instance_id": risk_id, "level": risk.TINGGI}
    # "check the level" (preview) stores nothing and is not a submission
    preview = browser.post(f"/kunjungan/{visit.id}/asesmen-risiko", {**form, "preview": "1"}, headers=SYNC)
    assert preview.status_code == 200 and Submission.select().where(Submission.kind == "risk").count() == 0
    for expected in (201, 200, 200):
        assert browser.post(f"/kunjungan/{visit.id}/asesmen-risiko", form, headers=SYNC).status_code == expected
    assessment = RiskAssessment.get(RiskAssessment.instance_id == risk_id)
    assert assessment.is_high
    assert RiskFlag.select().where(RiskFlag.visit == visit).count() == 1

    darurat_id = str(uuid.uuid4())
    for expected in (201, 200):
        response = browser.post(f"/kunjungan/{visit.id}/darurat", {"instance_id": darurat_id}, headers=SYNC)
        assert response.status_code == expected


def test_another_user_cannot_reuse_an_id(login, target):
    """A worker who is not on the plan posts another worker's instance_id: the record is looked up
    within what she may see first, so she gets 403, learns no URL and leaves no conflict."""
    iid = str(uuid.uuid4())
    url = f"/kunjungan/baru?target={target[0]}&plan={target[1]}"
    browser = login("petugas1")
    browser.get("/")
    assert browser.post(url, visit_form(*target, iid), headers=SYNC).status_code == 201
    visit = Visit.get(Visit.instance_id == iid)
    other = login("petugas2")
    other.get("/")
    for form in (visit_form(*target, iid), visit_form(*target, iid, place="Isian orang lain")):
        response = other.post(url, form, headers=SYNC)
        assert response.status_code == 403
        assert f"/kunjungan/{visit.ref}" not in response.get_data(as_text=True)
    assert SubmissionConflict.select().count() == 0
    assert Submission.get(Submission.instance_id == iid).status == Submission.RECEIVED
    assert (
        AuditLog.select()
        .where(AuditLog.action == "denied", AuditLog.record_type == "visit", AuditLog.record_id == str(visit.id))
        .count()
        == 2
    )
    assert Visit.get_by_id(visit.id).place == "Rumah keluarga"


def test_another_units_user_gets_no_answer_about_an_id(login, target):
    """Someone of another unit sending a known consent id is refused before any answer about it."""
    browser = login("petugas1")
    browser.get("/")
    visit = Visit.select().where(Visit.target == target[0]).first()
    iid = str(uuid.uuid4())
    consent = {
        "instance_id": iid,
        "outcome": Consent.REFUSED,
        "consenter": "diri_sendiri",
        "refusal_reason": "belum siap",
    }
    assert browser.post(f"/kunjungan/{visit.id}/persetujuan", consent, headers=SYNC).status_code == 201
    add_user("petugas_lain", roles.WORKER, "UPTD-PPA-SPL")
    stranger = login("petugas_lain")
    stranger.get("/")
    response = stranger.post(f"/kunjungan/{visit.id}/persetujuan", {**consent, "refusal_reason": "lain"}, headers=SYNC)
    assert response.status_code in (403, 404) and not response.is_json  # no status, no URL
    assert SubmissionConflict.select().count() == 0


def test_a_colleague_on_the_plan_who_sends_the_same_id_makes_a_conflict(login, target):
    """A team member may see the record: her different content is kept for review (409), as before."""
    iid = str(uuid.uuid4())
    url = f"/kunjungan/baru?target={target[0]}&plan={target[1]}"
    browser = login("petugas1")
    browser.get("/")
    assert browser.post(url, visit_form(*target, iid), headers=SYNC).status_code == 201
    head = User.by_username("kepala1")
    Assignment.create(plan=target[1], user=User.by_username("petugas2"), assigned_by=head)
    other = login("petugas2")
    other.get("/")
    response = other.post(url, visit_form(*target, iid, place="Balai desa"), headers=SYNC)
    assert response.status_code == 409 and response.get_json()["status"] == "conflict"
    assert SubmissionConflict.select().count() == 1
    assert Visit.select().where(Visit.instance_id == iid).count() == 1


# ---- Review of conflicts ------------------------------------------------------------------------------


def make_conflict(login, target):
    browser = login("petugas1")
    browser.get("/")
    iid = str(uuid.uuid4())
    url = f"/kunjungan/baru?target={target[0]}&plan={target[1]}"
    browser.post(url, visit_form(*target, iid), headers=SYNC)
    browser.post(url, visit_form(*target, iid, place="Pelabuhan lama"), headers=SYNC)
    return Submission.get(Submission.instance_id == iid)


def test_case_manager_reviews_and_resolves_a_conflict(login, target):
    submission = make_conflict(login, target)
    manager = login("manajer1")
    home = manager.get("/").get_data(as_text=True)
    assert "Kiriman ganda yang isinya berbeda" in home and "/luring/konflik" in home
    listing = manager.get("/luring/konflik").get_data(as_text=True)
    assert f"/luring/konflik/{submission.id}" in listing
    detail = manager.get(f"/luring/konflik/{submission.id}")
    assert detail.status_code == 200 and "Pelabuhan lama" in detail.get_data(as_text=True)
    assert AuditLog.select().where(AuditLog.record_type == "submission", AuditLog.action == "view").count() == 1
    empty = manager.post(f"/luring/konflik/{submission.id}", {"note": ""})
    assert empty.status_code == 422 and "Tulis apa yang sudah dilakukan" in empty.get_data(as_text=True)
    done = manager.post(f"/luring/konflik/{submission.id}", {"note": "Tempat diperbaiki di catatan."})
    assert done.status_code == 302
    submission = Submission.get_by_id(submission.id)
    assert submission.status == Submission.RESOLVED and submission.resolved_by.username == "manajer1"
    assert "Kiriman ganda yang isinya berbeda" not in manager.get("/").get_data(as_text=True)


def test_conflicts_are_seen_only_by_the_units_manager_and_head(login, target, demo):
    submission = make_conflict(login, target)
    assert login("kepala1").get(f"/luring/konflik/{submission.id}").status_code == 200
    assert login("petugas1").get(f"/luring/konflik/{submission.id}").status_code == 403
    assert login("kepala2").get(f"/luring/konflik/{submission.id}").status_code == 403
    assert f"/luring/konflik/{submission.id}" not in login("kepala2").get("/luring/konflik").get_data(as_text=True)


# ---- Offline forms are declared on their views, checked at start-up --------------------------------


def test_each_offline_form_has_its_declared_view(app):
    from web.offline.forms import offline_forms

    with app.app_context():
        forms = offline_forms()
    kinds = [f.kind for f in forms]
    assert kinds[:4] == ["visit", "consent", "risk", "darurat"]
    assert {"home_visit", "mediation", "monitoring"} <= set(kinds)  # the case forms (web/rehab)
    for form in forms:
        assert app.view_functions[form.endpoint].offline_kind == form.kind


def test_a_missing_or_undeclared_offline_view_stops_the_start(app):
    from web.offline.forms import OfflineForm, add_offline_form, check_views
    from web.offline.submissions import offline_form

    add_offline_form(app, OfflineForm("lost", "hilang", "visits.renamed", r"^/hilang$", "Hilang"))
    with pytest.raises(RuntimeError, match="visits.renamed"):
        check_views(app)
    app.extensions["jangkau_offline_forms"].pop()
    app.view_functions["visits.extra"] = offline_form("extra", Visit)(lambda: "")
    with pytest.raises(RuntimeError, match="visits.extra"):
        check_views(app)


def test_panels_and_offline_forms_belong_to_each_app(app):
    from web import create_app

    again = create_app(type("SameConfig", (), dict(app.config)))
    for key in ("jangkau_panels", "jangkau_offline_forms", "jangkau_visit_sections"):
        assert len(again.extensions[key]) == len(app.extensions[key]) > 0
