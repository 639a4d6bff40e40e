"""A synthetic province for the scale bench (bench/scale.py) and the query-budget tests: fictional
units, staff, people, targets, plans, visits, consents, risk assessments, flags and audit lines,
deterministic for a given size, written with bulk inserts in one transaction.

    seed_province(people=100_000)   # 20 units, 30 % visited, 10 % of visits high risk, 5 % plans

Never on a database with real data: it refuses unless the tables are empty. Every name is
obviously made up ("Orang 00042 (fiktif)").
"""

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from peewee import AutoField, CharField, ForeignKeyField, IntegerField, TextField

from web import risk, sop_cases
from web.db import db, is_embedded
from web.models import AuditLog, Unit, User
from web.models.casefile import CaseAnswer, CaseAssessment, CaseDocument, CaseReview, Perpetrator
from web.models.cases import Case, CaseStepLog
from web.models.outreach import (
    Assignment,
    Counter,
    Person,
    Plan,
    PlanDecision,
    PlanTarget,
    Target,
    Verification,
    search_form,
)
from web.models.referrals import FurtherAssessment, OutreachReport, Referral, RiskAssessment, RiskFlag
from web.models.services import CaseService, PmksEntry, ServiceLetter, SocialReport
from web.models.steps import StepLog
from web.models.visits import Consent, ConsentScope, Visit
from web.sop import SCOPE_ASSESSMENT, SCOPE_SERVICES, SIGNATURE
from web.timeutil import now

PASSWORD = "jangkau-province"  # the fictional staff's one password (bench logins)
STAFF = (("petugas", 6), ("manajer", 2), ("kepala", 1), ("admin", 1))
SYSADMIN_NAME = "p00-sysadmin1"
TARGETS_PER_PLAN = 7
BATCH = 1000


class NotEmpty(Exception):
    pass


