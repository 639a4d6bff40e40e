"""Screens of a case (issue 11): the case list and caseload, intake (new case: walk-in, from an outreach
visit, from a risk flag), the case page with the areas' sections, the documents checklist with photos,
consent and risk through the case's meeting, the data and needs assessment, the supervisor's review and
the unit's review setting."""

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from peewee import IntegrityError

from web import paging, roles, sop_cases
from web.access import acting_user, fetch
from web.audit import CREATE, DENIED, UPDATE, VIEW, audit
from web.casefile import fetch_case
from web.casefile.forms import (
    PERPETRATOR_ROWS,
    AssessmentForm,
    ChecklistForm,
    DocumentPhotoForm,
    IntakeForm,
    PerpetratorForm,
    ReviewForm,
    SettingsForm,
    WalkInIntakeForm,
)
from web.casefile.sections import sections_for
from web.concurrency import StaleRecord
from web.db import db
from web.inputs import is_ascii_digits
from web.models import (
    Case,
    CaseAssessment,
    CaseDocument,
    CaseReview,
    CaseSettings,
    CaseStepLog,
    Person,
    RiskFlag,
    User,
    Visit,
)
from web.models.services import CaseService
from web.offline.submissions import offline_form
from web.timeutil import now
from web.visits.uploads import UploadError, path_of, store_upload

bp = Blueprint("casefile", __name__, url_prefix="/kasus")

INTAKE_ROLES = (roles.ADMIN, roles.WORKER, roles.CASE_MANAGER)


# ---- lists ----------------------------------------------------------------------------------------


@bp.route("/")
def index():
    """Every case the user may open, newest first (codes, SOP and state; the person's name is not listed)."""
    cases, next_cursor = paging.page(Case.listing(current_user), Case.opened_at, request.args.get("setelah"))
    return render_template(
        "casefile/index.html", cases=cases, next_cursor=next_cursor, can_open=current_user.role in INTAKE_ROLES
    )


@bp.route("/beban")
def caseload():
    """Point 7: a case manager's open cases (the Kepala: the unit's) with the next due step, overdue in red,
    and the flags she handled until their case is closed."""
    user = acting_user()
    cursor = request.args.get("setelah")
    cases, next_cursor = paging.page(Case.caseload(user), Case.opened_at, cursor)  # newest first, by keyset
    at = now()
    next_due = CaseStepLog.next_due(cases)
    late_services = CaseService.overdue_counts(cases, at)  # {case id: services past their due date}
    count, overdue = Case.caseload_counts(user, at)  # of the whole caseload, not only this page
    flags = list(case_flags(user)) if user.role == roles.CASE_MANAGER and not cursor else []
    rows = [(c, next_due.get(c.id), late_services.get(c.id, 0)) for c in cases]
    return render_template(
        "casefile/caseload.html",
        rows=rows,
        count=count,
        overdue=overdue,
        flags=flags,
        first_page=not cursor,
        next_cursor=next_cursor,
        at=at,
    )


def case_flags(user):
    """The risk flags `user` took in hand (or raised cases from) whose case is not closed: newest first."""
    closed = Case.select(Case.origin_flag).where(Case.origin_flag.is_null(False), Case.status == Case.CLOSED)
    opened = Case.select(Case.origin_flag).where(Case.origin_flag.is_null(False), Case.status == Case.OPEN)
    return (
        RiskFlag.listed()
        .where(
            RiskFlag.unit == user.unit_id,
            RiskFlag.acknowledged_by == user.id,
            RiskFlag.id.not_in(closed),
            RiskFlag.closed_at.is_null() | RiskFlag.id.in_(opened) | (RiskFlag.source == RiskFlag.ASSESSMENT),
        )
        .order_by(RiskFlag.raised_at.desc(), RiskFlag.id.desc())
        .limit(50)
    )


# ---- intake ---------------------------------------------------------------------------------------


def _staff(user):
    return list(User.in_unit(user.unit_id).where(User.role.in_((roles.WORKER, roles.CASE_MANAGER))))


def _origin():
    """The visit or risk flag the case is opened from (?kunjungan= / ?tanda=), checked for the user."""
    flag_id, visit_id = request.args.get("tanda"), request.args.get("kunjungan")
    if flag_id:
        flag = fetch(RiskFlag, flag_id)
        return flag.visit, flag
    if visit_id:
        return fetch(Visit, visit_id), None
    return None, None


