"""Visits in the field: the worker's list of targets, start a visit (or record a person met on the
spot), the visit page, consent (SOP step 8) with refusal, withdrawal, the witness's confirmation and
the printed form, and the visit's photos and documents.

Offline contract (the service worker of issue 5 relies on it): the start-a-visit and consent forms
are one `<form method="post">` each, marked `data-offline-form`, with a hidden `instance_id`; a POST
whose instance_id is already stored makes nothing new and answers the same redirect as a success.
`<ref>` in the URLs is a visit's id or its instance_id.
"""

from datetime import datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone, to_utc

from web import roles, sop, steps
from web.access import acting_user, fetch
from web.audit import CREATE, DELETE, DENIED, PRINT, UPDATE, VIEW, audit
from web.concurrency import StaleRecord
from web.db import db
from web.inputs import parse_id
from web.main.panels import first
from web.models import Attachment, Consent, ConsentScope, Person, PlanTarget, Target, User, Visit
from web.models.outreach import Counter, Plan
from web.offline.submissions import offline_form
from web.sop import CONSENT_EXPLAINED, GUARDIAN, SCOPE_ASSESSMENT, SELF, SIGNATURE, SPOKEN, THUMBPRINT
from web.timeutil import now
from web.visits import fetch_visit, sections_for, uploads
from web.visits.forms import (
    AttachmentForm,
    ConfirmForm,
    ConsentForm,
    EditVisitForm,
    PersonForm,
    StartVisitForm,
    WithdrawForm,
)

bp = Blueprint("visits", __name__)

FUTURE_SLACK = timedelta(minutes=15)


def _int(value):
    return parse_id(value)


def _local_now():
    return to_user_timezone(now()).replace(tzinfo=None)


def _visited_at(form):
    """The visit's date and time as typed (the unit's time zone), in naive UTC; None if in the future."""
    when = to_utc(datetime.combine(form.visit_date.data, form.visit_time.data))
    if when > now() + FUTURE_SLACK:
        form.visit_date.errors.append(_("Tanggal dan jam kunjungan belum lewat. Periksa lagi."))
        return None
    return when


def _colleagues(user):
    """Who may witness a spoken consent: the other workers and case managers of the unit."""
    return [u for u in User.in_unit(user.unit) if u.id != user.id and u.role in (roles.WORKER, roles.CASE_MANAGER)]


# ---- Home panels ----------------------------------------------------------------------------------


def witness_panel(user):
    waiting = list(Consent.awaiting_witness(user))
    return {"consents": waiting} if waiting else None


def targets_panel(user):
    rows, count = first(Visit.open_targets(user).where(Plan.id.not_in(Plan.reported())))  # reported plans: closed
    plans, visits = {}, {}
    for row in rows:
        plans.setdefault(row.plan.id, (row.plan, []))[1].append(row.target)
    for visit in Visit.for_plans(list(plans)):  # also without rows: the same queries whatever the data
        visits.setdefault((visit.plan_id, visit.target_id), []).append(visit)
    return {"plans": list(plans.values()), "visits": visits, "count": count, "shown": len(rows)} if rows else None


def recent_panel(user):
    recent = list(Visit.recent_in_unit(user.unit))
    return {"visits": recent, "states": Consent.states_of(recent)} if recent else None


# ---- Start a visit --------------------------------------------------------------------------------


def _plan_target_or_abort(target_id, plan_id):
    """The (plan, target) the worker may visit, else 404 (no such target) or 403 (not theirs)."""
    user = acting_user()
    target_id, plan_id = _int(target_id), _int(plan_id) if plan_id else None
    if target_id is None:
        abort(404)
    row = Visit.plan_target_for(user, target_id, plan_id)
    if row is None:
        target = Target.get_or_none(Target.id == target_id)
        if target is None or target.unit_id != user.unit_id:
            abort(404)
        audit(DENIED, target, detail="start visit")
        abort(403)
    return row


