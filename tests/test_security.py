"""Headers, caching and the htmx configuration that keep personal data off the phone."""

import json
import re


def test_security_headers_on_every_page(anon, demo):
    response = anon.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_samesite(login):
    browser = login("petugas1")
    cookie = browser.client.get_cookie("jangkau_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_no_inline_script_or_style(login):
    html = login("petugas1").get("/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers


def test_htmx_is_versioned_and_cached_long(anon, login, demo):
    html = login("manajer1").get("/").get_data(as_text=True)  # a page that uses htmx (the flags poll)
    url = re.search(r'src="(/static/vendor/htmx\.min\.js\?v=[0-9a-f]+)"', html).group(1)
    response = anon.client.get(url)
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    response.close()


def test_htmx_config_is_safe(anon, demo):
    html = anon.get("/login").get_data(as_text=True)
    config = json.loads(re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", html).group(1))
    assert config["historyCacheSize"] == 0 and config["allowEval"] is False
    assert config["includeIndicatorStyles"] is False and config["selfRequestsOnly"] is True
    assert {"code": "422", "swap": True} in config["responseHandling"]
    codes = [rule["code"] for rule in config["responseHandling"]]
    assert codes.index("422") < codes.index("[45]..")


def test_htmx_2_is_installed_from_npm():
    from pathlib import Path

    package = json.loads((Path(__file__).resolve().parents[1] / "node_modules/htmx.org/package.json").read_text())
    assert package["version"].startswith("2.")
