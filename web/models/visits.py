"""Visits in the field (SOP Penjangkauan steps 8-10), the person's consent, and the photos and
documents attached to a visit.

Contract other areas rely on (referrals, offline sync): Visit, Consent, ConsentScope and
`ConsentScope.sharing_allowed(visit, partner_kind)`. Extend freely; rename nothing without telling.
Records made on a phone carry `instance_id` (crypto.randomUUID() from the form) so that a form sent
twice makes one record, and `version` so that an edit of a record changed meanwhile is detected.

The lists a consent form is built from (what was explained, who consents, the scopes, the method)
are data in web/sop.py, like every list a user picks from: keys are stored, labels in both languages.
"""

import re

from peewee import (
    JOIN,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DeferredForeignKey,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
    prefetch,
)

from web import roles, sop, steps
from web.concurrency import Versioned, set_once
from web.db import BaseModel, db
from web.inputs import parse_id
from web.models.core import Unit, User
from web.models.outreach import Assignment, Person, Plan, PlanTarget, Target
from web.sop import CONSENT_METHODS, CONSENT_SCOPES, CONSENTERS, SCOPE_ASSESSMENT, SCOPE_SERVICES, SELF, SHARING, SPOKEN
from web.timeutil import now

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MAX_ID = 2**31 - 1


def scope_choice(key):
    return sop.by_key(CONSENT_SCOPES, key, None)


# --------------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------------


