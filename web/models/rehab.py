"""Social rehabilitation (SOP 003, web/sop_cases.py) and the end of every case: the disposition sheet, the
screening home visit, mediation, the case conference and its plan (tasks: what, who, by when),
accompaniment and monitoring notes against the plan, and termination with its final report (laporan
akhir) approved by the Kepala (every case, all three SOPs).

Every record belongs to a case and its unit; who may see it is the case's rule for its story
(``Case.can_see_story``: admin staff never see these), who may write it the case's ``can_edit`` (a
closed case takes no new work until it is reopened). The SOP steps are logged on the case
(``case.start_step`` / ``finish_step``) by the methods here, so every screen that saves one keeps the
clock the same way.
"""

from peewee import JOIN, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from web import roles, sop, sop_cases
from web.concurrency import Versioned
from web.db import BaseModel, db
from web.models.cases import Case
from web.models.core import Unit, User
from web.timeutil import now


def _has_step(case, key):
    return case.sop.step(key) is not None


def start_step(case, key, by):
    """Start a rehabilitation step if the case's procedure has it (trafficking and violence cases do not)."""
    return case.start_step(key, by) if _has_step(case, key) else None


def finish_step(case, key, by):
    return case.finish_step(key, by) if _has_step(case, key) else None


class _CaseRecord(BaseModel):
    """A record of a case: its unit, case, who wrote it and when (fields each model inherits, indexed by
    case and time), who may see it, its case's records of its kind, and ``record`` for the kinds the
    phone sends (an ``instance_id`` made on the phone; saving it finishes the kind's ``STEP``)."""

    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    case = ForeignKeyField(Case, backref="+", on_delete="RESTRICT")
    by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    at = DateTimeField(default=now)

    ABSTRACT = True  # no table of its own (web.models.all_models)
    STEP = None  # the sop_cases step that saving a record finishes

    class Meta:
        indexes = ((("case", "at"), False),)

    @classmethod
    def record(cls, case, by, instance_id, **fields):
        with db.atomic():
            row = cls.create(unit=case.unit_id, case=case.id, by=by, instance_id=instance_id, **fields)
            finish_step(case, cls.STEP, by)
            return row

    def can_view(self, user):
        return self.case.can_see_story(user)

    def can_edit(self, user):
        return self.case.can_edit(user)

    @classmethod
    def of_case(cls, case):
        """The case's records of this kind, oldest first, with who wrote them (one query)."""
        return (
            cls.select(cls, User).join(User, on=(cls.by == User.id)).where(cls.case == case.id).order_by(cls.at, cls.id)
        )


class Disposition(_CaseRecord):
    """SOP 003 step 3 (30 min, the head): the disposition sheet, which services or divisions take the case."""

    services = CharField()  # sop_cases.DISPOSITION_SERVICES keys, comma separated
    instructions = TextField(default="")  # what the head asks of them

    class Meta:
        table_name = "rehab_disposition"

    @property
    def service_list(self):
        return [sop.by_key(sop_cases.DISPOSITION_SERVICES, k) for k in self.services.split(",") if k]

    @classmethod
    def decide(cls, case, by, services, instructions=""):
        with db.atomic():
            record = cls.create(
                unit=case.unit_id, case=case.id, by=by, services=",".join(services), instructions=instructions
            )
            finish_step(case, sop_cases.DISPOSITION, by)
            return record


class HomeVisit(_CaseRecord):
    """SOP 003 step 4 (60 min): screening, with the verification of the client's data at a home visit."""

    STEP = sop_cases.SCREENING

    instance_id = CharField(unique=True)  # made by the phone: an offline form sent twice is one visit
    visited_on = DateField()
    place = CharField()
    met_with = TextField(default="")  # who was there (parents, neighbours, the child)
    verified = CharField()  # sop_cases.DATA_VERIFIED key: the client's data against what was seen
    verification_note = TextField(default="")
    findings = TextField()  # the home, the family, the child's situation
    needs = TextField(default="")  # the child's needs found

    class Meta:
        table_name = "rehab_home_visit"

    @property
    def verified_choice(self):
        return sop.by_key(sop_cases.DATA_VERIFIED, self.verified, None)


