"""Outreach (SOP Penjangkauan steps 1-7): people to reach, targets, plans and their teams.

The core of this module is a contract other areas rely on (visits hang off a target of an
approved plan, assigned to a worker): Person, Target, Plan, PlanTarget, Assignment and their
fields below. Extend freely; rename nothing without telling the other areas.

Added for steps 1-5 (issue 3A):

* ``Counter``: gap-free numbers per unit, name and year (``Counter.next(unit, "target", 2026)``),
  taken inside the caller's transaction; used for target codes ``JGK-26-0042``.
* ``Verification``: step 2, who verified the identity and address, when, and the result.
* ``BudgetLine``, ``TeamProposal``, ``PlanParty``: step 3, the plan's budget (integer Rupiah),
  proposed team and the parties to coordinate with.
* ``PlanDecision``: steps 3-4, every submission, approval and return of every version of a plan,
  with who, when, the note and the level (Kepala UPTD or Kepala Dinas).
* The plan's workflow (``Plan.submit``, ``Plan.decide``, ``Plan.new_version``, ``Plan.assign``)
  records the SOP steps with ``web.steps``.

Who may see what: the unit's case managers and Kepala see every target and plan of the unit;
a worker sees the targets they recorded, the plans they wrote or are assigned to, and the targets
of those plans; admin staff see approved plans (never a person's record). Nobody sees another
unit's records, and a system administrator sees none.
"""

import re
import unicodedata

from peewee import (
    JOIN,
    SQL,
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
)

from web import roles, sop, steps
from web.concurrency import Versioned
from web.db import BaseModel, db, is_embedded
from web.models.core import Unit, User
from web.timeutil import now, today

NIK_RE = re.compile(r"^\d{16}$")
MAX_LINE_TOTAL = 1_000_000_000  # Rp 1.000.000.000: a budget line above this is a typing mistake
MAX_QUANTITY = 10_000


def _same_unit(record, user):
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.active
        and user.unit_id == record.unit_id
        and user.role in roles.STAFF
    )


def normal_text(value):
    """Trimmed, single-spaced, lower-cased: for comparing names and villages."""
    return " ".join((value or "").split()).lower()


def search_form(value):
    """Text as the search compares it: lower-case, without accents (é -> e), letters and digits only, single
    spaces. "Séndang-Ayu " -> "sendang ayu"; the phone "0812-3456" -> "0812 3456"."""
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(c if c.isalnum() else " " for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().split())


CODE_RE = re.compile(r"^(JGK|KS)-?(\d{2})-?(\d{1,6})$", re.IGNORECASE)


def search_terms(q):
    """(code, words) of what was typed in the search box: a target or case code ("jgk-26-42" -> "JGK-26-0042")
    is looked up as a code; anything else is split into search_form words."""
    q = (q or "").strip()
    code = CODE_RE.match(q.replace(" ", ""))
    if code:
        return f"{code.group(1).upper()}-{code.group(2)}-{int(code.group(3)):04d}", []
    return None, search_form(q).split()[:8]


class Counter(BaseModel):
    """The last number given out per unit, name ("target", ...) and year: no gaps, no duplicates.

    ``Counter.next()`` raises the row's value inside the caller's transaction: if that transaction
    rolls back, the number is given back; a second caller waits for the first to commit (the row is
    locked on PostgreSQL; the whole database is write-locked on SQLite, see ``transaction()``).
    """

    unit = ForeignKeyField(Unit, on_delete="RESTRICT", backref="+")
    name = CharField()
    year = IntegerField()
    value = IntegerField(default=0)

    class Meta:
        indexes = ((("unit", "name", "year"), True),)

    @staticmethod
    def transaction():
        """A transaction that takes the write lock at once on SQLite (BEGIN IMMEDIATE), so that two
        writers wait for each other instead of failing; a plain one on PostgreSQL. Nested, it is a
        savepoint of the outer transaction: open the outer one with this too."""
        return db.atomic("IMMEDIATE") if is_embedded() else db.atomic()

    @classmethod
    def next(cls, unit, name, year) -> int:
        """The next number (1, 2, ...) of `name` in `unit` and `year`."""
        with cls.transaction():
            query = cls.insert(unit=unit, name=name, year=year, value=1).on_conflict(
                conflict_target=[cls.unit, cls.name, cls.year], update={cls.value: cls.value + 1}
            )
            if db.obj.returning_clause:  # PostgreSQL: UPDATE ... RETURNING in one statement
                return query.returning(cls.value).tuples().execute()[0][0]
            query.execute()
            return cls.select(cls.value).where(cls.unit == unit, cls.name == name, cls.year == year).scalar()

    @classmethod
    def last(cls, unit, name, year) -> int:
        return cls.select(cls.value).where(cls.unit == unit, cls.name == name, cls.year == year).scalar() or 0


