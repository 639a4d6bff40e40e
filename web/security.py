"""Request guards and response headers: the permission table, idle and 12-hour sessions, CSP and caching,
HSTS over HTTPS, and the proxy in front (ProxyFix, JANGKAU_TRUSTED_PROXIES)."""

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, logout_user
from werkzeug.middleware.proxy_fix import ProxyFix

from web.extensions import login_manager
from web.permissions import PERMISSIONS, PUBLIC, allowed
from web.timeutil import now

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
YEAR = 365 * 24 * 3600
HSTS = f"max-age={YEAR}; includeSubDomains"
# The session's last-seen time is written at most this often: a new value re-signs the cookie, and a
# cookie in every answer costs bytes on 3G and lets a late answer undo a newer cookie.
SEEN_EVERY = timedelta(minutes=1)
# Files every user shares, with no personal data: the same for all, kept by the phone's cache.
SHARED_FILES = {"static", "offline.words_script"}
# Requests that never read or write the session. The browser and the service worker send them while
# other requests are under way (at login, for instance); a cookie in their answer, made from the
# cookie they were sent with, could land last and undo the login. So they answer with no cookie.
SESSIONLESS = SHARED_FILES | {"offline.service_worker", "offline.manifest", "offline.page", "offline.blank_form"}


def shared_files_are_anonymous():
    """A SESSIONLESS request is answered as to nobody: the same file for everyone, made without
    loading the user (no database work at all; web/db.py does not even connect)."""
    if request.endpoint in SESSIONLESS:
        login_manager._update_request_context_with_user()  # flask-login's anonymous user for this request
    return None


def enforce_permissions():
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: Flask answers 404/405 itself
        return None
    rule = PERMISSIONS.get(endpoint)
    if rule is None:
        current_app.logger.error("endpoint %s is not in web/permissions.py: refused", endpoint)
        abort(403)
    if rule == PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not allowed(rule, current_user):
        abort(403)
    return None


def end_old_session():
    """Log out a session older than PERMANENT_SESSION_LIFETIME (12 hours) counted from the login,
    however active it has been: the limit does not slide. A session without a login time is old."""
    if request.endpoint in SESSIONLESS or not current_user.is_authenticated:
        return None
    limit = current_app.config["PERMANENT_SESSION_LIFETIME"]
    try:
        login_at = datetime.fromisoformat(session.get("login_at") or "")
    except (TypeError, ValueError):
        login_at = None
    if login_at is not None and timedelta(0) <= now() - login_at <= limit:
        return None
    logout_user()
    session.clear()
    hours = int(limit.total_seconds() // 3600)
    flash(
        ngettext(
            "Sesi Anda sudah lebih dari %(num)d jam sejak masuk. Demi keamanan, silakan masuk lagi.",
            "Sesi Anda sudah lebih dari %(num)d jam sejak masuk. Demi keamanan, silakan masuk lagi.",
            hours,
        ),
        "info",
    )
    return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))


def expire_idle_session():
    """Log out a session that has been idle longer than SESSION_IDLE_MINUTES."""
    if request.endpoint in SESSIONLESS or not current_user.is_authenticated:
        return None
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    seen = session.get("seen")
    current = now()
    if seen:
        try:
            last = datetime.fromisoformat(seen)
        except ValueError:
            last = None
        if last is None or current - last > idle:
            logout_user()
            session.clear()
            flash(_("Sesi Anda berakhir karena lama tidak dipakai. Silakan masuk lagi."), "info")
            return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
        if current - last < SEEN_EVERY:
            return None  # seen less than a minute ago: the cookie stays as it is
    session["seen"] = current.isoformat()
    return None


def security_headers(response):
    headers = response.headers
    headers["X-Content-Type-Options"] = "nosniff"
    if request.endpoint in SHARED_FILES:
        # A script, a stylesheet or an icon is not a document: the page's policy governs it. Every header
        # costs a worker on 3G, so a static file carries only what the browser uses.
        for name in ("Content-Disposition", "Accept-Ranges", "Last-Modified"):
            headers.pop(name, None)
        response.vary.discard("Cookie")
        if not response.vary:
            headers.pop("Vary", None)
        if request.endpoint == "static" and request.args.get("v"):
            headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response
    headers.setdefault("Content-Security-Policy", CSP)
    headers["Referrer-Policy"] = "same-origin"
    headers["X-Frame-Options"] = "DENY"
    headers["Permissions-Policy"] = "geolocation=(), microphone=(), camera=(self)"
    if request.is_secure:
        # Served over HTTPS (directly, or behind a trusted proxy that says so): the browser keeps
        # to HTTPS for a year, so a café's Wi-Fi cannot downgrade the next visit.
        headers["Strict-Transport-Security"] = HSTS
    if "Cache-Control" not in headers:
        # Pages may carry personal data: no copy in any cache, on the phone or on the way.
        headers["Cache-Control"] = "no-store"
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except for SESSIONLESS requests: no cookie, and no
    `Vary: Cookie` on the files every user shares, so that the phone's cache keeps them."""

    def save_session(self, app, session, response):
        if request.endpoint in SESSIONLESS:
            return
        super().save_session(app, session, response)


class Assets:
    """Versioned URLs for static files: /static/css/app.css?v=<hash of the content>."""

    def __init__(self):
        self._hashes = {}

    def version(self, filename):
        base = Path(current_app.static_folder)
        path = base / "build" / filename  # what is served, when setup built it (web/offline/compress.py)
        if not path.is_file():
            path = base / filename
        try:
            stat = path.stat()
        except FileNotFoundError:
            return "missing"
        key = (filename, stat.st_mtime_ns, stat.st_size)
        if key not in self._hashes:
            self._hashes[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        return self._hashes[key]

    def url(self, filename):
        return url_for("static", filename=filename, v=self.version(filename))


assets = Assets()


def trust_proxies(app):
    """Behind nginx the client's address, scheme and host arrive in X-Forwarded-* headers. Trust them
    from JANGKAU_TRUSTED_PROXIES proxies (config TRUSTED_PROXIES; 0, the default, trusts none: a
    client could then forge them). Without it every user would share the proxy's address."""
    count = int(app.config.get("TRUSTED_PROXIES") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_port=count)


def quiet_development_server():
    """Werkzeug's development server (`make run`, the browser tests) names itself and Python with their
    versions in every answer's Server header, whatever the app says: make it say "Jangkau". gunicorn
    says only "gunicorn"; nginx in front says "nginx" with server_tokens off."""
    from werkzeug.serving import WSGIRequestHandler

    WSGIRequestHandler.version_string = lambda self: "Jangkau"


def init_app(app):
    quiet_development_server()
    trust_proxies(app)
    app.session_interface = SessionInterface()
    app.before_request(shared_files_are_anonymous)
    app.before_request(end_old_session)
    app.before_request(expire_idle_session)
    app.before_request(enforce_permissions)
    app.after_request(security_headers)
    app.jinja_env.globals["asset_url"] = assets.url
