"""Step 6 screens: the plan's letters and documents, making them, and printing them on A4."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from peewee import IntegrityError

from web import roles, sop
from web.access import acting_user, fetch
from web.audit import CREATE, PRINT, UPDATE, VIEW, audit
from web.concurrency import StaleRecord
from web.extensions import htmx
from web.letters import local_year, progress
from web.letters.forms import CancelForm, ChecklistForm, CsrfOnly, IssueForm
from web.models.letters import DocumentItem, Letter, LetterError, approval_of, plan_documents_visible, travel_level
from web.outreach import fetch_plan

bp = Blueprint("letters", __name__)


@bp.app_template_global()
def plan_page_url(plan):
    """The plan's own page (steps 3-5, issue 3A), when that area is installed."""
    if "outreach.show" in current_app.view_functions:
        return url_for("outreach.show", plan_id=plan.id)
    return None


@bp.app_template_global()
def budget_label(key):
    """A budget category's label in the page's language (the SPPD's cost lines)."""
    item = sop.by_key(sop.BUDGET_CATEGORIES, key, None)
    return item.label(str(get_locale())) if item is not None else key


bp.add_app_template_global(travel_level)


def letter_error_message(code):
    return {
        "not_approved": _("Rencana ini belum disetujui Kepala UPTD. Surat tugas dibuat setelah rencana disetujui."),
        "superseded": _("Rencana ini sudah diganti versi yang lebih baru. Buat surat dari versi yang berlaku."),
        "no_dates": _("Rencana ini belum punya tanggal berangkat dan tanggal selesai."),
        "no_team": _("Belum ada petugas yang ditugaskan. Tim ditetapkan oleh Kepala UPTD atau manajer kasus."),
        "no_signer": _("Unit ini belum punya Kepala UPTD yang aktif untuk menandatangani surat."),
        "cancelled": _("Surat ini sudah dibatalkan."),
    }.get(code, _("Surat belum dapat dibuat."))


def page_context(plan, **extra):
    team = plan.team
    letters = Letter.visible_to(plan, current_user)
    surat_tugas = Letter.surat_tugas_of(plan)
    team_changed = bool(surat_tugas and [m["user"] for m in surat_tugas.members] != [a.user_id for a in team])
    may_edit = current_user.role == roles.ADMIN
    context = dict(
        plan=plan,
        team=team,
        letters=letters,
        surat_tugas=surat_tugas,
        team_changed=team_changed,
        missing=Letter.missing_slots(plan, team) if plan.is_approved else [],
        checklist=DocumentItem.checklist(plan),
        may_edit=may_edit,
        admin_log=progress.log_of(plan, progress.ADMIN_STEP.number),
        issue_form=IssueForm(),
        issue_error=None,
        saved=False,
        cancel_forms={
            letter.id: CancelForm(formdata=None, prefix=f"batal{letter.id}")
            for letter in letters
            if may_edit and not letter.is_cancelled
        },
        cancel_open=None,
    )
    if "cancel_form" in extra:  # the form that failed, with what was typed and its error
        failed = extra.pop("cancel_form")
        context["cancel_forms"][extra["cancel_open"]] = failed
    context.update(extra)
    if "checklist_form" not in context:
        context["checklist_form"] = ChecklistForm(formdata=None).fill(context["checklist"])
    return context


@bp.route("/rencana/<int:plan_id>/surat")
def plan(plan_id):
    """The plan's administration: Surat Tugas, SPPD per traveller, checklist of the other documents."""
    plan = fetch_plan(plan_id, plan_documents_visible)
    audit(VIEW, plan, detail="letters")  # reading starts nothing: step 6 starts at the first letter or checklist change
    return render_template("letters/plan.html", **page_context(plan))


@bp.route("/rencana/<int:plan_id>/surat", methods=["POST"])
def issue(plan_id):
    """Make the Surat Tugas and the SPPDs not made yet, numbered in the unit's sequence of the year."""
    plan = fetch_plan(plan_id, plan_documents_visible)
    form = IssueForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        created = Letter.issue(plan, acting_user(), local_year())
    except LetterError as error:
        return render_template(
            "letters/plan.html", **page_context(plan, issue_error=letter_error_message(error.code))
        ), 422
    except IntegrityError:  # somebody else made them in the same instant: theirs stand
        created = []
    for letter in created:
        audit(CREATE, letter)
    progress.after_admin_change(plan, acting_user(), acted=bool(created))
    if created:
        flash(_("Surat dibuat: %(codes)s.", codes=", ".join(letter.code for letter in created)), "success")
    else:
        flash(_("Semua surat untuk rencana ini sudah ada."), "info")
    return redirect(url_for("letters.plan", plan_id=plan.id) + "#surat")


@bp.route("/rencana/<int:plan_id>/dokumen", methods=["POST"])
def checklist(plan_id):
    """Save the checklist of the other documents (tickets, case form, outreach form)."""
    plan = fetch_plan(plan_id, plan_documents_visible)
    form = ChecklistForm()
    if not form.validate_on_submit():
        context = page_context(plan, checklist_form=form)
        template = "letters/_checklist.html" if htmx else "letters/plan.html"
        return render_template(template, **context), 422
    user = acting_user()
    try:
        changed = DocumentItem.save_checklist(plan, form.states(), form.notes(), user, form.seen_version())
    except StaleRecord as stale:
        form.show_stale(stale)
        context = page_context(plan, checklist_form=form)
        return render_template("letters/_checklist.html" if htmx else "letters/plan.html", **context), 409
    if changed:
        audit(UPDATE, plan, detail="documents")
    progress.after_admin_change(plan, user, acted=changed)
    if htmx:
        return render_template("letters/_checklist.html", **page_context(plan, saved=True))
    flash(_("Daftar dokumen disimpan."), "success")
    return redirect(url_for("letters.plan", plan_id=plan.id) + "#dokumen")


