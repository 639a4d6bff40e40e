"""Visits in the field (SOP Penjangkauan steps 8-10) and the person's consent.

Contract other areas rely on (referrals, offline sync): Visit, Consent, ConsentScope and
`ConsentScope.sharing_allowed(visit, partner_kind)`. Extend freely; rename nothing without telling.
Records made on a phone carry `instance_id` (crypto.randomUUID() from the form) so that a form sent
twice makes one record, and `version` so that an edit of a record changed meanwhile is detected.
"""
from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from web import roles
from web.db import BaseModel
from web.models.core import Unit, User
from web.models.outreach import Assignment, Plan, Target
from web.timeutil import now


class Visit(BaseModel):
    unit = ForeignKeyField(Unit, backref="visits", on_delete="RESTRICT")
    plan = ForeignKeyField(Plan, backref="visits", on_delete="RESTRICT")
    target = ForeignKeyField(Target, backref="visits", on_delete="RESTRICT")
    instance_id = CharField(null=True, unique=True)
    visited_at = DateTimeField(default=now)
    place = CharField(default="")
    present = TextField(default="")        # who was present
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=now)
    version = IntegerField(default=1)

    def can_view(self, user):
        """The plan's assigned workers, and the unit's case managers and Kepala."""
        if user.unit_id != self.unit_id:
            return False
        if user.role in (roles.CASE_MANAGER, roles.HEAD):
            return True
        return user.role == roles.WORKER and Assignment.is_assigned(self.plan_id, user)

    def can_edit(self, user):
        return self.can_view(user) and user.role in (roles.WORKER, roles.CASE_MANAGER)


class Consent(BaseModel):
    """Step 8: informed consent, or a refusal (a first-class outcome), or a later withdrawal."""

    GIVEN, REFUSED = "setuju", "menolak"

    visit = ForeignKeyField(Visit, backref="consents", on_delete="RESTRICT")
    instance_id = CharField(null=True, unique=True)
    outcome = CharField()                       # GIVEN | REFUSED
    consenter = CharField(default="diri_sendiri")  # "diri_sendiri" | "orang_tua_wali"
    consenter_name = CharField(default="")      # parent/guardian name when a child
    child_assent = BooleanField(null=True)      # the child's own assent, for a child
    method = CharField(default="")              # "tanda_tangan" | "cap_jempol" | "lisan"
    witness = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")  # second worker, spoken consent
    recorded_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    recorded_at = DateTimeField(default=now)
    version = IntegerField(default=1)


class ConsentScope(BaseModel):
    """What was consented to, one by one: "asesmen", "layanan", or "berbagi:<partner kind>"."""

    consent = ForeignKeyField(Consent, backref="scopes", on_delete="CASCADE")
    scope = CharField()
    granted = BooleanField(default=False)
    withdrawn_at = DateTimeField(null=True)
    withdrawn_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    withdrawal_reason = TextField(default="")

    class Meta:
        indexes = ((("consent", "scope"), True),)

    @classmethod
    def sharing_allowed(cls, visit, partner_kind):
        """True when the latest consent of this visit's person shares with `partner_kind` and it
        has not been withdrawn. (web.sop.PARTNER_KINDS keys)"""
        latest = (Consent.select().where(Consent.visit == visit, Consent.outcome == Consent.GIVEN)
                  .order_by(Consent.recorded_at.desc(), Consent.id.desc()).first())
        if latest is None:
            return False
        scope = cls.get_or_none(cls.consent == latest, cls.scope == f"berbagi:{partner_kind}")
        return bool(scope and scope.granted and scope.withdrawn_at is None)
