"""Cases (kasus): a client carried after the first contact, by the trafficking, violence or rehabilitation
SOP (web/sop_cases.py), whether she came through outreach or not.

Contract the case areas build on (intake, services, rehabilitation): Case, CaseStepLog, CaseEvent and the
methods below. Extend freely; rename nothing without telling.

* A case has a person and a target (the person's code said aloud, ``JGK-26-0042``): a case opened from an
  outreach visit or a risk flag keeps that visit's target; a walk-in client gets a new target that lives in
  the case (status ``Target.IN_CASE``), so it is never on the outreach to-do lists.
* Consent and the risk assessment are the visit forms (web/visits, web/assessments): a case meets its
  client in visits that belong to the case (``Visit.case``, no plan). ``Case.meeting(by)`` gives the
  case's open meeting (made on first use); a high-risk assessment there raises the same flag as outreach.
* The SOP's steps are logged per case in ``CaseStepLog`` (``case.start_step(sop_cases.ASSESSMENT, user)``,
  ``case.finish_step(...)``), with the deadline from the SOP's time standard; ``CaseEvent`` is the
  case's history as people read it (review decisions, closing, reopening).

Who may see a case: the unit's case managers and Kepala; the worker it is given to and the one who
opened it; admin staff (who receive the client, SOP step 1) see the intake and the documents, never the
assessment's story (areas check ``case.can_see_story(user)``). Nobody sees another unit's cases.
"""

from datetime import timedelta

from peewee import SQL, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField, fn

from web import roles, sop_cases
from web.concurrency import Versioned
from web.db import BaseModel, db
from web.models.core import Unit, User
from web.models.outreach import Counter, Person, Target, _same_unit
from web.models.referrals import RiskFlag
from web.models.visits import Visit
from web.timeutil import now