class Person(BaseModel):
    """Someone the unit reaches. Every field here is sensitive: show only through fetch()."""

    unit = ForeignKeyField(Unit, backref="people", on_delete="RESTRICT")
    name = CharField()  # name or alias, as known
    sex = CharField(default="")  # "p" perempuan, "l" laki-laki, "" unknown
    birth_date = DateField(null=True)
    estimated_age = IntegerField(null=True)
    nik = CharField(null=True, index=True)  # 16 digits, optional
    address = TextField(default="")
    desa = CharField(default="")  # desa / kelurahan
    kecamatan = CharField(default="")
    kabupaten = CharField(default="")  # kabupaten / kota
    guardian_name = CharField(default="")  # parent or guardian, for a child
    guardian_relation = CharField(default="")
    guardian_phone = CharField(default="")
    phone = CharField(default="")
    disability = CharField(default="")
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(null=True)
    # What the search looks in (search_form of the name, NIK, phones, desa...): kept by save() and
    # Person.reindex(); indexed by trigrams (SQLite FTS5 table person_search, PostgreSQL pg_trgm; migration 0019)
    search_text = TextField(default="")

    SEXES = ("p", "l")
    SEARCHED = ("name", "nik", "phone", "guardian_name", "guardian_phone", "desa", "kecamatan", "kabupaten")

    def searchable(self):
        return search_form(" ".join(str(getattr(self, name) or "") for name in self.SEARCHED))

    def save(self, *args, **kwargs):
        self.search_text = self.searchable()
        if kwargs.get("only") is not None:
            kwargs["only"] = [*kwargs["only"], Person.search_text]
        return super().save(*args, **kwargs)

    @classmethod
    def reindex(cls, ids):
        """Recompute search_text of these people (after an UPDATE that bypassed save())."""
        for person in cls.select().where(cls.id.in_(list(ids))):
            cls.update(search_text=person.searchable()).where(cls.id == person.id).execute()

    @classmethod
    def visible_to(cls, user):
        """The people `user` may open (Person.can_view as a query)."""
        query = cls.select().where(cls.unit == user.unit_id)
        if user.role in (roles.CASE_MANAGER, roles.HEAD):
            return query
        if user.role != roles.WORKER:
            return query.where(SQL("1 = 0"))
        seen = Target.visible_to(user).select(Target.person).where(Target.person.is_null(False))
        return query.where((cls.created_by == user.id) | cls.id.in_(seen))

    @classmethod
    def search(cls, user, q):
        """The people `user` may open that match `q` (web.models.outreach.search_terms), unordered: a code
        finds the person of that target or case."""
        from web.models.cases import Case  # (cases build on this module)

        code, words = search_terms(q)
        query = cls.visible_to(user)
        if code:
            by_target = Target.select(Target.person).where(Target.unit == user.unit_id, Target.code == code)
            by_case = Case.select(Case.person).where(Case.unit == user.unit_id, Case.code == code)
            return query.where(cls.id.in_(by_target) | cls.id.in_(by_case))
        return cls.matching(query, words)

    @classmethod
    def matching(cls, query, words):
        """`query` narrowed to people whose search_text holds every word (search_form words: letters and
        digits only), through the trigram index: SQLite's FTS5 table person_search for words of 3 letters
        or more, PostgreSQL's pg_trgm index on search_text. On SQLite the words go to FTS5 in one subquery
        (the index intersects them): one subquery per word would list every person a common word such as a
        village's name matches, 2 s at 100k people instead of a few ms."""
        indexed = [word for word in words if is_embedded() and len(word) >= 3]
        if indexed:
            likes = " AND ".join(["search_text LIKE ?"] * len(indexed))
            found = SQL(f"(SELECT rowid FROM person_search WHERE {likes})", tuple(f"%{w}%" for w in indexed))
            query = query.where(cls.id.in_(found))
        for word in words:
            if word not in indexed:
                query = query.where(cls.search_text.contains(word))
        return query

    def age(self, on=None):
        on = on or today()
        if self.birth_date:
            b = self.birth_date
            return on.year - b.year - ((on.month, on.day) < (b.month, b.day))
        return self.estimated_age

    @property
    def is_child(self):
        """A child is under 18 (UU 35/2014). Unknown age is not assumed to be adult or child."""
        age = self.age()
        return age is not None and age < 18

    @property
    def masked_nik(self):
        """3201••••••••0001: enough to compare with a card, not enough to copy."""
        if not self.nik:
            return ""
        return self.nik[:4] + "•" * (len(self.nik) - 8) + self.nik[-4:]

    def can_view(self, user):
        if not _same_unit(self, user) or user.role == roles.ADMIN:
            return False
        if user.role in (roles.CASE_MANAGER, roles.HEAD):
            return True
        return self.created_by_id == user.id or Target.visible_to(user).where(Target.person == self.id).exists()

    def can_edit(self, user):
        return self.can_view(user) and user.role in (roles.WORKER, roles.CASE_MANAGER)

    @classmethod
    def nik_taken(cls, unit, nik, exclude=None):
        """Another person of `unit` already has this NIK (a NIK is one person; the database refuses a second)."""
        query = cls.select().where(cls.unit == unit, cls.nik == nik)
        if exclude is not None:
            query = query.where(cls.id != getattr(exclude, "id", exclude))
        return query.exists()

    @classmethod
    def possible_duplicates(cls, unit, *, nik=None, name=None, birth_date=None, desa=None, exclude=None):
        """People of `unit` that may be the same person: the same NIK, or the same name, birth date
        and desa (compared without case and extra spaces)."""
        conditions = []
        if nik:
            conditions.append(cls.nik == nik)
        if name and birth_date and desa:
            conditions.append(
                (fn.LOWER(fn.TRIM(cls.name)) == normal_text(name))
                & (cls.birth_date == birth_date)
                & (fn.LOWER(fn.TRIM(cls.desa)) == normal_text(desa))
            )
        if not conditions:
            return []
        match = conditions[0]
        for condition in conditions[1:]:
            match = match | condition
        query = cls.select().where(cls.unit == unit, match)
        if exclude is not None:
            query = query.where(cls.id != getattr(exclude, "id", exclude))
        # the name rule compares single-spaced names; the database only trims
        out = []
        for person in query.order_by(cls.id):
            if (nik and person.nik == nik) or normal_text(person.name) == normal_text(name):
                out.append(person)
        return out


# One NIK is one person in a unit (a partial index: many people have no NIK recorded).
Person.add_index(
    Person.index(Person.unit, Person.nik, unique=True, where=Person.nik.is_null(False), name="person_unit_nik_unique")
)


