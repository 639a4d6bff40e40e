"""Screens of social rehabilitation (SOP 003) and termination, under /kasus/<case_id>/...

Every screen fetches its case with web.casefile.fetch_case (404/403; story=True: admin staff never see
these), validates, calls one model method (web/models/rehab.py) and audits. Writing needs the case open
(Case.can_edit): a closed case takes no new work until it is reopened.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from web import roles, sop_cases
from web.access import acting_user, fetch
from web.audit import CREATE, PRINT, UPDATE, VIEW, audit
from web.casefile import fetch_case
from web.concurrency import StaleRecord
from web.db import db
from web.models import (
    CaseConference,
    Disposition,
    HomeVisit,
    Mediation,
    MonitoringNote,
    PlanTask,
    Termination,
)
from web.models.rehab import start_step
from web.offline.submissions import offline_form
from web.rehab import forms
from web.timeutil import today

bp = Blueprint("rehab", __name__, url_prefix="/kasus")


def _is_head(case, user):
    return user.role == roles.HEAD and case.is_open


def _rehab_case(case_id, *, edit=False, may=None):
    case = fetch_case(case_id, edit=edit, story=True, may=may)
    if case.procedure != sop_cases.REHABILITATION:
        abort(404)
    return case


def _clean(form, *names):
    return {name: (getattr(form, name).data or "").strip() for name in names}


# ---- The rehabilitation page: everything of SOP 003 on one case -------------------------------


@bp.route("/<int:case_id>/rehabilitasi")
def overview(case_id):
    case = _rehab_case(case_id)
    audit(VIEW, case, detail="rehabilitasi")
    return render_template("rehab/overview.html", case=case, **_context(case, acting_user()))


def _context(case, user):
    conference = CaseConference.latest(case)
    return {
        "dispositions": list(Disposition.of_case(case)),
        "home_visits": list(HomeVisit.of_case(case)),
        "mediations": list(Mediation.of_case(case)),
        "conference": conference,
        "tasks": list(PlanTask.of_case(case)),
        "notes": list(MonitoringNote.of_case(case)),
        "termination": Termination.current(case),
        "can_edit": case.can_edit(user),
        "is_head": _is_head(case, user),
        "today": today(),
    }


# ---- Step 3: the disposition sheet (the head, 30 min) -------------------------------------------


@bp.route("/<int:case_id>/disposisi", methods=["GET", "POST"])
def disposition(case_id):
    user = acting_user()
    case = _rehab_case(case_id)
    form = forms.DispositionForm()
    if request.method == "GET":
        audit(VIEW, case, detail="disposisi")
        if _is_head(case, user) and not Disposition.of_case(case).exists():
            start_step(case, sop_cases.DISPOSITION, user)
        return _render_disposition(case, form)
    if not _is_head(case, user):  # the sheet is the head's (SOP 003 step 3); a closed case takes none
        case = _rehab_case(case_id, may=_is_head)
    if not form.validate():
        return _render_disposition(case, form, 422)
    record = Disposition.decide(case, user, form.services.data, (form.instructions.data or "").strip())
    audit(CREATE, record)
    flash(_("Lembar disposisi disimpan."), "success")
    return redirect(url_for("rehab.overview", case_id=case.id))


def _render_disposition(case, form, status=200):
    user = acting_user()
    return render_template(
        "rehab/disposition.html",
        case=case,
        form=form,
        dispositions=list(Disposition.of_case(case)),
        is_head=_is_head(case, user),
    ), status


# ---- Step 4: screening, verification and home visit (60 min; offline) --------------------------


@bp.route("/<int:case_id>/kunjungan-rumah", methods=["GET", "POST"])
@offline_form("home_visit", HomeVisit)
def home_visit(case_id):
    user = acting_user()
    case = _rehab_case(case_id, edit=True)
    form = forms.HomeVisitForm()
    if request.method == "GET":
        audit(VIEW, case, detail="kunjungan-rumah")
        start_step(case, sop_cases.SCREENING, user)
        form.visited_on.data = today()
        return _render_form("rehab/home_visit.html", case, form)
    if not form.validate() or form.instance() is None:
        return _render_form("rehab/home_visit.html", case, form, 422)
    visit = HomeVisit.record(
        case,
        user,
        form.instance(),
        visited_on=form.visited_on.data,
        verified=form.verified.data,
        **_clean(form, "place", "met_with", "verification_note", "findings", "needs"),
    )
    audit(CREATE, visit)
    flash(_("Kunjungan rumah disimpan."), "success")
    return redirect(url_for("rehab.overview", case_id=case.id) + "#kunjungan-rumah")


def _render_form(template, case, form, status=200, **extra):
    return render_template(template, case=case, form=form, **extra), status


# ---- Step 5: mediation (120 min; offline; printable) -------------------------------------------


@bp.route("/<int:case_id>/mediasi", methods=["GET", "POST"])
@offline_form("mediation", Mediation)
def mediation(case_id):
    user = acting_user()
    case = _rehab_case(case_id, edit=True)
    form = forms.MediationForm()
    if request.method == "GET":
        audit(VIEW, case, detail="mediasi")
        start_step(case, sop_cases.MEDIATION, user)
        form.held_on.data = today()
        return _render_form("rehab/mediation.html", case, form)
    if not form.validate() or form.instance() is None:
        return _render_form("rehab/mediation.html", case, form, 422)
    record = Mediation.record(
        case,
        user,
        form.instance(),
        held_on=form.held_on.data,
        with_whom=form.with_whom.data,
        outcome=form.outcome.data,
        **_clean(form, "place", "parties", "agreement", "follow_up"),
    )
    audit(CREATE, record)
    flash(_("Berita acara mediasi disimpan. Cetak untuk ditandatangani para pihak."), "success")
    return redirect(url_for("rehab.mediation_print", case_id=case.id, mediation_id=record.id))


def _mediation_of(case, mediation_id):
    record = fetch(Mediation, mediation_id)
    if record.case_id != case.id:
        abort(404)
    return record


@bp.route("/<int:case_id>/mediasi/<int:mediation_id>/cetak")
def mediation_print(case_id, mediation_id):
    case = _rehab_case(case_id)
    record = _mediation_of(case, mediation_id)
    audit(PRINT, record)
    return render_template(
        "rehab/mediation_print.html", case=case, mediation=record, can_edit=case.can_edit(acting_user())
    )


@bp.route("/<int:case_id>/mediasi/<int:mediation_id>/ditandatangani", methods=["POST"])
def mediation_signed(case_id, mediation_id):
    case = _rehab_case(case_id, edit=True)
    record = _mediation_of(case, mediation_id)
    with db.atomic():
        if record.mark_signed(acting_user()):
            audit(UPDATE, record, detail="ditandatangani")
    flash(_("Berita acara ditandai sudah ditandatangani para pihak."), "success")
    return redirect(url_for("rehab.mediation_print", case_id=case.id, mediation_id=record.id))


# ---- Case conference and the case plan -----------------------------------------------------


@bp.route("/<int:case_id>/konferensi-kasus", methods=["GET", "POST"])
def conference(case_id):
    user = acting_user()
    case = _rehab_case(case_id, edit=True)
    form = forms.ConferenceForm()
    if request.method == "GET":
        audit(VIEW, case, detail="konferensi-kasus")
        form.held_on.data = today()
        return _render_form("rehab/conference.html", case, form.blank_rows())
    tasks = form.check_tasks(request.form)
    if not form.validate() or tasks is None:
        return _render_form("rehab/conference.html", case, form, 422)
    record = CaseConference.hold(
        case,
        user,
        held_on=form.held_on.data,
        tasks=tasks,
        **_clean(form, "participants", "goals", "summary"),
    )
    audit(CREATE, record)
    flash(_("Konferensi kasus dan rencana kasus disimpan."), "success")
    return redirect(url_for("rehab.overview", case_id=case.id) + "#rencana")


# ---- Step 6: accompaniment and monitoring notes (offline) ----------------------------------


@bp.route("/<int:case_id>/pemantauan", methods=["GET", "POST"])
@offline_form("monitoring", MonitoringNote)
def monitoring(case_id):
    user = acting_user()
    case = _rehab_case(case_id, edit=True)
    tasks = [t for t in PlanTask.of_case(case) if not t.is_done]
    form = forms.MonitoringForm(tasks=tasks)
    if request.method == "GET":
        audit(VIEW, case, detail="pemantauan")
        form.noted_on.data = today()
        if request.args.get("tugas") in form.tasks:
            form.task.data = request.args["tugas"]
        return _render_form("rehab/monitoring.html", case, form)
    if not form.validate() or form.instance() is None:
        return _render_form("rehab/monitoring.html", case, form, 422)
    note = MonitoringNote.record(
        case,
        user,
        form.instance(),
        task=form.chosen_task,
        kind=form.kind.data,
        noted_on=form.noted_on.data,
        progress=form.progress.data,
        note=form.note.data.strip(),
    )
    audit(CREATE, note)
    flash(_("Catatan disimpan."), "success")
    return redirect(url_for("rehab.overview", case_id=case.id) + "#pemantauan")


# ---- Termination (every case), the final report, reopening ---------------------------------


def _any_case(case_id, **kwargs):
    return fetch_case(case_id, story=True, **kwargs)


def _render_termination(case, form=None, decision=None, reopen=None, status=200):
    user = acting_user()
    current = Termination.current(case)
    if form is None:
        form = forms.TerminationForm()
        if current is not None and not current.is_approved:
            form.process(obj=current)
            form.show_version(current)
    writable = case.can_edit(user) and (current is None or current.is_approved or not current.is_waiting)
    return render_template(
        "rehab/termination.html",
        case=case,
        form=form,
        termination=current,
        history=list(Termination.history(case)),
        writable=writable or (form.is_stale and case.can_edit(user)),
        decision=decision or forms.DecisionForm(),
        can_decide=(current is not None and current.is_waiting and case.is_open and user.role == roles.HEAD),
        reopen=reopen or forms.ReopenForm(),
        can_reopen=not case.is_open and user.role in (roles.CASE_MANAGER, roles.HEAD),
        events=[e for e in case.events() if e.kind in (case.CLOSED_EVENT, case.REOPENED_EVENT)],
    ), status


@bp.route("/<int:case_id>/terminasi", methods=["GET", "POST"])
def termination(case_id):
    user = acting_user()
    if request.method == "GET":
        case = _any_case(case_id)
        audit(VIEW, case, detail="terminasi")
        return _render_termination(case)
    case = _any_case(case_id, edit=True)
    form = forms.TerminationForm()
    if not form.validate():
        return _render_termination(case, form, status=422)
    fields = {"reason": form.reason.data, **_clean(form, "services_given", "condition", "follow_up")}
    try:
        with db.atomic():
            record, created = Termination.submit(case, user, form.seen_version(), **fields)
            audit(CREATE if created else UPDATE, record)
    except StaleRecord as stale:
        return _render_termination(case, form.show_stale(stale), status=409)
    flash(_("Laporan akhir dikirim ke Kepala untuk disetujui."), "success")
    return redirect(url_for("rehab.termination", case_id=case.id))


@bp.route("/<int:case_id>/terminasi/keputusan", methods=["POST"])
def decide(case_id):
    user = acting_user()
    case = _any_case(case_id, may=_is_head)
    current = Termination.current(case)
    if current is None or not current.is_waiting:
        flash(_("Tidak ada laporan akhir yang menunggu keputusan."), "error")
        return redirect(url_for("rehab.termination", case_id=case.id))
    decision = forms.DecisionForm()
    if not decision.validate():
        return _render_termination(case, decision=decision, status=422)
    note = (decision.note.data or "").strip()
    with db.atomic():
        if decision.decision.data == forms.APPROVE:
            done = current.approve(user, note)
            message = _("Laporan akhir disetujui. Kasus ditutup (terminasi).")
        else:
            done = current.send_back(user, note)
            message = _("Laporan akhir dikembalikan kepada penulisnya.")
        if done:
            audit(UPDATE, current, detail=decision.decision.data)
    flash(message if done else _("Keputusan ini sudah diambil sebelumnya."), "success" if done else "info")
    return redirect(url_for("rehab.termination", case_id=case.id))


@bp.route("/<int:case_id>/laporan-akhir/<int:termination_id>")
def final_report(case_id, termination_id):
    case = _any_case(case_id)
    record = fetch(Termination, termination_id)
    if record.case_id != case.id:
        abort(404)
    audit(PRINT, record, detail="laporan-akhir")
    context = _context(case, acting_user()) if case.procedure == sop_cases.REHABILITATION else {}
    return render_template("rehab/final_report.html", case=case, termination=record, rehab=context)


def _may_reopen(case, user):
    return not case.is_open and user.role in (roles.CASE_MANAGER, roles.HEAD)


@bp.route("/<int:case_id>/buka-kembali", methods=["POST"])
def reopen(case_id):
    user = acting_user()
    case = _any_case(case_id, may=_may_reopen)
    form = forms.ReopenForm()
    if not form.validate():
        return _render_termination(case, reopen=form, status=422)
    with db.atomic():
        done = case.reopen(user, form.reason.data.strip())
        if done:
            audit(UPDATE, case, detail="dibuka-kembali")
    flash(_("Kasus dibuka kembali. Langkah SOP dimulai lagi dari asesmen."), "success")
    return redirect(url_for("rehab.termination", case_id=case.id))