@bp.route("/surat/<int:letter_id>/batal", methods=["POST"])
def cancel(letter_id):
    """Cancel a letter with a reason: its number stays used and is shown as cancelled; the plan's page
    then offers to make a replacement, with a new number."""
    letter = fetch(Letter, letter_id, edit=True)
    plan = fetch_plan(letter.plan_id, plan_documents_visible)
    form = CancelForm(prefix=f"batal{letter.id}")
    if letter.is_cancelled:
        return render_template(
            "letters/plan.html", **page_context(plan, issue_error=letter_error_message("cancelled"))
        ), 409
    if not form.validate_on_submit():
        return render_template("letters/plan.html", **page_context(plan, cancel_form=form, cancel_open=letter.id)), 422
    try:
        letter.cancel(acting_user(), form.reason.data)
    except LetterError as error:  # somebody cancelled it in the same instant
        return render_template(
            "letters/plan.html", **page_context(plan, issue_error=letter_error_message(error.code))
        ), 409
    audit(UPDATE, letter, detail="cancelled")
    flash(
        _(
            "Surat %(code)s dibatalkan. Nomornya tetap tercatat dan tidak dipakai lagi. "
            "Buat surat pengganti dengan nomor baru bila perlu.",
            code=letter.code,
        ),
        "success",
    )
    return redirect(url_for("letters.plan", plan_id=plan.id) + f"#surat-{letter.id}")


def render_letter(letter):
    """The letter's body, always in Bahasa Indonesia: it is an official document."""
    template = "letters/_surat_tugas.html" if letter.is_surat_tugas else "letters/_sppd.html"
    surat_tugas = letter if letter.is_surat_tugas else Letter.surat_tugas_of(letter.plan)
    approval = approval_of(letter.plan)
    with force_locale("id"):
        return Markup(
            render_template(
                template,
                letter=letter,
                plan=letter.plan,
                unit=letter.plan.unit,
                surat_tugas=surat_tugas,
                legal_basis=letter.legal_basis_lines,
                approved_at=approval.at if approval else None,
            )
        )


@bp.route("/surat/<int:letter_id>/cetak")
def print_view(letter_id):
    """One letter on an A4 page. Opening it is a view; the Cetak button records the print."""
    letter = fetch(Letter, letter_id)
    audit(VIEW, letter, detail="print view")
    title = (
        _("Surat Tugas %(code)s", code=letter.code) if letter.is_surat_tugas else _("SPPD %(code)s", code=letter.code)
    )
    return render_template(
        "letters/print.html",
        plan=letter.plan,
        bodies=[render_letter(letter)],
        title=title,
        record_url=url_for("letters.print_record", letter_id=letter.id),
    )


def _printed(letters, back):
    """Count and audit one print of each letter: 204 for the print button's request, else back to the page."""
    if not CsrfOnly().validate_on_submit():
        abort(400)
    for letter in letters:
        letter.record_print()
        audit(PRINT, letter)
    if request.headers.get("X-Jangkau-Print"):
        return "", 204
    flash(_("Pencetakan dicatat. Pakai menu Cetak di peramban untuk mencetak."), "info")
    return redirect(back, 303)


@bp.route("/surat/<int:letter_id>/cetak", methods=["POST"])
def print_record(letter_id):
    """The Cetak button: one print of the letter, counted ("dicetak N kali") and audited."""
    letter = fetch(Letter, letter_id)
    if letter.is_cancelled:
        abort(409)
    return _printed([letter], url_for("letters.print_view", letter_id=letter.id))


def _printable(plan):
    return [letter for letter in Letter.visible_to(plan, current_user) if not letter.is_cancelled]


@bp.route("/rencana/<int:plan_id>/surat/cetak")
def print_all(plan_id):
    """The Surat Tugas and every SPPD the user may see, one after the other, each on its own page."""
    plan = fetch_plan(plan_id, plan_documents_visible)
    letters = _printable(plan)
    if not letters:
        abort(404)
    for letter in letters:
        audit(VIEW, letter, detail="print view")
    return render_template(
        "letters/print.html",
        plan=plan,
        bodies=[render_letter(x) for x in letters],
        title=_("Surat untuk %(plan)s", plan=plan.label),
        record_url=url_for("letters.print_all_record", plan_id=plan.id),
    )


@bp.route("/rencana/<int:plan_id>/surat/cetak", methods=["POST"])
def print_all_record(plan_id):
    plan = fetch_plan(plan_id, plan_documents_visible)
    letters = _printable(plan)
    if not letters:
        abort(404)
    return _printed(letters, url_for("letters.print_all", plan_id=plan.id))


# ---- Home panels ---------------------------------------------------------------------------


PANEL_SIZE = 20  # plans per group of the admin staff's panel (224 approved plans of a unit at 100k people)


def approved_plans(user):
    """The admin staff's one panel of approved plans: to prepare (with step 6's state), waiting for a
    team, and ready. Only reads: step 6 starts at the first letter or checklist change."""
    return progress.admin_overview(user.unit_id, size=PANEL_SIZE)


def my_letters(user):
    assigned = Letter.assigned_to(user)
    logs = progress.coordination_logs([plan for plan, _st, _sppd in assigned])
    rows = [(plan, st, sppd, logs.get(plan.id)) for plan, st, sppd in assigned]
    return {"rows": rows} if rows else None