class Target(Versioned, BaseModel):
    """Step 1: someone who should be reached, with how the unit came to know."""

    HIGH_RISK, REPORT = "risiko_tinggi", "laporan"
    KINDS = (HIGH_RISK, REPORT)
    NEW, IDENTIFIED = "baru", "teridentifikasi"  # then a web.sop.VERIFICATION_RESULTS key
    IN_CASE = "kasus"  # a client who came to a case without outreach (web.models.cases): no outreach to do

    unit = ForeignKeyField(Unit, backref="targets", on_delete="RESTRICT")
    code = CharField(index=True)  # JGK-26-0042: said aloud instead of a name (unique in its unit)
    person = ForeignKeyField(Person, null=True, backref="targets", on_delete="RESTRICT")
    kind = CharField(default="laporan")  # "risiko_tinggi" (high-risk individual) | "laporan" (indirect report)
    source = CharField(default="")  # web.sop.TARGET_SOURCES key
    received_at = DateTimeField(null=True)
    report = TextField(default="")  # what was reported (the story)
    status = CharField(default="baru", index=True)
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=now)
    reporter_name = CharField(default="")  # who reported: kept apart from the story, shown to few
    reporter_phone = CharField(default="")
    problem = TextField(default="")  # step 2: the problem as the person or family tell it
    updated_at = DateTimeField(null=True)
    version = IntegerField(default=1)  # optimistic concurrency of the edit screens (web.concurrency)

    class Meta:
        indexes = ((("unit", "code"), True), (("unit", "created_at", "id"), False))  # the list, newest first, by keyset

    @staticmethod
    def format_code(year, number):
        return f"JGK-{year % 100:02d}-{number:04d}"

    @classmethod
    def count_since(cls, unit, since):
        return cls.select().where(cls.unit == unit, cls.created_at >= since).count()

    @classmethod
    def unit_is_empty(cls, unit):
        """No target recorded yet in the unit: a new unit (its homes say what to do first)."""
        return not cls.select(cls.id).where(cls.unit == unit).exists()

    @classmethod
    def create_with_code(cls, unit, created_by, year=None, at=None, **fields):
        """A new target with the unit's next code of `year` (default: this year), in one locked
        transaction: two workers saving at the same moment get two consecutive codes."""
        at = at or now()
        year = year or at.year
        with Counter.transaction():
            while True:
                code = cls.format_code(year, Counter.next(unit, "target", year))
                if not cls.select().where(cls.unit == unit, cls.code == code).exists():
                    break  # (a code taken outside the counter is skipped, never given twice)
            return cls.create(unit=unit, code=code, created_by=created_by, created_at=at, **fields)

    # -- who may see it -------------------------------------------------------------------

    @classmethod
    def visible_to(cls, user):
        query = cls.select().where(cls.unit == user.unit_id)
        if user.role in (roles.CASE_MANAGER, roles.HEAD):
            return query
        if user.role != roles.WORKER:
            return query.where(SQL("1 = 0"))
        plans = Plan.select(Plan.id).where(
            Plan.unit == user.unit_id,
            (Plan.created_by == user.id)
            | Plan.id.in_(
                Assignment.select(Assignment.plan).where(Assignment.user == user.id, Assignment.active == True)
            ),
        )
        in_plans = PlanTarget.select(PlanTarget.target).where(PlanTarget.plan.in_(plans))
        from web.models.cases import Case  # (cases build on this module)

        in_cases = Case.select(Case.target).where(Case.unit == user.unit_id, Case.worker == user.id)
        return query.where((cls.created_by == user.id) | cls.id.in_(in_plans) | cls.id.in_(in_cases))

    def can_view(self, user):
        return _same_unit(self, user) and type(self).visible_to(user).where(type(self).id == self.id).exists()

    @classmethod
    def visible_among(cls, user, targets):
        """The ids of `targets` that `user` may open (`can_view` of each, in one query)."""
        ids = [target.id for target in targets]
        if not ids:
            return set()
        return {pk for (pk,) in cls.visible_to(user).select(cls.id).where(cls.id.in_(ids)).tuples()}

    def can_edit(self, user):
        return self.can_view(user) and user.role in (roles.WORKER, roles.CASE_MANAGER)

    def can_see_reporter(self, user):
        """The reporter's contact: the worker who recorded it, case managers and the Kepala."""
        return self.can_view(user) and (user.role in (roles.CASE_MANAGER, roles.HEAD) or self.created_by_id == user.id)

    # -- reading --------------------------------------------------------------------------

    @classmethod
    def listing(cls, user):
        """The targets `user` sees, newest first, with their person (one query; web.paging pages it)."""
        return (
            cls.visible_to(user)
            .select_extend(Person)
            .join(Person, JOIN.LEFT_OUTER)
            .order_by(cls.created_at.desc(), cls.id.desc())
        )

    @classmethod
    def open_of(cls, user):
        """The user's own targets still to identify or verify (step 2 to finish), oldest first."""
        return (
            cls.select(cls, Person)
            .join(Person, JOIN.LEFT_OUTER)
            .where(cls.unit == user.unit_id, cls.created_by == user.id, cls.status.in_([cls.NEW, cls.IDENTIFIED]))
            .order_by(cls.created_at, cls.id)
        )

    @classmethod
    def unplanned_of(cls, user):
        """The user's own verified targets that are in no plan yet (step 3 to do)."""
        return (
            cls.select(cls, Person)
            .join(Person, JOIN.LEFT_OUTER)
            .where(
                cls.unit == user.unit_id,
                cls.created_by == user.id,
                cls.status.not_in([cls.NEW, cls.IDENTIFIED, cls.IN_CASE]),
                cls.id.not_in(PlanTarget.select(PlanTarget.target)),
            )
            .order_by(cls.created_at, cls.id)
        )

    @classmethod
    def latest_of_people(cls, people):
        """{person id: that person's newest target} for a page of people (one query)."""
        ids = [p.id for p in people]
        out = {}
        if ids:
            for target in cls.select().where(cls.person.in_(ids)).order_by(cls.created_at.desc(), cls.id.desc()):
                out.setdefault(target.person_id, target)
        return out

    @classmethod
    def for_picking(cls, user, include=()):
        """Targets a user may put in a plan: those they see, newest first (plus `include`)."""
        found = list(cls.listing(user))
        seen = {t.id for t in found}
        return found + [t for t in include if t.id not in seen]

    # -- writing --------------------------------------------------------------------------

    def correct(self, seen_version, **fields):
        """Step 1 again: how the unit came to know (StaleRecord if changed since `seen_version`)."""
        return self.save_if_unchanged(seen_version, updated_at=now(), **fields)

    def identify(self, seen_version, by, person_data, problem, same=None):
        """Step 2: the person as far as known, and the problem. `same` is an existing Person the worker
        says this is; else the target's person is updated, or a new one made. Returns "linked",
        "created" or "updated" (what happened to the person). StaleRecord if changed since."""
        with db.atomic():
            person = self.person if self.person_id else None
            if same is not None:
                person, done = same, "linked"
            elif person is None:
                person, done = Person.create(unit=by.unit_id, created_by=by, **person_data), "created"
            else:
                Person.update(updated_at=now(), **person_data).where(Person.id == person.id).execute()
                Person.reindex([person.id])
                done = "updated"
            status = self.IDENTIFIED if self.status == self.NEW else self.status
            self.save_if_unchanged(seen_version, person=person, problem=problem, status=status, updated_at=now())
            steps.start(self, steps.IDENTIFICATION, by)
        return done

    @property
    def source_item(self):
        return sop.by_key(sop.TARGET_SOURCES, self.source, None)

    @property
    def verifications(self):
        return list(
            Verification.select()
            .where(Verification.target == self)
            .order_by(Verification.verified_on.desc(), Verification.id.desc())
        )

    @property
    def latest_verification(self):
        return (
            Verification.select()
            .where(Verification.target == self)
            .order_by(Verification.verified_on.desc(), Verification.id.desc())
            .first()
        )

    @property
    def is_child(self):
        return bool(self.person_id and self.person.is_child)

    @property
    def plans(self):
        return list(
            Plan.select()
            .join(PlanTarget)
            .where(PlanTarget.target == self)
            .order_by(Plan.created_at.desc(), Plan.id.desc())
        )