@dataclass
class Sizes:
    people: int
    units: int

    @property
    def plans(self):  # 5 % of the people: 5k plans at 100k
        return max(self.units, self.people // 20)


def username(unit_no, role, k):
    return f"p{unit_no:02d}-{role}{k}"


class _Ids:
    """Ids given here (the tables are empty), so that rows can refer to each other before they exist."""

    def __init__(self):
        self.last = {}

    def next(self, model):
        self.last[model] = self.last.get(model, 0) + 1
        return self.last[model]


def _insert(model, rows):
    """executemany of one INSERT per table: peewee's insert_many builds the SQL of every row, too slow here."""
    if not rows:
        return
    for field in model._meta.sorted_fields:  # columns added later by other areas: their defaults
        if field.name not in rows[0] and field.default is not None:
            value = field.default() if callable(field.default) else field.default
            for row in rows:
                row[field.name] = value
    fields = [model._meta.fields[name] for name in rows[0]]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join([db.param] * len(fields))
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
    names = list(rows[0])
    # Only the fields whose Python value differs from the stored one go through db_value (dates, booleans,
    # custom fields); the rest (ints, ids, text: most of the values) are passed as they are.
    converted = [(k, f.db_value) for k, f in enumerate(fields) if type(f) not in _AS_IS]

    def values(row):
        out = [row[n] for n in names]
        for k, convert in converted:
            out[k] = convert(out[k])
        return tuple(out)

    cursor = db.cursor()
    if not is_embedded():  # PostgreSQL: COPY, an order of magnitude faster than INSERTs
        with cursor.copy(f'COPY "{model._meta.table_name}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(values(row))
        return
    for start in range(0, len(rows), BATCH):
        cursor.executemany(sql, [values(row) for row in rows[start : start + BATCH]])


_AS_IS = (AutoField, IntegerField, ForeignKeyField, CharField, TextField)


@contextmanager
def _search_index_built_after():
    """The people's search index (migration 0019) built once after the bulk insert, not row by row: the
    SQLite FTS5 table's insert trigger is dropped for the insert and the table rebuilt from `person` at the
    end (then the trigger made again from its own stored SQL); PostgreSQL's trigram GIN index is dropped and
    created again. Same index, same triggers afterwards, a fraction of the time at 100k people."""
    if is_embedded():
        found = db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (SQLITE_TRIGGER,))
    else:
        found = db.execute_sql("SELECT indexdef FROM pg_indexes WHERE indexname = %s", (PG_INDEX,))
    row = found.fetchone()
    if row is None:  # no search index (an older schema): nothing to defer
        yield
        return
    db.execute_sql(f"DROP TRIGGER {SQLITE_TRIGGER}" if is_embedded() else f"DROP INDEX {PG_INDEX}")
    yield
    if is_embedded():
        db.execute_sql("INSERT INTO person_search(person_search) VALUES ('rebuild')")
    db.execute_sql(row[0])


SQLITE_TRIGGER = "person_search_insert"
PG_INDEX = "person_search_trgm"


def seed_province(people=100_000, units=20, seed=10, at=None, fast_postgres=False):
    """Fill an empty, migrated database. Returns {"units": [...], "users": {username: id}, "counts": {...}}."""
    if User.select().exists():
        raise NotEmpty("the province is only seeded into an empty database")
    sizes = Sizes(people, units)
    rnd = random.Random(seed)
    current = at or now()
    start = current - timedelta(days=730)
    ids = _Ids()
    rows = {}

    def add(model, **row):
        row["id"] = ids.next(model)
        rows.setdefault(model, []).append(row)
        return row["id"]

    def log_step(unit_id, subject_type, subject_id, step, started_at, started_by, finished_at=None, finished_by=None):
        """One outreach step of a target, plan or visit (StepLog); unfinished without finished_at."""
        return add(
            StepLog,
            unit=unit_id,
            subject_type=subject_type,
            subject_id=subject_id,
            step=step,
            started_at=started_at,
            started_by=started_by,
            finished_at=finished_at,
            finished_by=finished_by,
        )

    hashed = User(username="", full_name="", role="")
    hashed.set_password(PASSWORD)
    staff = {}  # unit_no -> {role: [user ids]}
    unit_ids = []
    for u in range(1, units + 1):
        unit_id = add(
            Unit,
            name=f"UPTD PPA Kabupaten Fiktif {u:02d}",
            kind="uptd_ppa",
            code=f"FIKTIF-{u:02d}",
            region=f"Kabupaten Fiktif {u:02d}",
            address="",
            phone="",
            requires_dinas_approval=False,
            created_at=start,
        )
        unit_ids.append(unit_id)
        staff[u] = {}
        for role, count in STAFF:
            for k in range(1, count + 1):
                staff[u].setdefault(role, []).append(
                    add(
                        User,
                        unit=unit_id,
                        username=username(u, role, k),
                        full_name=f"Staf {role} {k} unit {u:02d} (fiktif)",
                        role=role,
                        password_hash=hashed.password_hash,
                        active=True,
                        phone="",
                        locale="",
                        created_at=start,
                        nip="",
                        rank="",
                        session_version=0,
                    )
                )

    add(  # one system administrator for the province (users and units, never case records)
        User,
        unit=unit_ids[0],
        username=SYSADMIN_NAME,
        full_name="Administrator sistem (fiktif)",
        role="sysadmin",
        password_hash=hashed.password_hash,
        active=True,
        phone="",
        locale="",
        created_at=start,
        nip="",
        rank="",
        session_version=0,
    )

    def moment(i, n):
        """The i-th of n moments spread over the last two years (oldest first)."""
        return start + timedelta(seconds=int(i * 730 * 86400 / max(n, 1)))

    @cache
    def place_words(desa, u):
        return search_form(f"Desa Fiktif {desa} Kecamatan Fiktif Kabupaten Fiktif {u:02d}")

    # People and their targets: person i belongs to unit i % units; one target each.
    targets_of_unit = {u: [] for u in range(1, units + 1)}
    target_unit, target_person = {}, {}
    code_numbers = {}
    for i in range(people):
        u = i % units + 1
        unit_id = unit_ids[u - 1]
        worker = rnd.choice(staff[u]["petugas"])
        created = moment(i, people)
        child = rnd.random() < 0.3
        person_id = add(
            Person,
            unit=unit_id,
            name=f"Orang {i:06d} (fiktif)",
            sex=rnd.choice("pl"),
            birth_date=(created.date() - timedelta(days=365 * (rnd.randint(8, 17) if child else rnd.randint(18, 60)))),
            estimated_age=None,
            nik=None,
            address="Jl. Fiktif",
            desa=f"Desa Fiktif {i % 97}",
            kecamatan="Kecamatan Fiktif",
            kabupaten=f"Kabupaten Fiktif {u:02d}",
            search_text=f"orang {i:06d} fiktif {place_words(i % 97, u)}",  # = search_form(name + place)
            guardian_name="",
            guardian_relation="",
            guardian_phone="",
            phone="",
            disability="",
            created_by=worker,
            created_at=created,
            updated_at=None,
        )
        key = (unit_id, created.year)
        code_numbers[key] = code_numbers.get(key, 0) + 1
        verified = rnd.random() < 0.9
        target_id = add(
            Target,
            unit=unit_id,
            code=Target.format_code(created.year, code_numbers[key]),
            person=person_id,
            kind=rnd.choice(Target.KINDS),
            source="warga",
            received_at=created,
            report="Laporan fiktif.",
            status="terverifikasi" if verified else Target.NEW,
            created_by=worker,
            created_at=created,
            reporter_name="",
            reporter_phone="",
            problem="",
            updated_at=None,
        )
        target_unit[target_id], target_person[target_id] = u, person_id
        log_step(unit_id, "target", target_id, 1, created, worker, created, worker)
        log_step(
            unit_id,
            "target",
            target_id,
            2,
            created,
            worker,
            created + timedelta(hours=20) if verified else None,
            worker if verified else None,
        )
        add(
            AuditLog,
            at=created,
            user=worker,
            unit=unit_id,
            action="create",
            record_type="target",
            record_id=str(target_id),
            ip="127.0.0.1",
            detail="",
        )
        if verified:
            add(
                Verification,
                target=target_id,
                result="terverifikasi",
                authority="kepala_desa",
                authority_detail="",
                verified_on=created.date(),
                note="",
                recorded_by=worker,
                recorded_at=created,
            )
            targets_of_unit[u].append(target_id)
    for (unit_id, year), value in code_numbers.items():
        add(Counter, unit=unit_id, name="target", year=year, value=value)

    # Plans: each takes the next verified targets of its unit; most are approved, with a team.
    level_cut = {risk.TINGGI: 0.10, risk.SEDANG: 0.40}
    next_target = {u: 0 for u in range(1, units + 1)}
    visits = 0
    for j in range(sizes.plans):
        u = j % units + 1
        unit_id = unit_ids[u - 1]
        workers, manager, head = staff[u]["petugas"], staff[u]["manajer"][0], staff[u]["kepala"][0]
        author = rnd.choice(workers)
        created = moment(j, sizes.plans)
        chosen = targets_of_unit[u][next_target[u] : next_target[u] + TARGETS_PER_PLAN]
        next_target[u] += TARGETS_PER_PLAN
        roll = rnd.random()
        status = (
            Plan.DRAFT
            if roll < 0.04
            else Plan.SUBMITTED
            if roll < 0.08
            else Plan.RETURNED
            if roll < 0.10
            else Plan.APPROVED
        )
        plan_id = ids.next(Plan)
        rows.setdefault(Plan, []).append(
            dict(
                id=plan_id,
                unit=unit_id,
                purpose="Tujuan fiktif.",
                places="Desa Fiktif",
                start_date=created.date(),
                end_date=created.date() + timedelta(days=2),
                status=status,
                version=1,
                previous=None,
                created_by=author,
                created_at=created,
                chain_root=plan_id,
                title=f"Penjangkauan fiktif {j:05d}",
                team_note="",
                parties_note="",
                briefing="Pengarahan fiktif." if status == Plan.APPROVED else "",
                briefed_by=manager if status == Plan.APPROVED else None,
                briefed_at=created if status == Plan.APPROVED else None,
                submitted_at=None if status == Plan.DRAFT else created,
                updated_at=created,
            )
        )
        for target_id in chosen:
            add(PlanTarget, plan=plan_id, target=target_id)
        add(
            AuditLog,
            at=created,
            user=author,
            unit=unit_id,
            action="create",
            record_type="plan",
            record_id=str(plan_id),
            ip="127.0.0.1",
            detail="",
        )
        log_step(
            unit_id,
            "plan",
            plan_id,
            3,
            created,
            author,
            None if status == Plan.DRAFT else created,
            None if status == Plan.DRAFT else author,
        )
        if status == Plan.DRAFT:
            continue
        add(
            PlanDecision,
            plan=plan_id,
            action=PlanDecision.SUBMITTED,
            level="",
            note="",
            signer_name="",
            decided_by=author,
            at=created,
        )
        decided = status != Plan.SUBMITTED
        log_step(
            unit_id,
            "plan",
            plan_id,
            4,
            created,
            author,
            created + timedelta(hours=2) if decided else None,
            head if decided else None,
        )
        if not decided:
            continue
        approved = status == Plan.APPROVED
        add(
            PlanDecision,
            plan=plan_id,
            action=PlanDecision.APPROVED if approved else PlanDecision.RETURNED,
            level=PlanDecision.KEPALA,
            note="" if approved else "Lengkapi anggaran.",
            signer_name="",
            decided_by=head,
            at=created + timedelta(hours=2),
        )
        if not approved:
            continue
        team = rnd.sample(workers, 2)
        for k, worker in enumerate(team):
            add(
                Assignment,
                plan=plan_id,
                user=worker,
                team_role="ketua" if k == 0 else "anggota",
                assigned_by=manager,
                assigned_at=created + timedelta(hours=3),
                active=True,
            )
        log_step(unit_id, "plan", plan_id, 5, created + timedelta(hours=2), head, created + timedelta(hours=3), manager)
        if current - created > timedelta(days=60):  # done long ago: reported (step 11), closed for the team
            reported = created + timedelta(days=5)
            add(
                OutreachReport,
                unit=unit_id,
                plan=plan_id,
                findings="Temuan fiktif.",
                submitted_by=team[0],
                submitted_at=reported,
                received_by=head,
                received_at=reported + timedelta(days=1),
                version=1,
            )
            log_step(unit_id, "plan", plan_id, 11, reported, team[0], reported, team[0])
        # Visits: every target of an approved plan (30k at 100k people), with consent and assessment.
        for target_id in chosen:
            visits += 1
            visited = created + timedelta(days=1, minutes=rnd.randint(0, 600))
            visit_id = add(
                Visit,
                unit=unit_id,
                plan=plan_id,
                target=target_id,
                instance_id=None,
                visited_at=visited,
                place="Rumah",
                present="",
                created_by=team[0],
                created_at=visited,
                version=1,
            )
            add(
                AuditLog,
                at=visited,
                user=team[0],
                unit=unit_id,
                action="create",
                record_type="visit",
                record_id=str(visit_id),
                ip="127.0.0.1",
                detail="",
            )
            given = rnd.random() < 0.9
            consent_id = add(
                Consent,
                visit=visit_id,
                instance_id=None,
                outcome=Consent.GIVEN if given else Consent.REFUSED,
                consenter="diri_sendiri",
                consenter_name="",
                consenter_relation="",
                child_assent=None,
                explained="yang_dicatat siapa_melihat boleh_menolak gratis",
                method=SIGNATURE,
                witness=None,
                witness_confirmed_at=None,
                refusal_reason="",
                explained_again=given is False,
                contact_left=given is False,
                follow_up_date=None,
                recorded_by=team[0],
                recorded_at=visited,
                version=1,
            )
            log_step(unit_id, "visit", visit_id, 8, visited, team[0], visited, team[0])
            if not given:
                continue
            for scope in (SCOPE_ASSESSMENT, SCOPE_SERVICES, "berbagi:kesehatan"):
                add(
                    ConsentScope,
                    consent=consent_id,
                    scope=scope,
                    granted=True,
                    withdrawn_at=None,
                    withdrawn_by=None,
                    withdrawal_reason="",
                )
            roll = rnd.random()
            level = (
                risk.TINGGI
                if roll < level_cut[risk.TINGGI]
                else risk.SEDANG
                if roll < level_cut[risk.SEDANG]
                else risk.RENDAH
            )
            assessed = visited + timedelta(minutes=30)
            assessment_id = add(
                RiskAssessment,
                unit=unit_id,
                visit=visit_id,
                instance_id=None,
                answers="{}",
                reasons="[]",
                level=level,
                computed_level=level,
                forced=False,
                raised=False,
                lowered=False,
                lower_reason="",
                hours_since_rape=None,
                assessed_by=team[0],
                assessed_at=assessed,
                version=1,
            )
            log_step(unit_id, "visit", visit_id, 9, visited, team[0], assessed, team[0])
            recent = current - assessed < timedelta(days=3)
            log_step(
                unit_id,
                "visit",
                visit_id,
                10,
                assessed,
                team[0],
                None if recent else assessed + timedelta(minutes=40),
                None if recent else manager,
            )
            if level == risk.TINGGI:
                handled = not recent
                flag_id = add(
                    RiskFlag,
                    unit=unit_id,
                    visit=visit_id,
                    assessment=assessment_id,
                    instance_id=None,
                    source=RiskFlag.ASSESSMENT,
                    level=level,
                    raised_at=assessed,
                    raised_by=team[0],
                    acknowledged_at=assessed + timedelta(minutes=10) if handled else None,
                    acknowledged_by=manager if handled else None,
                    closed_at=assessed + timedelta(minutes=50) if handled else None,
                    closed_by=manager if handled else None,
                    close_note="",
                    version=1,
                )
                if handled:
                    add(
                        Referral,
                        unit=unit_id,
                        visit=visit_id,
                        flag=flag_id,
                        service="rumah_aman",
                        partner_kind="kesehatan",
                        provider="RS Fiktif",
                        contact="",
                        contact_phone="",
                        referred_at=assessed + timedelta(minutes=45),
                        state=Referral.DONE,
                        decline_reason="",
                        created_by=manager,
                        created_at=assessed + timedelta(minutes=45),
                        version=1,
                    )
            elif rnd.random() < 0.5:
                add(
                    FurtherAssessment,
                    unit=unit_id,
                    visit=visit_id,
                    assessment=assessment_id,
                    scheduled_for=(assessed + timedelta(days=7)).date(),
                    assigned_to=team[0],
                    notes="",
                    created_by=manager,
                    created_at=assessed + timedelta(hours=1),
                    done_at=None if recent else assessed + timedelta(days=7),
                    done_by=None if recent else team[0],
                    findings="",
                    version=1,
                )

    _seed_bulk_cases(add, rnd, staff, unit_ids, target_unit, target_person, moment, current)

    order = (
        Unit,
        User,
        Person,
        Target,
        Counter,
        Verification,
        Plan,
        PlanTarget,
        PlanDecision,
        Assignment,
        Visit,
        Consent,
        ConsentScope,
        RiskAssessment,
        RiskFlag,
        Referral,
        FurtherAssessment,
        OutreachReport,
        StepLog,
        AuditLog,
        Case,
        CaseStepLog,
        CaseAssessment,
        CaseAnswer,
        Perpetrator,
        CaseReview,
        CaseDocument,
    )
    timings = {}
    with db.atomic():
        if not is_embedded() and fast_postgres:
            # The rows are consistent by construction: skip the per-row foreign-key triggers (superuser only).
            db.execute_sql("SET LOCAL session_replication_role = replica")
        with _search_index_built_after():
            for model in order:
                t = time.perf_counter()
                _insert(model, rows.get(model, []))
                timings[model.__name__] = round(time.perf_counter() - t, 2)
    if not is_embedded():
        with db.atomic():
            for model in order:
                table = model._meta.table_name
                db.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
                )
    counts = {model.__name__: len(rows.get(model, [])) for model in order}
    counts["Case"] = _seed_cases(unit_ids, current)
    users = {}
    for row in rows[User]:
        users[row["username"]] = row["id"]
    return {"units": unit_ids, "users": users, "counts": counts, "seconds": timings}