class Mediation(_CaseRecord):
    """SOP 003 step 5 (120 min): mediation between the victim and the community, family or perpetrator;
    the parties, what was agreed, printed for their signatures."""

    STEP = sop_cases.MEDIATION

    instance_id = CharField(unique=True)
    held_on = DateField()
    place = CharField()
    with_whom = CharField()  # sop_cases.MEDIATION_WITH key
    parties = TextField()  # one party a line: "name - role"
    agreement = TextField()  # what was agreed
    outcome = CharField()  # sop_cases.MEDIATION_OUTCOMES key
    follow_up = TextField(default="")
    signed_at = DateTimeField(null=True)  # the printed record came back signed
    signed_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        table_name = "rehab_mediation"

    @property
    def party_list(self):
        return [line.strip() for line in self.parties.splitlines() if line.strip()]

    @property
    def with_whom_choice(self):
        return sop.by_key(sop_cases.MEDIATION_WITH, self.with_whom, None)

    @property
    def outcome_choice(self):
        return sop.by_key(sop_cases.MEDIATION_OUTCOMES, self.outcome, None)

    def mark_signed(self, by):
        """The signed paper is back (one mark: two taps make one)."""
        from web.concurrency import set_once

        return set_once(self, "signed_at", signed_at=now(), signed_by=by)


class CaseConference(_CaseRecord):
    """Activity 4: a case conference with the parties involved, producing the case plan: its goals and
    its tasks (PlanTask: what, who, by when). Accompaniment and monitoring (step 6) start with it."""

    held_on = DateField()
    participants = TextField()  # one a line: "name - agency"
    summary = TextField(default="")
    goals = TextField()  # the plan's goals

    class Meta:
        table_name = "rehab_conference"

    @property
    def participant_list(self):
        return [line.strip() for line in self.participants.splitlines() if line.strip()]

    @property
    def goal_list(self):
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    @classmethod
    def hold(cls, case, by, *, held_on, participants, goals, summary="", tasks=()):
        """The conference and its tasks [(task, who, due_on)] in one transaction."""
        with db.atomic():
            conference = cls.create(
                unit=case.unit_id,
                case=case.id,
                by=by,
                held_on=held_on,
                participants=participants,
                goals=goals,
                summary=summary,
            )
            for position, (task, who, due_on) in enumerate(tasks, start=1):
                PlanTask.create(
                    unit=case.unit_id,
                    case=case.id,
                    conference=conference,
                    position=position,
                    task=task,
                    who=who,
                    due_on=due_on,
                )
            start_step(case, sop_cases.MONITORING, by)
            return conference

    @classmethod
    def latest(cls, case):
        return cls.select().where(cls.case == case.id).order_by(cls.at.desc(), cls.id.desc()).first()


class PlanTask(BaseModel):
    """A task of the case plan: what, who does it, by when; done when a monitoring note says so."""

    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    case = ForeignKeyField(Case, backref="+", on_delete="RESTRICT")
    conference = ForeignKeyField(CaseConference, backref="tasks", on_delete="RESTRICT")
    position = IntegerField(default=1)
    task = TextField()
    who = CharField()
    due_on = DateField()
    done_at = DateTimeField(null=True)

    class Meta:
        table_name = "rehab_plan_task"
        indexes = ((("case", "due_on"), False),)

    @classmethod
    def of_case(cls, case):
        """The plan's tasks, open ones first by due date."""
        return (
            cls.select()
            .where(cls.case == case.id)
            .order_by(cls.done_at.is_null(False), cls.due_on, cls.conference, cls.position)
        )

    @property
    def is_done(self):
        return self.done_at is not None

    def is_late(self, today):
        return not self.is_done and self.due_on < today


class MonitoringNote(_CaseRecord):
    """Step 6: an accompaniment or monitoring note, against one task of the plan (or the plan as a whole)."""

    instance_id = CharField(unique=True)
    kind = CharField()  # sop_cases.FOLLOW_UP_KINDS key
    noted_on = DateField()
    task = ForeignKeyField(PlanTask, null=True, backref="notes", on_delete="RESTRICT")
    progress = CharField()  # sop_cases.TASK_PROGRESS key
    note = TextField()

    class Meta:
        table_name = "rehab_monitoring"

    @property
    def kind_choice(self):
        return sop.by_key(sop_cases.FOLLOW_UP_KINDS, self.kind, None)

    @property
    def progress_choice(self):
        return sop.by_key(sop_cases.TASK_PROGRESS, self.progress, None)

    @classmethod
    def of_case(cls, case):
        return (
            cls.select(cls, User, PlanTask)
            .join(User, on=(cls.by == User.id))
            .switch(cls)
            .join(PlanTask, join_type=JOIN.LEFT_OUTER, on=(cls.task == PlanTask.id))
            .where(cls.case == case.id)
            .order_by(cls.noted_on.desc(), cls.id.desc())
        )

    @classmethod
    def record(cls, case, by, instance_id, *, task=None, **fields):
        with db.atomic():
            start_step(case, sop_cases.MONITORING, by)
            note = cls.create(unit=case.unit_id, case=case.id, by=by, instance_id=instance_id, task=task, **fields)
            if task is not None and fields.get("progress") == sop_cases.TASK_DONE and task.done_at is None:
                PlanTask.update(done_at=now()).where(PlanTask.id == task.id, PlanTask.done_at.is_null()).execute()
            return note


