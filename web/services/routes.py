"""Screens of a case's services and referrals, their recommendation letters, and the case's records
(case file summary, social report, PMKS register entry). Every case comes through `fetch_case`."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from peewee import IntegrityError

from web import paging, roles, sop, sop_cases
from web.access import acting_user
from web.audit import CREATE, OVERRIDE, PRINT, REFERRAL_BLOCKED, UPDATE, VIEW, audit
from web.casefile import fetch_case
from web.concurrency import StaleRecord
from web.letters import local_year
from web.models import Case, CaseStepLog
from web.models.services import (
    CaseService,
    PmksEntry,
    ServiceError,
    ServiceLetter,
    SocialReport,
    services_visible,
    sharing_for,
)
from web.services.forms import (
    FinishForm,
    LetterForm,
    NotPossibleForm,
    PmksForm,
    ServiceForm,
    SocialReportForm,
    StartForm,
)

bp = Blueprint("services", __name__)


@bp.app_template_global()
def case_page_url(case):
    """The case page (the casefile area's hub) when it is installed, else the case's services."""
    if "casefile.show" in current_app.view_functions:
        return url_for("casefile.show", case_id=case.id)
    return url_for("services.index", case_id=case.id)


def error_message(code):
    return {
        "state": _("Layanan ini sudah berpindah tahap. Muat ulang halaman untuk melihat keadaannya sekarang."),
        "consent": _(
            "Klien belum setuju datanya dibagikan kepada pemberi layanan ini. Catat persetujuannya dulu, "
            "atau tulis alasan bila nyawanya terancam."
        ),
        "closed": _("Kasus ini sudah ditutup."),
        "unknown": _("Pilih salah satu layanan dari daftar."),
        "no_letter": _("SOP tidak meminta surat rekomendasi untuk layanan ini."),
        "no_signer": _("Unit ini belum punya Kepala UPTD yang aktif untuk menandatangani surat."),
        "required": _("Isian ini wajib diisi."),
    }.get(code, _("Layanan belum dapat diubah."))


def may_issue_letter(case, user):
    """The case's worker and case managers, and admin staff (who prepare the unit's letters)."""
    return case.is_open and (case.can_edit(user) or (user.role == roles.ADMIN and case.can_view(user)))


def may_enter_pmks(case, user):
    return case.can_edit(user) or (user.role == roles.ADMIN and case.can_view(user))


def service_of(case, service_id):
    service = CaseService.get_or_none(CaseService.id == service_id, CaseService.case == case.id)
    if service is None:
        abort(404)
    return service


# ---- the services of a case ------------------------------------------------------------------


def index_context(case, form=None, **extra):
    user = current_user
    services = CaseService.for_case(case)
    context = dict(
        case=case,
        services=services,
        letters=ServiceLetter.of_services(services),
        story=services_visible(case, user) == "all",
        may_edit=case.can_edit(user),
        may_letter=may_issue_letter(case, user),
        form=form or ServiceForm(formdata=None),
        service_items=sop_cases.CASE_SERVICES,
        due_days=sop_cases.SERVICE_DUE_DAYS,
        step=CaseStepLog._open(case, sop_cases.SERVICES) if case.sop.step(sop_cases.SERVICES) else None,
    )
    context.update(extra)
    return context


@bp.route("/kasus/<int:case_id>/layanan")
def index(case_id):
    case = fetch_case(case_id)
    audit(VIEW, case, detail="services")
    return render_template("services/index.html", **index_context(case))


@bp.route("/kasus/<int:case_id>/layanan", methods=["POST"])
def add(case_id):
    case = fetch_case(case_id, edit=True)
    form = ServiceForm()
    if not form.validate():
        return render_template("services/index.html", **index_context(case, form)), 422
    try:
        service = CaseService.plan(
            case,
            acting_user(),
            service=form.service.data,
            provider=form.provider.data,
            contact=form.contact.data,
            coordinator=form.coordinator.data,
            note=form.note.data,
        )
    except ServiceError as error:
        form.service.errors = [error_message(error.code)]
        return render_template("services/index.html", **index_context(case, form)), 422
    audit(CREATE, service)
    flash(_("Layanan direncanakan. Batas waktunya %(days)d hari.", days=sop_cases.SERVICE_DUE_DAYS), "success")
    return redirect(url_for("services.show", case_id=case.id, service_id=service.id))


def show_context(case, service, **extra):
    user = current_user
    letter = ServiceLetter.get_or_none(ServiceLetter.service == service.id)
    context = dict(
        case=case,
        service=service,
        letter=letter,
        story=services_visible(case, user) == "all",
        may_edit=case.can_edit(user),
        may_letter=may_issue_letter(case, user) and service.needs_letter and letter is None,
        sharing=sharing_for(case, [service.partner_kind])[service.partner_kind],
        start_form=StartForm(formdata=None),
        finish_form=FinishForm(formdata=None),
        not_possible_form=NotPossibleForm(formdata=None),
        letter_form=LetterForm(formdata=None),
        error=None,
    )
    context.update(extra)
    return context


@bp.route("/kasus/<int:case_id>/layanan/<int:service_id>")
def show(case_id, service_id):
    case = fetch_case(case_id)
    service = service_of(case, service_id)
    audit(VIEW, service)
    return render_template("services/show.html", **show_context(case, service))


def _after_change(case, service, form_name, form, error=None):
    context = show_context(case, service, error=error_message(error) if error else None, **{form_name: form})
    return render_template("services/show.html", **context), 409 if error == "state" else 422


@bp.route("/kasus/<int:case_id>/layanan/<int:service_id>/mulai", methods=["POST"])
def start(case_id, service_id):
    case = fetch_case(case_id, edit=True)
    service = service_of(case, service_id)
    form = StartForm()
    if not form.validate():
        return _after_change(case, service, "start_form", form)
    try:
        service.start(acting_user(), form.override_reason.data)
    except ServiceError as error:
        if error.code == "consent":
            audit(REFERRAL_BLOCKED, service, detail="consent")
            form.override_reason.errors = [error_message("consent")]
        return _after_change(case, service, "start_form", form, error.code)
    if service.consent_override and form.override_reason.data.strip():
        audit(OVERRIDE, service, detail="service started without consent")
    audit(UPDATE, service, detail="started")
    flash(_("Layanan sedang berjalan."), "success")
    return redirect(url_for("services.show", case_id=case.id, service_id=service.id))


@bp.route("/kasus/<int:case_id>/layanan/<int:service_id>/selesai", methods=["POST"])
def finish(case_id, service_id):
    case = fetch_case(case_id, edit=True)
    service = service_of(case, service_id)
    form = FinishForm()
    if not form.validate():
        return _after_change(case, service, "finish_form", form)
    try:
        service.finish(acting_user(), form.outcome.data)
    except ServiceError as error:
        return _after_change(case, service, "finish_form", form, error.code)
    audit(UPDATE, service, detail="done")
    flash(_("Layanan selesai."), "success")
    return redirect(url_for("services.index", case_id=case.id))


@bp.route("/kasus/<int:case_id>/layanan/<int:service_id>/tidak-dapat", methods=["POST"])
def not_possible(case_id, service_id):
    case = fetch_case(case_id, edit=True)
    service = service_of(case, service_id)
    form = NotPossibleForm()
    if not form.validate():
        return _after_change(case, service, "not_possible_form", form)
    try:
        service.not_possible(acting_user(), form.reason.data)
    except ServiceError as error:
        return _after_change(case, service, "not_possible_form", form, error.code)
    audit(UPDATE, service, detail="not possible")
    flash(_("Layanan dicatat tidak dapat diberikan."), "success")
    return redirect(url_for("services.index", case_id=case.id))


# ---- recommendation letters ------------------------------------------------------------------


@bp.route("/kasus/<int:case_id>/layanan/<int:service_id>/surat", methods=["POST"])
def issue_letter(case_id, service_id):
    case = fetch_case(case_id, may=may_issue_letter)
    service = service_of(case, service_id)
    form = LetterForm()
    if not form.validate():
        abort(400)
    try:
        letter, made = ServiceLetter.issue(service, acting_user(), local_year())
    except ServiceError as error:
        if error.code == "consent":
            audit(REFERRAL_BLOCKED, service, detail="letter")
        return _after_change(case, service, "letter_form", form, error.code)
    except IntegrityError:  # made by someone else in the same instant: theirs stands
        letter, made = ServiceLetter.get(ServiceLetter.service == service.id), False
    if made:
        audit(CREATE, letter)
        flash(_("Surat rekomendasi dibuat: %(code)s.", code=letter.code), "success")
    return redirect(url_for("services.letter_print", case_id=case.id, service_letter_id=letter.id))


@bp.route("/kasus/<int:case_id>/layanan/surat/<int:service_letter_id>/cetak")
def letter_print(case_id, service_letter_id):
    """The letter on an A4 page (always in Bahasa Indonesia); opening it counts as a print, audited."""
    case = fetch_case(case_id)
    letter = ServiceLetter.get_or_none(ServiceLetter.id == service_letter_id, ServiceLetter.case == case.id)
    if letter is None:
        abort(404)
    letter.record_print()
    audit(PRINT, letter)
    service = letter.service
    with force_locale("id"):
        body = Markup(
            render_template(
                "services/_letter.html",
                letter=letter,
                case=case,
                person=case.person,
                service=service,
                item=service.item,
                unit=case.unit,
            )
        )
    return render_template(
        "services/print.html",
        case=case,
        bodies=[body],
        title=_("Surat rekomendasi %(code)s", code=letter.code),
        back=url_for("services.show", case_id=case.id, service_id=service.id),
    )


# ---- the case's records (point 8) ------------------------------------------------------------


def print_page(case, template, title, **context):
    with force_locale("id"):
        body = Markup(render_template(template, case=case, person=case.person, unit=case.unit, **context))
    return render_template("services/print.html", case=case, bodies=[body], title=title, back=case_page_url(case))


@bp.route("/kasus/<int:case_id>/ringkasan")
def summary(case_id):
    """The case file summary: identity, intake, the SOP's steps, the services; the story (chronology,
    outcomes) not for admin staff."""
    case = fetch_case(case_id)
    story = case.can_see_story(current_user)
    audit(PRINT, case, detail="summary")
    services = CaseService.for_case(case)
    return print_page(
        case,
        "services/_summary.html",
        _("Ringkasan berkas kasus %(code)s", code=case.code),
        story=story,
        services=services,
        letters=ServiceLetter.of_services(services),
        timeline=case.timeline(),
        channel=sop.by_key(sop_cases.CASE_CHANNELS, case.channel, None),
        category=sop.by_key(sop_cases.COMPLAINT_CATEGORIES, case.complaint_category, None),
        events=list(case.events()) if story else [],
        event_labels={e.key: e for e in sop_cases.SERVICE_EVENTS},
    )


@bp.route("/kasus/<int:case_id>/laporan-sosial", methods=["GET", "POST"])
def social_report(case_id):
    case = fetch_case(case_id, story=True)
    report = SocialReport.of(case)
    may_edit = case.can_edit(current_user)
    form = SocialReportForm(formdata=None)
    status = 200
    if report is not None:
        form = SocialReportForm(formdata=None, obj=report).show_version(report)
    if request.method == "POST":
        if not may_edit:
            abort(403)
        form = SocialReportForm()
        if form.validate():
            try:
                report = SocialReport.write(
                    case,
                    acting_user(),
                    form.seen_version(),
                    condition=form.condition.data,
                    analysis=form.analysis.data,
                    recommendation=form.recommendation.data,
                )
            except StaleRecord as stale:
                form.show_stale(stale)
                status = 409
            else:
                audit(UPDATE, report, detail="social report")
                flash(_("Laporan sosial disimpan."), "success")
                return redirect(url_for("services.social_report", case_id=case.id))
        else:
            status = 422
    else:
        audit(VIEW, case, detail="social report")
    return render_template(
        "services/social_report.html", case=case, report=report, form=form, may_edit=may_edit
    ), status


@bp.route("/kasus/<int:case_id>/laporan-sosial/cetak")
def social_report_print(case_id):
    case = fetch_case(case_id, story=True)
    report = SocialReport.of(case)
    if report is None:
        abort(404)
    audit(PRINT, report)
    services = CaseService.for_case(case)
    return print_page(
        case,
        "services/_social_report.html",
        _("Laporan sosial %(code)s", code=case.code),
        report=report,
        services=services,
    )


@bp.route("/kasus/<int:case_id>/pmks", methods=["GET", "POST"])
def pmks(case_id):
    case = fetch_case(case_id)
    entry = PmksEntry.of(case)
    criteria = case.sop.criteria
    may_edit = may_enter_pmks(case, current_user)
    status = 200
    if request.method == "POST":
        if not may_edit:
            abort(403)
        form = PmksForm(criteria=criteria)
        if form.validate():
            try:
                entry = PmksEntry.write(
                    case,
                    acting_user(),
                    local_year(),
                    form.seen_version(),
                    criteria=form.criteria.data,
                    pmks_type=form.pmks_type.data,
                    kk_number=form.kk_number.data,
                    birth_place=form.birth_place.data,
                    province=form.province.data,
                    handling=form.handling.data,
                )
            except StaleRecord as stale:
                form.show_stale(stale)
                status = 409
            else:
                audit(UPDATE, entry, detail="pmks")
                flash(_("Data PMKS disimpan: %(code)s.", code=entry.code), "success")
                return redirect(url_for("services.pmks", case_id=case.id))
        else:
            status = 422
    else:
        audit(VIEW, case, detail="pmks")
        if entry is not None:
            form = PmksForm(formdata=None, obj=entry, criteria=criteria).show_version(entry)
            form.criteria.data = entry.criteria_keys
        else:
            form = PmksForm(formdata=None, criteria=criteria)
            form.pmks_type.data = PmksEntry.suggested_type(case)
            form.handling.data = sop_cases.PMKS_HANDLING[0].key
            form.province.data = case.unit.region
    return render_template(
        "services/pmks.html", case=case, entry=entry, form=form, may_edit=may_edit, criteria=criteria
    ), status


@bp.route("/kasus/<int:case_id>/pmks/cetak")
def pmks_print(case_id):
    case = fetch_case(case_id)
    entry = PmksEntry.of(case)
    if entry is None:
        abort(404)
    audit(PRINT, entry)
    services = CaseService.for_case(case)
    return print_page(
        case,
        "services/_pmks.html",
        _("Data PMKS %(code)s", code=entry.code),
        entry=entry,
        criteria=[c for c in case.sop.criteria if c.key in entry.criteria_keys],
        services=services,
    )


@bp.route("/pmks")
def register():
    """The unit's PMKS register: the clients entered, newest first (identity shown, so audited)."""
    user = current_user
    # Newest first by keyset (the time an entry was numbered follows its number): no page silently stops.
    entries, next_cursor = paging.page(
        PmksEntry.register(user.unit_id), PmksEntry.recorded_at, request.args.get("setelah")
    )
    audit(VIEW, record_type="pmks_entry", record_id="register", detail="register")
    return render_template("services/register.html", entries=entries, next_cursor=next_cursor)


# ---- the case page's section and the home panel ----------------------------------------------


def section(case, user):
    """The services section of the case page (3 queries)."""
    visible = services_visible(case, user)
    if visible is None:
        return None
    services = CaseService.for_case(case)
    return {
        "case": case,
        "services": services,
        "letters": ServiceLetter.of_services(services),
        "story": visible == "all",
        "may_edit": case.can_edit(user),
        "has_report": case.can_see_story(user),
    }


def overdue_panel(user):
    """Overdue services: the Kepala's whole unit, a case manager's own cases."""
    query = CaseService.overdue(user.unit_id)
    if user.role == roles.CASE_MANAGER:
        query = query.where(Case.manager == user.id)
    rows = list(query.limit(20))
    return {"rows": rows} if rows else None
