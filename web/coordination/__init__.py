"""Step 7 of the SOP Penjangkauan: the team coordinates with local government, police, village
government, Satgas PPA or others for permission and support, and logs each contact."""


def register(app):
    from web.coordination import routes

    app.register_blueprint(routes.bp)