class Visit(Versioned, BaseModel):
    unit = ForeignKeyField(Unit, backref="visits", on_delete="RESTRICT")
    plan = ForeignKeyField(Plan, null=True, backref="visits", on_delete="RESTRICT")  # None: a case's visit
    target = ForeignKeyField(Target, backref="visits", on_delete="RESTRICT")
    # A visit of a case (web.models.cases: consent and risk for a client who came without outreach)
    case = DeferredForeignKey("Case", null=True, backref="visits", on_delete="RESTRICT")
    instance_id = CharField(null=True, unique=True)
    visited_at = DateTimeField(default=now)
    place = CharField(default="")
    present = TextField(default="")  # who was present
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=now)
    version = IntegerField(default=1)

    class Meta:
        indexes = ((("unit", "visited_at", "id"), False),)  # a unit's visits, newest first

    def can_view(self, user):
        """The plan's assigned workers (a case's visit: those who may see the case's story), and the unit's
        case managers and Kepala."""
        if user.unit_id != self.unit_id:
            return False
        if user.role in (roles.CASE_MANAGER, roles.HEAD):
            return True
        if self.case_id is not None:
            return self.case.can_see_story(user)
        return user.role == roles.WORKER and Assignment.is_assigned(self.plan_id, user)

    def can_edit(self, user):
        return self.can_view(user) and user.role in (roles.WORKER, roles.CASE_MANAGER)

    @property
    def ref(self):
        """What the URLs use: the id (a visit made offline is also found by its instance_id)."""
        return str(self.id)

    @classmethod
    def ids_visible_on_steps(cls, user):
        """A query of the ids of the visits whose SOP steps (8-10) `user` follows: the unit's, and for a
        worker only those of the plans they are assigned to."""
        query = cls.select(cls.id).where(cls.unit == user.unit_id)
        if user.role == roles.WORKER:
            query = query.where(cls.plan.in_(Assignment.plans_of(user)))
        return query

    @classmethod
    def count_since(cls, unit, since):
        return cls.select().where(cls.unit == unit, cls.visited_at >= since).count()

    @classmethod
    def by_ref(cls, ref):
        """The visit for a URL's `<ref>`: its numeric id, or the instance_id (a UUID) the phone gave
        it. None when there is none. The caller still checks can_view (web.visits.fetch_visit)."""
        ref = (ref or "").strip().lower()
        number = parse_id(ref)  # ASCII digits only: '²'.isdigit() is True but int('²') fails
        if number and number <= MAX_ID:
            return cls.get_or_none(cls.id == number)
        if UUID_RE.match(ref):
            return cls.get_or_none(cls.instance_id == ref)
        return None

    @classmethod
    def open_targets(cls, user):
        """PlanTarget rows (with plan, target and person) a worker may visit now: the targets of the
        approved plans of their unit to which they are assigned."""
        return (
            PlanTarget.select(PlanTarget, Plan, Target, Person)
            .join(Plan)
            .join(Assignment, on=(Assignment.plan == Plan.id))
            .switch(PlanTarget)
            .join(Target)
            .join(Person, JOIN.LEFT_OUTER)
            .where(
                Plan.unit == user.unit, Plan.status == Plan.APPROVED, Assignment.user == user, Assignment.active == True
            )
            .order_by(Plan.start_date, Plan.id, Target.code)
        )

    @classmethod
    def plan_target_for(cls, user, target_id, plan_id=None):
        """The PlanTarget a worker may start a visit on (None if not theirs). With no plan given, the
        newest approved plan holding the target."""
        query = cls.open_targets(user).where(Target.id == target_id)
        if plan_id is not None:
            query = query.where(Plan.id == plan_id)
        return query.order_by(Plan.id.desc()).first()

    @classmethod
    def assigned_plan(cls, user, plan_id):
        """An approved plan of the user's unit the worker is assigned to, or None."""
        return (
            Plan.select()
            .join(Assignment, on=(Assignment.plan == Plan.id))
            .where(
                Plan.id == plan_id,
                Plan.unit == user.unit,
                Plan.status == Plan.APPROVED,
                Assignment.user == user,
                Assignment.active == True,
            )
            .first()
        )

    @classmethod
    def for_plans(cls, plans):
        return (
            cls.select(cls, Target)
            .join(Target)
            .where(cls.plan.in_(plans))
            .order_by(cls.visited_at.desc(), cls.id.desc())
        )

    @classmethod
    def recent_in_unit(cls, unit, limit=10):
        return (
            cls.select(cls, Target)
            .join(Target)
            .where(cls.unit == unit)
            .order_by(cls.visited_at.desc(), cls.id.desc())
            .limit(limit)
        )

    @property
    def person(self):
        return self.target.person

    @property
    def consent_history(self):
        return list(self.consents.order_by(Consent.recorded_at.desc(), Consent.id.desc()))

    @property
    def latest_consent(self):
        return Consent.latest(self)

    @property
    def consent_state(self):
        """ "belum" (none yet), or the latest consent's state (see Consent.state)."""
        latest = self.latest_consent
        return latest.state if latest else Consent.NONE

    @property
    def details_allowed(self):
        """Step 8 comes first: beyond the name, nothing about the person (photos, documents, the
        assessment) is recorded until the latest decision is a consent to the assessment or to the
        services that has not been withdrawn."""
        return ConsentScope.allowed(self, SCOPE_ASSESSMENT) or ConsentScope.allowed(self, SCOPE_SERVICES)

    def change(self, seen_version, *, visited_at, place, present):
        """The visit's time, place and who was present (StaleRecord if changed since `seen_version`)."""
        return self.save_if_unchanged(seen_version, visited_at=visited_at, place=place, present=present)

    def photos_and_documents(self):
        return (
            Attachment.select()
            .where(
                Attachment.visit == self, Attachment.kind.in_(Attachment.FILE_KINDS), Attachment.deleted_at.is_null()
            )
            .order_by(Attachment.uploaded_at.desc(), Attachment.id.desc())
        )


