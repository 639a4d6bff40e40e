"""Risk flags, the Darurat button, emergency referrals, consent overrides and the handover record
(SOP Penjangkauan step 10a)."""

from flask_babel import lazy_gettext as _l

from web import roles
from web.main.menu import add_menu
from web.main.panels import add_panel
from web.offline.forms import OfflineForm, add_offline_form
from web.timeutil import now
from web.visits import add_visit_section


def alerts_poll():
    """`alerts_url` for base.html: the alerts bar's poll, for those the permission table lets call it;
    `darurat_now()` for the time the Darurat confirmation shows."""
    from flask import request, url_for
    from flask_login import current_user

    from web.permissions import PERMISSIONS, allowed

    rule = PERMISSIONS["referrals.alerts_fragment"]
    wanted = request.endpoint not in (None, "static") and allowed(rule, current_user)
    return {"alerts_url": url_for("referrals.alerts_fragment") if wanted else None, "darurat_now": now}


def register(app):
    from web.referrals import panels, routes

    app.register_blueprint(routes.bp)
    app.context_processor(alerts_poll)
    add_menu(app, "referrals.flags", _l("Daftar tanda bahaya"), order=5)
    add_menu(app, "referrals.overrides", _l("Rujukan darurat tanpa persetujuan"), order=30)
    add_panel(app, panels.risk_flags, roles.CASE_MANAGER, roles.HEAD, template="referrals/_panel_flags.html", order=1)
    add_panel(app, panels.waiting_referrals, roles.CASE_MANAGER, template="referrals/_panel_waiting.html", order=3)
    add_panel(app, panels.consent_overrides, roles.HEAD, template="referrals/_panel_overrides.html", order=2)
    add_visit_section(app, panels.visit_risk, template="referrals/_visit_risk.html", order=20)
    # The one-tap Darurat button has no page of its own: the blank risk form carries one.
    add_offline_form(
        app,
        OfflineForm(
            "darurat", "darurat", "referrals.darurat", r"^/kunjungan/[^/]+/darurat$", _l("Darurat"), needs="visit"
        ),
    )
