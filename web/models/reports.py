"""Reports (issue 12, points 4 and 5): a unit's figures for a month and the rows of its exports.

Every figure is one aggregate query (GROUP BY in SQL), so a dashboard runs the same number of queries
for ten cases or ten thousand. A month is given as [start, end) in naive UTC (the database's clock),
computed by the caller from the unit's time zone (web/reports/months.py).

* ``ReportSettings``: who besides the Kepala may export the unit's data (a unit setting).
* ``Figures``: the dashboard's counts (cases by jenis kekerasan, age band and sex; services given; risk
  flags and the time to the first response; SOP steps done within their time standard).
* ``ExportRows``: the rows of the SIMFONI export and of the PMKS register, read in a fixed number of queries.
"""

from peewee import JOIN, SQL, CharField, ForeignKeyField, NodeList, fn
from peewee import Case as SqlCase

from web import roles, sop, sop_cases
from web.db import BaseModel, db, is_embedded
from web.models.casefile import CaseAnswer, CaseAssessment, Perpetrator
from web.models.cases import Case, CaseStepLog
from web.models.core import Unit
from web.models.outreach import Person
from web.models.referrals import RiskFlag
from web.models.services import DONE, IN_PROGRESS, CaseService, PmksEntry
from web.models.steps import StepLog

GIVEN = (IN_PROGRESS, DONE)  # a service counts as given once it started


class ReportSettings(BaseModel):
    """A unit's rule for its exports: the Kepala always, and the role granted here (sop_cases.EXPORT_GRANTS)."""

    unit = ForeignKeyField(Unit, backref="+", unique=True, on_delete="RESTRICT")
    export_role = CharField(default="")  # "" (only the Kepala) or roles.CASE_MANAGER

    class Meta:
        table_name = "report_settings"

    @classmethod
    def export_role_of(cls, unit):
        row = cls.get_or_none(cls.unit == getattr(unit, "id", unit))
        return row.export_role if row else ""

    @classmethod
    def may_export(cls, user):
        if user.role == roles.HEAD:
            return True
        granted = cls.export_role_of(user.unit_id)
        return bool(granted) and user.role == granted

    @classmethod
    def set_export_role(cls, unit, role):
        if role not in sop.keys(sop_cases.EXPORT_GRANTS):
            raise ValueError(role)
        with db.atomic():
            row = cls.get_or_none(cls.unit == unit)
            if row is None:
                cls.create(unit=unit, export_role=role)
            elif row.export_role != role:
                cls.update(export_role=role).where(cls.id == row.id).execute()


def minutes_between(later, earlier):
    """SQL: minutes from `earlier` to `later` (naive UTC datetimes), on SQLite and PostgreSQL."""
    if is_embedded():
        return (fn.julianday(later) - fn.julianday(earlier)) * 1440
    return NodeList((SQL("EXTRACT(EPOCH FROM"), later - earlier, SQL(")"))) / 60


def _received_in(start, end):
    return (Case.received_at >= start) & (Case.received_at < end)


