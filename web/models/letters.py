"""Administration and coordination of an approved outreach plan (SOP Penjangkauan steps 6-7).

* ``Letter``: a Surat Tugas (one per plan) or an SPPD (one per traveller), numbered in ONE sequence
  per unit per year (``012/ST/UPTD-PPA/2026``, ``013/SPPD/UPTD-PPA/2026``) by the shared
  ``Counter`` (name ``"surat"``). Numbers are taken inside the transaction that creates the letters:
  a failed transaction gives its numbers back (no gaps), and the counter row stays locked until
  that transaction ends (no duplicates). ``Letter.cancel()`` voids a letter with a reason: its number
  stays used (shown as cancelled, never given again) and its slot is freed, so that ``issue()`` makes a
  replacement with the next number.
* ``DocumentItem``: the checklist of the other documents of step 6 (tickets, case form, outreach
  form), from ``web.sop``.
* ``CoordinationContact``: step 7, the log of contacts with local government, police, village
  government, Satgas PPA and others.

Who may see what: the unit's admin staff, Kepala and case managers see every plan's documents;
a worker sees them only for a plan they are assigned to (and only their own SPPD). Nobody sees
another unit's. Admin staff prepare the letters and the checklist.
"""

import json
import re

from peewee import JOIN, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField, Value, fn

from web import roles, sop, steps
from web.concurrency import StaleRecord, content_version
from web.db import BaseModel, db, is_embedded
from web.models.core import NIP_LENGTH, Unit, User
from web.models.outreach import Assignment, Counter, Plan, PlanDecision, PlanParty
from web.models.steps import StepLog
from web.timeutil import now

ADMIN_STEP = sop.step(steps.ADMINISTRATION)
APPROVAL_STEP_NUMBER, ASSIGNMENT_STEP_NUMBER = sop.step(steps.APPROVAL).number, sop.step(steps.ASSIGNMENT).number
COORDINATION_STEP = sop.step(steps.COORDINATION)
PRODUCED_DOCUMENTS = ("surat_tugas", "sppd")  # made by the app itself, not ticked on the checklist


# Tingkat biaya perjalanan dinas by golongan (PMK 113/PMK.05/2012: D eselon III / golongan IV, E eselon IV /
# golongan III, F golongan II and I). Staff without a golongan (contract staff): the unit decides ("-").
TRAVEL_LEVELS = {"IV": "D", "III": "E", "II": "F", "I": "F"}
_GOLONGAN = re.compile(r"\b(IV|III|II|I)\s*/\s*[a-eA-E]\b")


def travel_level(rank):
    """The SPPD's "tingkat biaya perjalanan dinas" for a pangkat/golongan such as "Penata Muda, III/a"."""
    match = _GOLONGAN.search(rank or "")
    return TRAVEL_LEVELS[match.group(1)] if match else "-"


def plan_documents_visible(plan, user):
    """May `user` see the administration (letters, checklist, coordination) of `plan`?"""
    if user is None or not getattr(user, "is_authenticated", False) or user.unit_id != plan.unit_id:
        return False
    if user.role in (roles.ADMIN, roles.HEAD, roles.CASE_MANAGER):
        return True
    return user.role == roles.WORKER and Assignment.is_assigned(plan, user)


def approval_of(plan):
    """The last approval of this plan version (the Kepala's, or the Kepala Dinas's when the unit needs
    it), or None."""
    return (
        PlanDecision.select()
        .where(PlanDecision.plan == plan, PlanDecision.action == PlanDecision.APPROVED)
        .order_by(PlanDecision.at.desc(), PlanDecision.id.desc())
        .first()
    )


