"""SOP time standards: when each step of the outreach SOP started and finished, and by whom.

A step belongs to a subject: a target (steps 1-2), a plan (steps 3-7, 11-12) or a visit (steps 8-10).
Areas call `web.steps.start()` / `web.steps.finish()`; screens read `StepLog.timeline(subject)` and
`StepLog.overdue(unit, role)`.
"""
from datetime import timedelta

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from web import sop
from web.db import BaseModel
from web.models.core import Unit, User
from web.timeutil import now


class StepLog(BaseModel):
    unit = ForeignKeyField(Unit, on_delete="RESTRICT")
    subject_type = CharField()          # "target" | "plan" | "visit"
    subject_id = IntegerField()
    step = IntegerField()               # 1..12, web.sop.OUTREACH_STEPS
    started_at = DateTimeField(default=now)
    started_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    finished_at = DateTimeField(null=True)
    finished_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")

    class Meta:
        indexes = ((("subject_type", "subject_id", "step"), True),
                   (("unit", "step", "started_at"), False))  # open and overdue steps of a unit

    @property
    def sop_step(self):
        return sop.STEP_BY_NUMBER[self.step]

    @property
    def minutes_taken(self):
        end = self.finished_at or now()
        return int((end - self.started_at).total_seconds() // 60)

    @property
    def is_overdue(self):
        return self.minutes_taken > self.sop_step.minutes

    @classmethod
    def for_subject(cls, subject_type, subject_id):
        return (cls.select().where(cls.subject_type == subject_type, cls.subject_id == subject_id)
                .order_by(cls.step))

    @classmethod
    def timeline(cls, subject_type, subject_id, steps=None):
        """[(sop step, StepLog or None)] for the given step numbers (default: all 12)."""
        logs = {log.step: log for log in cls.for_subject(subject_type, subject_id)}
        numbers = steps or [s.number for s in sop.OUTREACH_STEPS]
        return [(sop.STEP_BY_NUMBER[n], logs.get(n)) for n in numbers]

    @classmethod
    def open_in_unit(cls, unit):
        return cls.select().where(cls.unit == unit, cls.finished_at.is_null()).order_by(cls.started_at)

    @classmethod
    def overdue(cls, unit, role=None):
        """Open steps past their SOP time standard, for the steps `role` performs (all roles if None)."""
        current = now()
        out = []
        for log in cls.open_in_unit(unit):
            step = log.sop_step
            if role is not None and step.role != role:
                continue
            if log.started_at + timedelta(minutes=step.minutes) < current:
                out.append(log)
        return out
