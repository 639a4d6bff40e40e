"""Steps 3-5 screens: the plans list, writing a plan with its budget, submitting it, the Kepala's
review (approve, or return with a note), the Kepala Dinas's decision where the unit needs it, a new
version of an approved plan, and the team with its briefing."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from web import paging, roles, steps
from web.access import acting_user, fetch
from web.audit import CREATE, DENIED, UPDATE, VIEW, audit
from web.concurrency import StaleRecord
from web.db import db
from web.extensions import htmx
from web.models import User
from web.models.outreach import Plan, PlanDecision, PlanStateError, Target
from web.outreach import fetch_plan
from web.outreach.forms import (
    BLANK_LINES,
    MIN_LINES,
    AssignForm,
    DecisionForm,
    DinasDecisionForm,
    PlanForm,
    UnitApprovalForm,
)

bp = Blueprint("outreach", __name__, url_prefix="/rencana")


def state_changed():
    flash(_("Rencana ini sudah diubah orang lain sebelum Anda. Periksa keadaannya sekarang."), "error")


# ---- the form ------------------------------------------------------------------------------


def target_label(target):
    parts = [target.code]
    if target.person_id:
        person = target.person
        age = person.age()
        if age is not None:
            parts.append(_("%(n)d tahun", n=age))
        if person.desa:
            parts.append(person.desa)
    return " · ".join(parts)


def team_choices(unit):
    return [(u.id, f"{u.full_name} ({roles.label(u.role)})") for u in User.in_unit(unit) if u.role in Plan.AUTHOR_ROLES]


def make_form(plan=None, formdata=None, preselect=None):
    """The plan form, filled from the plan (GET) or from what was typed (POST)."""
    user = acting_user()
    include = plan.targets if plan else ([preselect] if preselect else [])
    targets = Target.for_picking(user, include=include)
    kwargs = dict(target_choices=[(t.id, target_label(t)) for t in targets], team_choices=team_choices(user.unit))
    if formdata is not None:
        form = PlanForm(formdata, **kwargs)
    else:
        data = {}
        if plan is not None:
            data = dict(
                title=plan.title,
                purpose=plan.purpose,
                places=plan.places,
                start_date=plan.start_date,
                end_date=plan.end_date,
                team_note=plan.team_note,
                parties_note=plan.parties_note,
                targets=[t.id for t in plan.targets],
                team=[p.user_id for p in plan.proposed_team],
                parties=[p.key for p in plan.parties],
                lines=[
                    dict(
                        category=line.category,
                        description=line.description,
                        quantity=line.quantity,
                        unit_label=line.unit_label,
                        unit_cost=line.unit_cost,
                    )
                    for line in plan.lines
                ],
                version=str(plan.current_version),
            )
        elif preselect is not None:
            data = dict(targets=[preselect.id])
        lines = data.get("lines", [])
        data["lines"] = lines + [{}] * max(BLANK_LINES, MIN_LINES - len(lines))
        form = PlanForm(formdata=None, data=data, **kwargs)
    form.target_objects = {t.id: t for t in targets}
    return form


def render_form(form, plan=None, status=200):
    template = (
        "outreach/_budget.html"
        if htmx and request.form.get("add_line") and htmx.target == "budget"
        else "outreach/form.html"
    )
    return render_template(template, form=form, plan=plan), status


def save_content(plan, form):
    targets = [fetch(Target, target_id) for target_id in form.targets.data]  # never trust an id from a form
    plan.write(
        form.seen_version(),
        targets=targets,
        lines=form.clean_lines,
        team=form.team.data,
        parties=form.parties.data,
        title=(form.title.data or "").strip(),
        purpose=(form.purpose.data or "").strip(),
        places=(form.places.data or "").strip(),
        start_date=form.start_date.data,
        end_date=form.end_date.data,
        team_note=(form.team_note.data or "").strip(),
        parties_note=(form.parties_note.data or "").strip(),
    )


def handle_post(form, plan=None):
    """Save (and submit when asked). Returns a response."""
    if request.form.get("add_line"):
        form.add_line()
        return render_form(form, plan)
    submitting = bool(request.form.get("submit_plan"))
    valid = form.validate_on_submit()
    complete = form.require_complete() if submitting else True
    if not (valid and complete):
        if submitting and valid:
            flash(_("Rencana belum bisa diajukan. Lengkapi bagian yang ditandai."), "error")
        return render_form(form, plan, 422)
    user = acting_user()
    try:
        with db.atomic():
            if plan is None:
                plan = Plan.start(user.unit, user)
                audit(CREATE, plan)
            else:
                audit(UPDATE, plan)
            save_content(plan, form)
            if submitting:
                plan.submit(user)
                audit(UPDATE, plan, detail="submitted")
    except StaleRecord as stale:
        form.show_stale(stale)
        return render_form(form, plan, 409)
    if submitting:
        flash(_("Rencana diajukan kepada Kepala UPTD."), "success")
    else:
        flash(_("Draf rencana disimpan. Ajukan ke Kepala UPTD bila sudah lengkap."), "success")
    return redirect(url_for("outreach.show", plan_id=plan.id))


# ---- screens -------------------------------------------------------------------------------


@bp.route("/")
def index():
    plans, next_cursor = paging.page(Plan.listing(current_user), Plan.created_at, request.args.get("setelah"))
    return render_template(
        "outreach/index.html", plans=plans, next_cursor=next_cursor, can_write=current_user.role in Plan.AUTHOR_ROLES
    )


@bp.route("/baru", methods=["GET", "POST"])
def new():
    """Step 3: a new plan (a draft until submitted), optionally for one target (?sasaran=ID)."""
    preselect = None
    if request.args.get("sasaran"):
        preselect = fetch(Target, request.args.get("sasaran"))
    if request.method == "GET":
        return render_form(make_form(preselect=preselect))
    return handle_post(make_form(formdata=request.form))


@bp.route("/<int:plan_id>")
def show(plan_id):
    plan = fetch(Plan, plan_id)
    audit(VIEW, plan)
    return render_template("outreach/show.html", **page(plan))


def page(plan, **extra):
    user = current_user
    context = dict(
        plan=plan,
        targets=plan.targets,
        lines=plan.lines,
        history=plan.history(),
        versions=plan.versions,
        team=plan.team,
        proposed=plan.proposed_team,
        parties=plan.parties,
        timeline=steps.timeline(plan, steps.PLANNING_STEPS),
        last_return=plan.last_return,
        open_revision=plan.open_revision if plan.is_approved else None,
        can_edit=plan.can_edit(user),
        can_revise=plan.can_revise(user),
        can_decide=plan.can_decide(user),
        can_record_dinas=plan.can_record_dinas(user),
        can_assign=plan.can_assign(user),
        missing=plan.missing_for_submit() if plan.is_editable else {},
        has_letters="letters.plan" in current_app.view_functions,  # step 6 (issue 3B), when present
    )
    context["visible_targets"] = Target.visible_among(user, context["targets"])
    # need to know: admin staff prepare letters from the team, dates and budget; never a person's age,
    # village or the briefing about them (issue 9)
    context["person_details"] = user.role != roles.ADMIN
    context.update(extra)
    return context


@bp.route("/<int:plan_id>/ubah", methods=["GET", "POST"])
def edit(plan_id):
    """Change a draft or a returned plan (its author or a case manager)."""
    plan = fetch(Plan, plan_id, edit=True)
    if request.method == "GET":
        audit(VIEW, plan, detail="edit form")
        return render_form(make_form(plan), plan)
    return handle_post(make_form(plan, formdata=request.form), plan)


@bp.route("/<int:plan_id>/ajukan", methods=["POST"])
def submit(plan_id):
    """Send a complete draft to the Kepala; an incomplete one opens the form with what is missing."""
    plan = fetch(Plan, plan_id, edit=True)
    if plan.missing_for_submit():
        form = make_form(plan)
        form.validate()
        form.require_complete()
        flash(_("Rencana belum bisa diajukan. Lengkapi bagian yang ditandai."), "error")
        return render_template("outreach/form.html", form=form, plan=plan), 422
    try:
        plan.submit(acting_user())
    except PlanStateError:
        state_changed()
        return redirect(url_for("outreach.show", plan_id=plan.id))
    audit(UPDATE, plan, detail="submitted")
    flash(_("Rencana diajukan kepada Kepala UPTD."), "success")
    return redirect(url_for("outreach.show", plan_id=plan.id))


@bp.route("/<int:plan_id>/versi-baru", methods=["POST"])
def revise(plan_id):
    """An approved plan is never changed silently: a change is a new version that needs approval."""
    plan = fetch_plan(plan_id, Plan.can_revise)
    try:
        copy = plan.new_version(acting_user())
    except PlanStateError:
        state_changed()
        return redirect(url_for("outreach.show", plan_id=plan.id))
    audit(CREATE, copy, detail=f"version {copy.version} of plan {plan.id}")
    flash(
        _(
            "Versi %(n)d dibuat. Rencana yang sudah disetujui tetap berlaku sampai versi baru ini disetujui.",
            n=copy.version,
        ),
        "success",
    )
    return redirect(url_for("outreach.edit", plan_id=copy.id))


@bp.route("/<int:plan_id>/periksa", methods=["GET", "POST"])
def review(plan_id):
    """Step 4: the Kepala reads the plan and budget and approves it, or returns it with a note."""
    plan = fetch(Plan, plan_id)
    if not plan.can_decide(current_user):
        if current_user.role != roles.HEAD:
            audit(DENIED, plan, detail="review")
            abort(403)
        flash(_("Rencana ini tidak sedang menunggu persetujuan Anda."), "info")
        return redirect(url_for("outreach.show", plan_id=plan.id))
    form = DecisionForm()
    if request.method == "GET":
        audit(VIEW, plan, detail="review")
        return render_template("outreach/review.html", form=form, **page(plan))
    if not form.validate_on_submit():
        return render_template("outreach/review.html", form=form, **page(plan)), 422
    approve = form.decision.data == DecisionForm.APPROVE
    try:
        plan.decide(acting_user(), approve, form.note.data, level=PlanDecision.KEPALA)
    except PlanStateError:
        state_changed()
        return redirect(url_for("outreach.show", plan_id=plan.id))
    audit(UPDATE, plan, detail="approved" if approve else "returned")
    if not approve:
        flash(_("Rencana dikembalikan dengan catatan Anda."), "success")
    elif plan.status == Plan.AWAITING_DINAS:
        flash(
            _(
                "Rencana disetujui. Unit ini juga memerlukan persetujuan Kepala Dinas: catat keputusannya "
                "di halaman rencana."
            ),
            "success",
        )
    else:
        flash(_("Rencana disetujui. Tugaskan tim dan beri pengarahan."), "success")
    return redirect(url_for("outreach.show", plan_id=plan.id))


@bp.route("/<int:plan_id>/kepala-dinas", methods=["GET", "POST"])
def dinas(plan_id):
    """The Kepala Dinas's decision, recorded by the Kepala UPTD (for units that need it)."""
    plan = fetch_plan(plan_id, Plan.can_record_dinas)
    form = DinasDecisionForm()
    if request.method == "GET":
        audit(VIEW, plan, detail="dinas")
        return render_template("outreach/dinas.html", form=form, **page(plan))
    if not form.validate_on_submit():
        return render_template("outreach/dinas.html", form=form, **page(plan)), 422
    approve = form.decision.data == DecisionForm.APPROVE
    try:
        plan.decide(
            acting_user(), approve, form.note.data, level=PlanDecision.KEPALA_DINAS, signer_name=form.signer_name.data
        )
    except PlanStateError:
        state_changed()
        return redirect(url_for("outreach.show", plan_id=plan.id))
    audit(UPDATE, plan, detail="dinas approved" if approve else "dinas returned")
    flash(_("Keputusan Kepala Dinas dicatat."), "success")
    return redirect(url_for("outreach.show", plan_id=plan.id))