CASE_EVERY = 10  # one person in ten is also a case (issue 11)


def _seed_bulk_cases(add, rnd, staff, unit_ids, target_unit, target_person, moment, current):
    """Cases of issue 11 for one person in ten: intake done, most assessed (SIMFONI answers, a perpetrator),
    some reviewed, a few closed; the workers of each unit take them in turn."""
    seen, targets = {}, []
    for n, target_id in enumerate(sorted(target_unit)):  # each worker's first case, then one person in ten
        u = target_unit[target_id]
        seen[u] = seen.get(u, 0) + 1
        if seen[u] <= len(staff[u]["petugas"]) or n % CASE_EVERY == 0:
            targets.append(target_id)
    per_unit = {}
    for n, target_id in enumerate(targets):
        u = target_unit[target_id]
        unit_id = unit_ids[u - 1]
        k = per_unit[u] = per_unit.get(u, 0) + 1
        workers, manager = staff[u]["petugas"], staff[u]["manajer"][k % len(staff[u]["manajer"])]
        worker = workers[k % len(workers)]
        opened = moment(n, len(targets))
        first = k <= len(workers)  # open, its assessment with the supervisor: the pages' sample
        recent = first or opened > current - timedelta(days=30)
        closed = not recent and rnd.random() < 0.6
        procedure = (sop_cases.VIOLENCE, sop_cases.TRAFFICKING, sop_cases.REHABILITATION)[k % 3]
        case_id = add(
            Case,
            unit=unit_id,
            code=f"KS-{opened.year % 100:02d}-{k:05d}",
            person=target_person[target_id],
            target=target_id,
            procedure=procedure,
            channel=("polisi", "warga", "sendiri", "hotline")[k % 4],
            referrer_name="",
            referrer_agency="",
            referral_letter_no="",
            received_at=opened,
            complaint_category="kekerasan",
            chronology="Kronologi fiktif.",
            origin_visit=None,
            origin_flag=None,
            status=Case.CLOSED if closed else Case.OPEN,
            manager=manager,
            worker=worker,
            opened_by=staff[u]["admin"][0],
            opened_at=opened,
            closed_at=opened + timedelta(days=40) if closed else None,
            closed_by=manager if closed else None,
            close_reason="Selesai (fiktif)." if closed else "",
            version=1,
            instance_id=None,
        )
        steps = sop_cases.PROCEDURE_BY_KEY[procedure].steps
        for step in steps[:2]:
            add(
                CaseStepLog,
                unit=unit_id,
                case=case_id,
                step=step.key,
                started_at=opened,
                started_by=worker,
                due_at=opened + timedelta(minutes=step.max_minutes),
                finished_at=None if recent and step.key == sop_cases.ASSESSMENT else opened + timedelta(minutes=10),
                finished_by=None if recent and step.key == sop_cases.ASSESSMENT else worker,
            )
        add(
            CaseDocument,
            case=case_id,
            kind="ktp_kk",
            present=True,
            stored_name=None,
            thumb_name="",
            content_type="",
            size=0,
            recorded_by=staff[u]["admin"][0],
            recorded_at=opened,
        )
        status = CaseAssessment.SUBMITTED if recent else CaseAssessment.AGREED
        assessment_id = add(
            CaseAssessment,
            case=case_id,
            unit=unit_id,
            status=status,
            incident_date=(opened - timedelta(days=2)).date(),
            incident_place="rumah_tangga",
            incident_address="",
            incident_kabupaten="",
            kdrt=rnd.random() < 0.5,
            education="sd",
            occupation="pelajar",
            marital_status="belum_kawin",
            disability="tidak",
            age_band="13-17",
            fits=True,
            story="Hasil asesmen fiktif.",
            needs_note="",
            instance_id=None,
            assessed_by=worker,
            assessed_at=opened + timedelta(minutes=20),
            submitted_at=opened + timedelta(minutes=25),
            version=1,
        )
        for kind, key in (
            (CaseAssessment.VIOLENCE, "fisik"),
            (CaseAssessment.VIOLENCE, "psikis"),
            ("kebutuhan", "kesehatan"),
        ):
            add(CaseAnswer, assessment=assessment_id, unit=unit_id, kind=kind, key=key)
        add(Perpetrator, assessment=assessment_id, case=case_id, name="", sex="l", age=40, relation="orang_tua")
        if status == CaseAssessment.AGREED:
            add(
                CaseReview,
                case=case_id,
                assessment=assessment_id,
                decision=sop_cases.REVIEW_AGREE,
                note="",
                services="",
                by=manager,
                at=opened + timedelta(minutes=50),
            )
    for u, count in per_unit.items():
        add(Counter, unit=unit_ids[u - 1], name="case", year=current.year, value=count)


