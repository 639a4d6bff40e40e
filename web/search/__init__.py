"""Search (issue 12): people and cases by name, NIK, code, phone and desa, with the case filters a case
manager asks for (status, SOP, category, risk, overdue, worker), paged by keyset."""


def register(app):
    from web.search import routes

    app.register_blueprint(routes.bp)
