"""SOP time standards: a plan's timeline of steps against the SOP's standard (web.sop), overdue steps
said in words, and the home panels that show overdue steps to the people who must act."""

import re
from datetime import timedelta

import pytest

from tests.factories import add_user, make_plan, make_visit, run_at_once, user
from web import roles, sop, steps
from web.models import Plan, StepLog, Target, Unit
from web.models.outreach import Assignment
from web.timeline.routes import duration
from web.timeutil import now


@pytest.fixture
def approved_plan(demo):
    return make_plan()


def ago(minutes):
    return now() - timedelta(minutes=minutes)


def step_item(html, number):
    """The <li> of one step in the timeline."""
    items = re.findall(r'<li class="tl-step[^"]*">(.*?)</li>', html, flags=re.S)
    for item in items:
        if re.search(rf'<span class="num">{number}</span>', item):
            return item
    raise AssertionError(f"step {number} is not in the timeline")


@pytest.mark.parametrize(
    "minutes, text",
    [
        (0, "0 menit"),
        (45, "45 menit"),
        (60, "1 jam"),
        (95, "1 jam 35 menit"),
        (24 * 60, "1 hari"),
        (2 * 24 * 60 + 3 * 60 + 10, "2 hari 3 jam"),
    ],
)
def test_durations_read_like_people_say_them(app, minutes, text):
    with app.test_request_context("/"):
        assert duration(minutes) == text


def test_the_timeline_shows_each_step_against_its_standard(login, approved_plan):
    kepala, petugas = user("kepala1"), user("petugas1")
    steps.start(approved_plan, "rencana", petugas, at=ago(300))
    steps.finish(approved_plan, "rencana", petugas, at=ago(255))  # 45 of 60 minutes
    steps.start(approved_plan, "persetujuan", petugas, at=ago(255))
    steps.finish(approved_plan, "persetujuan", kepala, at=ago(135))  # 120 of 30 minutes
    steps.start(approved_plan, "penugasan", kepala, at=ago(10))  # running, 10 of 60
    html = login("manajer1").get(f"/rencana/{approved_plan.id}/waktu").get_data(as_text=True)
    assert "Waktu SOP" in html

    three = step_item(html, 3)
    assert sop.step("rencana").name_id in three and "standar 1 jam" in three
    assert "45 menit dari standar 1 jam" in three and "Tepat waktu" in three and "Terlambat" not in three
    assert petugas.full_name in three

    four = step_item(html, 4)
    assert "Kepala UPTD" in four and "standar 30 menit" in four
    assert "2 jam dari standar 30 menit" in four and "Terlambat 1 jam 30 menit" in four
    assert "is-overdue" in html.split(sop.step("persetujuan").name_id)[0].rsplit("<li", 1)[1]
    assert kepala.full_name in four

    five = step_item(html, 5)
    assert "Sedang berjalan" in five and "Belum selesai" in five and "Terlambat" not in five

    for number in (6, 7, 11, 12):
        assert "Belum dimulai" in step_item(html, number)
    assert '<span class="num">8</span>' not in html  # visits' steps are not the plan's


def test_the_timeline_shows_the_first_steps_of_the_plans_targets(login, approved_plan):
    target = Target.create(unit=approved_plan.unit, code="JGK-26-0042", created_by=user("petugas1"))
    from web.models import PlanTarget

    PlanTarget.create(plan=approved_plan, target=target)
    steps.start(target, "sasaran", user("petugas1"), at=ago(100))
    steps.finish(target, "sasaran", user("petugas1"), at=ago(20))
    html = login("petugas1").get(f"/rencana/{approved_plan.id}/waktu").get_data(as_text=True)
    section = html.split("Korban JGK-26-0042")[1]
    assert "Terlambat 50 menit" in step_item(section, 1) and "Belum dimulai" in step_item(section, 2)