def _sample_flag(unit_id):
    """The unit's first high-risk flag with a referral (the sample records hang off it)."""
    return (
        RiskFlag.select()
        .join(Referral, on=(Referral.flag == RiskFlag.id))
        .where(RiskFlag.unit == unit_id)
        .order_by(RiskFlag.id)
        .first()
    )


def _seed_cases(unit_ids, at):
    """One case per unit, the same at every size (issue 11's pages are counted on it): given to the team
    lead of the sample plan, with a service under way with its recommendation letter, one done, the
    social report and the PMKS entry. Returns how many cases were made."""
    made = 0
    for unit_id in unit_ids:
        flag = _sample_flag(unit_id)
        if flag is None:
            continue
        visit = Visit.get_by_id(flag.visit_id)
        lead = Assignment.get(Assignment.plan == visit.plan_id, Assignment.team_role == "ketua")
        admin = User.get(User.unit == unit_id, User.role == "admin")
        manager = User.get(User.unit == unit_id, User.role == "manajer")
        worker = User.get_by_id(lead.user_id)
        person = Person.create(unit=unit_id, name="Korban fiktif", sex="p", created_by=admin)
        case = Case.open(
            unit_id,
            admin,
            person=person,
            procedure=sop_cases.TRAFFICKING,
            channel="polisi",
            manager=manager,
            worker=worker,
            chronology="Kronologi fiktif",
            received_at=at,
        )
        health = CaseService.plan(case, manager, service="kesehatan", provider="RSUD Fiktif", at=at)
        health.start(manager, override_reason="Uji: nyawa terancam (fiktif)", at=at)
        ServiceLetter.issue(health, manager, at.year, at=at)
        shelter = CaseService.plan(
            case, manager, service=sop_cases.SHELTER, provider="Shelter P2TP2A", coordinator="Koordinator fiktif", at=at
        )
        shelter.start(manager, override_reason="Uji (fiktif)", at=at)
        shelter.finish(manager, "Selesai (fiktif)", at=at)
        SocialReport.write(case, worker, condition="Kondisi fiktif", recommendation="Rekomendasi fiktif")
        PmksEntry.write(case, manager, at.year, pmks_type=sop_cases.PMKS_TRAFFICKING, handling="dalam_penanganan")
        CaseDocument.mark(case, admin, {"ktp_kk"})
        CaseAssessment.save_for(
            case,
            worker,
            {"story": "Hasil asesmen fiktif.", "incident_place": "rumah_tangga", "kdrt": False},
            {CaseAssessment.VIOLENCE: ["eksploitasi"], CaseAssessment.CRITERION: ["kekerasan"]},
            [{"relation": "majikan", "sex": "l", "age": 45}],
            submit=True,
        )
        made += 1
    return made