class Termination(Versioned, BaseModel):
    """The end of a case (every SOP; SOP 003 activities 11-13): its reason and the final report (laporan
    akhir), written by the worker or case manager and approved by the Kepala, which closes the case; or
    sent back with her note, to be written again. After a reopening a new one is written; the old ones
    stay as the case's history."""

    SUBMITTED, RETURNED, APPROVED = "diajukan", "dikembalikan", "disetujui"

    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    case = ForeignKeyField(Case, backref="+", on_delete="RESTRICT")
    reason = CharField()  # sop_cases.TERMINATION_REASONS key
    services_given = TextField()  # what the client received
    condition = TextField()  # the client's condition now
    follow_up = TextField(default="")  # who carries on, what to watch
    status = CharField(default=SUBMITTED)
    written_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    written_at = DateTimeField(default=now)
    decided_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    decided_at = DateTimeField(null=True)
    head_note = TextField(default="")
    version = IntegerField(default=1)

    class Meta:
        table_name = "rehab_termination"
        indexes = ((("case", "written_at"), False),)

    def can_view(self, user):
        return self.case.can_see_story(user)

    @property
    def reason_choice(self):
        return sop.by_key(sop_cases.TERMINATION_REASONS, self.reason, None)

    @property
    def is_approved(self):
        return self.status == self.APPROVED

    @property
    def is_waiting(self):
        return self.status == self.SUBMITTED

    @classmethod
    def current(cls, case):
        """The latest termination of the case (None before one is written)."""
        return cls.select().where(cls.case == case.id).order_by(cls.id.desc()).first()

    @classmethod
    def history(cls, case):
        return (
            cls.select(cls, User)
            .join(User, on=(cls.written_by == User.id))
            .where(cls.case == case.id)
            .order_by(cls.id.desc())
        )

    @classmethod
    def submit(cls, case, by, seen_version, **fields):
        """Write the final report and ask the Kepala to close the case. A report sent back (or still
        waiting) is changed in place, through its version; after an approved one (a reopened case), a new
        one is made. Returns (termination, created)."""
        with db.atomic():
            current = cls.current(case)
            if current is None or current.is_approved:
                return cls.create(unit=case.unit_id, case=case.id, written_by=by, **fields), True
            current.save_if_unchanged(
                seen_version, status=cls.SUBMITTED, written_by=by, written_at=now(), head_note="", **fields
            )
            return current, False

    def approve(self, by, note=""):
        """The Kepala approves the final report: the case is closed (Case.close) with the reason; the
        monitoring step ends. False if it was not waiting for her (or the case was already closed)."""
        if by.role != roles.HEAD:
            raise PermissionError("only the head approves a termination")
        with db.atomic():
            done = (
                Termination.update(
                    status=self.APPROVED,
                    decided_by=by,
                    decided_at=now(),
                    head_note=note,
                    version=Termination.version + 1,
                )
                .where(Termination.id == self.id, Termination.status == self.SUBMITTED)
                .execute()
            )
            if not done:
                return False
            case = Case.get_by_id(self.case_id)
            label = self.reason_choice.name_id if self.reason_choice else self.reason
            if not case.close(by, label):
                raise ValueError("the case is already closed")
            if _has_step(case, sop_cases.MONITORING):
                from web.models.cases import CaseStepLog

                if CaseStepLog._open(case, sop_cases.MONITORING) is not None:
                    case.finish_step(sop_cases.MONITORING, by)
            self.status, self.decided_by, self.head_note = self.APPROVED, by, note
            return True

    def send_back(self, by, note):
        """The Kepala returns the report with her note; the case stays open."""
        if by.role != roles.HEAD:
            raise PermissionError("only the head decides on a termination")
        with db.atomic():
            done = (
                Termination.update(
                    status=self.RETURNED,
                    decided_by=by,
                    decided_at=now(),
                    head_note=note,
                    version=Termination.version + 1,
                )
                .where(Termination.id == self.id, Termination.status == self.SUBMITTED)
                .execute()
            )
            if done:
                self.status, self.head_note = self.RETURNED, note
                Case.get_by_id(self.case_id).record("termination_returned", by, note)
            return bool(done)