class Case(Versioned, BaseModel):
    OPEN, CLOSED = "terbuka", "ditutup"

    unit = ForeignKeyField(Unit, backref="cases", on_delete="RESTRICT")
    code = CharField()  # KS-26-0007: the case number, unique in its unit
    person = ForeignKeyField(Person, backref="cases", on_delete="RESTRICT")
    target = ForeignKeyField(Target, backref="cases", on_delete="RESTRICT")
    procedure = CharField()  # sop_cases.PROCEDURES key
    channel = CharField()  # sop_cases.CASE_CHANNELS key
    referrer_name = CharField(default="")  # who reported or referred (police officer, citizen, agency)
    referrer_agency = CharField(default="")
    referral_letter_no = CharField(default="")  # the agency's surat pengantar rujukan
    received_at = DateTimeField(default=now)  # when the unit received the report: SOP step 1's clock
    complaint_category = CharField(default="")  # sop_cases.COMPLAINT_CATEGORIES key
    chronology = TextField(default="")  # kronologis kasus: the story (never to admin staff after intake)
    origin_visit = ForeignKeyField(Visit, null=True, backref="+", on_delete="RESTRICT")  # from an outreach visit
    origin_flag = ForeignKeyField(RiskFlag, null=True, backref="+", on_delete="RESTRICT")  # from a risk flag
    status = CharField(default=OPEN, index=True)
    manager = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")  # the case manager
    worker = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")  # the worker (pendamping)
    opened_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    opened_at = DateTimeField(default=now)
    closed_at = DateTimeField(null=True)
    closed_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    close_reason = TextField(default="")
    version = IntegerField(default=1)
    instance_id = CharField(null=True, unique=True)  # the intake sent from a phone offline (web/offline)

    class Meta:
        table_name = "client_case"  # "case" is an SQL keyword
        indexes = (
            (("unit", "code"), True),
            (("unit", "status", "opened_at", "id"), False),  # the unit's open cases, newest first
            (("unit", "opened_at", "id"), False),  # every case of the unit, newest first (the case list)
        )

    @staticmethod
    def format_code(year, number):
        return f"KS-{year % 100:02d}-{number:04d}"

    def __str__(self):
        return self.code

    # -- who may see it -------------------------------------------------------------------

    @classmethod
    def visible_to(cls, user):
        """The cases `user` may open (the list queries start here)."""
        query = cls.select().where(cls.unit == user.unit_id)
        if user.role in (roles.CASE_MANAGER, roles.HEAD, roles.ADMIN):
            return query
        if user.role == roles.WORKER:
            return query.where((cls.worker == user.id) | (cls.opened_by == user.id))
        return query.where(SQL("1 = 0"))

    def can_view(self, user):
        if not _same_unit(self, user):
            return False
        if user.role in (roles.CASE_MANAGER, roles.HEAD, roles.ADMIN):
            return True
        return user.role == roles.WORKER and user.id in (self.worker_id, self.opened_by_id)

    def can_edit(self, user):
        """Work on the case: its worker and case managers (admin staff only at intake: see the intake area)."""
        return self.can_view(user) and user.role in (roles.WORKER, roles.CASE_MANAGER) and self.is_open

    def can_see_story(self, user):
        """The assessment, its story and what follows it: everyone who sees the case but admin staff."""
        return self.can_view(user) and user.role != roles.ADMIN

    # -- reading --------------------------------------------------------------------------

    @property
    def is_open(self):
        return self.status == self.OPEN

    @property
    def sop(self):
        """The procedure (sop_cases.Procedure) the case follows: its steps, time standards, criteria."""
        return sop_cases.PROCEDURE_BY_KEY[self.procedure]

    @classmethod
    def listing(cls, user):
        """The cases `user` sees, newest first, with their person and target (one query; web.paging pages it)."""
        return (
            cls.visible_to(user)
            .select_extend(Person, Target)
            .join(Person, on=(cls.person == Person.id))
            .switch(cls)
            .join(Target, on=(cls.target == Target.id))
            .order_by(cls.opened_at.desc(), cls.id.desc())
        )

    @classmethod
    def caseload(cls, user):
        """Open cases: a case manager's own (those she manages), the Kepala's whole unit, a worker's own."""
        query = cls.listing(user).where(cls.status == cls.OPEN)
        if user.role == roles.CASE_MANAGER:
            query = query.where(cls.manager == user.id)
        return query

    @classmethod
    def of_people(cls, user, people):
        """{person id: [the cases of that person `user` sees, newest first]} for a page of people (one query)."""
        ids = [p.id for p in people]
        out = {}
        if ids:
            for case in cls.visible_to(user).where(cls.person.in_(ids)).order_by(cls.opened_at.desc(), cls.id.desc()):
                out.setdefault(case.person_id, []).append(case)
        return out

    @classmethod
    def search(
        cls, user, q="", *, status=None, prosedur=None, kategori=None, risiko=None, terlambat=None, petugas=None
    ):
        """The cases `user` sees matching `q` (the person's name, NIK, phone, desa, or a case/target code) and
        the filters (keys as the search form names them), with person and target, unordered."""
        from web.models.outreach import search_terms
        from web.models.referrals import RiskAssessment
        from web.models.visits import Visit

        query = cls.listing(user).order_by()
        code, words = search_terms(q)
        if code:
            query = query.where((cls.code == code) | (Target.code == code))
        elif words:
            query = Person.matching(query, words)
        if status:
            query = query.where(cls.status == status)
        if prosedur:
            query = query.where(cls.procedure == prosedur)
        if kategori:
            query = query.where(cls.complaint_category == kategori)
        if petugas:
            query = query.where(cls.worker == petugas)
        if risiko:
            latest = (
                RiskAssessment.select(fn.MAX(RiskAssessment.id))
                .join(Visit, on=(RiskAssessment.visit == Visit.id))
                .where(Visit.case == cls.id)
            )
            levels = RiskAssessment.select(RiskAssessment.id).where(
                RiskAssessment.id == latest, RiskAssessment.level == risiko
            )
            query = query.where(fn.EXISTS(levels))
        if terlambat:
            query = query.where(cls.is_late(user.unit_id, now()))
        return query

    @classmethod
    def is_late(cls, unit_id, at):
        """A condition: the case has an open SOP step past its time standard at `at`, or something late that
        other case areas track (services past their due date). Subqueries, never a query per case."""
        late_steps = CaseStepLog.select(CaseStepLog.case).where(
            CaseStepLog.unit == unit_id, CaseStepLog.finished_at.is_null(), CaseStepLog.due_at < at
        )
        late = cls.id.in_(late_steps)
        for more in _late_elsewhere(unit_id, at):
            late |= cls.id.in_(more)
        return late

    @classmethod
    def caseload_counts(cls, user, at):
        """(open cases, of which late at `at`) of Case.caseload(user): two counts, whatever the caseload's size."""
        query = cls.caseload(user).order_by()
        return query.count(), query.where(cls.is_late(user.unit_id, at)).count()

    def meeting(self, by):
        """The case's visit for consent and the risk assessment (the forms of web/visits and web/assessments):
        the latest one, made on first use."""
        with db.atomic():
            visit = Visit.select().where(Visit.case == self.id).order_by(Visit.id.desc()).first()
            if visit is None:
                visit = Visit.create(unit=self.unit_id, case=self.id, target=self.target_id, created_by=by)
            return visit

    # -- the SOP's steps ------------------------------------------------------------------

    def start_step(self, key, by, at=None):
        """Start step `key` of the case's procedure (idempotent while it is open); its deadline is the
        SOP's time standard from `at` (default now). Returns the CaseStepLog."""
        return CaseStepLog.start(self, key, by, at)

    def finish_step(self, key, by, at=None):
        """Finish step `key` (starting it first if it never started). Returns the CaseStepLog."""
        return CaseStepLog.finish(self, key, by, at)

    def timeline(self):
        """[(sop_cases.CaseStep, CaseStepLog or None)] in the procedure's order (the latest log of each)."""
        logs = {}
        for log in CaseStepLog.select().where(CaseStepLog.case == self.id).order_by(CaseStepLog.id):
            logs[log.step] = log
        return [(step, logs.get(step.key)) for step in self.sop.steps]

    def events(self):
        return (
            CaseEvent.select(CaseEvent, User)
            .join(User, on=(CaseEvent.by == User.id))
            .where(CaseEvent.case == self.id)
            .order_by(CaseEvent.at, CaseEvent.id)
        )

    def record(self, kind, by, note=""):
        """Add to the case's history (a review decision, closing, reopening...)."""
        return CaseEvent.create(case=self.id, kind=kind, by=by, note=note)

    # -- writing --------------------------------------------------------------------------

    CLOSED_EVENT, REOPENED_EVENT = "closed", "reopened"

    def close(self, by, reason):
        """Termination (every SOP): the case is CLOSED with who, when and why, and its history says so.
        False (nothing written) if it was already closed. A closed case takes no new work
        (``can_edit``) until it is reopened."""
        with db.atomic():
            at = now()
            done = (
                Case.update(
                    status=self.CLOSED, closed_at=at, closed_by=by, close_reason=reason, version=Case.version + 1
                )
                .where(Case.id == self.id, Case.status == self.OPEN)
                .execute()
            )
            if not done:
                return False
            self.status, self.closed_at, self.closed_by, self.close_reason = self.CLOSED, at, by, reason
            self.version += 1
            self.record(self.CLOSED_EVENT, by, reason)
            return True

    def reopen(self, by, reason):
        """Open a closed case again (with the reason in its history; the closing stays there too). Its
        steps restart: the procedure's assessment step (the one after intake) starts again, a new log
        row with a new deadline. False if it was not closed."""
        with db.atomic():
            done = (
                Case.update(status=self.OPEN, closed_at=None, closed_by=None, close_reason="", version=Case.version + 1)
                .where(Case.id == self.id, Case.status == self.CLOSED)
                .execute()
            )
            if not done:
                return False
            self.status, self.closed_at, self.closed_by, self.close_reason = self.OPEN, None, None, ""
            self.version += 1
            self.record(self.REOPENED_EVENT, by, reason)
            self.start_step(self.sop.steps[1].key, by)
            return True

    @classmethod
    def open(cls, unit, by, *, person, procedure, channel, target=None, received_at=None, **fields):
        """A new case with the unit's next number, its intake step started at `received_at` (the SOP's
        clock runs from the report), in one transaction. Without `target` (a walk-in client), a target is
        made for the person that lives in the case."""
        if procedure not in sop_cases.PROCEDURE_BY_KEY:
            raise ValueError(f"unknown procedure {procedure!r}")
        at = now()
        received_at = received_at or at
        with Counter.transaction():
            if target is None:
                target = Target.create_with_code(
                    unit, by, person=person, kind=Target.REPORT, status=Target.IN_CASE, received_at=received_at
                )
            year = at.year
            while True:
                code = cls.format_code(year, Counter.next(unit, "case", year))
                if not cls.select().where(cls.unit == unit, cls.code == code).exists():
                    break
            case = cls.create(
                unit=unit,
                code=code,
                person=person,
                target=target,
                procedure=procedure,
                channel=channel,
                received_at=received_at,
                opened_by=by,
                opened_at=at,
                **fields,
            )
            case.start_step(sop_cases.INTAKE, by, at=received_at)
            return case