def test_the_timeline_is_only_for_those_who_see_the_plan(login, approved_plan):
    add_user("petugas3", roles.WORKER)
    for username in ("kepala1", "manajer1", "admin1", "petugas1", "petugas2"):
        assert login(username).get(f"/rencana/{approved_plan.id}/waktu").status_code == 200, username
    for username in ("petugas3", "kepala2"):
        assert login(username).get(f"/rencana/{approved_plan.id}/waktu").status_code in (403, 404), username


# ---- overdue steps on the home screens ----------------------------------------------------


def overdue_panel(html):
    if "Langkah SOP terlambat" not in html:
        return ""
    return html.split("Langkah SOP terlambat")[1].split("</section>")[0]


def test_the_kepala_sees_an_approval_waiting_past_its_standard(login, approved_plan):
    steps.start(approved_plan, "persetujuan", user("petugas1"), at=ago(120))
    panel = overdue_panel(login("kepala1").get("/").get_data(as_text=True))
    assert "Langkah 4" in panel and "Terlambat 1 jam 30 menit" in panel and "standar 30 menit" in panel
    assert f"/rencana/{approved_plan.id}/waktu" in panel
    # the case manager does not approve; the other unit's Kepala never sees this unit's work
    assert overdue_panel(login("manajer1").get("/").get_data(as_text=True)) == ""
    assert overdue_panel(login("kepala2").get("/").get_data(as_text=True)) == ""


def test_a_step_within_its_standard_or_finished_is_not_listed(login, approved_plan):
    steps.start(approved_plan, "persetujuan", user("petugas1"), at=ago(20))
    assert overdue_panel(login("kepala1").get("/").get_data(as_text=True)) == ""
    steps.finish(approved_plan, "persetujuan", user("kepala1"), at=ago(1))
    steps.start(approved_plan, "penugasan", user("kepala1"), at=ago(500))
    steps.finish(approved_plan, "penugasan", user("kepala1"), at=ago(200))
    assert overdue_panel(login("kepala1").get("/").get_data(as_text=True)) == ""
    assert "Langkah 5" not in overdue_panel(login("manajer1").get("/").get_data(as_text=True))


def test_the_case_manager_sees_an_assignment_overdue(login, approved_plan):
    steps.start(approved_plan, "penugasan", user("kepala1"), at=ago(90))
    panel = overdue_panel(login("manajer1").get("/").get_data(as_text=True))
    assert "Langkah 5" in panel and "Terlambat 30 menit" in panel


def test_admin_staff_see_letters_overdue_from_when_they_became_due(login, approved_plan):
    steps.finish(approved_plan, "penugasan", user("kepala1"), at=ago(180))
    admin = login("admin1")
    # due, not started: its clock runs all the same (issue 9: step 6 waited unstarted and was never late)
    panel = overdue_panel(admin.get("/").get_data(as_text=True))
    assert "Langkah 6" in panel and "Terlambat 2 jam" in panel and "belum dimulai" in panel
    assert overdue_panel(login("kepala1").get("/").get_data(as_text=True)) == ""
    steps.start(approved_plan, "administrasi", user("admin1"))  # started now: still late since it became due
    log = StepLog.get(StepLog.subject_id == approved_plan.id, StepLog.step == 6)
    assert log.due_at is not None and 179 <= log.minutes_taken <= 181 and log.is_overdue
    panel = overdue_panel(admin.get("/").get_data(as_text=True))
    assert "Langkah 6" in panel and "Terlambat 2 jam" in panel


def test_step_6_61_minutes_after_approval_unstarted_is_late_on_every_screen(login, approved_plan):
    steps.finish(approved_plan, "persetujuan", user("kepala1"), at=ago(61))
    steps.finish(approved_plan, "penugasan", user("kepala1"), at=ago(61))
    admin = login("admin1")
    home = admin.get("/").get_data(as_text=True)
    assert "Belum dimulai, terlambat 1 menit" in home.split("Siapkan surat tugas dan dokumen")[1]
    item = step_item(login("kepala1").get(f"/rencana/{approved_plan.id}/waktu").get_data(as_text=True), 6)
    assert "Belum dimulai, terlambat 1 menit" in item and "harus dimulai sejak" in item


