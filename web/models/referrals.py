"""Risk assessment, risk flags, emergency referrals, further assessment and the outreach report
(SOP Penjangkauan steps 9-11).

Everything here hangs off a Visit and is seen by the same people as the visit (its plan's assigned
workers, the unit's case managers and its Kepala): `can_view()` asks the visit. Records made on a
phone (the risk assessment, the Darurat flag) carry `instance_id` so that a form sent twice makes
one record. The rule that turns answers into a level is `web.risk.assess`; this module only keeps
what it said.
"""

import json
import math
from datetime import date, datetime, timedelta

from peewee import (
    JOIN,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    IntegrityError,
    TextField,
    fn,
)

from web import risk, roles, sop, steps
from web.concurrency import StaleRecord, Versioned, set_once
from web.db import BaseModel, db
from web.models.core import Unit, User
from web.models.outreach import Assignment, Plan, Target
from web.models.visits import Consent, Visit
from web.timeutil import now

# Step 10 of the SOP: the case manager follows up a risk assessment within this many minutes.
FOLLOW_UP_MINUTES = sop.step(steps.FOLLOW_UP).minutes


def _is_case_manager_of(user, unit_id):
    return user.unit_id == unit_id and user.role == roles.CASE_MANAGER


class RiskAssessment(BaseModel):
    """Step 9: the worker's answers, the level the rule gave, and the level the worker saved."""

    unit = ForeignKeyField(Unit, backref="risk_assessments", on_delete="RESTRICT")
    visit = ForeignKeyField(Visit, backref="risk_assessments", on_delete="RESTRICT")
    instance_id = CharField(null=True, unique=True)
    answers = TextField(default="{}")  # JSON {item key: "ya" | "tidak" | "tidak_tahu"}
    reasons = TextField(default="[]")  # JSON [{item, answer, counted_as, red_flag}] as the rule gave them
    level = CharField(index=True)  # web.risk level saved (after the worker's judgement)
    computed_level = CharField()  # the level by the rule
    forced = BooleanField(default=False)  # a red flag was answered Ya
    raised = BooleanField(default=False)
    lowered = BooleanField(default=False)
    lower_reason = TextField(default="")
    hours_since_rape = IntegerField(null=True)
    assessed_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    assessed_at = DateTimeField(default=now)
    version = IntegerField(default=1)

    @classmethod
    def record(cls, visit, answers, result, user, instance_id):
        """Create the assessment from `web.risk.assess`'s result (call inside db.atomic())."""
        reasons = [
            {"item": r.item_key, "answer": r.answer, "counted_as": r.counted_as, "red_flag": r.red_flag}
            for r in result.reasons
        ]
        return cls.create(
            unit=visit.unit_id,
            visit=visit,
            instance_id=instance_id,
            answers=json.dumps(answers, sort_keys=True),
            reasons=json.dumps(reasons),
            level=result.level,
            computed_level=result.computed_level,
            forced=result.forced,
            raised=result.raised,
            lowered=result.lowered,
            lower_reason=result.lower_reason,
            hours_since_rape=result.hours_since_rape,
            assessed_by=user,
        )

    @classmethod
    def submit(cls, visit, answers, result, by, instance_id):
        """Step 9 is done: the assessment is kept; a tinggi one raises a risk flag for the unit's case
        managers, or completes the Darurat flag the worker raised first. Step 10 starts. Returns
        (assessment, flag or None, True if the flag is new). IntegrityError if instance_id is stored."""
        with db.atomic():
            assessment = cls.record(visit, answers, result, by, instance_id)
            flag, new_flag = None, False
            if assessment.is_high:
                flag = RiskFlag.open_emergency_for_visit(visit)
                if flag is None:
                    flag, new_flag = (
                        RiskFlag.create(
                            unit=visit.unit_id,
                            visit=visit,
                            assessment=assessment,
                            source=RiskFlag.ASSESSMENT,
                            raised_by=by,
                        ),
                        True,
                    )
                else:
                    flag.assessment = assessment
                    flag.version += 1
                    flag.save()
            steps.finish(visit, steps.RISK_ASSESSMENT, by)
            steps.start(visit, steps.FOLLOW_UP, by)
        return assessment, flag, new_flag

    @classmethod
    def for_visit(cls, visit):
        return cls.select().where(cls.visit == visit).order_by(cls.assessed_at.desc(), cls.id.desc())

    @classmethod
    def latest_for_visit(cls, visit):
        return cls.for_visit(visit).first()

    @classmethod
    def awaiting_further_assessment(cls, unit):
        """Step 10b: the newest assessment of each visit that is not high and has no further
        assessment scheduled yet (the case manager's list "Asesmen baru")."""
        newer = cls.alias()
        has_newer = newer.select().where(newer.visit == cls.visit, newer.id > cls.id)
        scheduled = FurtherAssessment.select().where(FurtherAssessment.assessment == cls.id)
        assessor = User.alias()
        return (
            cls.select(cls, Visit, Target, assessor)
            .join(Visit, on=(cls.visit == Visit.id), attr="visit")
            .join(Target, on=(Visit.target == Target.id), attr="target")
            .switch(cls)
            .join(assessor, on=(cls.assessed_by == assessor.id), attr="assessed_by")
            .where(cls.unit == unit, cls.level != risk.TINGGI, ~fn_exists(has_newer), ~fn_exists(scheduled))
            .order_by(cls.assessed_at, cls.id)
        )

    @property
    def answer_map(self):
        return json.loads(self.answers or "{}")

    @property
    def reason_list(self):
        """[(RiskItem or None, reason dict)] in the order the rule gave them."""
        return [(risk.ITEM_BY_KEY.get(r["item"]), r) for r in json.loads(self.reasons or "[]")]

    @property
    def is_high(self):
        return self.level == risk.TINGGI

    @property
    def level_option(self):
        return _level_option(self.level)

    @property
    def computed_level_option(self):
        return _level_option(self.computed_level)

    def deadlines(self, at=None):
        """[(label_id, label_en, until, hours_left)] for PEP and emergency contraception, counted from
        the time of the rape (assessed_at - hours_since_rape); hours_left <= 0 when passed."""
        if self.hours_since_rape is None:
            return []
        at = at or now()
        event = self.assessed_at - timedelta(hours=self.hours_since_rape)
        out = []
        for key, window, label_id, label_en in risk.DEADLINE_WINDOWS:
            until = event + timedelta(hours=window)
            left = math.ceil((until - at).total_seconds() / 3600)
            out.append(risk.Deadline(key, label_id, label_en, left))
        return out

    def deadline_times(self):
        """[(web.risk.Deadline, until)] for the printed form: when PEP and emergency contraception stop
        being possible, counted from the time of the rape (empty when not asked)."""
        if self.hours_since_rape is None:
            return []
        event = self.assessed_at - timedelta(hours=self.hours_since_rape)
        return [
            (risk.Deadline(key, label_id, label_en, window), event + timedelta(hours=window))
            for key, window, label_id, label_en in risk.DEADLINE_WINDOWS
        ]

    def can_view(self, user):
        return self.visit.can_view(user)

    def can_edit(self, user):
        return self.visit.can_edit(user)