class Figures:
    """A unit's figures for the month [start, end). Each method is one query and returns plain data."""

    def __init__(self, unit_id, start, end):
        self.unit_id, self.start, self.end = unit_id, start, end

    def cases_total(self):
        return Case.select().where(Case.unit == self.unit_id, _received_in(self.start, self.end)).count()

    def by_violence(self):
        """{jenis kekerasan key: cases} for the cases received in the month (a case counts once per type)."""
        query = (
            CaseAnswer.select(CaseAnswer.key, fn.COUNT(fn.DISTINCT(Case.id)).alias("n"))
            .join(CaseAssessment, on=(CaseAnswer.assessment == CaseAssessment.id))
            .join(Case, on=(CaseAssessment.case == Case.id))
            .where(
                Case.unit == self.unit_id,
                CaseAnswer.kind == CaseAssessment.VIOLENCE,
                _received_in(self.start, self.end),
            )
            .group_by(CaseAnswer.key)
        )
        return {row.key: row.n for row in query.objects()}

    def by_age_sex(self):
        """{(age band or "", sex or ""): cases} for the cases received in the month (the band of the assessment)."""
        query = (
            Case.select(CaseAssessment.age_band.alias("band"), Person.sex.alias("sex"), fn.COUNT(Case.id).alias("n"))
            .join(Person, on=(Case.person == Person.id))
            .switch(Case)
            .join(CaseAssessment, JOIN.LEFT_OUTER, on=(CaseAssessment.case == Case.id))
            .where(Case.unit == self.unit_id, _received_in(self.start, self.end))
            .group_by(CaseAssessment.age_band, Person.sex)
        )
        out = {}
        for row in query.objects():  # no assessment (NULL) and an empty band are the same "not known"
            key = (row.band or "", row.sex or "")
            out[key] = out.get(key, 0) + row.n
        return out

    def services_given(self):
        """{service key: services} started (or done) in the month."""
        given_at = fn.COALESCE(CaseService.started_at, CaseService.finished_at)
        query = (
            CaseService.select(CaseService.service, fn.COUNT(CaseService.id).alias("n"))
            .where(
                CaseService.unit == self.unit_id,
                CaseService.status.in_(GIVEN),
                given_at >= self.start,
                given_at < self.end,
            )
            .group_by(CaseService.service)
        )
        return {row.service: row.n for row in query.objects()}

    def flags(self):
        """The risk flags raised in the month: {"total", "open" (not yet acknowledged), "average" minutes to
        the first response (None if none), "bands": {RESPONSE_BANDS key: flags}}."""
        minutes = minutes_between(RiskFlag.acknowledged_at, RiskFlag.raised_at)
        whens = [(minutes <= limit, key) for limit, (key, _, _) in sop_cases.RESPONSE_BANDS if limit is not None]
        last = sop_cases.RESPONSE_BANDS[-1][1].key
        band = SqlCase(None, [(RiskFlag.acknowledged_at.is_null(), "")] + whens, last)
        query = (
            RiskFlag.select(band.alias("band"), fn.COUNT(RiskFlag.id).alias("n"), fn.AVG(minutes).alias("avg"))
            .where(RiskFlag.unit == self.unit_id, RiskFlag.raised_at >= self.start, RiskFlag.raised_at < self.end)
            .group_by(SQL("1"))  # by the band's position: PostgreSQL does not match a CASE with parameters
        )
        bands, total, open_, weighted, answered = {}, 0, 0, 0.0, 0
        for row in query.objects():
            total += row.n
            if not row.band:
                open_ += row.n
                continue
            bands[row.band] = row.n
            answered += row.n
            weighted += float(row.avg or 0) * row.n
        return {
            "total": total,
            "open": open_,
            "average": round(weighted / answered) if answered else None,
            "bands": bands,
        }

    def outreach_steps(self):
        """{outreach step number: (finished, within the time standard)} for steps finished in the month."""
        clock = SqlCase(None, [(StepLog.due_at < StepLog.started_at, StepLog.due_at)], StepLog.started_at)
        limit = SqlCase(StepLog.step, [(s.number, s.minutes) for s in sop.OUTREACH_STEPS], 0)
        within = SqlCase(None, [(minutes_between(StepLog.finished_at, clock) <= limit, 1)], 0)
        query = (
            StepLog.select(StepLog.step, fn.COUNT(StepLog.id).alias("n"), fn.SUM(within).alias("ok"))
            .where(StepLog.unit == self.unit_id, StepLog.finished_at >= self.start, StepLog.finished_at < self.end)
            .group_by(StepLog.step)
        )
        return {row.step: (row.n, int(row.ok or 0)) for row in query.objects()}

    def case_steps(self):
        """{case step key: (finished, by the deadline)} for case steps with a time standard finished in the month."""
        within = SqlCase(None, [(CaseStepLog.finished_at <= CaseStepLog.due_at, 1)], 0)
        query = (
            CaseStepLog.select(CaseStepLog.step, fn.COUNT(CaseStepLog.id).alias("n"), fn.SUM(within).alias("ok"))
            .where(
                CaseStepLog.unit == self.unit_id,
                CaseStepLog.due_at.is_null(False),
                CaseStepLog.finished_at >= self.start,
                CaseStepLog.finished_at < self.end,
            )
            .group_by(CaseStepLog.step)
        )
        return {row.step: (row.n, int(row.ok or 0)) for row in query.objects()}


class ExportRows:
    """What the unit's exports read for the month [start, end): a fixed number of queries, rows as dicts."""

    def __init__(self, unit_id, start, end):
        self.unit_id, self.start, self.end = unit_id, start, end

    def cases(self):
        """The cases received in the month with their person and assessment (None if not assessed yet)."""
        return list(
            Case.select(Case, Person, CaseAssessment)
            .join(Person, on=(Case.person == Person.id))
            .switch(Case)
            .join(CaseAssessment, JOIN.LEFT_OUTER, on=(CaseAssessment.case == Case.id), attr="assessment_row")
            .where(Case.unit == self.unit_id, _received_in(self.start, self.end))
            .order_by(Case.received_at, Case.id)
        )

    def violence(self, case_ids):
        """{case id: [jenis kekerasan keys]} of these cases' assessments."""
        out = {}
        if case_ids:
            query = (
                CaseAnswer.select(CaseAnswer.key, CaseAssessment.case.alias("case_id"))
                .join(CaseAssessment, on=(CaseAnswer.assessment == CaseAssessment.id))
                .where(CaseAssessment.case.in_(case_ids), CaseAnswer.kind == CaseAssessment.VIOLENCE)
                .order_by(CaseAnswer.id)
            )
            for row in query.objects():
                out.setdefault(row.case_id, []).append(row.key)
        return out

    @staticmethod
    def relations(case_ids):
        """{case id: [the perpetrators' relations to the victim]}."""
        out = {}
        if case_ids:
            query = Perpetrator.select(Perpetrator.case, Perpetrator.relation).where(Perpetrator.case.in_(case_ids))
            for row in query.order_by(Perpetrator.id):
                out.setdefault(row.case_id, []).append(row.relation)
        return out

    def services(self):
        """The services given (started or done) in the month, with their case, person and assessment."""
        given_at = fn.COALESCE(CaseService.started_at, CaseService.finished_at)
        return list(
            CaseService.select(CaseService, Case, Person, CaseAssessment)
            .join(Case, on=(CaseService.case == Case.id))
            .join(Person, on=(Case.person == Person.id))
            .switch(Case)
            .join(CaseAssessment, JOIN.LEFT_OUTER, on=(CaseAssessment.case == Case.id), attr="assessment_row")
            .where(
                CaseService.unit == self.unit_id,
                CaseService.status.in_(GIVEN),
                given_at >= self.start,
                given_at < self.end,
            )
            .order_by(given_at, CaseService.id)
        )

    def pmks(self):
        """The PMKS register entries recorded in the month, by number, with their case and person."""
        return list(
            PmksEntry.select(PmksEntry, Case, Person)
            .join(Case, on=(PmksEntry.case == Case.id))
            .join(Person, on=(Case.person == Person.id))
            .where(
                PmksEntry.unit == self.unit_id, PmksEntry.recorded_at >= self.start, PmksEntry.recorded_at < self.end
            )
            .order_by(PmksEntry.year, PmksEntry.number)
        )