def test_a_step_not_yet_due_is_neither_waiting_nor_late(login, approved_plan):
    Assignment.delete().where(Assignment.plan == approved_plan).execute()  # no team: step 6 is not due
    steps.finish(approved_plan, "persetujuan", user("kepala1"), at=ago(300))
    assert approved_plan.id not in [d.subject_id for d in steps.waiting(approved_plan.unit)]
    assert f"/rencana/{approved_plan.id}/waktu" not in overdue_panel(login("admin1").get("/").get_data(as_text=True))


def test_only_the_team_sees_its_coordination_overdue(login, approved_plan):
    add_user("petugas3", roles.WORKER)
    steps.start(approved_plan, "koordinasi", user("admin1"), at=ago(61 + 60))
    for username in ("petugas1", "petugas2"):
        panel = overdue_panel(login(username).get("/").get_data(as_text=True))
        assert "Langkah 7" in panel and "Terlambat 1 jam 1 menit" in panel, username
    for username in ("petugas3", "admin1", "kepala1"):
        assert "Langkah 7" not in overdue_panel(login(username).get("/").get_data(as_text=True)), username


def test_a_worker_sees_their_own_targets_overdue_and_no_one_elses(login, demo):
    unit = Unit.get(Unit.code == "UPTD-PPA")
    target = Target.create(unit=unit, code="JGK-26-0007", created_by=user("petugas2"))
    steps.start(target, "identifikasi", user("petugas2"), at=ago(75))
    panel = overdue_panel(login("petugas2").get("/").get_data(as_text=True))
    assert "Korban JGK-26-0007" in panel and "Langkah 2" in panel and "Terlambat 15 menit" in panel
    assert overdue_panel(login("petugas1").get("/").get_data(as_text=True)) == ""


def test_the_overdue_mark_is_words_not_only_colour(login, approved_plan):
    steps.start(approved_plan, "persetujuan", user("petugas1"), at=ago(120))
    html = login("kepala1").get(f"/rencana/{approved_plan.id}/waktu").get_data(as_text=True)
    item = step_item(html, 4)
    assert re.search(r'class="badge overdue">[^<]*Terlambat', item)


def test_a_step_started_by_several_people_at_once_is_logged_once(approved_plan):
    from web.models import StepLog

    people = [user("admin1"), user("kepala1"), user("manajer1"), user("admin1")]
    errors = run_at_once([lambda who=who: steps.start(approved_plan, "administrasi", who) for who in people])
    assert errors == []
    assert StepLog.select().where(StepLog.subject_id == approved_plan.id, StepLog.step == 6).count() == 1
    errors = run_at_once([lambda who=who: steps.finish(approved_plan, "administrasi", who) for who in people])
    log = StepLog.get(StepLog.subject_id == approved_plan.id, StepLog.step == 6)
    assert errors == [] and log.finished_at is not None and log.finished_by is not None


# ---- the overdue panel at a unit's size: filtered, ordered, cut and counted in SQL (issue 10) ----------


def overdue_rows(panel):
    return re.findall(r"<li>(.*?)</li>", panel, flags=re.S)


