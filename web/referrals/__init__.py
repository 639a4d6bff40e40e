"""Risk flags, the Darurat button, emergency referrals, consent overrides and the handover record
(SOP Penjangkauan step 10a)."""

from flask_babel import lazy_gettext as _l

from web import roles
from web.main.panels import add_panel
from web.offline.forms import OfflineForm, add_offline_form
from web.visits import add_visit_section


def register(app):
    from web.referrals import panels, routes

    app.register_blueprint(routes.bp)
    add_panel(app, panels.risk_flags, roles.CASE_MANAGER, template="referrals/_panel_flags.html", order=1)
    add_panel(app, panels.consent_overrides, roles.HEAD, template="referrals/_panel_overrides.html", order=15)
    add_visit_section(app, panels.visit_risk, template="referrals/_visit_risk.html", order=20)
    # The one-tap Darurat button has no page of its own: the blank risk form carries one.
    add_offline_form(
        app,
        OfflineForm(
            "darurat", "darurat", "referrals.darurat", r"^/kunjungan/[^/]+/darurat$", _l("Darurat"), needs="visit"
        ),
    )