@bp.route("/baru", methods=["GET", "POST"])
@offline_form("case_intake", Case)
def new():
    """SOP 000/001 step 1 (15 min), 003 step 1 (60 min): a new case. From a visit or a flag, the person,
    target, consent and risk assessment come with it; a walk-in client is checked for duplicates."""
    user = acting_user()
    visit, flag = _origin()
    if visit is not None and (visit.target.person_id is None):
        abort(404)
    channel = sop_cases.FROM_FLAG if flag else (sop_cases.FROM_VISIT if visit else None)
    form_class = IntakeForm if visit else WalkInIntakeForm
    form = form_class(staff=_staff(user), fixed_channel=channel)
    context = dict(form=form, visit=visit, flag=flag, duplicates=[])
    if visit is not None:
        existing = Case.select().where(Case.target == visit.target_id, Case.status == Case.OPEN).first()
        context["existing"] = existing if existing and existing.can_view(user) else None
        audit(VIEW, visit.target.person, detail=f"intake from visit {visit.id}")
    if request.method == "GET":
        form.received_at.set_utc(flag.raised_at if flag else (visit.visited_at if visit else now()))
        if flag is not None:
            form.procedure.data = sop_cases.VIOLENCE
            form.complaint_category.data = "darurat"
            form.manager.data = str(flag.acknowledged_by_id or "")
        if visit is not None:
            form.worker.data = str(visit.created_by_id)
        if user.role == roles.CASE_MANAGER and not form.manager.data:
            form.manager.data = str(user.id)
        return render_template("casefile/new.html", **context)
    if not form.validate_on_submit():
        return render_template("casefile/new.html", **context), 422

    fields = form.case_fields()
    if visit is not None:
        person, target = visit.target.person, visit.target
    else:
        person, target = _walk_in_person(form, user, context)
        if person is None:
            return render_template("casefile/new.html", **context), 422
    with db.atomic():
        if person.id is None:
            person.save()
            audit(CREATE, person, detail="case intake")
        case = Case.open(
            user.unit,
            user,
            person=person,
            target=target,
            procedure=form.procedure.data,
            channel=form.channel.data,
            received_at=form.received_at.utc,
            origin_visit=visit,
            origin_flag=flag,
            instance_id=form.instance_id.data or None,
            **fields,
        )
        CaseDocument.mark(case, user, set(form.documents.data or ()))
        case.finish_step(sop_cases.INTAKE, user)
        case.start_step(sop_cases.ASSESSMENT, user)
        case.record("opened", user)
        audit(CREATE, case, detail=f"channel {case.channel}")
    flash(_("Kasus %(code)s dibuka.", code=case.code), "success")
    return redirect(url_for("casefile.show", case_id=case.id))


def _walk_in_person(form, user, context):
    """The person of a walk-in intake: an existing one the user says is the same, or a new (unsaved) one.
    Possible duplicates are shown first, as when identifying a target; None then."""
    data = form.person_data()
    choice = (form.confirm.data or "").strip()
    if is_ascii_digits(choice):
        return fetch(Person, choice), None
    nik_taken = bool(data["nik"]) and Person.nik_taken(user.unit, data["nik"])
    if choice != "new" or nik_taken:
        duplicates = Person.possible_duplicates(
            user.unit, nik=data["nik"], name=data["name"], birth_date=data["birth_date"], desa=data["desa"]
        )
        if duplicates:
            rows = []
            for dup in duplicates:
                visible = dup.can_view(user)
                audit(VIEW, dup, detail="possible duplicate" if visible else "possible duplicate, codes only")
                rows.append(
                    dict(
                        person=dup,
                        visible=visible,
                        same_nik=bool(data["nik"] and dup.nik == data["nik"]),
                        codes=[t.code for t in dup.targets] + [c.code for c in dup.cases],
                        by=dup.created_by.full_name,
                    )
                )
            context.update(duplicates=rows, nik_taken=nik_taken)
            if nik_taken:
                form.nik.errors = list(form.nik.errors) + [
                    _("Satu NIK adalah satu orang: NIK ini sudah tercatat untuk orang lain di unit ini.")
                ]
            return None, None
    return Person(unit=user.unit_id, created_by=user, **data), None


# ---- the case page --------------------------------------------------------------------------------


@bp.route("/<int:case_id>")
def show(case_id):
    """The hub of a case: what it is, its SOP steps with their time standards, the areas' sections, history."""
    case = fetch_case(case_id)
    user = acting_user()
    audit(VIEW, case)
    return render_template(
        "casefile/show.html",
        case=case,
        timeline=case.timeline(),
        sections=sections_for(case, user),
        events=list(case.events()),
        can_edit=case.can_edit(user),
        can_see_story=case.can_see_story(user),
        at=now(),
    )


# ---- documents ------------------------------------------------------------------------------------


def _intake_allowed(case, user):
    return case.is_open and user.role in INTAKE_ROLES