@bp.route("/kunjungan/baru", methods=["GET", "POST"])
@offline_form("visit", Visit)
def new():
    form = StartVisitForm()
    if request.method == "POST":
        row = _plan_target_or_abort(
            form.target.data or request.args.get("target"), form.plan.data or request.args.get("plan")
        )
    else:
        row = _plan_target_or_abort(request.args.get("target"), request.args.get("plan"))
        local = _local_now()
        form.visit_date.data, form.visit_time.data = local.date(), local.time().replace(second=0)
    form.target.data, form.plan.data = str(row.target.id), str(row.plan.id)
    if form.validate_on_submit():
        visited_at = _visited_at(form)
        if visited_at is not None:
            user = acting_user()
            with db.atomic():
                visit = Visit.create(
                    unit=user.unit,
                    plan=row.plan,
                    target=row.target,
                    instance_id=form.instance(),
                    visited_at=visited_at,
                    place=form.place.data.strip(),
                    present=(form.present.data or "").strip(),
                    created_by=user,
                )
                audit(CREATE, visit)
                steps.start(visit, steps.CONSENT, user, at=min(visited_at, now()))
            flash(_("Kunjungan dimulai. Langkah berikutnya: minta persetujuan."), "success")
            return redirect(url_for("visits.show", ref=visit.ref))
    status = 422 if request.method == "POST" else 200
    return render_template("visits/new.html", form=form, plan=row.plan, target=row.target), status


@bp.route("/kunjungan/orang-baru", methods=["GET", "POST"])
def new_person():
    """A person met on the spot during the outreach: a new Person and Target, linked to the plan."""
    user = acting_user()
    plan_id = _int(request.args.get("plan"))
    plan = Visit.assigned_plan(user, plan_id) if plan_id else None
    if plan is None:
        abort(404)
    form = PersonForm()
    if form.validate_on_submit():
        with Counter.transaction():  # the target code comes from the unit's counter (issue 3A)
            person = Person.create(
                unit=user.unit,
                name=form.name.data.strip(),
                sex=form.sex.data or "",
                estimated_age=form.estimated_age.data,
                birth_date=form.birth_date.data,
                desa=(form.desa.data or "").strip(),
                created_by=user,
            )
            target = Target.create_with_code(
                user.unit,
                user,
                person=person,
                kind=Target.HIGH_RISK,
                source="lainnya",
                received_at=now(),
                report=(form.report.data or "").strip(),
            )
            PlanTarget.create(plan=plan, target=target)
            audit(CREATE, person, detail="met on the spot")
            audit(CREATE, target, detail=f"plan {plan.id}")
        flash(_("Orang ini dicatat dengan kode %(code)s.", code=target.code), "success")
        return redirect(url_for("visits.new", target=target.id, plan=plan.id))
    status = 422 if request.method == "POST" else 200
    return render_template("visits/new_person.html", form=form, plan=plan), status


# ---- The visit page, and changing it --------------------------------------------------------------


@bp.route("/kunjungan/<ref>")
def show(ref):
    visit = fetch_visit(ref)
    user = acting_user()
    audit(VIEW, visit)
    return render_template(
        "visits/show.html",
        visit=visit,
        person=visit.target.person,
        consents=visit.consent_history,
        can_edit=visit.can_edit(user),
        sections=sections_for(visit, user),
        attachment_count=Attachment.count_for(visit),
        timeline=steps.timeline(visit, steps.VISIT_STEPS),
        risk_url=url_for("visits.show", ref=visit.ref) + "/asesmen-risiko",
        assessment_allowed=ConsentScope.allowed(visit, SCOPE_ASSESSMENT),
    )


@bp.route("/kunjungan/<ref>/ubah", methods=["GET", "POST"])
def edit(ref):
    visit = fetch_visit(ref, edit=True)
    form = EditVisitForm()
    if request.method == "GET":
        local = to_user_timezone(visit.visited_at).replace(tzinfo=None)
        form.visit_date.data, form.visit_time.data = local.date(), local.time()
        form.place.data, form.present.data = visit.place, visit.present
        form.show_version(visit)
        audit(VIEW, visit, detail="edit form")
        return render_template("visits/edit.html", form=form, visit=visit)
    if form.validate_on_submit():
        visited_at = _visited_at(form)
        if visited_at is not None:
            try:
                with db.atomic():
                    visit.change(
                        form.seen_version(),
                        visited_at=visited_at,
                        place=form.place.data.strip(),
                        present=(form.present.data or "").strip(),
                    )
                    audit(UPDATE, visit)
            except StaleRecord as stale:  # changed by someone else since the page was made
                form.show_stale(stale)
                return render_template("visits/edit.html", form=form, visit=Visit.get_by_id(visit.id)), 409
            flash(_("Kunjungan disimpan."), "success")
            return redirect(url_for("visits.show", ref=visit.ref))
    return render_template("visits/edit.html", form=form, visit=visit), 422


