"""The installable app and its offline pages: /sw.js, /manifest.webmanifest, /luring (the offline
page and queue), /luring/formulir/<form> (blank forms), /luring/kunci (the session's key), and the
review of conflicting sends (/luring/konflik) for the case manager and the Kepala.

Everything under /luring/formulir and /luring itself is public and carries no personal data and no
user name: the service worker keeps copies of them. Nothing else is ever cached.
"""

import base64
import hashlib
import hmac
import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, user_logged_in
from flask_wtf.csrf import generate_csrf

from web import risk, roles
from web.access import fetch
from web.audit import UPDATE, VIEW, audit
from web.db import db
from web.models import Submission
from web.offline import compress, part, shell, words
from web.offline.forms import ResolveForm, by_slug, offline_forms
from web.timeutil import now

bp = Blueprint("offline", __name__)


# ---- App set-up (called from web.offline.register): compress text, give templates the user key ------


def setup(app):
    app.after_request(login_answer)  # runs after compress_response (after_request: last added, first run)
    app.after_request(compress.compress_response)
    app.before_request(compress.bare_etags)
    app.after_request(part.part_answer)  # before compress_response: the part is made, then compressed
    user_logged_in.connect(new_session_nonce, app)
    app.context_processor(
        lambda: {"offline_user": offline_user_key(), "risk_high_count": risk.HIGH_COUNT, "offline_words_url": words.url}
    )


def offline_user_key(user=None):
    """Which drafts on the phone are this user's: a hash of the username (the login page computes
    the same from what is typed). Not a secret; the drafts themselves are encrypted."""
    user = user or current_user
    if not user or not user.is_authenticated:
        return ""
    return hashlib.sha256(("jangkau:" + user.username.strip().lower()).encode()).hexdigest()[:32]


def new_session_nonce(sender, user, **extra):
    """Made once, in the login response: the first page then sends several requests at once, and
    with a cookie session the last answer wins, so a nonce made later by one of them could be lost."""
    session["offline_nonce"] = secrets.token_hex(16)


