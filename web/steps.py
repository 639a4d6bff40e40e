"""Record the SOP steps as they happen: `start(plan, steps.PLAN, user)`, `finish(plan, steps.PLAN, user)`.

`subject` is a Target, Plan or Visit (anything with `unit_id` and `id`); `step` is one of the names
below (a key of web.sop.OUTREACH_STEPS). Both calls are idempotent: a step starts once and finishes
once (finishing again keeps the first finish); finishing a step that never started starts it then.
Screens show `timeline(subject, steps.VISIT_STEPS)`: never a list of step numbers.
"""
from peewee import IntegrityError

from web import sop
from web.db import db, is_embedded
from web.models.steps import StepLog
from web.timeutil import now

# The 12 steps of the SOP Penjangkauan by name (web.sop.OUTREACH_STEPS holds their data).
TARGET = "sasaran"                    # 1  choose who to reach
IDENTIFICATION = "identifikasi"       # 2  identify and verify the person
PLAN = "rencana"                      # 3  the outreach plan and its budget
APPROVAL = "persetujuan"              # 4  the Kepala approves the plan
ASSIGNMENT = "penugasan"              # 5  the team is assigned and briefed
ADMINISTRATION = "administrasi"       # 6  Surat Tugas, SPPD, documents
COORDINATION = "koordinasi"           # 7  contacts with local government, police, village
CONSENT = "persetujuan_korban"        # 8  the person's consent
RISK_ASSESSMENT = "asesmen_risiko"    # 9  risk assessment in the field
FOLLOW_UP = "tindak_lanjut"           # 10 risk flag, referral or further assessment
REPORT = "laporan"                    # 11 the outreach report to the Kepala
DOCUMENTATION = "dokumentasi"         # 12 documentation

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


def start(subject, step, user, at=None):
    kind, pk = _subject(subject)
    number = _number(step)
    where = (StepLog.subject_type == kind, StepLog.subject_id == pk, StepLog.step == number)
    with _transaction():
        log = StepLog.get_or_none(*where)
        if log is None:
            try:
                with db.atomic():  # a savepoint: on PostgreSQL someone may start it in the same instant
                    log = StepLog.create(unit=subject.unit_id, subject_type=kind, subject_id=pk, step=number,
                                         started_at=at or now(), started_by=user)
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


def timeline(subject, steps=None):
    """[(sop step, StepLog or None)] for the named steps (all 12 if None)."""
    kind, pk = _subject(subject)
    return StepLog.timeline(kind, pk, [_number(step) for step in steps] if steps else None)
