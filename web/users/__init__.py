"""Users and units on screens (issue 12 point 6): the Kepala manages her unit's accounts, the system
administrator every unit and account (and makes units). Accounts get a one-time code instead of a
password; units keep their letterhead, time zone and the legal basis of their letters."""

from flask_babel import lazy_gettext as _l

from web import roles
from web.main.menu import add_menu
from web.main.panels import add_panel


def register(app):
    from web.users import routes

    app.register_blueprint(routes.bp)
    app.before_request(routes.new_password_first)
    add_menu(app, "users.index", _l("Pengguna"), order=90)
    add_menu(app, "users.units", _l("Unit dan kop surat"), order=91)
    add_panel(app, routes.manage_panel, roles.HEAD, roles.SYSADMIN, template="users/_panel_manage.html", order=90)
