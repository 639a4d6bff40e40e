"""Test data shared by the tests, made through the models (tests never import other test files).

- users: `user(name)`, `add_user(name, role, unit)`
- outreach: `make_plan()` (an approved plan with its team), `YEAR` (the unit's year), `issue(plan)`
- visits: `make_field(demo)` (behind the `field` fixture of conftest.py), `visit_data()`, `start_visit()`,
  `form_html()`, `give_consent()`, `jpeg_with_gps()`
- risk and referrals: `make_visit()` (a visit of an approved plan, with consent), `answers()`,
  `PERSON_NAME`, `NON_FLAG_KEYS`
- `run_at_once(jobs)`: callables in threads that start together
"""

import io
import itertools
import os
import re
import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import ExifTags, Image, ImageDraw

from web import risk, roles
from web.db import db
from web.models import (
    Assignment,
    Attachment,
    Case,
    Consent,
    ConsentOverride,
    ConsentScope,
    FurtherAssessment,
    Letter,
    OutreachReport,
    Person,
    Plan,
    PlanTarget,
    Referral,
    RiskAssessment,
    RiskFlag,
    Target,
    Unit,
    User,
    Visit,
)
from web.models.offline import Submission
from web.models.services import CaseService, ServiceLetter

YEAR = datetime.now(ZoneInfo("Asia/Jakarta")).year
PERSON_NAME = "Melati Fiktif"
NON_FLAG_KEYS = [
    item.key for item in risk.RISK_ITEMS if not item.red_flag and item.key not in risk.REFUSAL_COUNTS_AS_YES
]
_codes = itertools.count(1)


# ---- Real Chromium at a phone's size (tests/browser, bench/run.py) ----------------------------------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = dict(
    viewport={"width": 360, "height": 740},
    device_scale_factor=2,
    is_mobile=True,
    has_touch=True,
    user_agent="Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Mobile Safari/537.36",
    locale="id-ID",
)

# ---- Bad input (tests/test_inputs.py, bench/fuzz.py) -----------------------------------------------

HUGE = ["99999999999999999999", str(2**63), str(2**64), "-" + "9" * 30, "9" * 400]
UNICODE_DIGITS = ["²", "٣", "١٢٣", "߃", "𝟗", "Ⅻ", "½", "٠٠٠١-٠١-٠١"]
ODD_DATES = [
    "0001-01-01",
    "0000-00-00",
    "9999-12-31",
    "1899-12-31",
    "2026-02-30",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-13-01T25:61",
    "10000-01-01",
    "٢٠٢٦-٠١-٠١",
]
URL_IDS = HUGE[:3] + UNICODE_DIGITS[:3] + ["0", "-1", "424242", "abc", "1.5", "%00"]

# ---- Users ----------------------------------------------------------------------------------------


def user(username):
    return User.by_username(username)


def add_user(username, role, unit_code="UPTD-PPA", name=None):
    """A user in a unit (e.g. a case manager of the second unit, for isolation tests)."""
    new = User(
        username=username, full_name=name or f"{username} (uji)", role=role, unit=Unit.get(Unit.code == unit_code)
    )
    new.set_password("jangkau-demo")
    new.save()
    return new


# ---- Plans and letters (steps 3-6) ----------------------------------------------------------------


def make_plan(
    unit_code="UPTD-PPA",
    members=(("petugas1", "ketua"), ("petugas2", "anggota")),
    status=Plan.APPROVED,
    author="petugas1",
    assigned_by="kepala1",
    **fields,
):
    """An approved plan with its team, made directly through the models (steps 1-5 are issue 3A's)."""
    unit = Unit.get(Unit.code == unit_code)
    values = dict(
        purpose="Menjangkau sasaran JGK-26-0001 dan memastikan keamanannya",
        places="Desa Contoh, Kecamatan Contoh",
        start_date=date(2030, 3, 2),
        end_date=date(2030, 3, 4),
    )
    values.update(fields)
    with db.atomic():
        plan = Plan.create(unit=unit, status=status, created_by=user(author), **values)
        for username, team_role in members:
            Assignment.create(plan=plan, user=user(username), team_role=team_role, assigned_by=user(assigned_by))
    return plan


def issue(plan, by="admin1"):
    return Letter.issue(plan, user(by), YEAR)


# ---- Visits and consent (step 8) ------------------------------------------------------------------


