"""High risk at once (step 10a): the Darurat button, risk flags on the case managers' phones within
seconds, the emergency referral with its consent check (or an audited emergency override), its
state, and the printable handover record (berita acara penyerahan)."""

import uuid

from flask import Blueprint, Response, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from web import printing, sop, steps
from web.access import acting_user, fetch
from web.audit import CREATE, OVERRIDE, PRINT, REFERRAL_BLOCKED, UPDATE, VIEW, audit
from web.concurrency import StaleRecord
from web.db import db
from web.models import ConsentOverride, ConsentScope, Referral, RiskFlag
from web.offline.submissions import offline_form
from web.permissions import PERMISSIONS, allowed
from web.referrals.forms import CloseFlagForm, ReferralForm, StateForm
from web.referrals.lookup import fetch_visit, valid_instance_id
from web.referrals.panels import alerts, alerts_etag, flag_lists, flags_etag
from web.timeutil import now

bp = Blueprint("referrals", __name__)


# ---- Darurat ----------------------------------------------------------------------------------


@bp.route("/kunjungan/<ref>/darurat", methods=["POST"])
@offline_form("darurat", RiskFlag)
def darurat(ref):
    """One tap by the worker: a flag for the case managers, at once. Sent twice, it is one flag."""
    visit = fetch_visit(ref, edit=True)
    user = acting_user()
    instance_id = valid_instance_id(request.form.get("instance_id")) or str(uuid.uuid4())
    with db.atomic():
        flag = RiskFlag.create(
            unit=visit.unit_id, visit=visit, source=RiskFlag.EMERGENCY, instance_id=instance_id, raised_by=user
        )
        audit(CREATE, flag, detail="darurat")
        steps.start(visit, steps.FOLLOW_UP, user)
    flash(
        _(
            "Tanda DARURAT terkirim. Manajer kasus langsung diberi tahu. Tetap bersama korban "
            "jika aman, dan hubungi 110/112 jika nyawa terancam."
        ),
        "error",
    )
    return redirect(url_for("referrals.flag", flag_id=flag.id))


# ---- Flags ------------------------------------------------------------------------------------


@bp.route("/tanda-bahaya")
def flags():
    audit(VIEW, record_type="risk_flag", detail="daftar")
    return render_template("referrals/flags.html", **flag_lists(acting_user()))


@bp.route("/tanda-bahaya/daftar")
def flags_fragment():
    """Polled every few seconds by the case manager's home screen (codes only, no names).
    Unchanged since the copy the page holds (If-None-Match): 304, one cheap query, nothing rendered."""
    user = acting_user()
    etag = flags_etag(user)
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        context = flag_lists(user)
        etag = context["etag"]
        response = make_response(render_template("referrals/_flags.html", **context))
    response.set_etag(etag)
    return response


@bp.route("/peringatan")
def alerts_fragment():
    """Polled every few seconds from every page of a case manager or the Kepala (static/js/alerts.js):
    new flags and referral answers of the user's own unit. Unchanged since the copy the page holds
    (If-None-Match): 304 from two cheap queries, nothing rendered."""
    user = acting_user()
    etag = alerts_etag(user)
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        context = alerts(user)
        etag = context["etag"]
        response = make_response(render_template("referrals/_alerts.html", **context))
    response.set_etag(etag)
    return response


def _render_flag(flag, close_form=None, status=200):
    return render_template(
        "referrals/flag.html",
        flag=flag,
        visit=flag.visit,
        now=now(),
        referrals=list(flag.referrals()),
        can_edit=flag.can_edit(acting_user()),
        close_form=close_form or CloseFlagForm(),
    ), status


@bp.route("/tanda-bahaya/<int:flag_id>")
def flag(flag_id):
    flag = fetch(RiskFlag, flag_id)
    audit(VIEW, flag)
    return _render_flag(flag)


@bp.route("/tanda-bahaya/<int:flag_id>/terima", methods=["POST"])
def acknowledge(flag_id):
    flag = fetch(RiskFlag, flag_id, edit=True)
    with db.atomic():
        taken = flag.acknowledge(acting_user())
        if taken:
            audit(UPDATE, flag, detail="diterima")
    if taken:
        flash(_("Tanda bahaya Anda tangani. Buat rujukan darurat sekarang."), "success")
    else:
        flash(_("Tanda bahaya ini sudah ditangani manajer kasus lain."), "info")
    return redirect(url_for("referrals.flag", flag_id=flag.id))


