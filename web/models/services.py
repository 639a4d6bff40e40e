"""Services and referrals of a case, and the records the SOPs name (issue 11, points 5 and 8).

* ``CaseService``: one service a case gets (SOP 000/001 step 4 a-e, SOP 003's social security, school,
  rehabilitation, legal aid, psychological support: ``sop_cases.CASE_SERVICES``), with its provider, its
  due date (the SOP's 3-7 days: ``sop_cases.SERVICE_DUE_DAYS``), its state (planned -> in progress -> done,
  or not possible with the reason) and its outcome. The first service starts the case's step
  ``sop_cases.SERVICES`` (where the procedure has it); the last one settled finishes it. Starting a service
  shares the client's data with the partner: the case's consent must allow it
  (``ConsentScope.sharing_allowed``), or the worker writes why the client's life cannot wait (audited as
  an override, as emergency referrals do).
* ``ServiceLetter``: the numbered recommendation letter (surat rekomendasi) of the services the SOP gives
  one (``sop_cases.LETTER_SERVICES``), in the unit's one sequence of outgoing letters with the Surat Tugas
  (``Counter`` name ``Letter.COUNTER``): ``014/REK/UPTD-PPA/2026``. Taken inside the transaction that makes
  the letter: no gaps, no duplicates (see web/models/letters.py).
* ``SocialReport``: the laporan sosial of a case (the worker's text; the rest comes from the case).
* ``PmksEntry``: the case's client in the unit's PMKS register (Permensos 08/2012), numbered per year.

Who sees what: a record of a case is seen by those who see the case (``Case.can_view``); the outcome,
the notes and the reasons are the story, never shown to admin staff (``Case.can_see_story``), who may
still make and print the letters and the PMKS entry (identity and service only, no story).
"""

import json
from datetime import timedelta

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField, fn

from web import roles, sop, sop_cases
from web.concurrency import Versioned
from web.db import BaseModel, db, is_embedded
from web.models.cases import Case
from web.models.core import NIP_LENGTH, Unit, User
from web.models.letters import Letter
from web.models.outreach import Counter
from web.models.visits import Consent, ConsentScope, Visit
from web.timeutil import now

PLANNED = sop_cases.SERVICE_PLANNED
IN_PROGRESS = sop_cases.SERVICE_IN_PROGRESS
DONE = sop_cases.SERVICE_DONE
NOT_POSSIBLE = sop_cases.SERVICE_NOT_POSSIBLE
OPEN_STATES = (PLANNED, IN_PROGRESS)

# CaseEvent kinds written here (the case's history)
EVENT_PLANNED, EVENT_STARTED, EVENT_DONE, EVENT_NOT_POSSIBLE, EVENT_LETTER = (e.key for e in sop_cases.SERVICE_EVENTS)