@dataclass
class Field:
    unit: object
    plan: object
    child: object  # Target whose person is a child of 15 (guardian known)
    adult: object  # Target whose person is an adult
    users: dict

    def user(self, name):
        return self.users[name]


def make_field(demo):
    """An approved plan in UPTD-PPA with two targets (a child of 15, an adult), petugas1 assigned."""
    unit = demo["UPTD-PPA"]
    users = {u.username: u for u in User.select()}
    with db.atomic():
        plan = Plan.create(
            unit=unit,
            purpose="Penjangkauan Desa Contoh",
            status=Plan.APPROVED,
            start_date=date.today(),
            end_date=date.today() + timedelta(days=3),
            created_by=users["petugas1"],
        )
        child = Person.create(
            unit=unit,
            name="Anak Contoh",
            sex="p",
            estimated_age=15,
            desa="Desa Contoh",
            guardian_name="Ibu Contoh",
            guardian_relation="ibu",
            created_by=users["petugas1"],
        )
        adult = Person.create(
            unit=unit, name="Dewasa Contoh", sex="p", estimated_age=32, desa="Desa Contoh", created_by=users["petugas1"]
        )
        child_target = Target.create(
            unit=unit, code="JGK-26-0901", person=child, kind="risiko_tinggi", created_by=users["petugas1"]
        )
        adult_target = Target.create(
            unit=unit, code="JGK-26-0902", person=adult, kind="laporan", created_by=users["petugas1"]
        )
        PlanTarget.create(plan=plan, target=child_target)
        PlanTarget.create(plan=plan, target=adult_target)
        Assignment.create(plan=plan, user=users["petugas1"], assigned_by=users["manajer1"], team_role="ketua")
    return Field(unit, plan, child_target, adult_target, users)


def visit_data(field, target=None, **overrides):
    target = target or field.child
    data = {
        "target": target.id,
        "plan": field.plan.id,
        "instance_id": "",
        "visit_date": date.today().isoformat(),
        "visit_time": "00:01",
        "place": "Rumah keluarga",
        "present": "korban, ibunya, dua petugas",
    }
    data.update(overrides)
    return data