class Verification(BaseModel):
    """Step 2: the identity and address checked with an authority, with the result."""

    target = ForeignKeyField(Target, backref="+", on_delete="CASCADE")
    result = CharField()  # web.sop.VERIFICATION_RESULTS key
    authority = CharField()  # web.sop.VERIFICATION_AUTHORITIES key
    authority_detail = CharField(default="")  # which office, whom (for "lainnya", or more precise)
    verified_on = DateField()
    note = TextField(default="")
    recorded_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    recorded_at = DateTimeField(default=now)

    def can_view(self, user):
        return self.target.can_view(user)

    @property
    def result_item(self):
        return sop.by_key(sop.VERIFICATION_RESULTS, self.result, None)

    @property
    def authority_item(self):
        return sop.by_key(sop.VERIFICATION_AUTHORITIES, self.authority, None)


class PlanStateError(Exception):
    """The plan is not (or no longer) in a state that allows this: someone acted first."""


class Plan(Versioned, BaseModel):
    """Step 3: an outreach plan with its budget; approved by the Kepala (step 4)."""

    DRAFT, SUBMITTED, RETURNED, APPROVED, SUPERSEDED = "draft", "diajukan", "dikembalikan", "disetujui", "diganti"
    AWAITING_DINAS = "menunggu_dinas"  # approved by the Kepala UPTD, waiting for the Kepala Dinas
    EDITABLE = (DRAFT, RETURNED)
    AUTHOR_ROLES = (roles.WORKER, roles.CASE_MANAGER)  # who writes plans
    VERSION_FIELD = "row_version"  # `version` numbers the approved versions; this one guards the edit screen

    unit = ForeignKeyField(Unit, backref="plans", on_delete="RESTRICT")
    purpose = TextField(default="")
    places = TextField(default="")
    start_date = DateField(null=True)
    end_date = DateField(null=True)
    status = CharField(default=DRAFT, index=True)
    version = IntegerField(default=1)
    previous = ForeignKeyField("self", null=True, backref="next_versions", on_delete="RESTRICT")
    created_by = ForeignKeyField(User, on_delete="RESTRICT")
    created_at = DateTimeField(default=now)
    chain_root = IntegerField(null=True, index=True)  # id of version 1: all versions share it
    title = CharField(default="")  # "Penjangkauan Desa Contoh": never a victim's name
    team_note = TextField(default="")  # team members from outside the app (psychologist, ...)
    parties_note = TextField(default="")  # names of the offices and people to coordinate with
    briefing = TextField(default="")  # step 5: what the team must know before going
    briefed_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    briefed_at = DateTimeField(null=True)
    submitted_at = DateTimeField(null=True)
    updated_at = DateTimeField(null=True)
    row_version = IntegerField(default=1)  # optimistic concurrency of the edit screen (web.concurrency)
    # The plan's own number on its letters ("004/RP/UPTD-PPA/2026"), given when its first letters are
    # made (web.models.letters) and kept by its later versions; "" until then.
    number = CharField(default="")

    class Meta:
        indexes = ((("unit", "created_at", "id"), False),)  # the list, newest first, by keyset

    @classmethod
    def give_number(cls, plan, year):
        """The plan's number, given now if no version of it has one (inside the caller's transaction,
        from the unit's "rencana" counter of `year`). Returns it."""
        if plan.number:
            return plan.number
        root = plan.chain_root or plan.id
        earlier = (
            cls.select(cls.number)
            .where(((cls.chain_root == root) | (cls.id == root)), cls.number != "")
            .order_by(cls.id)
            .first()
        )
        if earlier is not None:
            number = earlier.number
        else:
            number = f"{Counter.next(plan.unit_id, 'rencana', year):03d}/RP/{plan.unit.code}/{year}"
        cls.update(number=number).where(cls.id == plan.id).execute()
        plan.number = number
        return number

    @property
    def is_approved(self):
        return self.status == self.APPROVED

    @property
    def label(self):
        """What a plan is called on screens and letters: its title, else its number."""
        from flask_babel import lazy_gettext

        return self.title or lazy_gettext("Rencana no. %(id)s", id=self.id)

    @property
    def is_editable(self):
        return self.status in self.EDITABLE

    # -- who may see and do what ----------------------------------------------------------

    @classmethod
    def visible_to(cls, user):
        query = cls.select().where(cls.unit == user.unit_id)
        if user.role in (roles.CASE_MANAGER, roles.HEAD):
            return query
        if user.role == roles.ADMIN:
            return query.where(cls.status.in_([cls.APPROVED, cls.SUPERSEDED]))
        if user.role == roles.WORKER:
            assigned = Assignment.select(Assignment.plan).where(Assignment.user == user.id, Assignment.active == True)
            return query.where((cls.created_by == user.id) | cls.id.in_(assigned))
        return query.where(SQL("1 = 0"))

    def can_view(self, user):
        return _same_unit(self, user) and type(self).visible_to(user).where(type(self).id == self.id).exists()

    def _author(self, user):
        return _same_unit(self, user) and (
            user.role == roles.CASE_MANAGER or (user.role == roles.WORKER and self.created_by_id == user.id)
        )

    def can_edit(self, user):
        """Change the content (a draft, or a plan returned for changes): its author or a case manager."""
        return self.is_editable and self._author(user)

    def can_revise(self, user):
        """Start a new version of an approved plan."""
        return self.is_approved and self._author(user) and self.open_revision is None

    def can_decide(self, user):
        return _same_unit(self, user) and user.role == roles.HEAD and self.status == self.SUBMITTED

    def can_record_dinas(self, user):
        return _same_unit(self, user) and user.role == roles.HEAD and self.status == self.AWAITING_DINAS

    def can_assign(self, user):
        return _same_unit(self, user) and user.role in (roles.HEAD, roles.CASE_MANAGER) and self.is_approved

    # -- named queries --------------------------------------------------------------------

    @classmethod
    def in_unit(cls, unit):
        return cls.select().where(cls.unit == unit).order_by(cls.created_at.desc(), cls.id.desc())

    @classmethod
    def listing(cls, user):
        """The plans `user` sees, newest first, with their author (one query; web.paging pages it)."""
        author = User.alias()
        return (
            cls.visible_to(user)
            .select_extend(author)
            .join(author, on=(cls.created_by == author.id), attr="created_by")
            .order_by(cls.created_at.desc(), cls.id.desc())
        )

    @classmethod
    def open_steps(cls, plans):
        """{plan id: its open SOP step log (the lowest step)} for many plans, in one query."""
        from web.models.steps import StepLog

        ids = [p.id for p in plans]
        out = {}
        for log in (  # also without plans: a home issues the same queries whatever the data
            StepLog.select()
            .where(StepLog.subject_type == "plan", StepLog.subject_id.in_(ids), StepLog.finished_at.is_null())
            .order_by(StepLog.step.desc())
        ):
            out[log.subject_id] = log
        return out

    @classmethod
    def in_unit_with_author(cls, unit):
        author = User.alias()
        return (
            cls.select(cls, author)
            .join(author, on=(cls.created_by == author.id), attr="created_by")
            .where(cls.unit == unit)
            .order_by(cls.created_at.desc(), cls.id.desc())
        )

    @classmethod
    def awaiting_approval(cls, unit):
        """Submitted plans the Kepala UPTD must approve or return, oldest first (with their author)."""
        return (
            cls.select(cls, User)
            .join(User, on=(cls.created_by == User.id), attr="created_by")
            .where(cls.unit == unit, cls.status == cls.SUBMITTED)
            .order_by(cls.submitted_at, cls.id)
        )

    @classmethod
    def awaiting_dinas(cls, unit):
        return cls.select().where(cls.unit == unit, cls.status == cls.AWAITING_DINAS).order_by(cls.submitted_at, cls.id)

    @classmethod
    def drafts_of(cls, user):
        """The user's own plans still being written or returned for changes."""
        return (
            cls.select()
            .where(cls.unit == user.unit_id, cls.created_by == user.id, cls.status.in_(cls.EDITABLE))
            .order_by(cls.status.desc(), cls.created_at.desc(), cls.id.desc())
        )

    @classmethod
    def submitted_by(cls, user):
        return (
            cls.select()
            .where(
                cls.unit == user.unit_id, cls.created_by == user.id, cls.status.in_([cls.SUBMITTED, cls.AWAITING_DINAS])
            )
            .order_by(cls.submitted_at.desc(), cls.id.desc())
        )

    @classmethod
    def reported(cls):
        """Ids of the plans whose report is sent (step 11 finished): closed for the team's home."""
        from web.models.steps import StepLog

        return StepLog.select(StepLog.subject_id).where(
            StepLog.subject_type == "plan",
            StepLog.step == sop.STEP_BY_KEY["laporan"].number,
            StepLog.finished_at.is_null(False),
        )

    @classmethod
    def assigned_to(cls, user):
        """Approved plans the user is (actively) assigned to, until their report is sent."""
        return (
            cls.select()
            .join(Assignment, on=(Assignment.plan == cls.id))
            .where(
                cls.unit == user.unit_id,
                cls.status == cls.APPROVED,
                Assignment.user == user.id,
                Assignment.active == True,
                cls.id.not_in(cls.reported()),
            )
            .order_by(cls.start_date, cls.id)
        )

    @classmethod
    def approved_in(cls, unit):
        return cls.select().where(cls.unit == unit, cls.status == cls.APPROVED).order_by(cls.start_date, cls.id)

    @classmethod
    def needing_team(cls, unit):
        """Approved plans without an assigned team yet (step 5 to do)."""
        with_team = Assignment.select(Assignment.plan).where(Assignment.active == True)
        return (
            cls.select()
            .where(cls.unit == unit, cls.status == cls.APPROVED, cls.id.not_in(with_team))
            .order_by(cls.start_date, cls.id)
        )

    # -- reading --------------------------------------------------------------------------

    @property
    def targets(self):
        """The plan's targets by code, each with its person (one query)."""
        return list(
            Target.select(Target, Person)
            .join(PlanTarget)
            .switch(Target)
            .join(Person, JOIN.LEFT_OUTER)
            .where(PlanTarget.plan == self)
            .order_by(Target.code)
        )

    @classmethod
    def targets_of(cls, plans):
        """{plan id: [its targets, with their person]} for many plans in one query."""
        out = {p.id: [] for p in plans}
        rows = (  # also without plans: a home issues the same queries whatever the data
            PlanTarget.select(PlanTarget, Target, Person)
            .join(Target)
            .join(Person, JOIN.LEFT_OUTER)
            .where(PlanTarget.plan.in_(list(out)))
            .order_by(Target.code)
        )
        for row in rows:
            out[row.plan_id].append(row.target)
        return out

    @property
    def lines(self):
        if "_lines" in self.__dict__:  # read for many plans at once (with_lines)
            return self.__dict__["_lines"]
        return list(BudgetLine.select().where(BudgetLine.plan == self).order_by(BudgetLine.position, BudgetLine.id))

    @classmethod
    def with_lines(cls, plans):
        """`plans` (a list) with their budget lines read in one query, for lists that show each total."""
        plans = list(plans)
        by_plan = {plan.id: [] for plan in plans}
        query = BudgetLine.select().where(BudgetLine.plan.in_(list(by_plan)))  # also without plans (homes)
        for line in query.order_by(BudgetLine.position, BudgetLine.id):
            by_plan[line.plan_id].append(line)
        for plan in plans:
            plan.__dict__["_lines"] = by_plan[plan.id]
        return plans

    @classmethod
    def with_last_returns(cls, plans):
        """`plans` (a list) with their last return by the Kepala (`last_return`) read in one query."""
        plans = list(plans)
        last = {}
        query = PlanDecision.select().where(  # also without plans: a home issues the same queries whatever the data
            PlanDecision.plan.in_([plan.id for plan in plans]), PlanDecision.action == PlanDecision.RETURNED
        )
        for decision in query.order_by(PlanDecision.at, PlanDecision.id):
            last[decision.plan_id] = decision  # the latest comes last
        for plan in plans:
            plan.__dict__["_last_return"] = last.get(plan.id)
        return plans

    @property
    def total(self):
        return sum(line.total for line in self.lines)

    @property
    def proposed_team(self):
        return list(
            TeamProposal.select(TeamProposal, User)
            .join(User, on=(TeamProposal.user == User.id))
            .where(TeamProposal.plan == self)
            .order_by(User.full_name)
        )

    @property
    def parties(self):
        keys = {p.party for p in PlanParty.select().where(PlanParty.plan == self)}
        return [item for item in sop.COORDINATION_PARTIES if item.key in keys]

    @property
    def team(self):
        """The active assignments, team lead first."""
        rows = (
            Assignment.select(Assignment, User)
            .join(User, on=(Assignment.user == User.id))
            .where(Assignment.plan == self, Assignment.active == True)
        )
        return sorted(rows, key=lambda a: (a.team_role != "ketua", a.user.full_name.lower()))

    @classmethod
    def teams_of(cls, plans):
        """{plan id: its team as `team` gives it} for many plans, in one query."""
        ids = [plan.id for plan in plans]
        out = {}
        if ids:
            rows = (
                Assignment.select(Assignment, User)
                .join(User, on=(Assignment.user == User.id))
                .where(Assignment.plan.in_(ids), Assignment.active == True)
            )
            for row in rows:
                out.setdefault(row.plan_id, []).append(row)
        return {
            pk: sorted(rows, key=lambda a: (a.team_role != "ketua", a.user.full_name.lower()))
            for pk, rows in out.items()
        }

    @property
    def root_id(self):
        return self.chain_root or self.id

    @property
    def versions(self):
        return list(
            Plan.select()
            .where((Plan.chain_root == self.root_id) | (Plan.id == self.root_id))
            .order_by(Plan.version, Plan.id)
        )

    @property
    def open_revision(self):
        """A newer version still being written or reviewed, if there is one."""
        return (
            Plan.select()
            .where(Plan.previous == self, Plan.status.not_in([self.SUPERSEDED]))
            .order_by(Plan.id.desc())
            .first()
        )

    @property
    def current_approved(self):
        """The approved version of this plan's chain (maybe this one)."""
        return (
            Plan.select()
            .where(((Plan.chain_root == self.root_id) | (Plan.id == self.root_id)), Plan.status == self.APPROVED)
            .first()
        )

    def history(self):
        """Every submission and decision of every version of this plan, oldest first."""
        ids = [p.id for p in self.versions]
        return list(
            PlanDecision.select(PlanDecision, Plan)
            .join(Plan, on=(PlanDecision.plan == Plan.id))
            .where(PlanDecision.plan.in_(ids))
            .order_by(PlanDecision.at, PlanDecision.id)
        )

    @property
    def last_return(self):
        if "_last_return" in self.__dict__:  # read for many plans by with_last_returns
            return self.__dict__["_last_return"]
        return (
            PlanDecision.select()
            .where(PlanDecision.plan == self, PlanDecision.action == PlanDecision.RETURNED)
            .order_by(PlanDecision.at.desc(), PlanDecision.id.desc())
            .first()
        )

    @property
    def has_children(self):
        return any(t.is_child for t in self.targets)

    def missing_for_submit(self):
        """{field: reason key} of what a plan needs before the Kepala can read it."""
        missing = {}
        if not self.title.strip():
            missing["title"] = "required"
        if not self.purpose.strip():
            missing["purpose"] = "required"
        if not PlanTarget.select().where(PlanTarget.plan == self).exists():
            missing["targets"] = "required"
        if not self.places.strip():
            missing["places"] = "required"
        if not any(line.total > 0 for line in self.lines):
            missing["budget"] = "required"  # the SOP's plan includes its budget
        if not self.start_date:
            missing["start_date"] = "required"
        if not self.end_date:
            missing["end_date"] = "required"
        elif self.start_date and self.end_date < self.start_date:
            missing["end_date"] = "before_start"
        return missing

    def open_step(self):
        """The plan's open SOP step log (the oldest), or None."""
        from web.models.steps import StepLog

        return (
            StepLog.select()
            .where(StepLog.subject_type == "plan", StepLog.subject_id == self.id, StepLog.finished_at.is_null())
            .order_by(StepLog.step)
            .first()
        )

    # -- writing --------------------------------------------------------------------------

    @classmethod
    def start(cls, unit, by, **fields):
        """A new draft plan (step 3 starts)."""
        with db.atomic():
            plan = cls.create(unit=unit, created_by=by, **fields)
            plan.chain_root = plan.id
            plan.save(only=[cls.chain_root])
            steps.start(plan, steps.PLAN, by)
        return plan

    def write(self, seen_version, *, targets, lines, team, parties, **fields):
        """The plan's content as written on its form: `fields` (title, purpose, places, dates, notes), the
        targets, budget lines, proposed team and parties. StaleRecord if changed since `seen_version`."""
        with db.atomic():
            self.save_if_unchanged(seen_version, updated_at=now(), **fields)
            self.set_targets(targets)
            self.set_lines(lines)
            self.set_proposed_team(team)
            self.set_parties(parties)
        return self

    def set_targets(self, targets):
        with db.atomic():
            wanted = {t.id for t in targets}
            PlanTarget.delete().where(PlanTarget.plan == self, PlanTarget.target.not_in(wanted or [0])).execute()
            have = {pt.target_id for pt in PlanTarget.select().where(PlanTarget.plan == self)}
            for target_id in sorted(wanted - have):
                PlanTarget.create(plan=self, target=target_id)

    def set_lines(self, lines):
        """Replace the budget lines by `lines`: [{"category", "description", "quantity", "unit_label", "unit_cost"}]."""
        with db.atomic():
            BudgetLine.delete().where(BudgetLine.plan == self).execute()
            for position, line in enumerate(lines, start=1):
                BudgetLine.create(plan=self, position=position, **line)

    def set_proposed_team(self, users):
        with db.atomic():
            TeamProposal.delete().where(TeamProposal.plan == self).execute()
            for user in users:
                TeamProposal.create(plan=self, user=user)

    def set_parties(self, keys):
        with db.atomic():
            PlanParty.delete().where(PlanParty.plan == self).execute()
            for key in keys:
                PlanParty.create(plan=self, party=key)

    def _move(self, from_states, to_state, **changes):
        """Change the status only if it is still one of `from_states` (someone may have acted first)."""
        changes["status"] = to_state
        done = Plan.update(changes).where(Plan.id == self.id, Plan.status.in_(list(from_states))).execute()
        if done != 1:
            raise PlanStateError(self.status)
        self.status = to_state

    def submit(self, by):
        """Send the plan to the Kepala (step 3 finishes, step 4 starts)."""
        if self.missing_for_submit():
            raise ValueError("the plan is not complete")
        at = now()
        with db.atomic():
            self._move(self.EDITABLE, self.SUBMITTED, submitted_at=at)
            self.submitted_at = at
            PlanDecision.create(plan=self, action=PlanDecision.SUBMITTED, level="", decided_by=by, at=at)
            steps.finish(self, steps.PLAN, by, at=at)
            steps.start(self, steps.APPROVAL, by, at=at)

    def decide(self, by, approve, note="", level="kepala", signer_name=""):
        """The Kepala's decision (level "kepala"), or the Kepala Dinas's recorded by the Kepala
        ("kepala_dinas"). A return needs a note. Step 4 finishes with the Kepala's decision."""
        note = (note or "").strip()
        if not approve and not note:
            raise ValueError("a return needs a note")
        at = now()
        with db.atomic():
            if level == PlanDecision.KEPALA_DINAS:
                from_states = (self.AWAITING_DINAS,)
                to_state = self.APPROVED if approve else self.RETURNED
            else:
                from_states = (self.SUBMITTED,)
                needs_dinas = Unit.get_by_id(self.unit_id).requires_dinas_approval
                to_state = (self.AWAITING_DINAS if needs_dinas else self.APPROVED) if approve else self.RETURNED
            self._move(from_states, to_state, updated_at=at)
            decision = PlanDecision.create(
                plan=self,
                action=PlanDecision.APPROVED if approve else PlanDecision.RETURNED,
                level=level,
                note=note,
                signer_name=signer_name.strip(),
                decided_by=by,
                at=at,
            )
            steps.finish(self, steps.APPROVAL, by, at=at)
            if to_state == self.APPROVED:
                self._on_approved(by, at)
        return decision

    def _on_approved(self, by, at):
        """The new version replaces the old one: the old is superseded, its team carries over."""
        from web.models.letters import Letter  # (letters build on plans)

        older = [p for p in self.versions if p.id != self.id and p.status == self.APPROVED]
        for old in older:
            Plan.update(status=self.SUPERSEDED, updated_at=at).where(Plan.id == old.id).execute()
            # a replaced version keeps no valid Surat Tugas or SPPD: cancelled, their numbers kept
            for letter in Letter.active_for_plan(old):
                letter.cancel(
                    by,
                    f"Diganti: rencana versi {self.version} disetujui "
                    f"{at:%d-%m-%Y}. Surat dibuat dari versi yang berlaku.",
                    at=at,
                )
        source = older[-1] if older else None
        if source is not None and not self.team:
            for a in source.team:
                Assignment.create(
                    plan=self,
                    user=a.user_id,
                    team_role=a.team_role,
                    assigned_by=a.assigned_by_id,
                    assigned_at=a.assigned_at,
                )
            if source.briefing and not self.briefing:
                Plan.update(
                    briefing=source.briefing, briefed_by=source.briefed_by_id, briefed_at=source.briefed_at
                ).where(Plan.id == self.id).execute()
        steps.start(self, steps.ASSIGNMENT, by, at=at)
        if self.team:
            steps.finish(self, steps.ASSIGNMENT, by, at=at)

    def new_version(self, by):
        """A draft copy of this approved plan, to change; it needs approval again. This version stays
        valid (and readable) until the new one is approved."""
        with db.atomic():
            current = Plan.get_by_id(self.id)
            if not current.is_approved:
                raise PlanStateError(current.status)
            if current.open_revision is not None:
                return current.open_revision
            copy = Plan.create(
                unit=current.unit_id,
                title=current.title,
                purpose=current.purpose,
                places=current.places,
                start_date=current.start_date,
                end_date=current.end_date,
                status=self.DRAFT,
                version=max(p.version for p in current.versions) + 1,
                previous=current,
                created_by=by,
                chain_root=current.root_id,
                team_note=current.team_note,
                parties_note=current.parties_note,
            )
            copy.set_targets(current.targets)
            copy.set_lines(
                [
                    dict(
                        category=line.category,
                        description=line.description,
                        quantity=line.quantity,
                        unit_label=line.unit_label,
                        unit_cost=line.unit_cost,
                    )
                    for line in current.lines
                ]
            )
            copy.set_proposed_team([p.user_id for p in current.proposed_team])
            copy.set_parties([p.key for p in current.parties])
            steps.start(copy, steps.PLAN, by)
        return copy

    def assign(self, by, members, lead=None, briefing=""):
        """Step 5: the team (users of the unit) with an optional team lead, and the briefing."""
        at = now()
        member_ids = {getattr(m, "id", m) for m in members}
        lead_id = getattr(lead, "id", lead)
        known = {
            u.id
            for u in User.select(User.id).where(
                User.id.in_(list(member_ids) or [0]), User.unit == self.unit_id, User.active == True
            )
        }
        if known != member_ids or (lead_id is not None and lead_id not in member_ids):
            raise ValueError("the team must be active users of the plan's unit, the lead one of them")
        with db.atomic():
            current = Plan.get_by_id(self.id)
            if not current.is_approved:
                raise PlanStateError(current.status)
            existing = {a.user_id: a for a in Assignment.select().where(Assignment.plan == self)}
            for user_id in member_ids:
                role = "ketua" if user_id == lead_id else "anggota"
                row = existing.get(user_id)
                if row is None:
                    Assignment.create(plan=self, user=user_id, team_role=role, assigned_by=by, assigned_at=at)
                elif not row.active or row.team_role != role:
                    Assignment.update(active=True, team_role=role, assigned_by=by, assigned_at=at).where(
                        Assignment.id == row.id
                    ).execute()
            for user_id, row in existing.items():
                if user_id not in member_ids and row.active:
                    Assignment.update(active=False).where(Assignment.id == row.id).execute()
            self.briefing, self.briefed_by, self.briefed_at, self.updated_at = briefing.strip(), by, at, at
            self.save(only=[Plan.briefing, Plan.briefed_by, Plan.briefed_at, Plan.updated_at])
            steps.finish(self, steps.ASSIGNMENT, by, at=at)


