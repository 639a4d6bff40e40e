"""Login, logout, the login throttle and the language switch."""


def register(app):
    from web.auth import routes

    app.register_blueprint(routes.bp)