def start_visit(browser, field, target=None, **overrides):
    """POST the start-a-visit form; returns the new Visit."""
    target = target or field.child
    browser.get(f"/kunjungan/baru?target={target.id}")
    response = browser.post(f"/kunjungan/baru?target={target.id}", visit_data(field, target, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    visit_id = int(response.headers["Location"].rsplit("/", 1)[1])
    return Visit.get_by_id(visit_id)


def form_html(html, marker):
    """The <form> that carries `marker` (e.g. data-offline-form="visit")."""
    start = html.index(marker)
    start = html.rindex("<form", 0, start)
    return html[start : html.index("</form>", start) + len("</form>")]


def give_consent(visit, scopes=("asesmen", "layanan")):
    consent = Consent.create(
        visit=visit, outcome=Consent.GIVEN, method="tanda_tangan", recorded_by=User.by_username("petugas1")
    )
    for scope in scopes:
        ConsentScope.create(consent=consent, scope=scope, granted=True)
    return consent


def jpeg_with_gps(width=3000, height=2000, orientation=None):
    """A camera-like JPEG: big, with EXIF (maker, GPS position, maybe an orientation)."""
    image = Image.new("RGB", (width, height), (200, 30, 30))
    ImageDraw.Draw(image).rectangle((0, 0, width // 3, height // 3), fill=(0, 0, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "KameraRahasia"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 10.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 49.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


# ---- Risk assessment and referrals (steps 9-10) ---------------------------------------------------


def make_visit(unit_code="UPTD-PPA", worker="petugas1", *, child=False, share=(), consent=True, refused=False):
    """A visit of an approved plan with `worker` assigned, and a consent to the assessment and the
    services; `share`: the partner kinds the person agreed to share with. consent=False: no consent
    recorded; refused=True: a refusal."""
    unit = Unit.get(Unit.code == unit_code)
    worker_user = User.by_username(worker)
    head = User.get(User.unit == unit, User.role == roles.HEAD)
    person = Person.create(
        unit=unit,
        name=PERSON_NAME,
        sex="p",
        created_by=worker_user,
        birth_date=date(2012, 5, 1) if child else date(1995, 5, 1),
        guardian_name="Ibu Fiktif" if child else "",
        guardian_relation="ibu" if child else "",
    )
    target = Target.create(
        unit=unit,
        code=f"JGK-26-{next(_codes):04d}-{uuid.uuid4().hex[:4]}",
        person=person,
        created_by=worker_user,
        report="cerita rahasia",
    )
    plan = Plan.create(
        unit=unit, purpose="Penjangkauan uji", status=Plan.APPROVED, created_by=worker_user, start_date=date.today()
    )
    PlanTarget.create(plan=plan, target=target)
    Assignment.create(plan=plan, user=worker_user, assigned_by=head)
    visit = Visit.create(
        unit=unit, plan=plan, target=target, created_by=worker_user, place="Rumah", instance_id=str(uuid.uuid4())
    )
    if refused:
        Consent.create(visit=visit, outcome=Consent.REFUSED, recorded_by=worker_user)
    elif consent:
        record = Consent.create(visit=visit, outcome=Consent.GIVEN, method="tanda_tangan", recorded_by=worker_user)
        ConsentScope.create(consent=record, scope="asesmen", granted=True)
        ConsentScope.create(consent=record, scope="layanan", granted=True)
        for kind in share:
            ConsentScope.create(consent=record, scope=f"berbagi:{kind}", granted=True)
    return visit


def make_case(
    unit_code="UPTD-PPA",
    by="admin1",
    *,
    procedure="kekerasan",
    channel="polisi",
    manager="manajer1",
    worker="petugas1",
    child=False,
    **fields,
):
    """A case opened at intake for a walk-in client (a new person and target), given to `manager` and
    `worker` (None: not given yet)."""
    unit = Unit.get(Unit.code == unit_code)
    opener = User.by_username(by)
    person = Person.create(
        unit=unit,
        name=PERSON_NAME,
        sex="p",
        created_by=opener,
        birth_date=date(2012, 5, 1) if child else date(1995, 5, 1),
        guardian_name="Ibu Fiktif" if child else "",
        guardian_relation="ibu" if child else "",
    )
    return Case.open(
        unit,
        opener,
        person=person,
        procedure=procedure,
        channel=channel,
        manager=User.by_username(manager) if manager else None,
        worker=User.by_username(worker) if worker else None,
        chronology=fields.pop("chronology", "kronologi rahasia"),
        **fields,
    )


def answers(yes=(), unknown=(), default=risk.TIDAK):
    """Form data for the risk form: every item `default`, the keys in `yes` Ya, in `unknown` Tidak tahu."""
    data = {item.key: default for item in risk.RISK_ITEMS}
    data.update({key: risk.YA for key in yes})
    data.update({key: risk.TIDAK_TAHU for key in unknown})
    return data


# ---- Concurrency ----------------------------------------------------------------------------------


def run_at_once(jobs):
    """Run the callables in threads that start together; returns their exceptions."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # noqa: BLE001 - collected and asserted on
            errors.append(error)
        finally:
            if not db.is_closed():
                db.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


# The permission table's endpoints, and a user of each role (tests/test_permissions.py, test_audit.py)
USERS = {roles.WORKER: "petugas1", roles.CASE_MANAGER: "manajer1", roles.HEAD: "kepala1", roles.ADMIN: "admin1"}


def endpoints(app):
    out = {}
    for rule in app.url_map.iter_rules():
        out.setdefault(rule.endpoint, []).append(rule)
    return out


def sample_url(rule):
    """A URL for the rule with made-up ids: enforcement happens before any record is looked up."""
    url = rule.rule
    url = re.sub(r"<(?:int:)?[^>]*id[^>]*>", "999999", url)
    url = re.sub(r"<path:[^>]+>", "css/app.css", url)
    url = re.sub(r"<[^>]+>", "x", url)
    return url


# Which record a URL's id argument names: a real URL per endpoint (tests/test_inputs.py, bench/fuzz.py).
ID_MODELS = {
    "plan_id": Plan,
    "target_id": Target,
    "consent_id": Consent,
    "attachment_id": Attachment,
    "flag_id": RiskFlag,
    "referral_id": Referral,
    "override_id": ConsentOverride,
    "assessment_id": RiskAssessment,
    "further_id": FurtherAssessment,
    "report_id": OutreachReport,
    "letter_id": Letter,
    "submission_id": Submission,
    "case_id": Case,
    "service_id": CaseService,
    "service_letter_id": ServiceLetter,
}