class PlanTarget(BaseModel):
    plan = ForeignKeyField(Plan, backref="plan_targets", on_delete="CASCADE")
    target = ForeignKeyField(Target, backref="plan_targets", on_delete="RESTRICT")

    class Meta:
        indexes = ((("plan", "target"), True),)


class BudgetLine(BaseModel):
    """One line of a plan's budget: quantity x unit cost, in whole Rupiah."""

    plan = ForeignKeyField(Plan, backref="+", on_delete="CASCADE")
    position = IntegerField(default=0)
    category = CharField()  # web.sop.BUDGET_CATEGORIES key
    description = CharField(default="")
    quantity = IntegerField(default=1)
    unit_label = CharField(default="")  # "orang", "hari", "orang x hari", ...
    unit_cost = BigIntegerField(default=0)  # Rupiah

    @property
    def total(self):
        return int(self.quantity) * int(self.unit_cost)

    def can_view(self, user):
        return self.plan.can_view(user)

    def can_edit(self, user):
        return self.plan.can_edit(user)

    @property
    def category_item(self):
        return sop.by_key(sop.BUDGET_CATEGORIES, self.category, None)


class TeamProposal(BaseModel):
    """Step 3: who the author proposes for the team (the Kepala or case manager assign it, step 5)."""

    plan = ForeignKeyField(Plan, backref="+", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="RESTRICT")

    def can_view(self, user):
        return self.plan.can_view(user)

    def can_edit(self, user):
        return self.plan.can_edit(user)

    class Meta:
        indexes = ((("plan", "user"), True),)