@bp.route("/tanda-bahaya/<int:flag_id>/tutup", methods=["POST"])
def close_flag(flag_id):
    flag = fetch(RiskFlag, flag_id, edit=True)
    form = CloseFlagForm()
    if not form.validate():
        return _render_flag(flag, form, 422)
    with db.atomic():
        closed = flag.close(acting_user(), form.note.data.strip())
        if closed:
            audit(UPDATE, flag, detail="ditutup")
    if closed:
        flash(_("Tanda bahaya ditutup."), "success")
    else:
        flash(_("Tanda bahaya ini sudah ditutup sebelumnya."), "info")
    return redirect(url_for("referrals.flag", flag_id=flag.id))


# ---- Referrals --------------------------------------------------------------------------------


def _consent_by_service(visit):
    return {s.key: ConsentScope.sharing_allowed(visit, s.partner_kind) for s in sop.EMERGENCY_SERVICES}


def _render_new(flag, form, consent, status=200):
    latest = flag.visit.latest_consent
    return render_template(
        "referrals/referral_new.html",
        flag=flag,
        visit=flag.visit,
        form=form,
        consent=consent,
        services=sop.EMERGENCY_SERVICES,
        awaiting_witness=bool(latest and latest.needs_witness),
    ), status


@bp.route("/tanda-bahaya/<int:flag_id>/rujukan", methods=["GET", "POST"])
def new_referral(flag_id):
    flag = fetch(RiskFlag, flag_id, edit=True)
    visit, user = flag.visit, acting_user()
    form = ReferralForm()
    consent = _consent_by_service(visit)
    if request.method == "GET":
        audit(VIEW, flag, detail="rujukan-baru")
        return _render_new(flag, form, consent)
    if not form.check():
        return _render_new(flag, form, consent, 422)

    service = form.service_item()
    locale = str(get_locale())
    partner = sop.by_key(sop.PARTNER_KINDS, service.partner_kind, None)
    override = not consent[service.key]
    reason = (form.override_reason.data or "").strip()
    if override and not form.override.data:
        form.service.errors.append(
            _(
                "Korban belum memberi persetujuan untuk berbagi data dengan %(partner)s, jadi rujukan ini "
                "diblokir. Jika nyawa korban terancam, centang rujukan darurat tanpa persetujuan di bawah dan "
                "tuliskan alasannya.",
                partner=partner.label(locale) if partner else service.partner_kind,
            )
        )
        audit(REFERRAL_BLOCKED, flag, detail=f"partner={service.partner_kind}")
        return _render_new(flag, form, consent, 422)
    if override and not reason:
        form.override_reason.errors.append(
            _("Tuliskan mengapa nyawa korban terancam: alasan ini diperiksa Kepala UPTD.")
        )
        return _render_new(flag, form, consent, 422)

    connecting = flag.is_open
    with db.atomic():
        referral = Referral.make(
            flag,
            user,
            service,
            provider=form.provider.data.strip(),
            contact=(form.contact.data or "").strip(),
            contact_phone=(form.contact_phone.data or "").strip(),
            referred_at=form.referred_utc,
            override_reason=reason if override else "",
        )
        audit(CREATE, referral, detail=f"service={service.key}")
        if override:
            audit(OVERRIDE, referral.override, detail=f"partner={service.partner_kind} referral={referral.id}")
        if connecting:
            audit(UPDATE, flag, detail="terhubung")
    if override:
        flash(_("Rujukan darurat tanpa persetujuan dibuat. Kepala UPTD akan melihat alasannya."), "success")
    else:
        flash(_("Rujukan dibuat. Catat jawaban penyedia layanan di sini."), "success")
    return redirect(url_for("referrals.referral", referral_id=referral.id))


def _render_referral(referral, form=None, status=200):
    return render_template(
        "referrals/referral.html",
        referral=referral,
        visit=referral.visit,
        events=list(referral.events()),
        override=referral.override,
        can_edit=referral.can_edit(acting_user()),
        form=form or StateForm(),
        can_print=allowed(PERMISSIONS["referrals.handover"], current_user),
    ), status


@bp.route("/rujukan/<int:referral_id>")
def referral(referral_id):
    referral = fetch(Referral, referral_id)
    audit(VIEW, referral)
    return _render_referral(referral)