# ---- Consent (step 8) --------------------------------------------------------------------------------


def _consent_form(visit, **kwargs):
    person = visit.target.person
    return ConsentForm(colleagues=_colleagues(acting_user()), for_child=bool(person and person.is_child), **kwargs)


@bp.route("/kunjungan/<ref>/persetujuan", methods=["GET", "POST"])
@offline_form("consent", Consent)
def consent(ref):
    visit = fetch_visit(ref, edit=True)
    person = visit.target.person
    form = _consent_form(visit)
    if request.method == "GET":
        if form.for_child:
            form.consenter.data = GUARDIAN
            form.consenter_name.data = person.guardian_name
            form.consenter_relation.data = person.guardian_relation
        else:
            form.consenter.data = SELF
        audit(VIEW, visit, detail="consent form")
        return render_template(
            "visits/consent.html", form=form, visit=visit, person=person, step=sop.step(steps.CONSENT)
        )
    if form.validate_on_submit():
        consent = _save_consent(visit, form)
        if consent.is_given:
            flash(_("Persetujuan tersimpan. Lanjutkan dengan asesmen risiko."), "success")
        else:
            flash(
                _("Penolakan tercatat. Orang ini boleh berubah pikiran: persetujuan bisa dicatat lagi nanti."),
                "success",
            )
        return redirect(url_for("visits.show", ref=visit.ref))
    return render_template(
        "visits/consent.html", form=form, visit=visit, person=person, step=sop.step(steps.CONSENT)
    ), 422


def _save_consent(visit, form):
    stored = None
    if form.is_given and form.method.data == SIGNATURE:
        stored = uploads.store_signature(*form.signature_png)
    elif form.is_given and form.method.data == THUMBPRINT:
        stored = uploads.store_jpeg(form.thumbprint_jpeg)
    try:
        with db.atomic():
            consent = Consent.record(visit, acting_user(), form.consent_fields(), form.scopes.data or (), mark=stored)
            audit(CREATE, consent, detail=consent.outcome)
    except Exception:
        if stored:
            uploads.remove(stored.stored_name, stored.thumb_name)
        raise
    return consent


def _visit_consent(ref, consent_id, edit=False):
    visit = fetch_visit(ref, edit=edit)
    consent = fetch(Consent, consent_id, edit=edit)
    if consent.visit_id != visit.id:
        abort(404)
    return visit, consent


@bp.route("/kunjungan/<ref>/persetujuan/<int:consent_id>/cetak")
def consent_print(ref, consent_id):
    visit, consent = _visit_consent(ref, consent_id)
    audit(PRINT, consent)
    return render_template(
        "visits/consent_print.html",
        visit=visit,
        consent=consent,
        person=visit.target.person,
        explained=CONSENT_EXPLAINED,
        printed_at=now(),
        doc=sop.DOCUMENTS["informed_consent"],
    )


@bp.route("/kunjungan/<ref>/persetujuan/<int:consent_id>/tarik", methods=["GET", "POST"])
def consent_withdraw(ref, consent_id):
    visit, consent = _visit_consent(ref, consent_id, edit=True)
    latest = Consent.latest(visit)
    if latest is None or latest.id != consent.id or not consent.withdrawable_scopes:
        flash(_("Tidak ada persetujuan yang masih berlaku untuk ditarik di sini."), "info")
        return redirect(url_for("visits.show", ref=visit.ref))
    form = WithdrawForm(consent=consent)
    if request.method == "GET":
        form.show_version(consent)
        audit(VIEW, consent, detail="withdraw form")
        return render_template("visits/withdraw.html", form=form, visit=visit, consent=consent)
    if form.validate_on_submit():
        chosen = set(form.scopes.data)
        try:
            with db.atomic():
                consent.withdraw(form.seen_version(), acting_user(), chosen, form.reason.data.strip())
                audit(UPDATE, consent, detail="withdrawn: " + " ".join(sorted(chosen)))
        except StaleRecord as stale:
            form.show_stale(stale)
            return render_template("visits/withdraw.html", form=form, visit=visit, consent=consent), 409
        flash(_("Penarikan persetujuan tercatat. Sejak sekarang informasi itu tidak dibagikan."), "success")
        return redirect(url_for("visits.show", ref=visit.ref))
    return render_template("visits/withdraw.html", form=form, visit=visit, consent=consent), 422