def sample_records(unit_id=1):
    """Records of `unit_id` to open pages on, the same shape at every size: a plan with a handled
    high-risk flag, its visit, consent, assessment and referral, a further assessment, and
    {"users": {role: username}} with the plan's team lead as the worker."""
    flag = _sample_flag(unit_id)
    visit = Visit.get_by_id(flag.visit_id)
    lead = Assignment.get(Assignment.plan == visit.plan_id, Assignment.team_role == "ketua")
    further = FurtherAssessment.select().where(FurtherAssessment.unit == unit_id).order_by(FurtherAssessment.id).first()
    unit_no = unit_id  # units are numbered as they were inserted
    return {
        "plan_id": visit.plan_id,
        "target_id": visit.target_id,
        "ref": str(visit.id),
        "flag_id": flag.id,
        "assessment_id": flag.assessment_id,
        "referral_id": Referral.get(Referral.flag == flag).id,
        "consent_id": Consent.get(Consent.visit == visit).id,
        "further_id": further.id if further else 0,
        "report_id": _sample_report(unit_id, visit.plan_id),
        "letter_id": 1,
        "attachment_id": 1,
        "submission_id": 1,
        "slug": "persetujuan",
        "user_id": lead.user_id,  # an account to open on the users screens (issue 12)
        "unit_id": unit_id,
        **_sample_case(unit_id),
        "users": {
            "petugas": User.get_by_id(lead.user_id).username,
            "manajer": username(unit_no, "manajer", 1),
            "kepala": username(unit_no, "kepala", 1),
            "admin": username(unit_no, "admin", 1),
            "sysadmin": SYSADMIN_NAME,
        },
    }


def _sample_report(unit_id, plan_id):
    """The sample plan's outreach report, else the unit's first one (0 when the unit has none)."""
    report = (
        OutreachReport.select(OutreachReport.id)
        .where(OutreachReport.unit == unit_id)
        .order_by(OutreachReport.plan != plan_id, OutreachReport.id)
        .first()
    )
    return report.id if report else 0


def _sample_case(unit_id):
    """The ids of the unit's seeded case, its first service and that service's letter."""
    case = (  # the case seeded with its services (the bulk cases of _seed_bulk_cases have none)
        Case.select()
        .join(CaseService, on=(CaseService.case == Case.id))
        .where(Case.unit == unit_id)
        .order_by(Case.id)
        .first()
    )
    if case is None:
        return {"case_id": 0, "service_id": 0, "service_letter_id": 0, "document_id": 0}
    document = CaseDocument.select().where(CaseDocument.case == case.id).first()
    service = CaseService.select().where(CaseService.case == case.id).order_by(CaseService.id).first()
    letter = ServiceLetter.get_or_none(ServiceLetter.service == service.id) if service else None
    return {
        "case_id": case.id,
        "service_id": service.id if service else 0,
        "service_letter_id": letter.id if letter else 0,
        "document_id": document.id if document else 0,
    }
