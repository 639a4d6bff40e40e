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

KEY = "jangkau_panels"


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