class Consent(Versioned, BaseModel):
    """Step 8: informed consent, or a refusal (a first-class outcome), or a later withdrawal."""

    STEP = "persetujuan_korban"

    GIVEN, REFUSED = sop.GIVEN, sop.REFUSED
    # States shown on a visit (Consent.state, Visit.consent_state).
    NONE, WITHDRAWN, PARTLY_WITHDRAWN = "belum", "ditarik", "sebagian_ditarik"

    visit = ForeignKeyField(Visit, backref="consents", on_delete="RESTRICT")
    instance_id = CharField(null=True, unique=True)
    outcome = CharField()  # GIVEN | REFUSED
    consenter = CharField(default=SELF)  # SELF | GUARDIAN
    consenter_name = CharField(default="")  # parent/guardian name when a child
    consenter_relation = CharField(default="")  # ibu, ayah, nenek, wali ...
    child_assent = BooleanField(null=True)  # the child's own assent, for a child
    explained = CharField(default="")  # CONSENT_EXPLAINED keys, space-separated
    method = CharField(default="")  # SIGNATURE | THUMBPRINT | SPOKEN
    witness = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")  # second worker, spoken consent
    witness_confirmed_at = DateTimeField(null=True)
    refusal_reason = TextField(default="")  # if the person gave one
    explained_again = BooleanField(default=False)  # refusal: explanation and benefits repeated
    contact_left = BooleanField(default=False)  # refusal: the service's contact number was left
    follow_up_date = DateField(null=True)  # refusal: when to try again (optional)
    recorded_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    recorded_at = DateTimeField(default=now)
    version = IntegerField(default=1)

    def can_view(self, user):
        """Whoever sees the visit, and the colleague named as witness (to confirm it)."""
        return self.visit.can_view(user) or (self.witness_id == user.id and user.unit_id == self.visit.unit_id)

    def can_edit(self, user):
        return self.visit.can_edit(user)

    @classmethod
    def latest(cls, visit):
        return cls.select().where(cls.visit == visit).order_by(cls.recorded_at.desc(), cls.id.desc()).first()

    @classmethod
    def states_of(cls, visits):
        """{visit id: Visit.consent_state} for many visits (two queries: their consents, and the scopes)."""
        ids = [visit.id for visit in visits]
        out = dict.fromkeys(ids, cls.NONE)
        if ids:
            consents = cls.select().where(cls.visit.in_(ids)).order_by(cls.recorded_at, cls.id)
            for consent in prefetch(consents, ConsentScope):
                out[consent.visit_id] = consent.state  # the latest comes last
        return out

    @classmethod
    def record(cls, visit, by, fields, granted=(), mark=None):
        """Step 8 is done: a consent (`fields` are the model's fields, `granted` the CONSENT_SCOPES keys
        agreed to) or a refusal, with the signature or thumbprint image `mark` (a stored upload of
        web.visits.uploads) kept as an Attachment. IntegrityError when its instance_id is stored already."""
        with db.atomic():
            consent = cls.create(visit=visit, recorded_by=by, **fields)
            if consent.is_given:
                chosen = set(granted)
                ConsentScope.insert_many(
                    [{"consent": consent.id, "scope": c.key, "granted": c.key in chosen} for c in CONSENT_SCOPES]
                ).execute()
            if mark:
                Attachment.create(
                    visit=visit,
                    consent=consent,
                    kind=consent.method,
                    stored_name=mark.stored_name,
                    thumb_name=mark.thumb_name,
                    content_type=mark.content_type,
                    size=mark.size,
                    width=mark.width,
                    height=mark.height,
                    uploaded_by=by,
                )
            steps.finish(visit, cls.STEP, by)
        return consent

    def withdraw(self, seen_version, by, scope_keys, reason):
        """The person withdraws these granted scopes (StaleRecord if the consent changed since)."""
        with db.atomic():
            self.save_if_unchanged(seen_version)
            (
                ConsentScope.update(withdrawn_at=now(), withdrawn_by=by, withdrawal_reason=reason)
                .where(
                    ConsentScope.consent == self,
                    ConsentScope.scope.in_(list(scope_keys)),
                    ConsentScope.granted == True,
                    ConsentScope.withdrawn_at.is_null(),
                )  # noqa: E712
                .execute()
            )
        return self

    def confirm_witness(self):
        """The colleague named as witness confirms the spoken consent. True if this call confirmed it."""
        return set_once(self, "witness_confirmed_at", witness_confirmed_at=now())

    @classmethod
    def awaiting_witness(cls, user):
        """Spoken consents naming `user` as witness that they have not confirmed yet."""
        return (
            cls.select(cls, Visit, Target)
            .join(Visit)
            .join(Target)
            .where(
                cls.witness == user, cls.witness_confirmed_at.is_null(), cls.method == SPOKEN, Visit.unit == user.unit
            )
            .order_by(cls.recorded_at)
        )

    @property
    def is_given(self):
        return self.outcome == self.GIVEN

    @property
    def explained_keys(self):
        return set(self.explained.split())

    @property
    def scope_list(self):
        """This consent's scopes in the order of CONSENT_SCOPES."""
        order = {c.key: i for i, c in enumerate(CONSENT_SCOPES)}
        return sorted(self.scopes, key=lambda s: order.get(s.scope, len(order)))

    @property
    def state(self):
        if not self.is_given:
            return self.REFUSED
        granted = [s for s in self.scopes if s.granted]
        withdrawn = [s for s in granted if s.withdrawn_at is not None]
        if granted and len(withdrawn) == len(granted):
            return self.WITHDRAWN
        if withdrawn:
            return self.PARTLY_WITHDRAWN
        return self.GIVEN

    @property
    def withdrawable_scopes(self):
        return [s for s in self.scope_list if s.granted and s.withdrawn_at is None]

    @property
    def mark(self):
        """The signature or thumbprint image kept with this consent (an Attachment), if any."""
        return (
            Attachment.select()
            .where(
                Attachment.consent == self,
                Attachment.deleted_at.is_null(),
                Attachment.kind.in_((Attachment.SIGNATURE, Attachment.THUMBPRINT)),
            )
            .first()
        )

    @property
    def method_choice(self):
        return sop.by_key(CONSENT_METHODS, self.method, None)

    @property
    def consenter_choice(self):
        return sop.by_key(CONSENTERS, self.consenter, None)

    @property
    def needs_witness(self):
        return self.is_given and self.method == SPOKEN and self.witness_confirmed_at is None


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

    @property
    def choice(self):
        return scope_choice(self.scope)

    @property
    def is_active(self):
        return self.granted and self.withdrawn_at is None

    @classmethod
    def sharing_allowed(cls, visit, partner_kind):
        """True when the latest consent recorded on this visit is a consent (not a refusal) that
        shares with `partner_kind`, and that scope has not been withdrawn. (web.sop.PARTNER_KINDS keys)
        A spoken consent shares nothing until the second worker has confirmed it (Consent.needs_witness);
        the assessment on the spot does not wait for that (see `allowed`)."""
        latest = Consent.latest(visit)
        if latest is None or latest.outcome != Consent.GIVEN or latest.needs_witness:
            return False
        scope = cls.get_or_none(cls.consent == latest, cls.scope == f"{SHARING}{partner_kind}")
        return bool(scope and scope.granted and scope.withdrawn_at is None)

    @classmethod
    def allowed(cls, visit, scope_key):
        """The same check for any scope key ("asesmen", "layanan", "berbagi:polisi")."""
        latest = Consent.latest(visit)
        if latest is None or latest.outcome != Consent.GIVEN:
            return False
        scope = cls.get_or_none(cls.consent == latest, cls.scope == scope_key)
        return bool(scope and scope.is_active)