def session_secret():
    """32 random-looking bytes known only to this login's session: HMAC of a nonce in the (signed)
    session with the server's SECRET_KEY. Gone at logout (the session is cleared)."""
    nonce = session.get("offline_nonce")
    if not nonce:
        nonce = session["offline_nonce"] = secrets.token_hex(16)
    key = current_app.config["SECRET_KEY"].encode()
    mac = hmac.new(key, f"jangkau-offline:{current_user.id}:{nonce}".encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def public(response, max_age=None):
    """A public response without personal data: revalidated each time, never stored elsewhere."""
    response.headers["Cache-Control"] = "no-cache"
    return response


# ---- The service worker and the manifest ---------------------------------------------------------


@bp.route("/sw.js")
def service_worker():
    response = Response(shell.worker_script(), mimetype="application/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    # As neutral as the login page: a phone's app list shows it to anyone who glances at the phone.
    response = jsonify(shell.manifest(_("Catatan kerja petugas lapangan.")))
    response.mimetype = "application/manifest+json"
    return public(response)


@bp.route("/luring/kata.js")
def words_script():
    """The offline scripts' words in ?lang= (no personal data). Kept a year when ?v= is current."""
    lang = request.args.get("lang")
    lang = lang if lang in current_app.config["LANGUAGES"] else current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(lang):
        body, version = words.script(lang)
    response = Response(body, mimetype="text/javascript")
    if request.args.get("v") == version:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        public(response)
    return response


# ---- Public offline pages (kept by the service worker) -------------------------------------------


def render_offline_page():
    forms = [f for f in offline_forms() if f.available()]
    return render_template("offline/page.html", forms=forms)


def render_blank_form(form):
    return render_template("offline/blank_form.html", offline_form=form, **form.context())


def in_language(render):
    """Render in the language named by ?lang= (the service worker fetches without cookies)."""
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            return render()
    return render()


@bp.route("/luring")
def page():
    """The offline page: what waits on this phone, unlock, and the forms that work offline."""
    return public(Response(in_language(render_offline_page), mimetype="text/html"))


@bp.route("/luring/formulir/<slug>")
def blank_form(slug):
    form = by_slug(slug)
    if form is None or not form.available():
        abort(404)
    return public(Response(in_language(lambda: render_blank_form(form)), mimetype="text/html"))


# ---- The session's key (JSON, never stored) ------------------------------------------------------


def session_key():
    """What a page needs to open the drafts and send the queue: the session's secret (to unwrap the
    drafts' key without asking for the password again), a CSRF token, and what the worker may
    start offline (target and visit codes, no names)."""
    return {
        "user": offline_user_key(),
        "secret": session_secret(),
        "csrf": generate_csrf(),
        "context": offline_context(current_user),
    }


@bp.route("/luring/kunci")
def key():
    response = jsonify(session_key())
    response.headers["Cache-Control"] = "no-store"
    return response


LOGIN_HEADER = "X-Jangkau-Login"


def login_answer(response):
    """The login page's script (static/js/keys.js) sends the password with fetch and X-Jangkau-Login: 1.
    A login that succeeded then answers 200 with the session's key and where to go, instead of the
    redirect: one round trip, not a second one to /luring/kunci (slow 3G: 400 ms each)."""
    if (
        request.endpoint != "auth.login"
        or request.method != "POST"
        or request.headers.get(LOGIN_HEADER) != "1"
        or response.status_code not in (301, 302, 303)
        or not current_user.is_authenticated
    ):
        return response
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)  # made before login cleared the session
    body = {"next": response.headers.get("Location") or url_for("main.home"), **session_key()}
    response.status_code = 200
    response.set_data(jsonify(body).get_data())
    response.mimetype = "application/json"
    del response.headers["Location"]
    response.headers["Cache-Control"] = "no-store"
    return response


def offline_context(user):
    """Targets a worker may visit and their recent visits, and her open cases, by code only (no name,
    no story)."""
    from web.models import Visit

    targets, visits = [], []
    if user.role == roles.WORKER and hasattr(Visit, "open_targets"):
        for pt in Visit.open_targets(user):
            targets.append({"target": pt.target_id, "plan": pt.plan_id, "code": pt.target.code})
        if hasattr(Visit, "for_plans"):
            plans = sorted({t["plan"] for t in targets})
            for visit in Visit.for_plans(plans).limit(30):
                visits.append(
                    {"ref": visit.id, "code": visit.target.code, "date": visit.visited_at.strftime("%Y-%m-%d")}
                )
    cases = []
    if user.role in (roles.WORKER, roles.CASE_MANAGER):  # the open cases she works on (the case forms)
        from web.models import Case

        for case in Case.caseload(user).limit(50):
            cases.append({"ref": case.id, "code": case.code})
    return {"targets": targets, "visits": visits, "cases": cases}


# ---- Conflicts: sends with a known id and a different content, waiting for a person --------------


def conflicts_panel(user):
    count = Submission.count_conflicts(user.unit)
    return {"conflict_count": count} if count else None


@bp.route("/luring/konflik")
def conflicts():
    items = list(Submission.conflicts_in(current_user.unit))
    resolved = list(Submission.resolved_in(current_user.unit))
    return render_template(
        "offline/conflicts.html", items=items, resolved=resolved, titles={f.kind: f.title for f in offline_forms()}
    )


@bp.route("/luring/konflik/<int:submission_id>", methods=["GET", "POST"])
def conflict(submission_id):
    submission = fetch(Submission, submission_id, edit=request.method == "POST")
    form = ResolveForm()
    if request.method == "POST":
        if submission.status != Submission.CONFLICT:
            flash(_("Kiriman ini sudah ditandai selesai."), "info")
            return redirect(url_for("offline.conflicts"))
        if form.validate_on_submit():
            with db.atomic():
                submission.status = Submission.RESOLVED
                submission.resolved_by = current_user.id
                submission.resolved_at = now()
                submission.resolution_note = form.note.data.strip()
                submission.save()
                audit(UPDATE, submission, detail="resolved")
            flash(_("Ditandai selesai."), "success")
            return redirect(url_for("offline.conflicts"))
    audit(VIEW, submission)
    titles = {f.kind: f.title for f in offline_forms()}
    status = 422 if request.method == "POST" else 200
    return render_template(
        "offline/conflict.html", submission=submission, form=form, conflicts=list(submission.conflicts), titles=titles
    ), status
