"""The search screen: one box (name, NIK, code, phone, desa), people or cases, the case filters; keyset pages."""

from flask import Blueprint, render_template, request

from web import paging, roles
from web.access import acting_user
from web.audit import SEARCH, audit
from web.models import Case, Person, Target
from web.search.forms import CASES, SearchForm

bp = Blueprint("search", __name__)


@bp.route("/cari")
def index():
    user = acting_user()
    form = SearchForm(user, request.args)
    valid = form.validate()
    q = (form.q.data or "").strip() if valid else ""
    filters = form.case_filters if valid else {}
    cases_mode = valid and (form.jenis.data == CASES or bool(filters) or user.role == roles.ADMIN)
    people = cases = ()
    next_cursor = None
    targets, cases_of = {}, {}
    asked = bool(q or filters)
    if asked and cases_mode:
        cases, next_cursor = paging.page(Case.search(user, q, **filters), Case.opened_at, request.args.get("setelah"))
    elif asked:
        people, next_cursor = paging.page(Person.search(user, q), Person.created_at, request.args.get("setelah"))
        targets = Target.latest_of_people(people)
        cases_of = Case.of_people(user, people)
    if asked:
        # What was looked for is not stored (it may be a name): only that a search was made, and how many rows.
        audit(SEARCH, record_type="person" if not cases_mode else "client_case", detail=str(len(people or cases)))
    status = 200 if valid else 422
    return (
        render_template(
            "search/index.html",
            form=form,
            asked=asked,
            cases_mode=cases_mode,
            people=people,
            cases=cases,
            targets=targets,
            cases_of=cases_of,
            next_cursor=next_cursor,
            next_args={k: v for k, v in request.args.items() if k != "setelah"},
            may_see_people=user.role != roles.ADMIN,
        ),
        status,
    )