def test_the_21st_overdue_step_is_counted_but_not_listed_and_the_longest_late_come_first(login, demo):
    unit = Unit.get(Unit.code == "UPTD-PPA")
    for n in range(21):  # step 2 (60 minutes) late by 1 .. 21 minutes: JGK-26-0101 the least late
        target = Target.create(unit=unit, code=f"JGK-26-{101 + n:04d}", created_by=user("petugas2"))
        steps.start(target, "identifikasi", user("petugas2"), at=ago(61 + n))
    # step 1 (30 minutes) started later than most of them but late by 30 minutes: first (by lateness, not start)
    first = Target.create(unit=unit, code="JGK-26-0200", created_by=user("petugas2"))
    steps.start(first, "sasaran", user("petugas2"), at=ago(60))
    panel = overdue_panel(login("petugas2").get("/").get_data(as_text=True))
    rows = overdue_rows(panel)
    assert len(rows) == 20 and "dari 22" in panel
    assert "Korban JGK-26-0200" in rows[0] and "Langkah 1" in rows[0] and "Terlambat 30 menit" in rows[0]
    assert "Korban JGK-26-0121" in rows[1] and "Terlambat 21 menit" in rows[1]
    assert "Korban JGK-26-0103" in rows[19] and "Terlambat 3 menit" in rows[19]
    assert "JGK-26-0101" not in panel and "JGK-26-0102" not in panel  # the least late are only counted
    assert overdue_panel(login("petugas1").get("/").get_data(as_text=True)) == ""  # not theirs


def test_a_late_step_of_a_plan_the_worker_is_not_assigned_to_does_not_show(login, demo):
    theirs = make_plan(members=(("petugas1", "ketua"),), author="petugas1")
    other = make_plan(members=(("petugas1", "ketua"),), author="petugas1")
    for plan in (theirs, other):
        steps.start(plan, "koordinasi", user("admin1"), at=ago(200))
    panel = overdue_panel(login("petugas1").get("/").get_data(as_text=True))
    assert len(overdue_rows(panel)) == 2
    assert overdue_panel(login("petugas2").get("/").get_data(as_text=True)) == ""  # assigned to neither
    Assignment.update(active=False).where(Assignment.plan == other).execute()
    panel = overdue_panel(login("petugas1").get("/").get_data(as_text=True))
    # still the author of `other`: the step shows, without the link to a plan they no longer follow
    assert len(overdue_rows(panel)) == 2 and "dari" not in panel
    assert f"/rencana/{theirs.id}/waktu" in panel and f"/rencana/{other.id}/waktu" not in panel
    Plan.update(created_by=user("manajer1")).where(Plan.id == other.id).execute()
    panel = overdue_panel(login("petugas1").get("/").get_data(as_text=True))
    assert len(overdue_rows(panel)) == 1 and f"/rencana/{theirs.id}/waktu" in panel


def test_a_late_visit_step_shows_to_the_team_of_its_plan_only(login, demo):
    visit = make_visit(worker="petugas1", consent=False)
    steps.start(visit, "persetujuan_korban", user("petugas1"), at=ago(100))
    assert f"Kunjungan no. {visit.id}" in overdue_panel(login("petugas1").get("/").get_data(as_text=True))
    assert overdue_panel(login("petugas2").get("/").get_data(as_text=True)) == ""
    assert overdue_panel(login("admin1").get("/").get_data(as_text=True)) == ""


def test_step_6_waiting_is_listed_with_the_started_ones_and_counted_once(login, demo):
    plans = [make_plan() for _ in range(3)]
    for n, plan in enumerate(plans):
        steps.finish(plan, "penugasan", user("kepala1"), at=ago(100 + 100 * n))  # due, late 40 / 140 / 240
    steps.start(plans[1], "administrasi", user("admin1"))  # started now: late from when it became due
    steps.start(plans[2], "dokumentasi", user("admin1"), at=ago(1000))  # step 12 (30 minutes): late 970
    panel = overdue_panel(login("admin1").get("/").get_data(as_text=True))
    rows = overdue_rows(panel)
    assert len(rows) == 4 and "dari" not in panel
    assert "Langkah 12" in rows[0]
    assert [plan.id for plan in (plans[2], plans[1], plans[0])] == [
        int(re.search(r"/rencana/(\d+)/waktu", row).group(1)) for row in rows[1:]
    ]
    assert "belum dimulai" in rows[1] and "belum dimulai" not in rows[2] and "belum dimulai" in rows[3]