def fn_exists(query):
    return fn.EXISTS(query)


def _level_option(level):
    for option in risk.LEVELS:
        if option.key == level:
            return option
    return None


class RiskFlag(Versioned, BaseModel):
    """Step 10a: a high risk the case managers of the unit must act on within the SOP's 60 minutes.

    Raised by a tinggi assessment (`assessment` set) or by the worker's Darurat button (`assessment`
    empty, `source` "darurat"). Urgent until a case manager acknowledges it; open until a referral is
    made (a declined referral opens it again) or a case manager closes it with a note.
    """

    ASSESSMENT, EMERGENCY = "asesmen", "darurat"

    unit = ForeignKeyField(Unit, backref="risk_flags", on_delete="RESTRICT")
    visit = ForeignKeyField(Visit, backref="risk_flags", on_delete="RESTRICT")
    assessment = ForeignKeyField(RiskAssessment, null=True, backref="flags", on_delete="RESTRICT")
    instance_id = CharField(null=True, unique=True)
    source = CharField(default=ASSESSMENT)
    level = CharField(default=risk.TINGGI)
    raised_at = DateTimeField(default=now, index=True)
    raised_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    acknowledged_at = DateTimeField(null=True)
    acknowledged_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    closed_at = DateTimeField(null=True)
    closed_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    close_note = TextField(default="")
    version = IntegerField(default=1)

    @classmethod
    def listed(cls):
        """Flags with what a list shows (visit, target, assessment, who handles it) in one query."""
        handler = User.alias()
        return (
            cls.select(cls, Visit, Target, RiskAssessment, handler)
            .join(Visit, on=(cls.visit == Visit.id), attr="visit")
            .join(Target, on=(Visit.target == Target.id), attr="target")
            .switch(cls)
            .join(RiskAssessment, JOIN.LEFT_OUTER, on=(cls.assessment == RiskAssessment.id), attr="assessment")
            .switch(cls)
            .join(handler, JOIN.LEFT_OUTER, on=(cls.acknowledged_by == handler.id), attr="acknowledged_by")
        )

    @classmethod
    def urgent(cls, unit):
        """Not yet acknowledged by any case manager: oldest first."""
        return (
            cls.listed()
            .where(cls.unit == unit, cls.acknowledged_at.is_null(), cls.closed_at.is_null())
            .order_by(cls.raised_at, cls.id)
        )

    @classmethod
    def in_handling(cls, unit):
        """Acknowledged, but the person is not yet connected to an emergency service."""
        return (
            cls.listed()
            .where(cls.unit == unit, cls.acknowledged_at.is_null(False), cls.closed_at.is_null())
            .order_by(cls.raised_at, cls.id)
        )

    @classmethod
    def open_state(cls, unit):
        """(count, highest id, sum of versions) of the unit's open flags: one cheap query whose answer
        changes whenever a flag is raised, acknowledged, closed or reopened (each bumps `version`)."""
        return (
            cls.select(fn.COUNT(cls.id), fn.MAX(cls.id), fn.SUM(cls.version))
            .where(cls.unit == unit, cls.closed_at.is_null())
            .tuples()
            .get()
        )

    @classmethod
    def count_since(cls, unit, since):
        return cls.select().where(cls.unit == unit, cls.raised_at >= since).count()

    @classmethod
    def urgent_state(cls, unit):
        """(count, highest id) of the unit's flags no case manager has taken yet: one query."""
        count, highest = (
            cls.select(fn.COUNT(cls.id), fn.MAX(cls.id))
            .where(cls.unit == unit, cls.acknowledged_at.is_null(), cls.closed_at.is_null())
            .tuples()
            .get()
        )
        return count or 0, highest or 0

    @classmethod
    def open_emergency_for_visit(cls, visit):
        """An open Darurat flag of this visit not yet tied to an assessment."""
        return (
            cls.select()
            .where(cls.visit == visit, cls.source == cls.EMERGENCY, cls.assessment.is_null(), cls.closed_at.is_null())
            .order_by(cls.raised_at.desc())
            .first()
        )

    @classmethod
    def for_visit(cls, visit):
        return cls.select().where(cls.visit == visit).order_by(cls.raised_at.desc(), cls.id.desc())

    @property
    def is_emergency(self):
        return self.source == self.EMERGENCY

    @property
    def is_open(self):
        return self.closed_at is None

    @property
    def limit_minutes(self):
        return FOLLOW_UP_MINUTES

    def minutes_open(self, at=None):
        end = self.closed_at or at or now()
        return max(0, int((end - self.raised_at).total_seconds() // 60))

    def is_overdue(self, at=None):
        return self.minutes_open(at) > FOLLOW_UP_MINUTES

    def acknowledge(self, user):
        """The first case manager to press "Tangani" owns the flag: True if this call took it (two managers
        pressing at once make one acknowledgement, web.concurrency.set_once)."""
        return set_once(self, "acknowledged_at", acknowledged_at=now(), acknowledged_by=user)

    def close(self, user, note=""):
        """Close the flag (once: True if this call closed it); a flag closed unacknowledged counts as
        acknowledged by the one who closed it."""
        with db.atomic():
            closed = set_once(self, "closed_at", closed_at=now(), closed_by=user, close_note=note)
            if closed:
                self.acknowledge(user)
            return closed

    def reopen(self):
        RiskFlag.update(closed_at=None, closed_by=None, close_note="", version=RiskFlag.version + 1).where(
            RiskFlag.id == self.id
        ).execute()
        self.closed_at, self.closed_by, self.close_note = None, None, ""
        self.version += 1

    def referrals(self):
        return Referral.select().where(Referral.flag == self).order_by(Referral.created_at, Referral.id)

    def can_view(self, user):
        return self.visit.can_view(user)

    def can_edit(self, user):
        """Acknowledge, refer, close: the unit's case managers."""
        return _is_case_manager_of(user, self.unit_id) and self.visit.can_view(user)


class Referral(Versioned, BaseModel):
    """Step 10a: an emergency referral to a partner service, and its answer."""

    SENT, ACCEPTED, DECLINED, DONE = "terkirim", "diterima", "ditolak", "selesai"
    STATES = (SENT, ACCEPTED, DECLINED, DONE)
    NEXT = {SENT: (ACCEPTED, DECLINED), ACCEPTED: (DONE,), DECLINED: (), DONE: ()}

    unit = ForeignKeyField(Unit, backref="referrals", on_delete="RESTRICT")
    visit = ForeignKeyField(Visit, backref="referrals", on_delete="RESTRICT")
    flag = ForeignKeyField(RiskFlag, null=True, backref="+", on_delete="RESTRICT")
    service = CharField()  # web.sop.EMERGENCY_SERVICES key
    partner_kind = CharField()  # web.sop.PARTNER_KINDS key the consent must cover
    provider = CharField()  # e.g. "RSUD Kota Contoh"
    contact = CharField(default="")  # who receives the person at the provider
    contact_phone = CharField(default="")
    referred_at = DateTimeField()  # when the person is (to be) handed over
    state = CharField(default=SENT, index=True)
    decline_reason = TextField(default="")
    created_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    created_at = DateTimeField(default=now)
    version = IntegerField(default=1)

    @classmethod
    def waiting_answer(cls, unit):
        """Sent, the provider has not answered yet: oldest first, with the visit's target (one query)."""
        return (
            cls.select(cls, Visit, Target)
            .join(Visit, on=(cls.visit == Visit.id), attr="visit")
            .join(Target, on=(Visit.target == Target.id), attr="target")
            .where(cls.unit == unit, cls.state == cls.SENT)
            .order_by(cls.created_at, cls.id)
        )

    @classmethod
    def count_since(cls, unit, since):
        return cls.select().where(cls.unit == unit, cls.created_at >= since).count()

    @classmethod
    def for_visit(cls, visit):
        return cls.select().where(cls.visit == visit).order_by(cls.created_at, cls.id)

    @property
    def service_item(self):
        return sop.by_key(sop.EMERGENCY_SERVICES, self.service, None)

    @property
    def number(self):
        """As the berita acara and the referral form print it: "RJK-00012/UPTD-PPA/2026"."""
        return f"RJK-{self.id:05d}/{self.unit.code}/{self.referred_at.year}"

    @property
    def partner_item(self):
        return sop.by_key(sop.PARTNER_KINDS, self.partner_kind, None)

    @property
    def next_states(self):
        return self.NEXT.get(self.state, ())

    @property
    def is_active(self):
        return self.state != self.DECLINED

    @property
    def override(self):
        return ConsentOverride.get_or_none(ConsentOverride.referral == self)

    def events(self):
        """The referral's states in order, each with who recorded it (one query)."""
        return (
            ReferralEvent.select(ReferralEvent, User)
            .join(User, on=(ReferralEvent.by == User.id), attr="by")
            .where(ReferralEvent.referral == self)
            .order_by(ReferralEvent.at, ReferralEvent.id)
        )

    @classmethod
    def make(cls, flag, by, service, *, provider, contact, contact_phone, referred_at, override_reason=""):
        """Step 10a: refer the flag's person to `service` (a web.sop.EMERGENCY_SERVICES item). With
        `override_reason`, without the person's consent to share with that partner (a ConsentOverride,
        for the Kepala to review). The flag is acknowledged and closed (the person is connected) and the
        follow-up step finishes."""
        visit = flag.visit
        with db.atomic():
            referral = cls.create(
                unit=visit.unit_id,
                visit=visit,
                flag=flag,
                service=service.key,
                partner_kind=service.partner_kind,
                provider=provider,
                contact=contact,
                contact_phone=contact_phone,
                referred_at=referred_at,
                state=cls.SENT,
                created_by=by,
            )
            ReferralEvent.create(referral=referral, state=cls.SENT, by=by)
            if override_reason:
                ConsentOverride.create(
                    unit=visit.unit_id,
                    referral=referral,
                    visit=visit,
                    partner_kind=service.partner_kind,
                    reason=override_reason,
                    by=by,
                )
            flag.acknowledge(by)
            if flag.is_open:
                flag.close(by)
            steps.finish(visit, steps.FOLLOW_UP, by)
        return referral

    def move(self, state, user, reason=""):
        """sent -> accepted | declined (with a reason); accepted -> done. ValueError otherwise, StaleRecord
        if someone moved it first. A decline leaves the person unconnected: the flag opens again when no
        other referral of it is active and no case manager closed it with a note."""
        if state not in self.next_states:
            raise ValueError(f"{self.state} -> {state}")
        reason = (reason or "").strip()
        if state == self.DECLINED and not reason:
            raise ValueError("a declined referral needs a reason")
        with db.atomic():
            self.save_if_unchanged(
                None, state=state, decline_reason=reason if state == self.DECLINED else self.decline_reason
            )
            ReferralEvent.create(referral=self, state=state, by=user, note=reason)
            flag = self.flag
            if (
                state == self.DECLINED
                and flag is not None
                and not flag.is_open
                and not flag.close_note
                and not any(r.is_active for r in flag.referrals())
            ):
                flag.reopen()
        return self

    def can_view(self, user):
        return self.visit.can_view(user)

    def can_edit(self, user):
        return _is_case_manager_of(user, self.unit_id) and self.visit.can_view(user)


class ReferralEvent(BaseModel):
    """The state history of a referral: one line per state, who and when."""

    referral = ForeignKeyField(Referral, backref="+", on_delete="CASCADE")
    state = CharField()
    at = DateTimeField(default=now)
    by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    note = TextField(default="")

    ANSWERS = (Referral.ACCEPTED, Referral.DECLINED)  # what the provider said

    @classmethod
    def answers_in_unit(cls, unit, since, not_by=None, limit=3):
        """The providers' latest answers to the unit's referrals (accepted or declined) recorded
        since `since` (by someone other than `not_by`), newest first, with their referral: one query."""
        return (
            cls.select(cls, Referral)
            .join(Referral, on=(cls.referral == Referral.id), attr="referral")
            .where(
                Referral.unit == unit,
                cls.state.in_(cls.ANSWERS),
                cls.at >= since,
                cls.by != (not_by.id if not_by else 0),
            )
            .order_by(cls.id.desc())
            .limit(limit)
        )

    @classmethod
    def latest_answer_id(cls, unit):
        """The id of the unit's newest provider answer (0 when none): changes with every answer."""
        return (
            cls.select(fn.MAX(cls.id))
            .join(Referral, on=(cls.referral == Referral.id))
            .where(Referral.unit == unit, cls.state.in_(cls.ANSWERS))
            .scalar()
            or 0
        )


class ConsentOverride(BaseModel):
    """A referral made without the person's consent to share with that kind of partner, because a
    life was in danger. Audited, and listed for the Kepala, who marks it reviewed."""

    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    referral = ForeignKeyField(Referral, unique=True, backref="+", on_delete="RESTRICT")
    visit = ForeignKeyField(Visit, backref="+", on_delete="RESTRICT")
    partner_kind = CharField()
    reason = TextField()
    by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    at = DateTimeField(default=now)
    reviewed_at = DateTimeField(null=True)
    reviewed_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")

    @classmethod
    def in_unit(cls, unit):
        return cls.select().where(cls.unit == unit).order_by(cls.at.desc(), cls.id.desc())

    @classmethod
    def unreviewed(cls, unit):
        return cls.select().where(cls.unit == unit, cls.reviewed_at.is_null()).order_by(cls.at, cls.id)

    @property
    def partner_item(self):
        return sop.by_key(sop.PARTNER_KINDS, self.partner_kind, None)

    def mark_reviewed(self, by):
        """The Kepala has read the reason. True if this call marked it."""
        return set_once(self, "reviewed_at", reviewed_at=now(), reviewed_by=by)

    def can_view(self, user):
        return user.unit_id == self.unit_id and user.role in (roles.HEAD, roles.CASE_MANAGER)

    def can_edit(self, user):
        return user.unit_id == self.unit_id and user.role == roles.HEAD


class FurtherAssessment(Versioned, BaseModel):
    """Step 10b: a further assessment the case manager schedules and assigns to a worker."""

    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    visit = ForeignKeyField(Visit, backref="further_assessments", on_delete="RESTRICT")
    assessment = ForeignKeyField(RiskAssessment, null=True, backref="further_assessments", on_delete="RESTRICT")
    scheduled_for = DateField()
    assigned_to = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    notes = TextField(default="")  # what to look at (no story)
    created_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    created_at = DateTimeField(default=now)
    done_at = DateTimeField(null=True)
    done_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    findings = TextField(default="")
    version = IntegerField(default=1)

    @classmethod
    def schedule(cls, assessment, by, scheduled_for, assigned_to, notes=""):
        """Step 10b: the case manager schedules a further assessment of `assessment`'s visit, done by
        `assigned_to`; the follow-up step finishes."""
        visit = assessment.visit
        with db.atomic():
            further = cls.create(
                unit=visit.unit_id,
                visit=visit,
                assessment=assessment,
                scheduled_for=scheduled_for,
                assigned_to=assigned_to,
                notes=notes,
                created_by=by,
            )
            steps.finish(visit, steps.FOLLOW_UP, by)
        return further

    def finish(self, seen_version, by, findings):
        """Done, with its findings. StaleRecord if changed since `seen_version`, or someone finished it."""
        if self.is_done:
            raise StaleRecord(self, self.version)
        return self.save_if_unchanged(seen_version, done_at=now(), done_by=by, findings=findings)

    @classmethod
    def open_for(cls, user):
        return (
            cls.select(cls, Visit, Target, RiskAssessment)
            .join(Visit, on=(cls.visit == Visit.id), attr="visit")
            .join(Target, on=(Visit.target == Target.id), attr="target")
            .switch(cls)
            .join(RiskAssessment, JOIN.LEFT_OUTER, on=(cls.assessment == RiskAssessment.id), attr="assessment")
            .where(cls.assigned_to == user, cls.done_at.is_null())
            .order_by(cls.scheduled_for, cls.id)
        )

    @classmethod
    def for_visit(cls, visit):
        return cls.select().where(cls.visit == visit).order_by(cls.scheduled_for, cls.id)

    @property
    def is_done(self):
        return self.done_at is not None

    def can_view(self, user):
        if user.unit_id != self.unit_id:
            return False
        return self.assigned_to_id == user.id or self.visit.can_view(user)

    def can_edit(self, user):
        """Mark done: the worker it is assigned to, or a case manager of the unit."""
        if user.unit_id != self.unit_id:
            return False
        return self.assigned_to_id == user.id or user.role == roles.CASE_MANAGER


class OutreachReport(Versioned, BaseModel):
    """Step 11: the report of an outreach plan to the Kepala, assembled from its visits, with the
    worker's findings. The Kepala marks it received: from then on it is frozen (its rows are kept in
    `snapshot`, no later visit changes it). Visits after that go into a follow-up report (`sequence` 2,
    3, ...), sent and received the same way."""

    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    plan = ForeignKeyField(Plan, backref="+", on_delete="RESTRICT")
    sequence = IntegerField(default=1)  # 1: the report; 2, 3, ...: follow-up reports
    snapshot = TextField(default="")  # JSON rows as received (web: frozen_rows)
    findings = TextField(default="")
    submitted_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    submitted_at = DateTimeField(default=now)
    received_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    received_at = DateTimeField(null=True)
    version = IntegerField(default=1)

    class Meta:
        indexes = ((("plan", "sequence"), True),)

    @classmethod
    def for_plan(cls, plan):
        """The plan's latest report (the one being written or waiting), or None."""
        return cls.select().where(cls.plan == plan).order_by(cls.sequence.desc()).first()

    @classmethod
    def of_plan(cls, plan):
        return list(cls.select().where(cls.plan == plan).order_by(cls.sequence))

    @property
    def is_follow_up(self):
        return self.sequence > 1

    @classmethod
    def covered_visit_ids(cls, plan):
        """Visits already in a received report of the plan."""
        covered = set()
        for report in cls.select(cls.snapshot).where(cls.plan == plan, cls.received_at.is_null(False)):
            covered.update(row["visit_id"] for row in json.loads(report.snapshot or "[]"))
        return covered

    @classmethod
    def submit(cls, plan, by, findings, seen_version=None):
        """Step 11: the worker sends (or sends again) the plan's report; the step finishes. `seen_version`
        0 means the page showed no report yet. Returns (report, created). StaleRecord if someone sent or
        changed it since, or the Kepala received it."""
        report = cls.for_plan(plan)
        try:
            with db.atomic():
                if report is None and not seen_version:
                    report = cls.create(unit=plan.unit_id, plan=plan, findings=findings, submitted_by=by)
                    created = True
                elif report is not None and report.is_received and not seen_version and cls.rows(plan):
                    # a follow-up report of the visits after the received one
                    report = cls.create(
                        unit=plan.unit_id, plan=plan, sequence=report.sequence + 1, findings=findings, submitted_by=by
                    )
                    created = True
                elif report is None or report.is_received:
                    raise StaleRecord(report or cls(plan=plan), report.version if report else 0)
                else:
                    report.save_if_unchanged(seen_version, findings=findings, submitted_by=by, submitted_at=now())
                    created = False
                steps.finish(plan, steps.REPORT, by)
        except IntegrityError:  # another worker of the team sent the first report at the same moment
            report = cls.for_plan(plan)
            if report is None:
                raise
            raise StaleRecord(report, report.version) from None
        return report, created

    def receive(self, by):
        """The Kepala marks the report received: its rows are frozen as they are now (a later visit goes
        into a follow-up report). True if this call did it."""
        with db.atomic():
            rows = self.rows(self.plan)
            done = set_once(self, "received_at", received_at=now(), received_by=by)
            if done:
                self.snapshot = json.dumps([self._frozen(row) for row in rows])
                type(self).update(snapshot=self.snapshot).where(type(self).id == self.id).execute()
        return done

    @staticmethod
    def _frozen(row):
        return {
            "visit_id": row["visit_id"],
            "code": row["code"],
            "visited_at": row["visited_at"].isoformat(),
            "consent": row["consent"],
            "level": row["level"],
            "flags": row["flags"],
            "referrals": [{"service": r["service"], "state": r["state"]} for r in row["referrals"]],
            "further": [
                {"scheduled_for": f["scheduled_for"].isoformat(), "is_done": f["is_done"]} for f in row["further"]
            ],
        }

    def frozen_rows(self):
        """The rows as they were when the Kepala received the report."""
        out = []
        for row in json.loads(self.snapshot or "[]"):
            out.append(
                {
                    **row,
                    "visited_at": datetime.fromisoformat(row["visited_at"]),
                    "referrals": [
                        {**r, "service_item": sop.by_key(sop.EMERGENCY_SERVICES, r["service"], None)}
                        for r in row["referrals"]
                    ],
                    "further": [{**f, "scheduled_for": date.fromisoformat(f["scheduled_for"])} for f in row["further"]],
                }
            )
        return out

    @classmethod
    def waiting(cls, unit):
        return cls.select().where(cls.unit == unit, cls.received_at.is_null()).order_by(cls.submitted_at)

    @staticmethod
    def plan_visible(plan, user):
        """The plan's report is seen by its assigned workers and the unit's case managers and Kepala."""
        if user.unit_id != plan.unit_id:
            return False
        if user.role in (roles.CASE_MANAGER, roles.HEAD):
            return True
        return user.role == roles.WORKER and Assignment.is_assigned(plan.id, user)

    @staticmethod
    def plan_writable(plan, user):
        return (
            user.role == roles.WORKER
            and user.unit_id == plan.unit_id
            and plan.is_approved
            and Assignment.is_assigned(plan.id, user)
        )

    @classmethod
    def plans_to_report(cls, user):
        """Approved plans the worker is assigned to, with at least one visit, and no report yet."""
        has_visit = Visit.select().where(Visit.plan == Plan.id)
        has_report = cls.select().where(cls.plan == Plan.id)
        return (
            Plan.select()
            .join(Assignment, on=(Assignment.plan == Plan.id))
            .where(
                Assignment.user == user,
                Assignment.active == True,
                Plan.unit == user.unit_id,
                Plan.status == Plan.APPROVED,
                fn_exists(has_visit),
                ~fn_exists(has_report),
            )
            .order_by(Plan.id)
        )

    @classmethod
    def rows(cls, plan):
        """What the report says per visit not yet in a received report: who was reached (target code),
        the consent outcome, the risk level, flags and referrals. No names, no stories."""
        out = []
        covered = cls.covered_visit_ids(plan)
        visits = Visit.select().where(Visit.plan == plan).order_by(Visit.visited_at, Visit.id)
        for visit in visits:
            if visit.id in covered:
                continue
            consent = (
                Consent.select()
                .where(Consent.visit == visit)
                .order_by(Consent.recorded_at.desc(), Consent.id.desc())
                .first()
            )
            # "setuju" | "menolak" | "ditarik" | "sebagian_ditarik" (the visits area's Consent.state)
            consent_state = getattr(consent, "state", None) or (consent.outcome if consent else None)
            assessment = RiskAssessment.latest_for_visit(visit)
            out.append(
                {
                    "visit_id": visit.id,
                    "code": visit.target.code,
                    "visited_at": visit.visited_at,
                    "consent": consent_state,
                    "level": assessment.level if assessment else None,
                    "flags": RiskFlag.for_visit(visit).count(),
                    "referrals": [
                        {"service": r.service, "service_item": r.service_item, "state": r.state}
                        for r in Referral.for_visit(visit)
                    ],
                    "further": [
                        {"scheduled_for": f.scheduled_for, "is_done": f.is_done}
                        for f in FurtherAssessment.for_visit(visit)
                    ],
                }
            )
        return out

    @property
    def is_received(self):
        return self.received_at is not None

    def can_view(self, user):
        return self.plan_visible(self.plan, user)

    def can_edit(self, user):
        return not self.is_received and self.plan_writable(self.plan, user)


__all__ = [
    "RiskAssessment",
    "RiskFlag",
    "Referral",
    "ReferralEvent",
    "ConsentOverride",
    "FurtherAssessment",
    "OutreachReport",
    "FOLLOW_UP_MINUTES",
]
