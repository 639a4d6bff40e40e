"""Sections of the case page: each case area adds what it shows about a case from its `register(app)`:

    add_case_section(app, sections.services, template="services/_section.html", order=40)

    def services(case, user):            # in web/services/sections.py
        return {"services": CaseService.for_case(case)}

The case page renders, in `order` (then by template name), every section whose function returns a
context (None hides it: e.g. the assessment for admin staff). Each function should cost a fixed number
of queries (tests/test_query_budget.py counts the case page).
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app

KEY = "jangkau_case_sections"


@dataclass(frozen=True)
class Section:
    template: str
    build: Callable
    order: int


def add_case_section(app, build, *, template, order=50):
    sections = app.extensions.setdefault(KEY, [])
    sections.append(Section(template, build, order))
    sections.sort(key=lambda s: (s.order, s.template))


def sections_for(case, user):
    out = []
    for section in current_app.extensions.get(KEY, ()):
        context = section.build(case, user)
        if context is not None:
            out.append((section.template, context))
    return out
