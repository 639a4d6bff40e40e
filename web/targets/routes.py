"""Steps 1-2 screens: the targets list, a new target, the target page, the person's identification
(with the duplicate warning before saving) and the verification."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone
from flask_login import current_user
from peewee import IntegrityError

from web import paging, steps
from web.access import acting_user, fetch
from web.audit import CREATE, UPDATE, VIEW, audit
from web.concurrency import StaleRecord
from web.db import db
from web.inputs import is_ascii_digits
from web.models.outreach import Counter, Person, Plan, Target, Verification
from web.targets.forms import PersonForm, TargetForm, VerificationForm
from web.timeutil import now, today

bp = Blueprint("targets", __name__, url_prefix="/sasaran")


def local_year():
    """The year in the unit's time zone: a target recorded on 1 January at 01:00 WIB is of the new year."""
    return to_user_timezone(now()).year


@bp.route("/")
def index():
    """The targets the user may see, newest first: codes and progress, no names."""
    targets, next_cursor = paging.page(Target.listing(current_user), Target.created_at, request.args.get("setelah"))
    return render_template("targets/index.html", targets=targets, next_cursor=next_cursor)


@bp.route("/baru", methods=["GET", "POST"])
def new():
    """Step 1: someone to reach. Saved with the next code of the unit; step 2 starts."""
    form = TargetForm()
    if request.method == "GET":
        form.opened_at.data = now().isoformat()
        return render_template("targets/new.html", form=form)
    if not form.validate_on_submit():
        return render_template("targets/new.html", form=form), 422
    user = acting_user()
    started = form.opened() or now()
    if form.received_at.utc and form.received_at.utc < started:
        started = form.received_at.utc  # the SOP's clock of step 1 runs from when the information came in
    with Counter.transaction():  # the write lock first, then the code (no gaps, no duplicates)
        target = Target.create_with_code(
            user.unit,
            user,
            year=local_year(),
            kind=form.kind.data,
            source=form.source.data or "",
            received_at=form.received_at.utc,
            report=(form.report.data or "").strip(),
            reporter_name=(form.reporter_name.data or "").strip(),
            reporter_phone=(form.reporter_phone.data or "").strip(),
        )
        steps.start(target, steps.TARGET, user, at=started)
        steps.finish(target, steps.TARGET, user)
        steps.start(target, steps.IDENTIFICATION, user)
        audit(CREATE, target)
    flash(_("Korban %(code)s dicatat. Sekarang isi identitasnya.", code=target.code), "success")
    return redirect(url_for("targets.identify", target_id=target.id))


@bp.route("/<int:target_id>")
def show(target_id):
    target = fetch(Target, target_id)
    audit(VIEW, target)
    if target.person_id:
        audit(VIEW, target.person, detail=f"target {target.id}")
    plans = [p for p in target.plans if p.can_view(current_user)]
    return render_template(
        "targets/show.html",
        target=target,
        person=target.person if target.person_id else None,
        verifications=target.verifications,
        plans=plans,
        timeline=steps.timeline(target, steps.TARGET_STEPS),
        can_edit=target.can_edit(current_user),
        can_see_reporter=target.can_see_reporter(current_user),
        can_plan=current_user.role in Plan.AUTHOR_ROLES,
    )


@bp.route("/<int:target_id>/ubah", methods=["GET", "POST"])
def edit(target_id):
    """Step 1 again: correct how the unit came to know (kind, source, report, reporter)."""
    target = fetch(Target, target_id, edit=True)
    form = TargetForm(obj=target)
    if request.method == "GET":
        form.received_at.set_utc(target.received_at)
        form.show_version(target)
        audit(VIEW, target, detail="edit form")
        return render_template("targets/edit.html", form=form, target=target)
    if not form.validate_on_submit():
        return render_template("targets/edit.html", form=form, target=target), 422
    try:
        with db.atomic():
            target.correct(
                form.seen_version(),
                kind=form.kind.data,
                source=form.source.data or "",
                received_at=form.received_at.utc,
                report=(form.report.data or "").strip(),
                reporter_name=(form.reporter_name.data or "").strip(),
                reporter_phone=(form.reporter_phone.data or "").strip(),
            )
            if target.received_at:
                steps.restart_at(target, "sasaran", target.received_at)
            audit(UPDATE, target)
    except StaleRecord as stale:
        form.show_stale(stale)
        return render_template("targets/edit.html", form=form, target=target), 409
    flash(_("Perubahan disimpan."), "success")
    return redirect(url_for("targets.show", target_id=target.id))


def _person_form(target):
    person = target.person if target.person_id else None
    form = PersonForm(obj=person) if request.method == "GET" else PersonForm()
    if request.method == "GET":
        form.problem.data = target.problem
        form.show_version(target)
        form.estimated_age.data = person.estimated_age if person else None
        form.estimated_age.number = form.estimated_age.data
    return person, form