def _late_elsewhere(unit_id, at):
    """Subqueries of case ids with something late that other case areas track (services past their due date)."""
    from web.models.services import CaseService

    return [CaseService.overdue(unit_id, at).select(CaseService.case)]


class CaseStepLog(BaseModel):
    """When a step of a case's SOP started, its deadline (the time standard) and when it finished. A step
    done again after the case is reopened gets a new row; the open row of a step is the one that counts."""

    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    case = ForeignKeyField(Case, backref="step_logs", on_delete="RESTRICT")
    step = CharField()  # a key of the case's procedure steps (sop_cases.INTAKE, ...)
    started_at = DateTimeField(default=now)
    started_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    due_at = DateTimeField(null=True)  # started_at + the SOP's longest time; None: no time standard
    finished_at = DateTimeField(null=True)
    finished_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = (
            (("case", "step"), False),
            (("unit", "finished_at", "due_at"), False),  # the unit's open steps by deadline
        )

    @property
    def sop_step(self):
        return self.case.sop.step(self.step)

    def is_overdue(self, at=None):
        end = self.finished_at or at or now()
        return self.due_at is not None and end > self.due_at

    @classmethod
    def _open(cls, case, key):
        return (
            cls.select()
            .where(cls.case == case.id, cls.step == key, cls.finished_at.is_null())
            .order_by(cls.id.desc())
            .first()
        )

    @classmethod
    def start(cls, case, key, by, at=None):
        step = case.sop.step(key)
        if step is None:
            raise ValueError(f"{case.procedure} has no step {key!r}")
        with db.atomic():
            log = cls._open(case, key)
            if log is None:
                at = at or now()
                due = at + timedelta(minutes=step.max_minutes) if step.has_time_standard else None
                log = cls.create(unit=case.unit_id, case=case.id, step=key, started_at=at, started_by=by, due_at=due)
            return log

    @classmethod
    def finish(cls, case, key, by, at=None):
        with db.atomic():
            log = cls._open(case, key) or cls.start(case, key, by, at)
            log.finished_at, log.finished_by = at or now(), by
            log.save(only=[cls.finished_at, cls.finished_by])
            return log

    @classmethod
    def overdue(cls, unit, at=None):
        """The unit's unfinished case steps past their deadline, oldest deadline first, with their case."""
        return (
            cls.select(cls, Case)
            .join(Case, on=(cls.case == Case.id))
            .where(cls.unit == unit, cls.finished_at.is_null(), cls.due_at < (at or now()), Case.status == Case.OPEN)
            .order_by(cls.due_at, cls.id)
        )

    @classmethod
    def next_due(cls, cases):
        """{case id: the open step with the nearest deadline} for the given cases (one query)."""
        ids = [c.id for c in cases]
        out = {}
        if not ids:
            return out
        query = (
            cls.select()
            .where(cls.case.in_(ids), cls.finished_at.is_null())
            .order_by(cls.due_at.asc(nulls="LAST"), cls.id)
        )
        for log in query:
            out.setdefault(log.case_id, log)
        return out


class CaseEvent(BaseModel):
    """The case's history as people read it: who did what and when, with a note (no audit: web/audit.py)."""

    case = ForeignKeyField(Case, backref="+", on_delete="RESTRICT")
    at = DateTimeField(default=now)
    kind = CharField()  # what happened: the area's constant ("opened", "review_agreed", "closed", ...)
    by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    note = TextField(default="")

    class Meta:
        indexes = ((("case", "at"), False),)
