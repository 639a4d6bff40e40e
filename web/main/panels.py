"""Home-screen panels: each workflow area adds the lists of work it owns for each role.

    @home_panel(roles.HEAD, template="outreach/_panel_awaiting.html", order=10)
    def plans_awaiting(user):
        return {"plans": Plan.awaiting_approval(user.unit)}

The home screen renders, in `order`, every panel registered for the user's role. A function
may return None to hide its panel.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    roles: tuple
    template: str
    build: Callable
    order: int


PANELS: list[Panel] = []


def home_panel(*roles, template, order=50):
    def decorator(build):
        PANELS.append(Panel(tuple(roles), template, build, order))
        PANELS.sort(key=lambda p: p.order)
        return build
    return decorator


def panels_for(user):
    out = []
    for panel in PANELS:
        if user.role in panel.roles:
            context = panel.build(user)
            if context is not None:
                out.append((panel.template, context))
    return out