@bp.route("/<int:case_id>/dokumen", methods=["GET", "POST"])
def documents(case_id):
    """The client's documents checklist (SOP 003 "Kelengkapan Dokumen") with a photo of each: admin staff
    keep it as well as the case's workers."""
    case = fetch_case(case_id, may=_intake_allowed if request.method == "POST" else None)
    user = acting_user()
    checklist, photo = ChecklistForm(), DocumentPhotoForm()
    status = 200
    if request.method == "POST":
        if "photo" in request.files or request.form.get("kind"):
            if photo.validate_on_submit():
                upload = request.files.get("photo")
                if not upload or not upload.filename:
                    photo.photo.errors = [_("Pilih foto dokumennya.")]
                    status = 422
                else:
                    try:
                        stored = store_upload(upload)
                    except UploadError as error:
                        photo.photo.errors = [str(error)]
                        status = 422
                    else:
                        with db.atomic():
                            row, old = CaseDocument.attach(case, user, photo.kind.data, stored)
                            audit(CREATE, row, detail=f"case {case.id}")
                        for name in old or ():
                            if name:
                                path_of(name).unlink(missing_ok=True)
                        flash(_("Foto dokumen disimpan."), "success")
                        return redirect(url_for("casefile.documents", case_id=case.id))
            else:
                status = 422
        elif checklist.validate_on_submit():
            with db.atomic():
                CaseDocument.mark(case, user, set(checklist.documents.data or ()))
                audit(UPDATE, case, detail="documents checklist")
            flash(_("Daftar dokumen disimpan."), "success")
            return redirect(url_for("casefile.documents", case_id=case.id))
        else:
            status = 422
    else:
        audit(VIEW, case, detail="documents")
    rows = CaseDocument.checklist(case)
    if request.method == "GET":
        checklist.documents.data = [doc.key for doc, row in rows if row and row.present]
    return render_template(
        "casefile/documents.html",
        case=case,
        rows=rows,
        checklist=checklist,
        photo=photo,
        can_edit=_intake_allowed(case, user),
    ), status


