"""Step 6 of the SOP Penjangkauan: from an approved plan, the admin staff make the Surat Tugas, one
SPPD per traveller and tick the other documents (tickets, case form, outreach form).

Shared by the coordination (step 7) and timeline screens: `fetch_plan()` and the step recording
in `web.letters.progress`.
"""
from flask import abort
from flask_babel import to_user_timezone
from flask_login import current_user

from web.access import fetch
from web.audit import DENIED, audit
from web.models import Plan
from web.models.letters import plan_documents_visible
from web.timeutil import now


def fetch_plan(plan_id):
    """The plan behind an administration screen: through `web.access.fetch` (404/403 by the plan's
    own rule), then only for the unit's admin staff, Kepala, case managers and the plan's team."""
    plan = fetch(Plan, plan_id)
    if not plan_documents_visible(plan, current_user):
        audit(DENIED, plan, detail="letters")
        abort(403)
    return plan


def local_year(at=None):
    """The year in the unit's time zone (a letter made on 1 January at 01:00 WIB is of the new year)."""
    return to_user_timezone(at or now()).year
