"""The case file (issue 11, points 1-4 and 7): the intake's documents checklist, the data and needs
assessment with the SIMFONI fields and its perpetrators, the supervisor's review, and who reviews in a
unit. The case itself is web/models/cases.py (the core).

SIMFONI counting (issue 12): every single-valued field is a column of CaseAssessment (keys of the lists in
web/sop_cases.py); every multi-valued answer (jenis kekerasan, the SOP criteria met, the needs found) is
one CaseAnswer row per value, as SIMFONI stores an extra jenis kekerasan as an extra row; perpetrators are
rows with their relation to the victim. The age band is derived from the person's date of birth (or the
estimated age) on the day of the incident and stored with the assessment, so a month's export counts it
without recomputing ages.
"""

from peewee import JOIN, BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from web import roles, sop_cases
from web.concurrency import Versioned
from web.db import BaseModel, db
from web.models.cases import Case
from web.models.core import Unit, User
from web.timeutil import now, today


class CaseSettings(BaseModel):
    """A unit's rules for its cases: who reviews the worker's assessment (SOP 000/001 step 3)."""

    unit = ForeignKeyField(Unit, backref="+", unique=True, on_delete="RESTRICT")
    reviewer = CharField(default=roles.CASE_MANAGER)  # sop_cases.REVIEWERS key: a role

    @classmethod
    def reviewer_of(cls, unit):
        row = cls.get_or_none(cls.unit == getattr(unit, "id", unit))
        return row.reviewer if row else roles.CASE_MANAGER

    @classmethod
    def set_reviewer(cls, unit, reviewer):
        if reviewer not in {c.key for c in sop_cases.REVIEWERS}:
            raise ValueError(reviewer)
        with db.atomic():
            row = cls.get_or_none(cls.unit == unit)
            if row is None:
                cls.create(unit=unit, reviewer=reviewer)
            elif row.reviewer != reviewer:
                cls.update(reviewer=reviewer).where(cls.id == row.id).execute()


class CaseDocument(BaseModel):
    """One document of the client's checklist (sop_cases.CLIENT_DOCUMENTS): brought or not, and a photo."""

    case = ForeignKeyField(Case, backref="documents", on_delete="RESTRICT")
    kind = CharField()  # sop_cases.CLIENT_DOCUMENTS key
    present = BooleanField(default=False)
    stored_name = CharField(null=True, unique=True)  # the photo (web/visits/uploads: random name)
    thumb_name = CharField(default="")
    content_type = CharField(default="")
    size = IntegerField(default=0)
    recorded_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    recorded_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("case", "kind"), True),)

    def can_view(self, user):
        return self.case.can_view(user)

    @property
    def item(self):
        return next((d for d in sop_cases.CLIENT_DOCUMENTS if d.key == self.kind), None)

    @property
    def is_image(self):
        return self.content_type.startswith("image/")

    @classmethod
    def checklist(cls, case):
        """[(sop Doc, CaseDocument or None)] in the SOP's order (one query)."""
        rows = {d.kind: d for d in cls.select().where(cls.case == case.id)}
        return [(doc, rows.get(doc.key)) for doc in sop_cases.CLIENT_DOCUMENTS]

    @classmethod
    def mark(cls, case, by, present_keys):
        """The checklist as ticked: each SOP document present or not (photos kept)."""
        with db.atomic():
            rows = {d.kind: d for d in cls.select().where(cls.case == case.id)}
            for doc in sop_cases.CLIENT_DOCUMENTS:
                present = doc.key in present_keys
                row = rows.get(doc.key)
                if row is None:
                    if present:
                        cls.create(case=case.id, kind=doc.key, present=True, recorded_by=by)
                elif row.present != present:
                    cls.update(present=present, recorded_by=by, recorded_at=now()).where(cls.id == row.id).execute()

    @classmethod
    def attach(cls, case, by, kind, stored):
        """The photo of document `kind` (it counts as present); returns the row and the replaced file's names."""
        with db.atomic():
            row = cls.get_or_none(cls.case == case.id, cls.kind == kind)
            old = (row.stored_name, row.thumb_name) if row and row.stored_name else None
            fields = dict(
                present=True,
                stored_name=stored.stored_name,
                thumb_name=stored.thumb_name,
                content_type=stored.content_type,
                size=stored.size,
                recorded_by=by,
                recorded_at=now(),
            )
            if row is None:
                row = cls.create(case=case.id, kind=kind, **fields)
            else:
                cls.update(**fields).where(cls.id == row.id).execute()
                row = cls.get_by_id(row.id)
            return row, old