class PlanParty(BaseModel):
    """Step 3: a party the team must coordinate with (step 7), a web.sop.COORDINATION_PARTIES key."""

    plan = ForeignKeyField(Plan, backref="+", on_delete="CASCADE")
    party = CharField()
    # step 7: why this party was not contacted (every party is contacted, or marked with why not)
    skip_reason = TextField(default="")
    skipped_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    skipped_at = DateTimeField(null=True)

    def can_view(self, user):
        return self.plan.can_view(user)

    def can_edit(self, user):
        return self.plan.can_edit(user)

    class Meta:
        indexes = ((("plan", "party"), True),)

    @property
    def item(self):
        return sop.by_key(sop.COORDINATION_PARTIES, self.party, None)

    @classmethod
    def of_plan(cls, plan):
        return list(cls.select().where(cls.plan == plan).order_by(cls.id))

    def mark_not_contacted(self, by, reason):
        """Step 7: this party will not be contacted, and why (an empty reason takes the mark back)."""
        reason = (reason or "").strip()
        self.skip_reason = reason
        self.skipped_by, self.skipped_at = (by, now()) if reason else (None, None)
        self.save(only=[PlanParty.skip_reason, PlanParty.skipped_by, PlanParty.skipped_at])


class PlanDecision(BaseModel):
    """The approval history: each submission, approval and return, with who, when and the note."""

    SUBMITTED, APPROVED, RETURNED = "diajukan", "disetujui", "dikembalikan"
    KEPALA, KEPALA_DINAS = "kepala", "kepala_dinas"

    plan = ForeignKeyField(Plan, backref="decisions", on_delete="RESTRICT")
    action = CharField()  # SUBMITTED | APPROVED | RETURNED
    level = CharField(default="")  # KEPALA | KEPALA_DINAS ("" for a submission)
    note = TextField(default="")
    signer_name = CharField(default="")  # the Kepala Dinas's name, when the Kepala records it
    decided_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    at = DateTimeField(default=now, index=True)

    def can_view(self, user):
        return self.plan.can_view(user)


