"""Each offline form is stored once per (form kind, instance_id): the wrapper around their POST views.

The forms' own views belong to their areas (web/visits/, web/assessments/, web/referrals/) and say
so where they are defined:

    @bp.route("/kunjungan/<ref>/persetujuan", methods=["GET", "POST"])
    @offline_form("consent", Consent)
    def consent(ref): ...

The database's unique (kind, instance_id) of Submission is the one duplicate check; the views do not
look for an earlier record themselves. For a POST that carries an `instance_id`:

- new: the view runs; if it succeeds (a redirect or a 2xx), a Submission row keeps the content hash
  and the record's URL, in the same transaction as the record. Answer 201 to the phone's queue.
- the same content again: nothing runs; 200 "sudah diterima" with the record's URL.
- the same id with different content: nothing runs; the content is kept (SubmissionConflict) for the
  case manager or the Kepala to review; 409.
- a known id sent by another user: first the record (`Record`, found by its instance_id) goes through
  web.access.fetch, so someone who may not see it gets 404/403 and learns no URL and leaves no
  conflict; a colleague who may see it gets the conflict answer above.

The phone's queue (static/js/sync.js) sends `X-Jangkau-Sync: 1` and gets JSON; a plain form post
(no JavaScript) gets the view's own answer, the stored redirect for a repeat, or a 409 page.
A 422 (invalid) or any refusal is passed on untouched and stores nothing.
"""

import hashlib
import json
import re
from functools import wraps

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from peewee import IntegrityError
from werkzeug.exceptions import HTTPException

from web.access import fetch
from web.audit import CREATE, audit
from web.db import db
from web.models import Submission, SubmissionConflict

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SYNC_HEADER = "X-Jangkau-Sync"
LEFT_OUT = {"csrf_token"}
PASS_THROUGH = {"preview"}  # a "check the level" post of the risk form saves nothing


def instance_id_of(form):
    value = (form.get("instance_id") or "").strip().lower()
    return value if UUID_RE.match(value) else None


def content_fields():
    """The submission as [(name, value)]: the URL it was sent to, every field but the CSRF token,
    and each file's name and hash."""
    fields = [("@url", request.full_path.rstrip("?"))]
    for name in sorted(request.form.keys()):
        if name not in LEFT_OUT:
            fields.extend((name, value) for value in request.form.getlist(name))
    for name in sorted(request.files.keys()):
        for upload in request.files.getlist(name):
            data = upload.stream.read()
            upload.stream.seek(0)
            fields.append((name, f"{upload.filename} sha256:{hashlib.sha256(data).hexdigest()}"))
    return fields


def content_hash(fields):
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode()).hexdigest()


def is_sync():
    return request.headers.get(SYNC_HEADER) == "1"


def succeeded(response):
    """The forms answer a success with a redirect (to the record); anything else saved nothing."""
    return response.status_code in (301, 302, 303, 307, 308)


def sync_answer(status, code, submission, message):
    return jsonify(
        status=status,
        message=message,
        url=submission.record_url or url_for("main.home"),
        instance_id=submission.instance_id,
    ), code


def answer_repeat(submission, record_model, digest, fields):
    """The id is known: the same content is "already received"; other content is kept as a conflict.
    Another user's submission is answered only if its record is one this user may see (else 404/403)."""
    same_user = submission.user_id == current_user.id
    if not same_user:
        record = record_model.get_or_none(record_model.instance_id == submission.instance_id)
        fetch(record_model, record.id if record is not None else None)
    if same_user and (submission.content_hash == digest or _resolved_already(submission, digest)):
        if is_sync():
            return sync_answer("already", 200, submission, _("Sudah diterima sebelumnya."))
        flash(_("Formulir ini sudah diterima sebelumnya."), "info")
        return redirect(submission.record_url or url_for("main.home"))
    keep_conflict(submission, digest, fields)
    message = _(
        "Formulir ini sudah pernah dikirim dengan isi yang berbeda. Isian ini disimpan untuk "
        "ditinjau manajer kasus; tidak ada yang hilang."
    )
    if is_sync():
        return sync_answer("conflict", 409, submission, message)
    return render_template("offline/conflict_sent.html", message=message), 409


def _resolved_already(submission, digest):
    conflict = submission.known_conflict(digest)
    return conflict is not None and submission.status == Submission.RESOLVED


def keep_conflict(submission, digest, fields):
    with db.atomic():
        if submission.known_conflict(digest) is None:
            try:
                with db.atomic():
                    SubmissionConflict.create(
                        submission=submission,
                        content_hash=digest,
                        payload=json.dumps(fields, ensure_ascii=False),
                        user=current_user.id,
                    )
            except IntegrityError:
                pass  # the same conflicting content, sent twice at once: kept once
        if submission.status != Submission.CONFLICT:
            submission.status = Submission.CONFLICT
            submission.save(only=[Submission.status])
        audit(CREATE, submission, detail="conflict")


def offline_form(kind, record_model):
    """Declare a POST view as taking the phone's queued form `kind`, whose record is a `record_model`
    (a model with a unique `instance_id` and `can_view`): (kind, instance_id) makes one record."""

    def decorator(view):
        return idempotent(kind, record_model, view)

    return decorator


def idempotent(kind, record_model, view):
    """Wrap a form's POST view so that (kind, instance_id) makes one record."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if request.method != "POST":
            return view(*args, **kwargs)
        instance_id = instance_id_of(request.form)
        if instance_id is None or not current_user.is_authenticated or PASS_THROUGH & set(request.form):
            return view(*args, **kwargs)
        fields = content_fields()
        digest = content_hash(fields)
        existing = Submission.find(kind, instance_id)
        if existing is not None:
            return answer_repeat(existing, record_model, digest, fields)
        failure = None
        try:
            with db.atomic():
                submission = Submission.create(
                    kind=kind,
                    instance_id=instance_id,
                    content_hash=digest,
                    user=current_user.id,
                    unit=current_user.unit_id,
                )
                try:
                    response = current_app.make_response(view(*args, **kwargs))
                except HTTPException as error:  # a refusal: keep what the view wrote (its audit)
                    submission.delete_instance()
                    failure = error
                else:
                    if succeeded(response):
                        submission.record_url = _local(response.headers.get("Location"))
                        submission.save(only=[Submission.record_url])
                    else:
                        submission.delete_instance()
        except IntegrityError:
            # The same id arrived twice at the same moment: the other one made the record.
            existing = Submission.find(kind, instance_id)
            if existing is None:  # a record with this id made outside the queue: nothing new, no 500
                abort(409)
            return answer_repeat(existing, record_model, digest, fields)
        if failure is not None:
            raise failure
        if is_sync() and succeeded(response):
            return sync_answer("received", 201, submission, _("Terkirim."))
        return response

    wrapped.offline_kind = kind
    return wrapped


def _local(location):
    """A redirect target as a path on this site (drop the scheme and host werkzeug may add)."""
    if not location:
        return ""
    match = re.match(r"^https?://[^/]+(/.*)$", location)
    return match.group(1) if match else location