@bp.route("/dokumen/<int:document_id>/foto")
def document_photo(document_id):
    document = fetch(CaseDocument, document_id)
    if not document.stored_name:
        abort(404)
    audit(VIEW, document, detail=f"case {document.case_id} photo")
    thumb = request.args.get("kecil") == "1" and document.thumb_name
    response = send_file(
        path_of(document.thumb_name if thumb else document.stored_name),
        mimetype="image/jpeg" if thumb else document.content_type,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ---- consent and risk: the case's meeting (the visit forms) ---------------------------------------


@bp.route("/<int:case_id>/pertemuan", methods=["POST"])
def meeting(case_id):
    """Point 2: consent and the risk assessment of a case's client, on the visit forms (no plan needed)."""
    case = fetch_case(case_id, edit=True, story=True)
    with db.atomic():
        visit = case.meeting(acting_user())
        audit(UPDATE, case, detail=f"meeting {visit.id}")
    target = "assessments.risk_form" if request.form.get("ke") == "risiko" else "visits.consent"
    return redirect(url_for(target, ref=visit.id))


# ---- assessment -----------------------------------------------------------------------------------


def _perpetrator_forms(assessment=None):
    if request.method == "POST":
        return [PerpetratorForm(prefix=f"pelaku-{i}") for i in range(PERPETRATOR_ROWS)]
    rows = assessment.perpetrators if assessment else []
    forms = []
    for i in range(max(PERPETRATOR_ROWS, len(rows))):
        form = PerpetratorForm(prefix=f"pelaku-{i}")
        if i < len(rows):
            p = rows[i]
            form.name.data, form.sex.data, form.relation.data = p.name, p.sex, p.relation
            form.age.data = "" if p.age is None else str(p.age)
            form.age.number = p.age
        forms.append(form)
    return forms


def _fill(form, assessment):
    for name in (
        "incident_date",
        "incident_place",
        "incident_address",
        "incident_kabupaten",
        "education",
        "occupation",
        "marital_status",
        "disability",
        "story",
        "needs_note",
    ):
        getattr(form, name).data = getattr(assessment, name)
    form.kdrt.data = {True: "ya", False: "tidak"}.get(assessment.kdrt, "")
    form.violence_types.data = assessment.answers(CaseAssessment.VIOLENCE)
    form.criteria.data = assessment.answers(CaseAssessment.CRITERION)
    form.needs.data = assessment.answers(CaseAssessment.NEED)
    form.show_version(assessment)


@bp.route("/<int:case_id>/asesmen", methods=["GET", "POST"])
@offline_form("case_assessment", CaseAssessment)
def assessment(case_id):
    """SOP 000/001 step 2 (30 min), 003 step 2 (60 min): the data and needs assessment with the SIMFONI
    fields, the perpetrators and the SOP's criteria. Saved as a draft or sent to the supervisor."""
    case = fetch_case(case_id, story=True)
    user = acting_user()
    current = CaseAssessment.of(case)
    editable = case.can_edit(user) and (current is None or current.is_editable)
    form = AssessmentForm(case=case)
    perpetrators = _perpetrator_forms(current)
    reviews = list(CaseReview.history(case)) if current else []
    context = dict(case=case, form=form, perpetrators=perpetrators, assessment=current, reviews=reviews)
    if request.method == "GET":
        audit(VIEW, case, detail="assessment")
        if current is not None:
            _fill(form, current)
        if not editable:
            return render_template("casefile/assessment_view.html", **context)
        case.start_step(sop_cases.ASSESSMENT, user)
        return render_template("casefile/assessment.html", **context)
    if not editable:
        audit(DENIED, case, detail="assessment not editable")
        abort(403 if not case.can_edit(user) else 409)
    valid = form.validate_on_submit()
    valid = all([p.validate() for p in perpetrators]) and valid
    criteria = [c.key for c in case.sop.criteria]
    if any(key not in criteria for key in form.criteria.data or ()):
        form.criteria.errors = list(form.criteria.errors) + [_("Pilih kriteria dari daftar.")]
        valid = False
    if not valid:
        return render_template("casefile/assessment.html", **context), 422
    submit = form.kirim.data == "1"
    try:
        saved = CaseAssessment.save_for(
            case,
            user,
            form.fields(),
            form.multi(),
            [p.data_row() for p in perpetrators if not p.is_blank],
            submit=submit,
            seen_version=form.seen_version() if current else None,
            instance_id=form.instance_id.data or None,
        )
    except StaleRecord as stale:
        form.show_stale(stale)
        return render_template("casefile/assessment.html", **context), 409
    except IntegrityError:  # two first saves of one case at once: the second sees the first
        abort(409)
    audit(CREATE if current is None else UPDATE, saved, detail=f"case {case.id}")
    if submit:
        flash(_("Asesmen dikirim ke atasan untuk ditelaah."), "success")
    else:
        flash(_("Asesmen disimpan sebagai draf."), "success")
    return redirect(url_for("casefile.show", case_id=case.id))


# ---- the supervisor's review ----------------------------------------------------------------------


def _is_reviewer(case, user):
    return case.is_open and user.role == CaseSettings.reviewer_of(case.unit_id) and case.can_see_story(user)


@bp.route("/<int:case_id>/telaah", methods=["GET", "POST"])
def review(case_id):
    """SOP 000/001 step 3 (30-60 min): the supervisor (case manager or Kepala, as the unit sets) agrees,
    asks for more, or decides the services; every answer stays in the history."""
    case = fetch_case(case_id, story=True, may=_is_reviewer)
    user = acting_user()
    current = CaseAssessment.of(case)
    if current is None:
        abort(404)
    form = ReviewForm()
    context = dict(
        case=case,
        assessment=current,
        form=form,
        reviews=list(CaseReview.history(case)),
        waiting=current.status == CaseAssessment.SUBMITTED,
    )
    if request.method == "GET":
        audit(VIEW, current, detail=f"case {case.id} review")
        return render_template("casefile/review.html", **context)
    if current.status != CaseAssessment.SUBMITTED:
        flash(_("Asesmen ini tidak sedang menunggu telaah."), "error")
        return redirect(url_for("casefile.show", case_id=case.id))
    if not form.validate_on_submit():
        return render_template("casefile/review.html", **context), 422
    decided = CaseReview.decide(
        current, user, form.decision.data, (form.note.data or "").strip(), list(form.services.data or ())
    )
    audit(CREATE, decided, detail=f"case {case.id} {decided.decision}")
    flash(_("Telaah disimpan."), "success")
    return redirect(url_for("casefile.show", case_id=case.id))


@bp.route("/pengaturan", methods=["GET", "POST"])
def settings():
    """The Kepala sets who reviews the assessments of her unit."""
    user = acting_user()
    form = SettingsForm()
    if request.method == "GET":
        form.reviewer.data = CaseSettings.reviewer_of(user.unit_id)
        return render_template("casefile/settings.html", form=form)
    if not form.validate_on_submit():
        return render_template("casefile/settings.html", form=form), 422
    CaseSettings.set_reviewer(user.unit_id, form.reviewer.data)
    audit(UPDATE, user.unit, detail=f"case reviewer {form.reviewer.data}")
    flash(_("Pengaturan disimpan."), "success")
    return redirect(url_for("casefile.settings"))
