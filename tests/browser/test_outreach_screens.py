"""The other screens of issue 3 on a 360 px phone, each checked with axe-core, 44 px tap targets and no
sideways scrolling: every role's home, the lists of targets and plans, a target's edit form, a plan
with a new version being written, the team screen, the Kepala Dinas's decision and the timeline."""

from datetime import date, timedelta

from tests.browser.conftest import check_screen, login_as
from web.models import Unit, User
from web.models.outreach import Plan, Target
from web.timeutil import now


def demo_plan():
    return Plan.get(Plan.title == "Penjangkauan Desa Contoh")


def plan_awaiting_dinas():
    unit = Unit.get(Unit.code == "UPTD-PPA")
    Unit.update(requires_dinas_approval=True).where(Unit.id == unit.id).execute()
    worker, kepala = User.by_username("petugas1"), User.by_username("kepala1")
    start = date.today() + timedelta(days=5)
    plan = Plan.start(
        unit,
        worker,
        title="Rencana Dinas Uji",
        purpose="Menemui sasaran (uji).",
        places="Desa Uji",
        start_date=start,
        end_date=start + timedelta(days=1),
    )
    plan.set_targets([Target.get(Target.code == f"JGK-{now().year % 100:02d}-0001")])
    plan.set_lines(
        [dict(category="transport", description="Bensin", quantity=2, unit_label="orang", unit_cost=150000)]
    )  # a plan is submitted with its budget (issue 9)
    plan.submit(worker)
    plan.decide(kepala, True)
    assert Plan.get_by_id(plan.id).status == Plan.AWAITING_DINAS
    return plan


def test_the_other_screens_of_issue_3_on_a_phone(new_phone, demo):
    plan = demo_plan()
    dinas_plan = plan_awaiting_dinas()
    draft = plan.new_version(User.by_username("petugas1"))
    target = Target.get(Target.code == f"JGK-{now().year % 100:02d}-0001")

    worker = login_as(new_phone(), "petugas1")
    check_screen(worker, "home-worker-360")
    for url in (
        "/sasaran/",
        f"/sasaran/{target.id}/ubah",
        "/rencana/",
        f"/rencana/{draft.id}",
        f"/rencana/{draft.id}/ubah",
        f"/rencana/{plan.id}",
    ):
        worker.goto(url)
        check_screen(worker)

    kepala = login_as(new_phone(), "kepala1")
    check_screen(kepala, "home-kepala-360")
    for url in (
        f"/rencana/{dinas_plan.id}/kepala-dinas",
        f"/rencana/{plan.id}/tim",
        f"/rencana/{plan.id}/waktu",
        "/rencana/",
        "/sasaran/",
    ):
        kepala.goto(url)
        check_screen(kepala)
    kepala.goto(f"/rencana/{dinas_plan.id}/kepala-dinas")
    check_screen(kepala, "kepala-dinas-360")

    manager = login_as(new_phone(), "manajer1")
    check_screen(manager, "home-manajer-360")
    for url in (f"/rencana/{plan.id}", f"/rencana/{plan.id}/surat", f"/rencana/{plan.id}/koordinasi"):
        manager.goto(url)
        check_screen(manager)

    admin = login_as(new_phone(), "admin1")
    for url in ("/rencana/", f"/rencana/{plan.id}"):
        admin.goto(url)
        check_screen(admin)
    for page in (worker, kepala, manager, admin):
        assert page.errors == []
