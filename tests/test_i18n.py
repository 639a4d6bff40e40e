"""Bahasa Indonesia first, English second: every text goes through the catalogue, and the
English catalogue is complete and up to date with the code and templates."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def extracted_ids(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            "--no-location",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def test_english_catalogue_is_complete_and_current(tmp_path):
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="en")
    translated = {}
    for m in catalog:
        if m.id:
            key = m.id if isinstance(m.id, str) else m.id[0]
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            translated[key] = all(strings) and "fuzzy" not in m.flags
    missing = sorted(extracted_ids(tmp_path) - set(translated))
    assert not missing, f"run `make i18n` and translate: {missing[:10]}"
    untranslated = sorted(k for k, ok in translated.items() if not ok)
    assert not untranslated, f"no English yet in {PO.name}: {untranslated[:10]}"


def test_default_language_is_indonesian(anon):
    html = anon.get("/login").get_data(as_text=True)
    assert '<html lang="id">' in html and "Kata sandi" in html


def test_switch_to_english_is_remembered(anon, demo):
    anon.get("/login")
    response = anon.post("/bahasa", {"lang": "en", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    html = anon.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html and "Password" in html and "Kata sandi" not in html
    anon.post("/bahasa", {"lang": "id"})
    assert "Kata sandi" in anon.get("/login").get_data(as_text=True)


def test_language_choice_is_kept_on_the_user(login):
    from web.models import User

    browser = login("kepala1")
    browser.post("/bahasa", {"lang": "en"})
    assert User.by_username("kepala1").locale == "en"
    assert "Head of unit" in browser.get("/").get_data(as_text=True)
