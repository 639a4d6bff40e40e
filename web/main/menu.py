"""The menu on every page: each workflow area adds its own entries from its `register(app)`
(web/<area>/__init__.py), as it adds its home panels:

    add_menu(app, "referrals.flags", _l("Tanda bahaya"), order=20)

An entry is an endpoint without URL arguments (a list or a screen of the unit). It is shown only to
the users the permission table (web/permissions.py) lets call that endpoint, so the menu never offers
what would be refused, and an endpoint missing from the table is never shown. Entries are sorted by
`order` (then label); the menu costs no database query.
"""

from dataclasses import dataclass

from flask import current_app, request, url_for

KEY = "jangkau_menu"


@dataclass(frozen=True)
class MenuEntry:
    endpoint: str
    label: object  # a lazy gettext string: translated when the page is drawn
    order: int


def add_menu(app, endpoint, label, order=50):
    """Add `endpoint` (no URL arguments) to the menu under `label` (use `_l`), at `order`."""
    entries = app.extensions.setdefault(KEY, [])
    entries.append(MenuEntry(endpoint, label, order))
    entries.sort(key=lambda e: (e.order, e.endpoint))


def menu_for(user):
    """[(label, url, current)] for the entries `user` may open, in order."""
    from web.permissions import PERMISSIONS, allowed

    if not user.is_authenticated:
        return []
    out = []
    for entry in current_app.extensions.get(KEY, ()):
        rule = PERMISSIONS.get(entry.endpoint)
        if rule is not None and allowed(rule, user):
            out.append((entry.label, url_for(entry.endpoint), request.endpoint == entry.endpoint))
    return out


def init_app(app):
    from flask_login import current_user

    @app.context_processor
    def menu():
        return {"menu_entries": lambda: menu_for(current_user)}
