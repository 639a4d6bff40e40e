"""Authorisation for records, in one place.

Screens are guarded by the table in web/permissions.py. Records are fetched only through
`fetch()`, which returns the object or aborts with 404 (no such record) or 403 (not yours to see).
A model that can be fetched defines `can_view(user)`; it may define `can_edit(user)` too.
Never trust an id that came from a form: pass it through `fetch()` first.
"""

from functools import wraps

from flask import abort
from flask_login import current_user

from web.audit import DENIED, audit
from web.inputs import parse_id


def acting_user():
    """The logged-in user as the model object (not Flask-Login's proxy): to save, compare or pass on."""
    return current_user._get_current_object()


def fetch(model, pk, *, edit=False, user=None):
    user = user or current_user
    pk = parse_id(pk)  # ASCII digits within 64 bits, else None (web.inputs)
    obj = model.get_or_none(model._meta.primary_key == pk) if pk else None
    if obj is None:
        abort(404)
    check = obj.can_edit if edit and hasattr(obj, "can_edit") else obj.can_view
    if not check(user):
        audit(DENIED, obj, detail="edit" if edit else "view")
        abort(403)
    return obj


def roles_required(*wanted):
    """For a check inside a view that the permission table cannot express (e.g. per method)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated or current_user.role not in wanted:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
