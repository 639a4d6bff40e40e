"""Visits in the field: start a visit, the person's consent (SOP step 8), photos and documents.

Other areas use two things from here:

* `fetch_visit(ref, edit=False)`: the visit for a URL's `<ref>` (its id, or the instance_id a phone
  gave it offline), checked with can_view/can_edit through web.access.fetch (404/403).
* `@visit_section(template=..., order=...)`: a block of the visit page owned by another area (the
  risk assessment, referrals). The function gets (visit, user) and returns the template's context
  as `ctx`, or None to show nothing:

      @visit_section(template="assessments/_visit_section.html", order=20)
      def risk(visit, user):
          return {"assessment": RiskAssessment.latest(visit)}
"""
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort

from web.access import fetch


def fetch_visit(ref, edit=False):
    from web.models import Visit
    visit = Visit.by_ref(ref)
    if visit is None:
        abort(404)
    return fetch(Visit, visit.id, edit=edit)


@dataclass(frozen=True)
class Section:
    template: str
    build: Callable
    order: int


SECTIONS: list[Section] = []


def visit_section(template, order=50):
    def decorator(build):
        SECTIONS.append(Section(template, build, order))
        SECTIONS.sort(key=lambda s: s.order)
        return build
    return decorator


def sections_for(visit, user):
    out = []
    for section in SECTIONS:
        context = section.build(visit, user)
        if context is not None:
            out.append((section.template, context))
    return out