class LetterError(Exception):
    """A letter cannot be made yet; the message is for the user (already translated by the caller)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code  # "not_approved" | "superseded" | "no_team" | "no_dates" | "no_signer" | "cancelled"


class Letter(BaseModel):
    SURAT_TUGAS, SPPD = "surat_tugas", "sppd"
    COUNTER = "surat"  # Counter name: one sequence for all outgoing letters of a unit in a year
    ABBREVIATION = {SURAT_TUGAS: "ST", SPPD: "SPPD"}

    unit = ForeignKeyField(Unit, on_delete="RESTRICT", backref="+")
    plan = ForeignKeyField(Plan, backref="letters", on_delete="RESTRICT")
    kind = CharField()  # SURAT_TUGAS | SPPD
    slot = CharField()  # "st" | "sppd:<user id>": one letter per slot and plan
    traveller = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")  # SPPD only
    year = IntegerField()
    number = IntegerField()
    code = CharField()  # 012/ST/UPTD-PPA/2026
    team = TextField(default="[]")  # the team as it was on the letter (JSON)
    signer = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    signer_name = CharField(default="")
    signer_nip = CharField(max_length=NIP_LENGTH, default="")  # "" without one (and on letters made before 0009)
    signer_rank = CharField(default="")  # pangkat/golongan of the signer when the letter was made (0022)
    # The unit's "Dasar" (one a line) as it was when the letter was made; "" on letters before 0022
    legal_basis = TextField(default="")
    issued_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    issued_at = DateTimeField(default=now)
    printed_count = IntegerField(default=0)
    last_printed_at = DateTimeField(null=True)
    # A cancelled letter keeps its number (used, never given again) and frees its slot for a new one
    cancelled_at = DateTimeField(null=True)
    cancelled_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    cancel_reason = TextField(default="")

    class Meta:
        indexes = (
            (("unit", "year", "number"), True),
            (("plan", "slot"), True),
        )

    # -- reading ---------------------------------------------------------------------------

    def can_view(self, user):
        if not plan_documents_visible(self.plan, user):
            return False
        if user.role == roles.WORKER:
            return self.kind == self.SURAT_TUGAS or self.traveller_id == user.id
        return True

    def can_edit(self, user):
        return self.can_view(user) and user.role == roles.ADMIN

    @property
    def members(self):
        """[{"user", "name", "nip", "rank", "position", "team_role"}] as on the letter ("nip" and "rank"
        are missing on letters made before migration 0009)."""
        return json.loads(self.team or "[]")

    @property
    def legal_basis_lines(self):
        """The legal basis printed on this letter: as when it was made, else the unit's current one."""
        text = self.legal_basis or self.unit.legal_basis or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    # Budget categories paid to each traveller (shared out on the SPPDs); meals and other costs stay
    # with the plan.
    TRAVEL_CATEGORIES = ("transport", "tiket", "penginapan", "uang_harian")

    def traveller_cost(self, lines=None):
        """An SPPD's own cost: the plan's travel lines (transport, tickets, lodging, daily allowance)
        shared equally among the travellers on the letter, whole Rupiah; the remainder of a division goes
        to the first traveller (the team lead), so the SPPDs add up to the plan's travel lines.
        Returns ([(category key, amount)], total)."""
        members = [m["user"] for m in self.members]
        if self.kind != self.SPPD or self.traveller_id not in members:
            return [], 0
        lines = self.plan.lines if lines is None else lines
        first = members.index(self.traveller_id) == 0
        out = []
        for key in self.TRAVEL_CATEGORIES:
            total = sum(line.total for line in lines if line.category == key)
            if total:
                share, rest = divmod(total, len(members))
                out.append((key, share + (rest if first else 0)))
        return out, sum(amount for _key, amount in out)

    def transport_of(self, lines=None):
        """What the plan's transport and ticket lines say (the SPPD's "alat angkut"), or ""."""
        lines = self.plan.lines if lines is None else lines
        words = [line.description for line in lines if line.category in ("transport", "tiket") and line.description]
        return "; ".join(dict.fromkeys(words))

    @property
    def is_surat_tugas(self):
        return self.kind == self.SURAT_TUGAS

    @property
    def is_cancelled(self):
        return self.cancelled_at is not None

    @property
    def base_slot(self):
        """The slot the letter was made for ("st", "sppd:<id>"), also once cancelled ("st~batal<id>")."""
        return self.slot.split("~", 1)[0]

    @property
    def replaced(self):
        """The cancelled letters of the same plan and slot that this letter replaces, oldest first."""
        cls = type(self)
        return list(
            cls.select()
            .where(
                cls.plan == self.plan_id,
                cls.slot.startswith(self.base_slot + "~"),
                cls.id != self.id,
                cls.number < self.number,
            )
            .order_by(cls.number)
        )

    @property
    def replacement(self):
        """For a cancelled letter: the letter now in its slot (made after it), or None."""
        if not self.is_cancelled:
            return None
        cls = type(self)
        return cls.get_or_none(cls.plan == self.plan_id, cls.slot == self.base_slot, cls.number > self.number)

    @classmethod
    def for_plan(cls, plan):
        return list(cls.select().where(cls.plan == plan).order_by(cls.number))

    @classmethod
    def active_for_plan(cls, plan):
        return [letter for letter in cls.for_plan(plan) if not letter.is_cancelled]

    @classmethod
    def surat_tugas_of(cls, plan):
        return cls.get_or_none(cls.plan == plan, cls.slot == "st")

    @classmethod
    def visible_to(cls, plan, user):
        return [letter for letter in cls.for_plan(plan) if letter.can_view(user)]

    @classmethod
    def missing_slots(cls, plan, team=None, have=None):
        """Slots of the plan without a letter yet: "st" and "sppd:<id>" per active team member (`have`:
        the plan's slots already read, as `slots_of` gives them)."""
        team = plan.team if team is None else team
        wanted = ["st"] + [f"sppd:{a.user_id}" for a in team]
        if have is None:
            have = {slot for (slot,) in cls.select(cls.slot).where(cls.plan == plan).tuples()}
        return [slot for slot in wanted if slot not in have]

    @classmethod
    def slots_of(cls, plans):
        """{plan id: {slot}} of the letters of many plans, in one query."""
        ids = [plan.id for plan in plans]
        out = {}
        if ids:
            for pk, slot in cls.select(cls.plan, cls.slot).where(cls.plan.in_(ids)).tuples():
                out.setdefault(pk, set()).add(slot)
        return out

    @classmethod
    def plans_to_prepare(cls, unit):
        """Approved plans of the unit with a team whose step 6 (letters and documents) is not finished."""
        finished = StepLog.select(StepLog.subject_id).where(
            StepLog.unit == unit,
            StepLog.subject_type == Plan._meta.table_name,
            StepLog.step == ADMIN_STEP.number,
            StepLog.finished_at.is_null(False),
        )
        with_team = Assignment.select(Assignment.plan).where(Assignment.active == True)
        return list(
            Plan.select()
            .where(Plan.unit == unit, Plan.status == Plan.APPROVED, Plan.id.in_(with_team), Plan.id.not_in(finished))
            .order_by(Plan.start_date, Plan.id)
        )

    @classmethod
    def admin_step_waiting(cls, unit, before=None):
        """Approved plans of the unit with a team whose step 6 nobody has started, each with `due_since`
        (when step 5, assignment, finished; else step 4, approval), the longest waiting first; only
        those due before `before` if given (web.letters.progress.admin_due_since, as one query)."""
        kind = Plan._meta.table_name
        assignment, approval = StepLog.alias(), StepLog.alias()
        since = fn.COALESCE(assignment.finished_at, approval.finished_at)
        started = StepLog.select(StepLog.subject_id).where(
            StepLog.unit == unit, StepLog.subject_type == kind, StepLog.step == ADMIN_STEP.number
        )
        with_team = Assignment.select(Assignment.plan).where(Assignment.active == True)

        def finished(log, number):
            return (
                (log.subject_type == kind)
                & (log.subject_id == Plan.id)
                & (log.step == number)
                & log.finished_at.is_null(False)
            )

        query = (
            Plan.select(Plan, since.alias("due_since"))
            .join(assignment, JOIN.LEFT_OUTER, on=finished(assignment, ASSIGNMENT_STEP_NUMBER))
            .join_from(Plan, approval, JOIN.LEFT_OUTER, on=finished(approval, APPROVAL_STEP_NUMBER))
            .where(
                Plan.unit == unit,
                Plan.status == Plan.APPROVED,
                Plan.id.in_(with_team),
                Plan.id.not_in(started),
                since.is_null(False),
            )
            .order_by(since, Plan.id)
        )
        return query.where(since < before) if before is not None else query

    @classmethod
    def admin_groups(cls, unit, on):
        """The admin staff's approved plans of the unit, each in one group, as three queries of Plan
        (web.letters.progress.admin_overview): ``ready`` (step 6 finished, the Surat Tugas and every
        active traveller's SPPD made, the outreach not over before `on`), ``no_team`` (not ready, no
        active team member) and ``to_prepare`` (not ready, with a team). Each plan has `admin_log` (its
        step 6 log or None) and `ready_since` (when step 5, else 4, finished, or None); ordered as
        Plan.approved_in."""
        kind = Plan._meta.table_name
        admin, assignment, approval = StepLog.alias(), StepLog.alias(), StepLog.alias()
        member, letter = Assignment.alias(), cls.alias()

        def log_on(log, number, finished=False):
            on_plan = (log.subject_type == kind) & (log.subject_id == Plan.id) & (log.step == number)
            return on_plan & log.finished_at.is_null(False) if finished else on_plan

        team = fn.EXISTS(Assignment.select(Assignment.id).where(Assignment.plan == Plan.id, Assignment.active == True))
        surat_tugas = fn.EXISTS(cls.select(cls.id).where(cls.plan == Plan.id, cls.slot == "st"))
        sppd_missing = fn.EXISTS(
            member.select(member.id).where(
                member.plan == Plan.id,
                member.active == True,
                ~fn.EXISTS(
                    letter.select(letter.id).where(
                        letter.plan == Plan.id, letter.slot == Value("sppd:").concat(member.user.cast("TEXT"))
                    )
                ),
            )
        )
        settled = admin.finished_at.is_null(False) & surat_tugas & ~sppd_missing
        since = fn.COALESCE(assignment.finished_at, approval.finished_at)
        base = (
            Plan.select(Plan, admin, since.alias("ready_since"))
            .join(admin, JOIN.LEFT_OUTER, on=log_on(admin, ADMIN_STEP.number), attr="admin_log")
            .join_from(Plan, assignment, JOIN.LEFT_OUTER, on=log_on(assignment, ASSIGNMENT_STEP_NUMBER, True))
            .join_from(Plan, approval, JOIN.LEFT_OUTER, on=log_on(approval, APPROVAL_STEP_NUMBER, True))
            .where(Plan.unit == unit, Plan.status == Plan.APPROVED)
            .order_by(Plan.start_date, Plan.id)
        )
        return {
            "to_prepare": base.where(~settled, team),
            "no_team": base.where(~settled, ~team),
            "ready": base.where(settled, Plan.end_date.is_null() | (Plan.end_date >= on)),
        }

    @classmethod
    def assigned_to(cls, user, on=None):
        """[(plan, Surat Tugas, own SPPD or None)] for the approved plans `user` is assigned to that have
        a Surat Tugas and have not ended before `on` (default: today)."""
        on = on or now().date()
        plans = (
            Plan.select()
            .join(Assignment, on=(Assignment.plan == Plan.id))
            .where(
                Assignment.user == user,
                Assignment.active == True,
                Plan.unit == user.unit_id,
                Plan.status == Plan.APPROVED,
                (Plan.end_date >= on) | Plan.end_date.is_null(),
            )
            .order_by(Plan.start_date, Plan.id)
        )
        plans = list(plans)
        mine = {}
        for letter in cls.select().where(  # also without plans: a home issues the same queries whatever the data
            cls.plan.in_([plan.id for plan in plans]), cls.slot.in_(["st", f"sppd:{user.id}"])
        ):
            mine[(letter.plan_id, letter.slot)] = letter
        return [
            (plan, mine[(plan.id, "st")], mine.get((plan.id, f"sppd:{user.id}")))
            for plan in plans
            if (plan.id, "st") in mine
        ]

    @classmethod
    def numbers_in(cls, unit, year):
        return [
            n for (n,) in cls.select(cls.number).where(cls.unit == unit, cls.year == year).order_by(cls.number).tuples()
        ]

    # -- writing ---------------------------------------------------------------------------

    @staticmethod
    def format_code(number, kind, unit_code, year):
        return f"{number:03d}/{Letter.ABBREVIATION[kind]}/{unit_code}/{year}"

    @classmethod
    def issue(cls, plan, by, year, at=None):
        """Make the plan's Surat Tugas and one SPPD per active team member, those not made yet.

        Returns the new letters (an empty list when everything exists). Raises LetterError when the
        plan is not approved, has no team, no dates, or the unit has no active Kepala to sign.
        """
        with Counter.transaction():  # SQLite: the database's write lock from the first statement
            query = Plan.select().where(Plan.id == plan.id)
            if not is_embedded():
                query = query.for_update()  # PostgreSQL: who comes second waits here for the first's letters
            plan = query.get()
            if plan.status == Plan.SUPERSEDED:
                raise LetterError("superseded")
            if not plan.is_approved:
                raise LetterError("not_approved")
            if not (plan.start_date and plan.end_date):
                raise LetterError("no_dates")
            team = plan.team
            if not team:
                raise LetterError("no_team")
            signer = User.in_unit(plan.unit, roles.HEAD).first()
            if signer is None:
                raise LetterError("no_signer")
            missing = cls.missing_slots(plan, team)
            if not missing:
                return []
            snapshot = json.dumps(
                [
                    {
                        "user": a.user_id,
                        "name": a.user.full_name,
                        "nip": a.user.nip,
                        "rank": a.user.rank,
                        "position": a.user.role,
                        "team_role": a.team_role,
                    }
                    for a in team
                ]
            )
            unit_code = plan.unit.code
            Plan.give_number(plan, year)
            created = []
            for slot in missing:
                kind = cls.SURAT_TUGAS if slot == "st" else cls.SPPD
                number = Counter.next(plan.unit_id, cls.COUNTER, year)
                created.append(
                    cls.create(
                        unit=plan.unit,
                        plan=plan,
                        kind=kind,
                        slot=slot,
                        traveller=None if kind == cls.SURAT_TUGAS else int(slot.split(":", 1)[1]),
                        year=year,
                        number=number,
                        code=cls.format_code(number, kind, unit_code, year),
                        team=snapshot,
                        signer=signer,
                        signer_name=signer.full_name,
                        signer_nip=signer.nip,
                        signer_rank=signer.rank,
                        legal_basis=plan.unit.legal_basis,
                        issued_by=by,
                        issued_at=at or now(),
                    )
                )
            return created

    def cancel(self, by, reason, at=None):
        """Cancel the letter with a reason. Its number stays used (the sequence keeps no gap and never
        gives it again); its slot is freed so that `issue()` makes a replacement with a new number."""
        reason = (reason or "").strip()
        if not reason:
            raise ValueError("a cancellation needs a reason")
        cls = type(self)
        at = at or now()
        with db.atomic():
            freed = f"{self.slot}~batal{self.id}"
            done = (
                cls.update(cancelled_at=at, cancelled_by=by, cancel_reason=reason, slot=freed)
                .where(cls.id == self.id, cls.cancelled_at.is_null())
                .execute()
            )
            if done != 1:
                raise LetterError("cancelled")
        self.cancelled_at, self.cancelled_by, self.cancel_reason, self.slot = at, by, reason, freed

    def record_print(self):
        """One more print of this letter (the audit line is written by the caller)."""
        with db.atomic():
            type(self).update(printed_count=type(self).printed_count + 1, last_printed_at=now()).where(
                type(self).id == self.id
            ).execute()
        self.printed_count += 1


