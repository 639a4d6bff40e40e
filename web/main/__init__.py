"""Home screens per role (with the panels the areas add, web/main/panels.py), the team list, health."""


def register(app):
    from web.main import routes

    app.register_blueprint(routes.bp)
