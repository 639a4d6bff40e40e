"""Step 7 screens: the log of coordination contacts of a plan, adding one, and closing the step."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _
from flask_login import current_user

from web import roles
from web.access import acting_user
from web.audit import CREATE, UPDATE, VIEW, audit
from web.coordination.forms import ContactForm, SkipPartyForm
from web.db import db
from web.extensions import htmx
from web.inputs import FlaskForm
from web.letters import progress
from web.models.letters import CoordinationContact, Letter, plan_documents_visible
from web.models.outreach import PlanParty
from web.outreach import fetch_plan
from web.timeutil import now

bp = Blueprint("coordination", __name__)

# Who may log contacts: the plan's assigned workers (the SOP's actors of step 7), the case manager
# and the Kepala; admin staff read the log (fetch_plan has already limited workers to their plans).
MAY_RECORD = (roles.WORKER, roles.CASE_MANAGER, roles.HEAD)


def may_record(plan):
    return plan.is_approved and current_user.role in MAY_RECORD


def new_form():
    form = ContactForm(formdata=None)
    form.contacted_at.data = to_user_timezone(now()).replace(tzinfo=None, second=0)
    return form


def context(plan, form=None, **extra):
    return dict(
        plan=plan,
        form=form or new_form(),
        contacts=CoordinationContact.for_plan(plan),
        parties=CoordinationContact.parties_of(plan),
        skip_errors=extra.pop("skip_errors", {}),
        may_record=may_record(plan),
        step=progress.coordination_log(plan),
        surat_tugas=Letter.surat_tugas_of(plan),
        finish_form=FlaskForm(),
        **extra,
    )


@bp.route("/rencana/<int:plan_id>/koordinasi")
def log(plan_id):
    plan = fetch_plan(plan_id, plan_documents_visible)
    audit(VIEW, plan, detail="coordination")
    return render_template("coordination/log.html", **context(plan))


@bp.route("/rencana/<int:plan_id>/koordinasi", methods=["POST"])
def add(plan_id):
    plan = fetch_plan(plan_id, plan_documents_visible)
    if not may_record(plan):
        abort(403)
    form = ContactForm()
    if not form.validate_on_submit():
        template = "coordination/_log.html" if htmx else "coordination/log.html"
        return render_template(template, **context(plan, form)), 422
    user = acting_user()
    with db.atomic():
        contact = CoordinationContact.create(
            unit=plan.unit,
            plan=plan,
            party=form.party.data,
            party_name=(form.party_name.data or "").strip(),
            contacted_at=form.contacted_at_utc(),
            means=form.means.data,
            result=form.result.data,
            notes=(form.notes.data or "").strip(),
            recorded_by=user,
        )
        audit(CREATE, contact)
    progress.coordination_started(plan, user)
    if htmx:
        return render_template("coordination/_log.html", **context(plan, saved=True))
    flash(_("Kontak koordinasi dicatat."), "success")
    return redirect(url_for("coordination.log", plan_id=plan.id))


@bp.route("/rencana/<int:plan_id>/koordinasi/pihak/<int:party_id>", methods=["POST"])
def party(plan_id, party_id):
    """Mark a party of the plan as not contacted, with why (or take the mark back with an empty reason)."""
    plan = fetch_plan(plan_id)
    if not may_record(plan):
        abort(403)
    row = PlanParty.get_or_none(PlanParty.id == party_id, PlanParty.plan == plan.id)  # never trust the id alone
    if row is None:
        abort(404)
    form = SkipPartyForm()
    if not form.validate_on_submit():
        return render_template("coordination/log.html", **context(plan, skip_errors={row.id: form.reason.errors})), 422
    with db.atomic():
        row.mark_not_contacted(acting_user(), "" if form.undo.data else form.reason.data)
        audit(UPDATE, plan, detail=f"coordination party {row.party} {'not contacted' if row.skip_reason else 'open'}")
    flash(_("Disimpan."), "success")
    return redirect(url_for("coordination.log", plan_id=plan.id) + "#pihak")


@bp.route("/rencana/<int:plan_id>/koordinasi/selesai", methods=["POST"])
def finish(plan_id):
    """The team says coordination is done: step 7 finishes (needs at least one contact)."""
    plan = fetch_plan(plan_id, plan_documents_visible)
    if not may_record(plan):
        abort(403)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not CoordinationContact.for_plan(plan):
        return render_template(
            "coordination/log.html",
            **context(plan, finish_error=_("Catat dulu paling sedikit satu kontak koordinasi.")),
        ), 422
    still_open = CoordinationContact.parties_open(plan)
    if still_open:  # every party of the plan is contacted, or marked with why not
        return render_template(
            "coordination/log.html",
            **context(
                plan,
                finish_error=_(
                    "Belum selesai: %(parties)s belum dihubungi. Catat kontaknya, atau tandai mengapa tidak dihubungi.",
                    parties=", ".join(str(p.item.label(str(get_locale())) if p.item else p.party) for p in still_open),
                ),
            ),
        ), 422
    progress.coordination_finished(plan, acting_user())
    audit(UPDATE, plan, detail="coordination done")
    flash(_("Koordinasi ditandai selesai."), "success")
    return redirect(url_for("coordination.log", plan_id=plan.id))