class DocumentItem(BaseModel):
    """One document of step 6 that the app does not produce itself: ready, not yet, or not needed."""

    NOT_YET, READY, NOT_NEEDED = "belum", "siap", "tidak_perlu"
    STATES = (NOT_YET, READY, NOT_NEEDED)

    plan = ForeignKeyField(Plan, backref="document_items", on_delete="CASCADE")
    key = CharField()  # web.sop.DOCUMENTS key
    status = CharField(default=NOT_YET)
    note = CharField(default="")
    updated_by = ForeignKeyField(User, null=True, on_delete="RESTRICT", backref="+")
    updated_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("plan", "key"), True),)

    @staticmethod
    def keys():
        """The checklist: step 6's documents except the letters the app makes (tickets, case form, ...)."""
        return tuple(k for k in ADMIN_STEP.documents if k not in PRODUCED_DOCUMENTS)

    @classmethod
    def checklist(cls, plan):
        """[(web.sop.Doc, DocumentItem or None)] in the SOP's order."""
        items = {item.key: item for item in cls.select().where(cls.plan == plan)}
        return [(sop.DOCUMENTS[key], items.get(key)) for key in cls.keys()]

    @staticmethod
    def version_of(checklist):
        """The version of a plan's checklist as a page shows it ([(Doc, DocumentItem or None)]), for
        web.concurrency's compare-and-swap (the checklist has no version column of its own)."""
        return content_version([[doc.key, item.status, item.note] for doc, item in checklist if item is not None])

    @classmethod
    def save_checklist(cls, plan, states, notes, by, seen_version=None):
        """Store the states ({key: status}) and notes ({key: text}); only changed rows are touched.
        StaleRecord (nothing written) when the checklist is no longer the one at `seen_version`: two
        admin staff saving one plan's checklist do not silently undo each other's ticks."""
        changed = False
        with db.atomic():
            if not is_embedded():
                # PostgreSQL: two saves of one plan's first checklist would both insert the same key
                # (unique) and one would fail; the plan's row lock makes the second wait and then update.
                # SQLite: BEGIN IMMEDIATE (web/db.py) already makes them take turns.
                Plan.select(Plan.id).where(Plan.id == getattr(plan, "id", plan)).for_update().execute()
            current = {item.key: item for item in cls.select().where(cls.plan == plan)}
            stored = cls.version_of([(sop.DOCUMENTS[key], item) for key, item in current.items()])
            if seen_version is not None and seen_version != stored:
                raise StaleRecord(plan, stored)
            for key in cls.keys():
                status = states.get(key, cls.NOT_YET)
                note = (notes.get(key) or "").strip()
                item = current.get(key)
                if item is None:
                    if status == cls.NOT_YET and not note:
                        continue
                    cls.create(plan=plan, key=key, status=status, note=note, updated_by=by, updated_at=now())
                    changed = True
                elif (item.status, item.note) != (status, note):
                    item.status, item.note, item.updated_by, item.updated_at = status, note, by, now()
                    item.save()
                    changed = True
        return changed

    @classmethod
    def all_settled(cls, plan):
        """True when every checklist document is ready or not needed."""
        settled = cls.select().where(cls.plan == plan, cls.status.in_([cls.READY, cls.NOT_NEEDED])).count()
        return settled == len(cls.keys())