class CaseAssessment(Versioned, BaseModel):
    """The data and needs assessment (SOP 000/001 step 2; 003 step 2) with the SIMFONI fields: written by the
    worker, sent to the supervisor, agreed or returned to be completed."""

    DRAFT, SUBMITTED, RETURNED, AGREED = "draf", "dikirim", "dikembalikan", "disetujui"

    case = ForeignKeyField(Case, backref="assessments", unique=True, on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    status = CharField(default=DRAFT, index=True)
    incident_date = DateField(null=True)  # tanggal kejadian
    incident_place = CharField(default="")  # sop_cases.INCIDENT_PLACES key (tempat kejadian)
    incident_address = CharField(default="")  # alamat TKP
    incident_kabupaten = CharField(default="")  # kota/kabupaten of the incident
    kdrt = BooleanField(null=True)  # KDRT: ya / tidak / not known
    education = CharField(default="")  # sop_cases.EDUCATION_LEVELS key
    occupation = CharField(default="")  # sop_cases.OCCUPATIONS key
    marital_status = CharField(default="")  # sop_cases.MARITAL_STATUSES key
    disability = CharField(default="")  # sop_cases.DISABILITIES key
    age_band = CharField(default="")  # sop_cases.age_band of the person on the incident date
    fits = BooleanField(null=True)  # the client fits the SOP (at least one criterion met); None: 003
    story = TextField(default="")  # what the assessment found (the story: never to admin staff)
    needs_note = TextField(default="")
    instance_id = CharField(null=True, unique=True)  # offline form
    assessed_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    assessed_at = DateTimeField(default=now)
    submitted_at = DateTimeField(null=True)
    version = IntegerField(default=1)

    VIOLENCE, CRITERION, NEED = "jenis_kekerasan", "kriteria", "kebutuhan"

    def can_view(self, user):
        return self.case.can_see_story(user)

    @classmethod
    def of(cls, case):
        return cls.get_or_none(cls.case == case.id)

    @property
    def is_editable(self):
        return self.status in (self.DRAFT, self.RETURNED)

    def answers(self, kind):
        return [a.key for a in self._answers() if a.kind == kind]

    def _answers(self):
        if not hasattr(self, "_answer_rows"):
            self._answer_rows = list(
                CaseAnswer.select().where(CaseAnswer.assessment == self.id).order_by(CaseAnswer.id)
            )
        return self._answer_rows

    @property
    def perpetrators(self):
        return list(Perpetrator.select().where(Perpetrator.assessment == self.id).order_by(Perpetrator.id))

    @staticmethod
    def band_for(person, on):
        return sop_cases.age_band(person.age(on or today()))

    @classmethod
    def save_for(cls, case, by, fields, multi, perpetrators, *, submit=False, seen_version=None, instance_id=None):
        """Write the assessment of `case` (made on first save): `fields` the columns, `multi` {kind: [keys]},
        `perpetrators` [dict]; with submit=True it goes to the supervisor (SOP step 2 done, step 3 starts).
        StaleRecord if someone saved since `seen_version`. Returns the assessment."""
        criteria = multi.get(cls.CRITERION, [])
        fits = bool(criteria) if case.sop.criteria else None
        fields = dict(fields, fits=fits, age_band=cls.band_for(case.person, fields.get("incident_date")))
        at = now()
        with db.atomic():
            assessment = cls.of(case)
            status = cls.SUBMITTED if submit else None
            if assessment is None:
                assessment = cls.create(
                    case=case.id,
                    unit=case.unit_id,
                    assessed_by=by,
                    assessed_at=at,
                    instance_id=instance_id,
                    status=status or cls.DRAFT,
                    submitted_at=at if submit else None,
                    **fields,
                )
            else:
                if not assessment.is_editable:
                    raise ValueError("assessment is with the supervisor")
                extra = dict(status=status, submitted_at=at) if submit else {}
                assessment.save_if_unchanged(seen_version, assessed_by=by, assessed_at=at, **fields, **extra)
                assessment = cls.get_by_id(assessment.id)
            CaseAnswer.delete().where(CaseAnswer.assessment == assessment.id).execute()
            rows = [
                dict(assessment=assessment.id, unit=case.unit_id, kind=kind, key=key)
                for kind, keys in multi.items()
                for key in dict.fromkeys(keys)
            ]
            if rows:
                CaseAnswer.insert_many(rows).execute()
            Perpetrator.delete().where(Perpetrator.assessment == assessment.id).execute()
            for p in perpetrators:
                Perpetrator.create(assessment=assessment.id, case=case.id, **p)
            case.start_step(sop_cases.ASSESSMENT, by)
            if submit:
                case.finish_step(sop_cases.ASSESSMENT, by)
                if case.sop.step(sop_cases.REVIEW):
                    case.start_step(sop_cases.REVIEW, by)
                case.record("assessment_submitted", by)
            return assessment

    @classmethod
    def waiting_review(cls, user):
        """Assessments of the unit sent to the supervisor, when `user` is the unit's reviewer (oldest first)."""
        if user.role != CaseSettings.reviewer_of(user.unit_id):
            return cls.select().where(cls.id.is_null())
        query = (
            cls.select(cls, Case)
            .join(Case, on=(cls.case == Case.id))
            .where(cls.unit == user.unit_id, cls.status == cls.SUBMITTED, Case.status == Case.OPEN)
            .order_by(cls.submitted_at, cls.id)
        )
        if user.role == roles.CASE_MANAGER:
            query = query.where((Case.manager == user.id) | Case.manager.is_null())
        return query


class CaseAnswer(BaseModel):
    """One value of a multi-valued answer of an assessment (one row per jenis kekerasan, criterion, need)."""

    assessment = ForeignKeyField(CaseAssessment, backref="+", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    kind = CharField()  # CaseAssessment.VIOLENCE / CRITERION / NEED
    key = CharField()

    class Meta:
        indexes = ((("unit", "kind", "key"), False), (("assessment", "kind", "key"), True))


class Perpetrator(BaseModel):
    """A perpetrator named at the assessment, with the relation to this victim (SIMFONI "Hub. dengan Korban")."""

    assessment = ForeignKeyField(CaseAssessment, backref="+", on_delete="CASCADE")
    case = ForeignKeyField(Case, backref="+", on_delete="RESTRICT")
    name = CharField(default="")  # may be unknown
    sex = CharField(default="")  # "p" / "l" / ""
    age = IntegerField(null=True)  # estimated; under 18 = pelaku anak
    relation = CharField()  # sop_cases.PERPETRATOR_RELATIONS key

    @property
    def is_child(self):
        return self.age is not None and self.age < 18


class CaseReview(BaseModel):
    """The supervisor's answer to an assessment (SOP 000/001 step 3): agree, ask for more, or agree and decide
    the services (sop_cases.REFERRAL_SERVICES keys, for the services area). The reviews are the history."""

    case = ForeignKeyField(Case, backref="+", on_delete="RESTRICT")
    assessment = ForeignKeyField(CaseAssessment, backref="reviews", on_delete="RESTRICT")
    decision = CharField()  # sop_cases.REVIEW_DECISIONS key
    note = TextField(default="")
    services = CharField(default="")  # comma-separated service keys decided
    by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    at = DateTimeField(default=now)

    @property
    def service_keys(self):
        return [k for k in self.services.split(",") if k]

    @classmethod
    def history(cls, case):
        return (
            cls.select(cls, User)
            .join(User, JOIN.INNER, on=(cls.by == User.id))
            .where(cls.case == case.id)
            .order_by(cls.at, cls.id)
        )

    @classmethod
    def decided_services(cls, case):
        """The services the supervisor decided for the case (the latest such review), for the services area."""
        row = (
            cls.select()
            .where(cls.case == case.id, cls.decision == sop_cases.REVIEW_SERVICES)
            .order_by(cls.id.desc())
            .first()
        )
        return row.service_keys if row else []

    @classmethod
    def decide(cls, assessment, by, decision, note="", services=()):
        """Record the supervisor's decision: "more" sends the assessment back to the worker (step 2 again),
        agreeing closes step 3 and starts the services step (000/001 step 4)."""
        case = assessment.case
        if assessment.status != CaseAssessment.SUBMITTED:
            raise ValueError("not waiting for a review")
        if decision not in {c.key for c in sop_cases.REVIEW_DECISIONS}:
            raise ValueError(decision)
        with db.atomic():
            review = cls.create(
                case=case.id,
                assessment=assessment.id,
                decision=decision,
                note=note,
                services=",".join(services) if decision == sop_cases.REVIEW_SERVICES else "",
                by=by,
            )
            status = CaseAssessment.RETURNED if decision == sop_cases.REVIEW_MORE else CaseAssessment.AGREED
            assessment.save_if_unchanged(None, status=status)
            if case.sop.step(sop_cases.REVIEW):
                case.finish_step(sop_cases.REVIEW, by)
            if decision == sop_cases.REVIEW_MORE:
                case.start_step(sop_cases.ASSESSMENT, by)
            elif case.sop.step(sop_cases.SERVICES):
                case.start_step(sop_cases.SERVICES, by)
            case.record(f"review_{decision}", by, note)
            return review