class Attachment(BaseModel):
    """A photo or document of a visit, or the signature/thumbprint of a consent.

    The file is in app.config["UPLOAD_DIR"] under a random name (never under static/); it is served
    only by the visits.attachment route, to those who may see the visit.
    """

    PHOTO, DOCUMENT, SIGNATURE, THUMBPRINT = "foto", "dokumen", "tanda_tangan", "cap_jempol"
    FILE_KINDS = (PHOTO, DOCUMENT)

    visit = ForeignKeyField(Visit, backref="attachments", on_delete="RESTRICT")
    consent = ForeignKeyField(Consent, null=True, backref="attachments", on_delete="RESTRICT")
    kind = CharField()
    stored_name = CharField(unique=True)  # random hex + extension
    thumb_name = CharField(default="")  # a small copy of an image, for lists
    content_type = CharField()
    size = IntegerField()
    width = IntegerField(null=True)
    height = IntegerField(null=True)
    caption = CharField(default="")
    uploaded_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    uploaded_at = DateTimeField(default=now)
    deleted_at = DateTimeField(null=True)  # the file itself is removed; the row stays for the audit
    deleted_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")

    def can_view(self, user):
        return self.visit.can_view(user)

    def can_edit(self, user):
        return self.can_view(user) and self.visit.can_edit(user)

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

    @property
    def extension(self):
        return self.stored_name.rsplit(".", 1)[-1]

    @classmethod
    def count_for(cls, visit):
        return (
            cls.select(fn.COUNT(cls.id))
            .where(cls.visit == visit, cls.kind.in_(cls.FILE_KINDS), cls.deleted_at.is_null())
            .scalar()
        )