class CoordinationContact(BaseModel):
    """Step 7: one contact with a party, to get permission and support for the outreach."""

    unit = ForeignKeyField(Unit, on_delete="RESTRICT", backref="+")
    plan = ForeignKeyField(Plan, backref="coordination_contacts", on_delete="RESTRICT")
    party = CharField()  # web.sop.COORDINATION_PARTIES key
    party_name = CharField(default="")  # the office and the person spoken to
    contacted_at = DateTimeField()
    means = CharField()  # web.sop.CONTACT_MEANS key
    result = CharField()  # web.sop.COORDINATION_RESULTS key
    notes = TextField(default="")
    recorded_by = ForeignKeyField(User, on_delete="RESTRICT", backref="+")
    recorded_at = DateTimeField(default=now)

    def can_view(self, user):
        return plan_documents_visible(self.plan, user)

    @classmethod
    def for_plan(cls, plan):
        return list(cls.select().where(cls.plan == plan).order_by(cls.contacted_at.desc(), cls.id.desc()))

    @classmethod
    def parties_of(cls, plan):
        """[(PlanParty, [its contacts])] for each party the plan names: contacted, marked with why not, or open."""
        contacts = cls.for_plan(plan)
        return [(party, [c for c in contacts if c.party == party.party]) for party in PlanParty.of_plan(plan)]

    @classmethod
    def parties_open(cls, plan):
        """The plan's parties neither contacted nor marked with why not: step 7 cannot finish before."""
        return [party for party, contacts in cls.parties_of(plan) if not contacts and not party.skip_reason]

    @property
    def party_item(self):
        return sop.by_key(sop.COORDINATION_PARTIES, self.party, None)

    @property
    def means_item(self):
        return sop.by_key(sop.CONTACT_MEANS, self.means, None)

    @property
    def result_item(self):
        return sop.by_key(sop.COORDINATION_RESULTS, self.result, None)
