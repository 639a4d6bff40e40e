"""SOP time standards: when each step of the outreach SOP started and finished, and by whom.

A step belongs to a subject: a target (steps 1-2), a plan (steps 3-7, 11-12) or a visit (steps 8-10).
Areas call `web.steps.start()` / `web.steps.finish()`; screens read `StepLog.timeline(subject)` and
`StepLog.overdue(unit, role)`.
"""

from datetime import timedelta

from peewee import JOIN, SQL, Case, CharField, DateTimeField, ForeignKeyField, IntegerField, NodeList, fn

from web import sop
from web.db import BaseModel, is_embedded
from web.models.core import Unit, User
from web.timeutil import now


class DueStep:
    """A step that became due at `due_at` and that nobody has started: false like "no log" (screens say
    "Belum dimulai"), but its SOP clock runs, so it is late like a started one."""

    started_at = finished_at = started_by = finished_by = None

    def __init__(self, subject_type, subject_id, step, due_at):
        self.subject_type, self.subject_id, self.step, self.due_at = subject_type, subject_id, step, due_at

    def __bool__(self):
        return False

    clock_start = property(lambda self: self.due_at)
    sop_step = property(lambda self: sop.STEP_BY_NUMBER[self.step])
    minutes_taken = property(lambda self: int((now() - self.due_at).total_seconds() // 60))
    is_overdue = property(lambda self: self.minutes_taken > self.sop_step.minutes)


class StepLog(BaseModel):
    unit = ForeignKeyField(Unit, on_delete="RESTRICT")
    subject_type = CharField()  # "target" | "plan" | "visit"
    subject_id = IntegerField()
    step = IntegerField()  # 1..12, web.sop.OUTREACH_STEPS
    started_at = DateTimeField(default=now)
    started_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    finished_at = DateTimeField(null=True)
    finished_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    # when the step became due, if before it started (step 6 is due from the plan being ready for the
    # admin staff, not from their first action): the SOP's clock runs from here
    due_at = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("subject_type", "subject_id", "step"), True),
            (("unit", "step", "started_at"), False),
        )  # open and overdue steps of a unit

    @property
    def sop_step(self):
        return sop.STEP_BY_NUMBER[self.step]

    @property
    def clock_start(self):
        """When the SOP's clock started: when the step became due, or when it started if that is earlier."""
        return min(self.due_at, self.started_at) if self.due_at else self.started_at

    @property
    def waited(self):
        """Minutes between becoming due and being started (0 if started when due)."""
        return int((self.started_at - self.clock_start).total_seconds() // 60)

    @property
    def minutes_taken(self):
        end = self.finished_at or now()
        return int((end - self.clock_start).total_seconds() // 60)

    @property
    def is_overdue(self):
        return self.minutes_taken > self.sop_step.minutes

    @classmethod
    def for_subjects(cls, subject_type, subject_ids):
        """The steps of these subjects of one type, with who started and finished each (one query)."""
        starter, finisher = User.alias(), User.alias()
        return (
            cls.select(cls, starter, finisher)
            .join(starter, JOIN.LEFT_OUTER, on=(cls.started_by == starter.id), attr="started_by")
            .switch(cls)
            .join(finisher, JOIN.LEFT_OUTER, on=(cls.finished_by == finisher.id), attr="finished_by")
            .where(cls.subject_type == subject_type, cls.subject_id.in_(list(subject_ids)))
            .order_by(cls.subject_id, cls.step)
        )

    @classmethod
    def for_subject(cls, subject_type, subject_id):
        return cls.for_subjects(subject_type, [subject_id])

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
        """Open steps past their SOP time standard, for the steps `role` performs (all roles if None):
        filtered in SQL by step, role and deadline (the clock starts at due_at or started_at, the earlier)."""
        current = now()
        late = None
        for step in sop.OUTREACH_STEPS:
            if role is not None and step.role != role:
                continue
            limit = current - timedelta(minutes=step.minutes)
            this = (cls.step == step.number) & ((cls.started_at < limit) | (cls.due_at < limit))
            late = this if late is None else late | this
        if late is None:
            return []
        return list(cls.open_in_unit(unit).where(late))

    # -- the overdue panel of the homes: one query per kind of subject, the order, LIMIT and count in SQL --

    @classmethod
    def clock_start_sql(cls):
        """`clock_start` as SQL: due_at when it is earlier than started_at, else started_at."""
        return Case(None, [((cls.due_at.is_null(False)) & (cls.due_at < cls.started_at), cls.due_at)], cls.started_at)

    @classmethod
    def deadline_sql(cls, numbers):
        """When the step's standard runs out (clock start + the step's SOP minutes), as minutes on a
        scale of the engine's own (to order by: the earliest deadline is the longest late)."""
        minutes = Case(cls.step, [(n, sop.STEP_BY_NUMBER[n].minutes) for n in numbers], 0)
        start = cls.clock_start_sql()
        if is_embedded():
            return fn.julianday(start) * 1440 + minutes
        return NodeList((SQL("EXTRACT(EPOCH FROM"), start, SQL(")"))) / 60 + minutes

    @classmethod
    def late(cls, unit, numbers, kind, visible, subject=None, limit=20, at=None):
        """The open logs of the steps `numbers` on `kind` subjects past their SOP standard at `at` (now),
        only those on subjects that `visible` (a query of the subjects one may see) holds, the longest
        late first, at most `limit`; each with `overdue_total`, how many there are in all (one query).
        `subject`: the subject's model, joined as `log.subject`. `visible` is tested row by row
        (EXISTS): it may be a long list, the late logs are few."""
        current = at or now()
        late = None
        for number in numbers:
            limit_at = current - timedelta(minutes=sop.STEP_BY_NUMBER[number].minutes)
            this = (cls.step == number) & ((cls.started_at < limit_at) | (cls.due_at < limit_at))
            late = this if late is None else late | this
        columns = [cls, fn.COUNT(cls.id).over().alias("overdue_total")]
        query = cls.select(*columns, subject) if subject is not None else cls.select(*columns)
        if subject is not None:
            query = query.join(subject, on=(cls.subject_id == subject.id), attr="subject")
        return (
            query.where(
                cls.unit == unit,
                cls.finished_at.is_null(),
                cls.subject_type == kind,
                late,
                fn.EXISTS(visible.where(visible.model.id == cls.subject_id)),
            )
            .order_by(cls.deadline_sql(numbers), cls.id)
            .limit(limit)
        )


# The open steps of a unit: only the unfinished rows, so the homes' overdue list reads a few hundred rows at a
# province's size, not every step ever logged (migration 0024).
StepLog.add_index(
    StepLog.index(StepLog.unit, StepLog.step, StepLog.started_at, name="step_log_open").where(
        StepLog.finished_at.is_null()
    )
)
