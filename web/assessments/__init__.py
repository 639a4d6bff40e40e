"""Risk assessment in the field (SOP Penjangkauan step 9)."""

from flask_babel import lazy_gettext as _l

from web.offline.forms import OfflineForm, add_offline_form, blank


def register(app):
    from web.assessments import routes
    from web.assessments.forms import RiskForm

    app.register_blueprint(routes.bp)
    add_offline_form(
        app,
        OfflineForm(
            "risk",
            "asesmen-risiko",
            "assessments.risk_form",
            r"^/kunjungan/[^/]+/asesmen-risiko$",
            _l("Asesmen risiko"),
            "assessments/_risk_form.html",
            blank(RiskForm, result=None, rule_error=None),
            "visit",
            has_form_tag=False,
            action="/kunjungan/{ref}/asesmen-risiko",
            stand_in=True,
        ),
    )
