"""Find a visit by the reference in a URL and check the user may see it.

`<ref>` is the visit's numeric id or the instance_id (UUID) its phone gave it, so that a form filled
offline can be posted before the phone knows the id. The lookup is the visits area's
(`web.visits.fetch_visit`: Visit.by_ref, then web.access.fetch with can_view/can_edit, 404/403).
"""

import re

from web.visits import fetch_visit  # noqa: F401 - the one way to fetch a visit by its ref

INSTANCE_ID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def valid_instance_id(value):
    """The instance_id a form sent, if it looks like a UUID; else None (the server makes one)."""
    value = (value or "").strip()
    return value.lower() if INSTANCE_ID_RE.match(value) else None
