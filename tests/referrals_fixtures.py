"""Test data for the risk assessment, referral and case tests (issue 4B), made through the models:
an approved plan in a unit, a target with a (fictional) person, petugas1 assigned, a visit, and a
consent with the sharing scopes asked for. Imported by tests/test_risk_assessment.py,
tests/test_referrals.py, tests/test_cases.py and tests/browser/test_flag.py."""
import itertools
import uuid
from datetime import date

from web import risk, roles
from web.models import Assignment, Consent, ConsentScope, Person, Plan, PlanTarget, Target, Unit, User, Visit

PERSON_NAME = "Melati Fiktif"
_codes = itertools.count(1)


def user(username):
    return User.by_username(username)


def make_user(username, role, unit_code):
    """A user in a unit (e.g. a case manager of the second unit, for isolation tests)."""
    u = User(username=username, full_name=f"{username} (uji)", role=role, unit=Unit.get(Unit.code == unit_code))
    u.set_password("jangkau-demo")
    u.save()
    return u


def make_visit(unit_code="UPTD-PPA", worker="petugas1", *, child=False, share=(), consent=True, refused=False):
    """A visit of an approved plan with `worker` assigned, and a consent to the assessment and the
    services; `share`: the partner kinds the person agreed to share with. consent=False: no consent
    recorded; refused=True: a refusal."""
    unit = Unit.get(Unit.code == unit_code)
    worker_user = User.by_username(worker)
    head = User.get(User.unit == unit, User.role == roles.HEAD)
    person = Person.create(unit=unit, name=PERSON_NAME, sex="p", created_by=worker_user,
                           birth_date=date(2012, 5, 1) if child else date(1995, 5, 1),
                           guardian_name="Ibu Fiktif" if child else "", guardian_relation="ibu" if child else "")
    target = Target.create(unit=unit, code=f"JGK-26-{next(_codes):04d}-{uuid.uuid4().hex[:4]}", person=person,
                           created_by=worker_user, report="cerita rahasia")
    plan = Plan.create(unit=unit, purpose="Penjangkauan uji", status=Plan.APPROVED, created_by=worker_user,
                       start_date=date.today())
    PlanTarget.create(plan=plan, target=target)
    Assignment.create(plan=plan, user=worker_user, assigned_by=head)
    visit = Visit.create(unit=unit, plan=plan, target=target, created_by=worker_user, place="Rumah",
                         instance_id=str(uuid.uuid4()))
    if refused:
        Consent.create(visit=visit, outcome=Consent.REFUSED, recorded_by=worker_user)
    elif consent:
        record = Consent.create(visit=visit, outcome=Consent.GIVEN, method="tanda_tangan", recorded_by=worker_user)
        ConsentScope.create(consent=record, scope="asesmen", granted=True)
        ConsentScope.create(consent=record, scope="layanan", granted=True)
        for kind in share:
            ConsentScope.create(consent=record, scope=f"berbagi:{kind}", granted=True)
    return visit


def answers(yes=(), unknown=(), default=risk.TIDAK):
    """Form data for the risk form: every item `default`, the keys in `yes` Ya, in `unknown` Tidak tahu."""
    data = {item.key: default for item in risk.RISK_ITEMS}
    data.update({key: risk.YA for key in yes})
    data.update({key: risk.TIDAK_TAHU for key in unknown})
    return data


NON_FLAG_KEYS = [item.key for item in risk.RISK_ITEMS if not item.red_flag
                 and item.key not in risk.REFUSAL_COUNTS_AS_YES]
