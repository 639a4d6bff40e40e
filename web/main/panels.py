"""Home-screen panels: each workflow area adds the lists of work it owns for each role, from its
`register(app)` (web/<area>/__init__.py):

    add_panel(app, panels.plans_awaiting, roles.HEAD, template="outreach/_panel_awaiting.html", order=10)

    def plans_awaiting(user):            # in web/outreach/panels.py
        return {"plans": Plan.awaiting_approval(user.unit)}

The home screen renders, in `order` (then by template name), every panel of this app registered for
the user's role. A function may return None to hide its panel.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from peewee import SQL, fn

KEY = "jangkau_panels"
PANEL_SIZE = 20  # a home panel lists the first 20 rows, with how many there are in all and a link to the list


def first(query, size=PANEL_SIZE):
    """(the first `size` rows of `query`, how many rows it has in all), in one query: the count is a window
    (COUNT(*) OVER ()), computed before the LIMIT, on SQLite and PostgreSQL alike."""
    rows = list(query.select_extend(fn.COUNT(SQL("*")).over().alias("panel_total")).limit(size))
    return rows, (rows[0].panel_total if rows else 0)


@dataclass(frozen=True)
class Panel:
    roles: tuple
    template: str
    build: Callable
    order: int


def add_panel(app, build, *roles, template, order=50):
    panels = app.extensions.setdefault(KEY, [])
    panels.append(Panel(tuple(roles), template, build, order))
    panels.sort(key=lambda p: (p.order, p.template))


def panels_for(user):
    out = []
    for panel in current_app.extensions.get(KEY, ()):
        if user.role in panel.roles:
            context = panel.build(user)
            if context is not None:
                out.append((panel.template, context))
    return out
