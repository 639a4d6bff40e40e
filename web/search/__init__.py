"""Search (issue 12): people and cases by name, NIK, code, phone and desa, with the case filters a case
manager asks for (status, SOP, category, risk, overdue, worker), paged by keyset."""

from flask_babel import lazy_gettext as _l

from web.main.menu import add_menu


def register(app):
    from web.search import routes

    app.register_blueprint(routes.bp)
    add_menu(app, "search.index", _l("Cari"), order=8)