class Assignment(BaseModel):
    """Step 5: a worker assigned to a plan's team."""

    plan = ForeignKeyField(Plan, backref="assignments", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="assignments", on_delete="RESTRICT")
    team_role = CharField(default="anggota")  # "ketua" (team lead) | "anggota"
    assigned_by = ForeignKeyField(User, on_delete="RESTRICT")
    assigned_at = DateTimeField(default=now)
    active = BooleanField(default=True)

    class Meta:
        indexes = ((("plan", "user"), True),)

    @classmethod
    def is_assigned(cls, plan, user):
        return cls.select().where(cls.plan == plan, cls.user == user, cls.active == True).exists()

    @classmethod
    def plans_of(cls, user):
        """A query of the ids of the plans `user` is actively assigned to."""
        return cls.select(cls.plan).where(cls.user == user.id, cls.active == True)

    @classmethod
    def plans_with_team(cls, plan_ids):
        """The ids among `plan_ids` that have an active team member (one query)."""
        if not plan_ids:
            return set()
        return {
            pk for (pk,) in cls.select(cls.plan).where(cls.plan.in_(plan_ids), cls.active == True).distinct().tuples()
        }


__all__ = [
    "Counter",
    "Person",
    "Target",
    "Verification",
    "Plan",
    "PlanStateError",
    "PlanTarget",
    "BudgetLine",
    "TeamProposal",
    "PlanParty",
    "PlanDecision",
    "Assignment",
    "roles",
]