@bp.route("/rujukan/<int:referral_id>/status", methods=["POST"])
def referral_state(referral_id):
    referral = fetch(Referral, referral_id, edit=True)
    form = StateForm()
    form.validate()
    state = form.state.data
    reason = (form.reason.data or "").strip()
    if state not in referral.next_states:
        form.reason.errors = [_("Status ini tidak bisa dipilih sekarang. Muat ulang halaman ini.")]
        return _render_referral(referral, form, 422)
    if state == Referral.DECLINED and not reason:
        form.reason.errors = [_("Tuliskan alasan penyedia layanan menolak.")]
        return _render_referral(referral, form, 422)
    flag = referral.flag
    was_open = flag is not None and flag.is_open
    try:
        with db.atomic():
            referral.move(state, acting_user(), reason)
            audit(UPDATE, referral, detail=f"state={state}")
            if flag is not None and flag.is_open and not was_open:  # not connected to a service any more
                audit(UPDATE, flag, detail="dibuka-lagi")
    except StaleRecord:  # someone recorded the provider's answer first
        form.reason.errors = [_("Status ini tidak bisa dipilih sekarang. Muat ulang halaman ini.")]
        return _render_referral(Referral.get_by_id(referral.id), form, 409)
    if state == Referral.DECLINED:
        flash(_("Rujukan ditolak. Buat rujukan ke layanan lain."), "error")
    else:
        flash(_("Status rujukan disimpan."), "success")
    return redirect(url_for("referrals.referral", referral_id=referral.id))


@bp.route("/rujukan/<int:referral_id>/berita-acara")
def handover(referral_id):
    """Berita acara penyerahan: printable, and every opening is audited as a print."""
    referral = fetch(Referral, referral_id)
    audit(PRINT, referral, detail="berita-acara")
    visit = referral.visit
    return render_template(
        "referrals/handover.html",
        referral=referral,
        visit=visit,
        person=visit.target.person,
        override=referral.override,
        unit=visit.unit,
        now=now(),
    )


@bp.route("/rujukan/<int:referral_id>/cetak")
def print_referral(referral_id):
    """Formulir rujukan/pelimpahan (SOP step 10a) on A4: where to, why, how urgent, on what basis the
    data is shared, the dates, and the signatures. Opening it is a read; the Cetak button a print."""
    referral = fetch(Referral, referral_id)
    audit(VIEW, referral, detail="print view")
    visit = referral.visit
    flag = referral.flag
    return printing.render_form(
        "referrals/print_referral.html",
        title=_("Formulir rujukan %(number)s", number=referral.number),
        back_url=url_for("referrals.referral", referral_id=referral.id),
        back_label=_("Kembali ke rujukan"),
        record_url=url_for("referrals.print_referral_record", referral_id=referral.id),
        step=steps.FOLLOW_UP,
        referral=referral,
        visit=visit,
        unit=visit.unit,
        flag=flag,
        assessment=flag.assessment if flag is not None else None,
        consent=visit.latest_consent,
        override=referral.override,
        events=list(referral.events()),
        kepala=printing.kepala_of(visit.unit_id),
    )


@bp.route("/rujukan/<int:referral_id>/cetak", methods=["POST"])
def print_referral_record(referral_id):
    referral = fetch(Referral, referral_id)
    return printing.record_print(
        referral, url_for("referrals.print_referral", referral_id=referral.id), "formulir rujukan"
    )


# ---- Consent overrides, for the Kepala --------------------------------------------------------


@bp.route("/rujukan/penggantian-persetujuan")
def overrides():
    user = acting_user()
    records = [o for o in ConsentOverride.in_unit(user.unit_id) if o.can_view(user)]
    audit(VIEW, record_type="consent_override", detail="daftar")
    return render_template("referrals/overrides.html", overrides=records)


@bp.route("/rujukan/penggantian-persetujuan/<int:override_id>/diperiksa", methods=["POST"])
def override_reviewed(override_id):
    record = fetch(ConsentOverride, override_id, edit=True)
    with db.atomic():
        reviewed = record.mark_reviewed(acting_user())
        if reviewed:
            audit(UPDATE, record, detail="diperiksa")
    if reviewed:
        flash(_("Rujukan darurat tanpa persetujuan ditandai sudah diperiksa."), "success")
    return redirect(url_for("referrals.overrides"))


STATE_LABELS = {
    Referral.SENT: _l("Terkirim"),
    Referral.ACCEPTED: _l("Diterima"),
    Referral.DECLINED: _l("Ditolak"),
    Referral.DONE: _l("Selesai"),
}
STATE_ACTIONS = {
    Referral.ACCEPTED: _l("Diterima penyedia layanan"),
    Referral.DECLINED: _l("Ditolak penyedia layanan"),
    Referral.DONE: _l("Layanan selesai"),
}


@bp.app_template_filter("referral_state_label")
def referral_state_label(state):
    return str(STATE_LABELS.get(state, state))


@bp.app_template_filter("referral_state_action")
def referral_state_action(state):
    return str(STATE_ACTIONS.get(state, state))