class ServiceError(Exception):
    """A service cannot do that; `code` names why (the view says it in the user's language)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code  # "state" | "consent" | "closed" | "unknown" | "no_letter" | "no_signer" | "required"


def consent_visit(case):
    """The visit whose latest consent speaks for the case: the newest of the case's own visits with a
    consent, else the outreach visit the case came from, else None."""
    visits = list(Visit.select().where(Visit.case == case.id).order_by(Visit.id.desc()))
    if case.origin_visit_id:
        visits.append(Visit.get_by_id(case.origin_visit_id))
    with_consent = (
        {c.visit_id for c in Consent.select(Consent.visit).where(Consent.visit.in_([v.id for v in visits]))}
        if visits
        else set()
    )
    return next((v for v in visits if v.id in with_consent), None)


def sharing_for(case, kinds=None):
    """{partner kind: may the client's data be shared with it} by the case's consent (constant queries)."""
    kinds = tuple(kinds) if kinds is not None else sop.keys(sop.PARTNER_KINDS)
    visit = consent_visit(case)
    return {kind: bool(visit and ConsentScope.sharing_allowed(visit, kind)) for kind in kinds}


class CaseService(BaseModel):
    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    case = ForeignKeyField(Case, backref="services", on_delete="RESTRICT")
    service = CharField()  # sop_cases.CASE_SERVICES key
    provider = CharField()  # the hospital, office, shelter or body that gives it
    contact = CharField(default="")  # the person or desk there
    coordinator = CharField(default="")  # d. shelter: the shelter coordinator (Koordinator Rumah Singgah)
    note = TextField(default="")  # what is planned (the story: not for admin staff)
    status = CharField(default=PLANNED)
    planned_at = DateTimeField(default=now)
    planned_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    due_at = DateTimeField()
    started_at = DateTimeField(null=True)
    started_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    finished_at = DateTimeField(null=True)
    finished_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    outcome = TextField(default="")  # done: what came of it
    reason = TextField(default="")  # not possible: why
    consent_override = TextField(default="")  # shared without consent: why her life could not wait

    class Meta:
        table_name = "case_service"
        indexes = (
            (("case", "id"), False),
            (("unit", "status", "due_at"), False),  # the unit's open services by deadline
        )

    # -- reading --------------------------------------------------------------------------

    def can_view(self, user):
        return self.case.can_view(user)

    def can_edit(self, user):
        return self.case.can_edit(user)

    @property
    def item(self):
        return sop_cases.CASE_SERVICE_BY_KEY.get(self.service)

    @property
    def state(self):
        return sop.by_key(sop_cases.SERVICE_STATES, self.status, None)

    @property
    def is_open(self):
        return self.status in OPEN_STATES

    @property
    def needs_letter(self):
        return self.service in sop_cases.LETTER_SERVICES

    @property
    def partner_kind(self):
        item = self.item
        return item.partner_kind if item else "lainnya"

    def is_overdue(self, at=None):
        return self.is_open and self.due_at < (at or now())

    @classmethod
    def for_case(cls, case):
        return list(cls.select().where(cls.case == case.id).order_by(cls.planned_at, cls.id))

    @classmethod
    def overdue(cls, unit, at=None):
        """The unit's planned or running services past their due date, in open cases, oldest deadline
        first, each with its case (for the caseload and the Kepala's list)."""
        return (
            cls.select(cls, Case)
            .join(Case, on=(cls.case == Case.id))
            .where(
                cls.unit == unit,
                cls.status.in_(OPEN_STATES),
                cls.due_at < (at or now()),
                Case.status == Case.OPEN,
            )
            .order_by(cls.due_at, cls.id)
        )

    @classmethod
    def overdue_counts(cls, cases, at=None):
        """{case id: number of overdue services} for the given cases (one query; cases without: absent)."""
        ids = [c.id if hasattr(c, "id") else c for c in cases]
        if not ids:
            return {}
        query = (
            cls.select(cls.case, fn.COUNT(cls.id))
            .where(cls.case.in_(ids), cls.status.in_(OPEN_STATES), cls.due_at < (at or now()))
            .group_by(cls.case)
            .tuples()
        )
        return {case_id: count for case_id, count in query}

    # -- writing --------------------------------------------------------------------------

    @classmethod
    def plan(cls, case, by, *, service, provider, contact="", coordinator="", note="", at=None):
        """Plan a service for the case; its due date is the SOP's (step 4: within 7 days). Starts the
        case's step 4 where the procedure has it."""
        if service not in sop_cases.CASE_SERVICE_BY_KEY:
            raise ServiceError("unknown")
        provider = (provider or "").strip()
        if not provider:
            raise ServiceError("required")
        if not case.is_open:
            raise ServiceError("closed")
        at = at or now()
        with db.atomic():
            row = cls.create(
                unit=case.unit_id,
                case=case.id,
                service=service,
                provider=provider[:255],
                contact=(contact or "").strip()[:255],
                coordinator=(coordinator or "").strip()[:255] if service == sop_cases.SHELTER else "",
                note=(note or "").strip(),
                planned_at=at,
                planned_by=by,
                due_at=at + timedelta(days=sop_cases.SERVICE_DUE_DAYS),
            )
            if case.sop.step(sop_cases.SERVICES) is not None:
                case.start_step(sop_cases.SERVICES, by, at=at)
            case.record(EVENT_PLANNED, by, note=f"{row.item.name_id} ({row.provider})")
        return row

    def sharing_allowed(self):
        return sharing_for(self.case, [self.partner_kind])[self.partner_kind]

    def _move(self, by, to, allowed_from, at=None, **fields):
        """Move to state `to` from one of `allowed_from` (one conditional UPDATE: two people pressing at
        once move it once), then settle the case's step 4 when nothing is left open."""
        cls = type(self)
        if not self.case.is_open:
            raise ServiceError("closed")
        at = at or now()
        with db.atomic():
            done = cls.update(status=to, **fields).where(cls.id == self.id, cls.status.in_(allowed_from)).execute()
            if done != 1:
                raise ServiceError("state")
            for name, value in fields.items():
                setattr(self, name, value)
            self.status = to
            case = self.case
            if to in (DONE, NOT_POSSIBLE) and case.sop.step(sop_cases.SERVICES) is not None:
                still_open = cls.select().where(cls.case == case.id, cls.status.in_(OPEN_STATES)).exists()
                if not still_open:
                    case.finish_step(sop_cases.SERVICES, by, at=at)
            kind = {IN_PROGRESS: EVENT_STARTED, DONE: EVENT_DONE, NOT_POSSIBLE: EVENT_NOT_POSSIBLE}[to]
            case.record(kind, by, note=f"{self.item.name_id} ({self.provider})")

    def start(self, by, override_reason="", at=None):
        """Planned -> in progress: the partner now gets the client's data. Without the consent's sharing
        scope for the partner, only with `override_reason` (her life cannot wait); else ServiceError
        "consent"."""
        override_reason = (override_reason or "").strip()
        if self.status != PLANNED:
            raise ServiceError("state")
        if not self.consent_override and not self.sharing_allowed():
            if not override_reason:
                raise ServiceError("consent")
        else:
            override_reason = self.consent_override
        at = at or now()
        self._move(by, IN_PROGRESS, (PLANNED,), at, started_at=at, started_by=by, consent_override=override_reason)

    def finish(self, by, outcome, at=None):
        """In progress -> done, with what came of it."""
        outcome = (outcome or "").strip()
        if not outcome:
            raise ServiceError("required")
        at = at or now()
        self._move(by, DONE, (IN_PROGRESS,), at, finished_at=at, finished_by=by, outcome=outcome)

    def not_possible(self, by, reason, at=None):
        """Planned or in progress -> not possible, with the reason."""
        reason = (reason or "").strip()
        if not reason:
            raise ServiceError("required")
        at = at or now()
        self._move(by, NOT_POSSIBLE, OPEN_STATES, at, finished_at=at, finished_by=by, reason=reason)


class ServiceLetter(BaseModel):
    """A numbered recommendation letter (surat rekomendasi) for a service, signed by the Kepala."""

    ABBREVIATION = "REK"

    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    case = ForeignKeyField(Case, backref="+", on_delete="RESTRICT")
    service = ForeignKeyField(CaseService, backref="letters", on_delete="RESTRICT", unique=True)
    year = IntegerField()
    number = IntegerField()
    code = CharField()  # 014/REK/UPTD-PPA/2026
    addressee = CharField()  # the provider as on the letter
    signer = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    signer_name = CharField(default="")
    signer_nip = CharField(max_length=NIP_LENGTH, default="")
    issued_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    issued_at = DateTimeField(default=now)
    printed_count = IntegerField(default=0)
    last_printed_at = DateTimeField(null=True)

    class Meta:
        table_name = "service_letter"
        indexes = ((("unit", "year", "number"), True),)

    def can_view(self, user):
        return self.case.can_view(user)

    @staticmethod
    def format_code(number, unit_code, year):
        return f"{number:03d}/{ServiceLetter.ABBREVIATION}/{unit_code}/{year}"

    @classmethod
    def of_services(cls, services):
        """{service id: its letter} for the given services (one query)."""
        ids = [s.id for s in services]
        if not ids:
            return {}
        return {letter.service_id: letter for letter in cls.select().where(cls.service.in_(ids))}

    @classmethod
    def numbers_in(cls, unit, year):
        """Every number of the unit's outgoing letters in `year`: Surat Tugas, SPPD and these, sorted."""
        ours = cls.select(cls.number).where(cls.unit == unit, cls.year == year).tuples()
        return sorted([n for (n,) in ours] + Letter.numbers_in(unit, year))

    @classmethod
    def issue(cls, service, by, year, at=None):
        """The service's letter, made now with the unit's next letter number if it has none yet.
        Returns (letter, made). ServiceError "no_letter" (the SOP gives this service none), "consent"
        (the partner may not get the client's data), "no_signer" (no active Kepala), "closed"."""
        with Counter.transaction():  # SQLite: the write lock at once; the number is given back on failure
            query = CaseService.select().where(CaseService.id == service.id)
            if not is_embedded():
                query = query.for_update()  # PostgreSQL: a second issue of this service waits for the first
            service = query.get()
            existing = cls.get_or_none(cls.service == service.id)
            if existing is not None:
                return existing, False
            if not service.needs_letter:
                raise ServiceError("no_letter")
            case = service.case
            if not case.is_open:
                raise ServiceError("closed")
            if service.status == NOT_POSSIBLE:
                raise ServiceError("state")
            if not service.consent_override and not service.sharing_allowed():
                raise ServiceError("consent")
            signer = User.in_unit(case.unit_id, roles.HEAD).first()
            if signer is None:
                raise ServiceError("no_signer")
            number = Counter.next(case.unit_id, Letter.COUNTER, year)
            letter = cls.create(
                unit=case.unit_id,
                case=case.id,
                service=service.id,
                year=year,
                number=number,
                code=cls.format_code(number, case.unit.code, year),
                addressee=service.provider,
                signer=signer,
                signer_name=signer.full_name,
                signer_nip=signer.nip,
                issued_by=by,
                issued_at=at or now(),
            )
            case.record(EVENT_LETTER, by, note=f"{letter.code}, {service.item.name_id}")
            return letter, True

    def record_print(self):
        cls = type(self)
        with db.atomic():
            cls.update(printed_count=cls.printed_count + 1, last_printed_at=now()).where(cls.id == self.id).execute()
        self.printed_count += 1


class SocialReport(Versioned, BaseModel):
    """The laporan sosial of a case: what the worker writes (the client's condition, the analysis, the
    recommendation); identity, chronology and services are read from the case when it is printed."""

    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    case = ForeignKeyField(Case, backref="+", on_delete="RESTRICT", unique=True)
    condition = TextField(default="")  # kondisi klien: fisik, psikis, sosial, ekonomi
    analysis = TextField(default="")  # analisis masalah (hasil asesmen)
    recommendation = TextField(default="")  # rekomendasi
    written_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    written_at = DateTimeField(default=now)
    updated_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    updated_at = DateTimeField(null=True)
    version = IntegerField(default=1)

    class Meta:
        table_name = "social_report"

    def can_view(self, user):
        return self.case.can_see_story(user)

    @classmethod
    def of(cls, case):
        return cls.get_or_none(cls.case == case.id)

    @classmethod
    def write(cls, case, by, seen_version=None, **fields):
        """Save the report (made on first save). StaleRecord when someone saved since `seen_version`."""
        fields = {k: (v or "").strip() for k, v in fields.items()}
        with db.atomic():
            report = cls.of(case)
            if report is None:
                return cls.create(unit=case.unit_id, case=case.id, written_by=by, **fields)
            report.save_if_unchanged(seen_version, updated_by=by.id, updated_at=now(), **fields)
            return cls.get_by_id(report.id)


class PmksEntry(Versioned, BaseModel):
    """The case's client in the PMKS register (Permensos 08/2012): the kind of PMKS, the criteria met, and
    what the person's record lacks for it (KK number, place of birth, province); numbered per unit and
    year (``0007/PMKS/UPTD-PPA/2026``)."""

    COUNTER = "pmks"

    unit = ForeignKeyField(Unit, backref="+", on_delete="RESTRICT")
    case = ForeignKeyField(Case, backref="+", on_delete="RESTRICT", unique=True)
    year = IntegerField()
    number = IntegerField()
    code = CharField()
    pmks_type = CharField()  # sop_cases.PMKS_TYPES key
    criteria = TextField(default="[]")  # JSON: the keys of the procedure's criteria met
    kk_number = CharField(default="")  # Nomor Kartu Keluarga (16 digits)
    birth_place = CharField(default="")
    province = CharField(default="")
    handling = CharField(default="dalam_penanganan")  # sop_cases.PMKS_HANDLING key
    recorded_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    recorded_at = DateTimeField(default=now)
    updated_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    updated_at = DateTimeField(null=True)
    version = IntegerField(default=1)

    class Meta:
        table_name = "pmks_entry"
        # the number is unique in a unit's year; the register pages newest first by keyset (migration 0025)
        indexes = ((("unit", "year", "number"), True), (("unit", "recorded_at", "id"), False))

    def can_view(self, user):
        return self.case.can_view(user)

    @property
    def criteria_keys(self):
        return json.loads(self.criteria or "[]")

    @property
    def type_item(self):
        return sop.by_key(sop_cases.PMKS_TYPES, self.pmks_type, None)

    @property
    def handling_item(self):
        return sop.by_key(sop_cases.PMKS_HANDLING, self.handling, None)

    @staticmethod
    def suggested_type(case):
        if case.procedure == sop_cases.TRAFFICKING:
            return sop_cases.PMKS_TRAFFICKING
        return sop_cases.PMKS_CHILD_VIOLENCE if case.person.is_child else sop_cases.PMKS_VIOLENCE

    @classmethod
    def of(cls, case):
        return cls.get_or_none(cls.case == case.id)

    @classmethod
    def register(cls, unit, year=None):
        """The unit's register (of a year), by number, with each entry's case (one query)."""
        query = cls.select(cls, Case).join(Case, on=(cls.case == Case.id)).where(cls.unit == unit)
        if year is not None:
            query = query.where(cls.year == year)
        return query.order_by(cls.year.desc(), cls.number.desc())

    @classmethod
    def write(cls, case, by, year, seen_version=None, *, criteria=(), **fields):
        """Enter the client in the register (numbered on first save) or change the entry."""
        fields = {k: (v or "").strip() for k, v in fields.items()}
        fields["criteria"] = json.dumps(sorted(set(criteria)))
        with Counter.transaction():
            entry = cls.of(case)
            if entry is None:
                number = Counter.next(case.unit_id, cls.COUNTER, year)
                return cls.create(
                    unit=case.unit_id,
                    case=case.id,
                    year=year,
                    number=number,
                    code=f"{number:04d}/PMKS/{case.unit.code}/{year}",
                    recorded_by=by,
                    **fields,
                )
            entry.save_if_unchanged(seen_version, updated_by=by.id, updated_at=now(), **fields)
            return cls.get_by_id(entry.id)


def services_visible(case, user):
    """What of a case's services `user` may read: "all", or "letters" for admin staff (no story)."""
    if case.can_see_story(user):
        return "all"
    return "letters" if case.can_view(user) else None