@bp.route("/pengaturan", methods=["GET", "POST"])
def settings():
    """The Kepala sets her unit's approval rule: the Kepala Dinas's second approval on or off."""
    unit = acting_user().unit
    form = UnitApprovalForm()
    if request.method == "GET":
        form.dinas.data = UnitApprovalForm.YES if unit.requires_dinas_approval else UnitApprovalForm.NO
        return render_template("outreach/settings.html", form=form, unit=unit)
    if not form.validate_on_submit():
        return render_template("outreach/settings.html", form=form, unit=unit), 422
    with db.atomic():
        if unit.set_dinas_approval(form.dinas.data == UnitApprovalForm.YES):
            audit(UPDATE, unit, detail="kepala dinas approval " + ("on" if unit.requires_dinas_approval else "off"))
    flash(_("Pengaturan disimpan. Berlaku untuk keputusan berikutnya."), "success")
    return redirect(url_for("outreach.settings"))


@bp.route("/<int:plan_id>/tim", methods=["GET", "POST"])
def assign(plan_id):
    """Step 5: the Kepala or a case manager assigns the team and writes the briefing."""
    plan = fetch_plan(plan_id, Plan.can_assign)
    choices = [
        (u.id, f"{u.full_name} ({roles.label(u.role)})") for u in User.in_unit(plan.unit) if u.role in Plan.AUTHOR_ROLES
    ]
    if request.method == "GET":
        team = plan.team
        members = [a.user_id for a in team] or [p.user_id for p in plan.proposed_team]
        lead = next((str(a.user_id) for a in team if a.team_role == "ketua"), "")
        form = AssignForm(
            formdata=None, data=dict(members=members, lead=lead, briefing=plan.briefing), member_choices=choices
        )
        audit(VIEW, plan, detail="assign")
        return render_template("outreach/assign.html", form=form, **page(plan))
    form = AssignForm(member_choices=choices)
    if not form.validate_on_submit():
        return render_template("outreach/assign.html", form=form, **page(plan)), 422
    try:
        plan.assign(
            acting_user(), form.members.data, int(form.lead.data) if form.lead.data else None, form.briefing.data
        )
    except PlanStateError:
        state_changed()
        return redirect(url_for("outreach.show", plan_id=plan.id))
    audit(UPDATE, plan, detail="team assigned")
    flash(_("Tim ditugaskan. Setiap petugas melihat rencana dan pengarahan ini di beranda mereka."), "success")
    return redirect(url_for("outreach.show", plan_id=plan.id))
