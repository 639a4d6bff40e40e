"""The app shell: what the service worker precaches, and its version.

The version is a hash of every static file, of the worker's own source and of the public offline
pages as rendered now: change any of them and phones get a new worker (and a "Versi baru tersedia"
button). Offline pages are rendered, not read from disk, so that a change of a form's labels in
Python reaches phones too. They are rendered in the request's language: switching language is a new
version, and the phone re-caches the blank forms in that language.
"""

import hashlib
import json
import re
from pathlib import Path

from flask import current_app, url_for

from web.security import assets

ROOT = Path(__file__).resolve().parents[2]
SW_SOURCE = ROOT / "service-worker" / "sw.js"
SW_BUILT = ROOT / "service-worker" / "build" / "sw.js"  # minified by `make setup` (tools/build_static.mjs)
SHELL_SUFFIXES = {".css", ".js", ".png", ".svg", ".ico", ".webp", ".woff2"}
MAX_SHELL_FILE = 400 * 1024

THEME = "#7a1f5c"


def static_files():
    """Static files of the app, as paths relative to static/ (sorted): all of them count in the version."""
    base = Path(current_app.static_folder)
    out = set()
    for path in base.rglob("*"):
        if path.is_file() and path.suffix in SHELL_SUFFIXES and path.stat().st_size <= MAX_SHELL_FILE:
            name = path.relative_to(base).as_posix()
            out.add(name.removeprefix("build/"))  # a built file is served under its source's name
    return sorted(out)


# What every page loads (base.html; htmx only where a page uses it, so not kept for offline use);
# with the files the offline pages refer to, that is the shell.
BASE_FILES = ("css/app.css", "js/phone.js", "icons/favicon.png")
STATIC_REF = re.compile(r'/static/([^"?]+)\?v=[0-9a-f]+')


def static_urls(pages):
    """The static files the shell needs: those of base.html and those the offline pages load.
    (Other files are still cached by the browser for a year: their URLs carry their version.)"""
    names = set(BASE_FILES)
    for html in pages.values():
        names.update(STATIC_REF.findall(html))
    return [assets.url(name) for name in sorted(names) if name in set(static_files())]


def page_language():
    from flask_babel import get_locale

    return str(get_locale())


def render_pages():
    """{url: html} of the offline pages, rendered as the worker will fetch them: in the language of
    the request, named in the URL (?lang=), because the worker fetches them without cookies."""
    from flask_babel import force_locale

    from web.offline import routes
    from web.offline.forms import offline_forms

    lang = page_language()
    with force_locale(lang):
        out = {url_for("offline.page", lang=lang): routes.render_offline_page()}
        for form in offline_forms():
            if form.available():
                out[url_for("offline.blank_form", slug=form.slug, lang=lang)] = routes.render_blank_form(form)
    return out


def version(pages=None):
    """sha-256 of the shell (static files, the worker's source, the rendered offline pages)."""
    digest = hashlib.sha256()
    base = Path(current_app.static_folder)
    for name in static_files():  # as served (built at setup), and its readable source
        source = base / name
        digest.update(f"{name}:{assets.version(name)}\n".encode())
        digest.update(source.read_bytes() if source.is_file() else b"")
    digest.update(SW_SOURCE.read_bytes())
    for url, html in sorted((pages or render_pages()).items()):
        digest.update(url.encode() + b"\n" + html.encode())
    digest.update(current_app.config.get("OFFLINE_VERSION_SALT", "").encode())
    return digest.hexdigest()[:16]


def worker_source():
    """The worker's source as served: the minified build when it is not older than the source (a
    source edited since the last `make setup` is served as it is)."""
    try:
        if SW_BUILT.stat().st_mtime >= SW_SOURCE.stat().st_mtime:
            return SW_BUILT.read_text()
    except FileNotFoundError:
        pass
    return SW_SOURCE.read_text()


def worker_script():
    """The service worker's source with its version, precache list and form routes filled in."""
    from web.offline.forms import offline_forms

    pages = render_pages()
    lang = page_language()
    from flask_babel import force_locale

    from web.offline import words

    with force_locale(lang):
        shell = static_urls(pages) + [words.url()] + sorted(pages)
    forms = [
        {
            "kind": f.kind,
            "pattern": f.pattern,
            "blank": url_for("offline.blank_form", slug=f.slug, lang=lang),
            "standIn": f.stand_in,
        }
        for f in offline_forms()
        if f.available()
    ]
    source = worker_source()
    return (
        source.replace("__VERSION__", version(pages))
        .replace("__PRECACHE__", json.dumps(shell))
        .replace("__FORMS__", json.dumps(forms))
        .replace("__OFFLINE_PAGE__", json.dumps(url_for("offline.page", lang=lang)))
    )


def manifest(description):
    icon = lambda name, size, purpose: {  # noqa: E731 - a one-line table of icon entries
        "src": assets.url(f"icons/{name}-{size}.png"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }
    return {
        "name": "Jangkau",
        "short_name": "Jangkau",
        "description": description,
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "lang": "id",
        "dir": "ltr",
        "theme_color": THEME,
        "background_color": "#f6f5f7",
        "icons": [
            icon("icon", 192, "any"),
            icon("icon", 512, "any"),
            icon("maskable", 192, "maskable"),
            icon("maskable", 512, "maskable"),
        ],
    }