@bp.route("/<int:target_id>/identitas", methods=["GET", "POST"])
def identify(target_id):
    """Step 2: the person as far as known. Possible duplicates are shown before anything is saved."""
    target = fetch(Target, target_id, edit=True)
    person, form = _person_form(target)
    if request.method == "GET":
        if person:
            audit(VIEW, person, detail=f"target {target.id} edit form")
        return render_template("targets/identify.html", form=form, target=target, person=person, duplicates=[])
    if not form.validate_on_submit():
        return render_template("targets/identify.html", form=form, target=target, person=person, duplicates=[]), 422

    user = acting_user()
    data = form.person_data()
    choice = (form.confirm.data or "").strip()
    same = None
    # one NIK is one person: "not the same person" cannot give a second person the NIK of the unit's first
    nik_taken = bool(data["nik"]) and Person.nik_taken(user.unit, data["nik"], exclude=person)
    if is_ascii_digits(choice):
        same = fetch(Person, choice)  # the worker says: this is the same person (must be theirs to see)
    elif choice != "new" or nik_taken:
        duplicates = Person.possible_duplicates(
            user.unit,
            nik=data["nik"],
            name=data["name"],
            birth_date=data["birth_date"],
            desa=data["desa"],
            exclude=person,
        )
        if duplicates:
            return _duplicates_page(form, target, person, duplicates, data, nik_taken)

    try:
        with db.atomic():
            done = target.identify(form.seen_version(), user, data, (form.problem.data or "").strip(), same=same)
            if done == "linked":
                audit(UPDATE, target, detail=f"linked to person {same.id}")
            else:
                audit(CREATE if done == "created" else UPDATE, target.person, detail=f"target {target.id}")
            audit(UPDATE, target, detail="identification")
    except StaleRecord as stale:
        form.show_stale(stale)
        return render_template("targets/identify.html", form=form, target=target, person=person, duplicates=[]), 409
    except IntegrityError:  # someone saved a person with this NIK in the same instant (unique index)
        person = target.person if Target.get_by_id(target.id).person_id else None
        duplicates = Person.possible_duplicates(user.unit, nik=data["nik"], exclude=person)
        return _duplicates_page(form, target, person, duplicates, data, True)
    flash(_("Identitas disimpan."), "success")
    if target.latest_verification is None:
        return redirect(url_for("targets.verify", target_id=target.id))
    return redirect(url_for("targets.show", target_id=target.id))


def _duplicates_page(form, target, person, duplicates, data, nik_taken):
    """The possible duplicates, shown before anything is saved (422); `nik_taken`: refused, the NIK is
    another person's of the unit."""
    user = acting_user()
    rows = []
    for dup in duplicates:
        visible = dup.can_view(user)
        audit(VIEW, dup, detail="possible duplicate" if visible else "possible duplicate, codes only")
        rows.append(
            dict(
                person=dup,
                visible=visible,
                same_nik=bool(data["nik"] and dup.nik == data["nik"]),
                codes=[t.code for t in dup.targets],
                by=dup.created_by.full_name,
            )
        )
    if nik_taken:
        form.nik.errors = list(form.nik.errors) + [
            _(
                "Satu NIK adalah satu orang: NIK ini sudah tercatat untuk orang lain di unit ini. Pilih "
                '"Orang yang sama", atau periksa lagi NIK-nya.'
            )
        ]
    return render_template(
        "targets/identify.html", form=form, target=target, person=person, duplicates=rows, nik_taken=nik_taken
    ), 422


@bp.route("/<int:target_id>/verifikasi", methods=["GET", "POST"])
def verify(target_id):
    """Step 2: the identity and address checked with Dukcapil, the village head, ... (step 2 finishes)."""
    target = fetch(Target, target_id, edit=True)
    if not target.person_id:
        flash(_("Isi identitas dulu, lalu catat verifikasinya."), "info")
        return redirect(url_for("targets.identify", target_id=target.id))
    form = VerificationForm()
    if request.method == "GET":
        form.verified_on.data = today()
        audit(VIEW, target, detail="verification form")
        return render_template("targets/verify.html", form=form, target=target)
    if not form.validate_on_submit():
        return render_template("targets/verify.html", form=form, target=target), 422
    user = acting_user()
    with db.atomic():
        verification = Verification.create(
            target=target,
            result=form.result.data,
            authority=form.authority.data,
            authority_detail=(form.authority_detail.data or "").strip(),
            verified_on=form.verified_on.data,
            note=(form.note.data or "").strip(),
            recorded_by=user,
        )
        target.status = form.result.data
        target.updated_at = now()
        target.save(only=[Target.status, Target.updated_at])
        audit(CREATE, verification, detail=f"target {target.id}")
        steps.finish(target, steps.IDENTIFICATION, user)
    flash(_("Verifikasi dicatat. Langkah berikutnya: rencana penjangkauan."), "success")
    return redirect(url_for("targets.show", target_id=target.id))
