"""Record the SOP steps as they happen: `start(plan, steps.PLAN, user)`, `finish(plan, steps.PLAN, user)`.

`subject` is a Target, Plan or Visit (anything with `unit_id` and `id`); `step` is one of the names
below (a key of web.sop.OUTREACH_STEPS). Both calls are idempotent: a step starts once and finishes
once (finishing again keeps the first finish); finishing a step that never started starts it then.
Screens show `timeline(subject, steps.VISIT_STEPS)`: never a list of step numbers.
"""

from peewee import IntegrityError

from web import sop
from web.db import db, is_embedded
from web.models.steps import DueStep, StepLog
from web.timeutil import now

# The 12 steps of the SOP Penjangkauan by name (web.sop.OUTREACH_STEPS holds their data).
TARGET = "sasaran"  # 1  choose who to reach
IDENTIFICATION = "identifikasi"  # 2  identify and verify the person
PLAN = "rencana"  # 3  the outreach plan and its budget
APPROVAL = "persetujuan"  # 4  the Kepala approves the plan
ASSIGNMENT = "penugasan"  # 5  the team is assigned and briefed
ADMINISTRATION = "administrasi"  # 6  Surat Tugas, SPPD, documents
COORDINATION = "koordinasi"  # 7  contacts with local government, police, village
CONSENT = "persetujuan_korban"  # 8  the person's consent
RISK_ASSESSMENT = "asesmen_risiko"  # 9  risk assessment in the field
FOLLOW_UP = "tindak_lanjut"  # 10 risk flag, referral or further assessment
REPORT = "laporan"  # 11 the outreach report to the Kepala
DOCUMENTATION = "dokumentasi"  # 12 documentation

# Which record each step is logged on.
TARGET_STEPS = (TARGET, IDENTIFICATION)
PLAN_STEPS = (PLAN, APPROVAL, ASSIGNMENT, ADMINISTRATION, COORDINATION, REPORT, DOCUMENTATION)
PLANNING_STEPS = (PLAN, APPROVAL, ASSIGNMENT)
VISIT_STEPS = (CONSENT, RISK_ASSESSMENT, FOLLOW_UP)


def _number(step):
    return step if isinstance(step, int) else sop.step(step).number


def _subject(subject):
    return subject._meta.table_name, subject.id


def _transaction():
    """Read-then-write in one go: on SQLite take the write lock first (BEGIN IMMEDIATE), so that two
    people starting the same step at once wait for each other instead of failing with "database is
    locked"; nested, a savepoint of the caller's transaction."""
    return db.atomic("IMMEDIATE") if is_embedded() else db.atomic()


# Steps that become due at a moment of their own, before anyone starts them (step 6: when the plan is
# ready for the admin staff): (subject type, step number) -> (since(subject), candidates(unit), since_many).
_DUE_RULES = {}


def due_rule(subject_type, step, since, candidates, since_many=None, waiting_query=None):
    """Declare that `step` of a `subject_type` subject is due from `since(subject)` (a datetime, or None
    while it is not due), and which subjects of a unit may be waiting for it (`candidates(unit)`).
    `since_many(subjects)` -> {id: datetime or None} answers for many subjects in a fixed number of
    queries. `waiting_query(unit, before)` -> a query of the subjects due and not started (due before
    `before`), each with `due_since`, the longest waiting first: the home's overdue panel filters,
    counts and cuts it in SQL."""
    _DUE_RULES[(subject_type, _number(step))] = (since, candidates, since_many)
    if waiting_query is not None:
        _WAITING_QUERIES[(subject_type, _number(step))] = waiting_query


_WAITING_QUERIES = {}


def waiting_queries(role):
    """[(subject type, step number, waiting_query)] of the due rules of the steps `role` performs."""
    return [
        (kind, number, query)
        for (kind, number), query in _WAITING_QUERIES.items()
        if sop.STEP_BY_NUMBER[number].role == role
    ]


def due_since(subject, step):
    rule = _DUE_RULES.get((_subject(subject)[0], _number(step)))
    return rule[0](subject) if rule else None


def waiting(unit, role=None):
    """[DueStep] of the unit's steps that are due and that nobody has started, oldest first (only the
    steps `role` performs, if given)."""
    out = []
    for (kind, number), (since, candidates, since_many) in _DUE_RULES.items():
        if role is not None and sop.STEP_BY_NUMBER[number].role != role:
            continue
        started = StepLog.select(StepLog.subject_id).where(StepLog.subject_type == kind, StepLog.step == number)
        query = candidates(unit)
        subjects = list(query.where(query.model.id.not_in(started)))
        if since_many is not None:
            times = since_many(subjects)
        else:
            times = {subject.id: since(subject) for subject in subjects}
        for subject in subjects:
            at = times.get(subject.id)
            if at is not None:
                out.append(DueStep(kind, subject.id, number, at))
    return sorted(out, key=lambda d: d.due_at)


def start(subject, step, user, at=None):
    kind, pk = _subject(subject)
    number = _number(step)
    due_at = due_since(subject, number) if (kind, number) in _DUE_RULES else None
    where = (StepLog.subject_type == kind, StepLog.subject_id == pk, StepLog.step == number)
    with _transaction():
        log = StepLog.get_or_none(*where)
        if log is None:
            try:
                with db.atomic():  # a savepoint: on PostgreSQL someone may start it in the same instant
                    log = StepLog.create(
                        unit=subject.unit_id,
                        subject_type=kind,
                        subject_id=pk,
                        step=number,
                        started_at=at or now(),
                        started_by=user,
                        due_at=due_at,
                    )
            except IntegrityError:
                log = StepLog.get(*where)
    return log


def finish(subject, step, user, at=None):
    with _transaction():
        log = start(subject, step, user, at=at)
        if log.finished_at is None:
            log.finished_at = at or now()
            log.finished_by = user
            log.save()
    return log


def restart_at(subject, step, at):
    """A step's clock moves back to `at` (e.g. step 1 to when the report was received, corrected later);
    never after the step finished, and only for a step already logged."""
    kind, pk = _subject(subject)
    with _transaction():
        log = StepLog.get_or_none(StepLog.subject_type == kind, StepLog.subject_id == pk, StepLog.step == _number(step))
        if log is not None and at < log.started_at and (log.finished_at is None or at <= log.finished_at):
            log.started_at = at
            log.save(only=[StepLog.started_at])
    return log


def timeline(subject, steps=None):
    """[(sop step, StepLog, or a false DueStep when due and not started, or None)]."""
    return timelines([subject], steps)[subject.id]


def timelines(subjects, steps=None):
    """{subject id: timeline(subject, steps)} for subjects of one type: their steps in one query."""
    subjects = list(subjects)
    if not subjects:
        return {}
    kind = _subject(subjects[0])[0]
    numbers = [_number(step) for step in steps] if steps else [s.number for s in sop.OUTREACH_STEPS]
    logs = {(log.subject_id, log.step): log for log in StepLog.for_subjects(kind, [s.id for s in subjects])}
    out = {}
    for subject in subjects:
        rows = []
        for number in numbers:
            log = logs.get((subject.id, number))
            if log is None and (kind, number) in _DUE_RULES:
                at = due_since(subject, number)
                log = DueStep(kind, subject.id, number, at) if at is not None else None
            rows.append((sop.STEP_BY_NUMBER[number], log))
        out[subject.id] = rows
    return out
