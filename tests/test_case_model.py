"""The case core (web/models/cases.py): numbering, who sees a case, the SOP steps' clock, a case's visit."""

from datetime import timedelta

import pytest

from tests.factories import add_user, make_case, user
from web import roles, sop_cases
from web.models import Case, CaseStepLog, Target, Visit
from web.timeutil import now


def test_a_case_gets_the_units_next_number_and_a_target_that_lives_in_the_case(demo):
    first, second = make_case(), make_case()
    year = now().year % 100
    assert first.code == f"KS-{year:02d}-0001" and second.code == f"KS-{year:02d}-0002"
    assert first.target.status == Target.IN_CASE and first.target.person_id == first.person_id
    # never on a worker's outreach to-do lists
    opener = user("admin1")
    assert first.target not in list(Target.open_of(opener)) + list(Target.unplanned_of(opener))


def test_numbers_are_per_unit(demo):
    make_case()
    add_user("admin2", roles.ADMIN, "UPTD-PPA-SPL")
    other = make_case("UPTD-PPA-SPL", by="admin2", manager=None, worker=None)
    assert other.code.endswith("-0001")


def test_an_unknown_procedure_is_refused(demo):
    with pytest.raises(ValueError):
        make_case(procedure="lain")


def test_who_sees_a_case(demo):
    case = make_case(worker="petugas1")
    assert case.can_view(user("manajer1")) and case.can_view(user("kepala1")) and case.can_view(user("admin1"))
    assert case.can_view(user("petugas1"))
    assert not case.can_view(add_user("petugas9", roles.WORKER))  # not hers
    other_unit = add_user("manajer2", roles.CASE_MANAGER, "UPTD-PPA-SPL")
    assert not case.can_view(other_unit)
    assert not case.can_see_story(user("admin1")) and case.can_see_story(user("petugas1"))
    assert [c.id for c in Case.visible_to(user("petugas1"))] == [case.id]
    assert list(Case.visible_to(user("petugas9"))) == []
    assert list(Case.visible_to(other_unit)) == []


def test_the_worker_of_a_case_sees_its_target_and_person(demo):
    case = make_case(worker="petugas1")
    assert case.target.can_view(user("petugas1")) and case.person.can_view(user("petugas1"))
    assert not case.target.can_view(add_user("petugas9", roles.WORKER))


def test_caseload(demo):
    mine = make_case(manager="manajer1")
    make_case(manager=None)
    assert [c.id for c in Case.caseload(user("manajer1"))] == [mine.id]
    assert len(Case.caseload(user("kepala1"))) == 2


def test_intake_clock_runs_from_the_report(demo):
    received = now() - timedelta(hours=1)
    case = make_case(procedure="perdagangan_orang", received_at=received)
    (intake, log), *rest = case.timeline()
    assert intake.key == sop_cases.INTAKE and log.started_at == received
    assert log.due_at == received + timedelta(minutes=15)
    assert log.is_overdue()
    assert [c.case_id for c in CaseStepLog.overdue(case.unit)] == [case.id]
    case.finish_step(sop_cases.INTAKE, user("admin1"))
    assert list(CaseStepLog.overdue(case.unit)) == []
    assert all(log is None for _, log in rest)


def test_steps_start_once_and_the_nearest_deadline_is_next(demo):
    case = make_case(procedure="rehabilitasi")
    worker = user("petugas1")
    case.finish_step(sop_cases.INTAKE, worker)
    a = case.start_step(sop_cases.ASSESSMENT, worker)
    assert case.start_step(sop_cases.ASSESSMENT, worker).id == a.id
    assert a.due_at == a.started_at + timedelta(minutes=60)
    case.start_step(sop_cases.MONITORING, worker)  # no time standard
    assert CaseStepLog.next_due([case])[case.id].step == sop_cases.ASSESSMENT
    with pytest.raises(ValueError):
        case.start_step(sop_cases.REVIEW, worker)  # not a step of SOP 003


def test_a_case_meets_its_client_in_its_own_visit(demo):
    case = make_case(worker="petugas1")
    visit = case.meeting(user("petugas1"))
    assert visit.plan_id is None and visit.case_id == case.id and visit.target_id == case.target_id
    assert case.meeting(user("petugas1")).id == visit.id
    assert visit.can_view(user("petugas1")) and visit.can_edit(user("petugas1"))
    assert not visit.can_view(user("admin1"))  # admin staff: intake, not the story
    assert not visit.can_view(add_user("petugas9", roles.WORKER))
    assert Visit.get_by_id(visit.id).person.id == case.person_id


def test_history(demo):
    case = make_case()
    case.record("catatan", user("manajer1"), "uji")
    assert [(e.kind, e.by.username) for e in case.events()] == [("catatan", "manajer1")]