@bp.route("/persetujuan/<int:consent_id>/saksi", methods=["GET", "POST"])
def witness(consent_id):
    """The colleague named as witness of a spoken consent confirms, from their own account."""
    consent = fetch(Consent, consent_id)
    user = acting_user()
    if consent.witness_id != user.id or consent.method != SPOKEN:
        audit(DENIED, consent, detail="witness")
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit():
        with db.atomic():
            if consent.confirm_witness():
                audit(UPDATE, consent, detail="witness confirmed")
        flash(_("Terima kasih. Kesaksian Anda tercatat."), "success")
        return redirect(url_for("main.home"))
    audit(VIEW, consent, detail="witness")
    return render_template("visits/witness.html", consent=consent, visit=consent.visit, form=form)


# ---- Photos and documents --------------------------------------------------------------------------


@bp.route("/kunjungan/<ref>/lampiran", methods=["GET", "POST"])
def attachments(ref):
    visit = fetch_visit(ref, edit=request.method == "POST")
    user = acting_user()
    form = AttachmentForm()
    status = 200
    allowed_now = visit.details_allowed
    if request.method == "POST" and not allowed_now:
        # Nothing beyond the name before consent (step 8): the file is not even read.
        audit(DENIED, visit, detail="attachment without consent")
        status = 409
    elif request.method == "POST":
        if form.validate_on_submit():
            field = form.photo if form.photo.data and form.photo.data.filename else form.document
            try:
                stored = uploads.store_upload(field.data)
            except uploads.UploadError as error:
                field.errors.append(str(error))  # next to the field that carried it; the caption stays
            else:
                kind = Attachment.PHOTO if stored.content_type.startswith("image/") else Attachment.DOCUMENT
                try:
                    with db.atomic():
                        attachment = Attachment.create(
                            visit=visit,
                            kind=kind,
                            stored_name=stored.stored_name,
                            thumb_name=stored.thumb_name,
                            content_type=stored.content_type,
                            size=stored.size,
                            width=stored.width,
                            height=stored.height,
                            caption=(form.caption.data or "").strip(),
                            uploaded_by=user,
                        )
                        audit(CREATE, attachment, detail=kind)
                except Exception:
                    uploads.remove(stored.stored_name, stored.thumb_name)
                    raise
                flash(_("Berkas tersimpan."), "success")
                return redirect(url_for("visits.attachments", ref=visit.ref))
        status = 422
    else:
        audit(VIEW, visit, detail="attachments")
    return render_template(
        "visits/attachments.html",
        visit=visit,
        form=form,
        files=list(visit.photos_and_documents()),
        can_edit=visit.can_edit(user),
        consent_ok=allowed_now,
        delete_form=ConfirmForm(),
    ), status


@bp.route("/lampiran/<int:attachment_id>")
def attachment(attachment_id):
    item = fetch(Attachment, attachment_id)
    if item.deleted_at is not None:
        abort(404)
    small = request.args.get("ukuran") == "kecil" and item.thumb_name
    name = item.thumb_name if small else item.stored_name
    try:
        path = uploads.path_of(name)
        if not path.is_file():
            raise FileNotFoundError(name)
    except FileNotFoundError:
        abort(404)
    audit(VIEW, item, detail="thumbnail" if small else "file")
    response = send_file(
        path,
        mimetype="image/jpeg" if small else item.content_type,
        conditional=False,
        etag=False,
        last_modified=None,
        max_age=0,
        download_name=f"lampiran-{item.id}.{item.extension}",
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Disposition"] = f'inline; filename="lampiran-{item.id}.{item.extension}"'
    return response


@bp.route("/lampiran/<int:attachment_id>/hapus", methods=["POST"])
def attachment_delete(attachment_id):
    item = fetch(Attachment, attachment_id, edit=True)
    if item.deleted_at is not None:
        abort(404)
    if item.kind not in Attachment.FILE_KINDS:
        abort(403)  # a consent's signature or thumbprint stays with the consent
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    with db.atomic():
        Attachment.update(deleted_at=now(), deleted_by=acting_user()).where(Attachment.id == item.id).execute()
        audit(DELETE, item, detail=item.kind)
    uploads.remove(item.stored_name, item.thumb_name)
    flash(_("Berkas dihapus."), "success")
    return redirect(url_for("visits.attachments", ref=item.visit.ref))
