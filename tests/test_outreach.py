"""SOP Penjangkauan steps 3-5: the plan with its budget (integer Rupiah, checked input), submission,
the Kepala's review with its history, the Kepala Dinas's second approval, versions of approved plans,
the team and its briefing, the home panels, who may see what, unit isolation and the audit trail."""

import re
from datetime import date, timedelta

import pytest

from web.filters import rupiah
from web.models import Assignment, AuditLog, StepLog, Unit, User
from web.models.outreach import BudgetLine, Plan, PlanDecision, PlanStateError, Target
from web.outreach.forms import parse_whole
from web.timeutil import now

YY = now().year % 100
START = date.today() + timedelta(days=3)


def demo_targets():
    return [Target.get(Target.code == f"JGK-{YY:02d}-000{n}") for n in (1, 2)]


def demo_plan():
    return Plan.get(Plan.title == "Penjangkauan Desa Contoh")


def plan_form(**overrides):
    bunga, _mawar = demo_targets()
    data = {
        "title": "Penjangkauan Uji",
        "purpose": "Menemui sasaran (uji).",
        "targets": [str(bunga.id)],
        "places": "Desa Uji",
        "start_date": START.isoformat(),
        "end_date": (START + timedelta(days=1)).isoformat(),
        "team": [],
        "team_note": "",
        "parties": ["polisi"],
        "parties_note": "",
        "lines-0-category": "transport",
        "lines-0-description": "Bensin",
        "lines-0-quantity": "2",
        "lines-0-unit_label": "orang",
        "lines-0-unit_cost": "150.000",
        "lines-1-category": "",
        "lines-1-description": "",
        "lines-1-quantity": "",
        "lines-1-unit_label": "",
        "lines-1-unit_cost": "",
        "lines-2-category": "uang_harian",
        "lines-2-description": "",
        "lines-2-quantity": "4",
        "lines-2-unit_label": "orang × hari",
        "lines-2-unit_cost": "Rp 237.500",
    }
    data.update(overrides)
    return data


def save_plan(browser, **overrides):
    browser.get("/rencana/baru")
    response = browser.post("/rencana/baru", plan_form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return Plan.select().order_by(Plan.id.desc()).first()


def submitted_plan(login, **overrides):
    worker = login("petugas1")
    plan = save_plan(worker, submit_plan="1", **overrides)
    assert plan.status == Plan.SUBMITTED
    return worker, plan


def step(plan, number):
    return StepLog.get_or_none(StepLog.subject_type == "plan", StepLog.subject_id == plan.id, StepLog.step == number)


# ---- money ---------------------------------------------------------------------------------


def test_rupiah_is_written_the_indonesian_way():
    assert rupiah(1250000) == "Rp 1.250.000"
    assert rupiah(0) == "Rp 0"
    assert [parse_whole(s) for s in ("1.250.000", "Rp 1.250.000", "1250000", "150.000,00", "-5")] == [
        1250000,
        1250000,
        1250000,
        150000,
        -5,
    ]
    for bad in ("1,5", "1.5", "12.34.567", "satu", ""):
        with pytest.raises(ValueError):
            parse_whole(bad)


def test_a_draft_keeps_its_budget_in_whole_rupiah_with_totals_per_line_and_plan(login):
    worker = login("petugas1")
    plan = save_plan(worker)
    assert plan.status == Plan.DRAFT and plan.created_by.username == "petugas1"
    lines = plan.lines
    assert [(line.category, line.quantity, line.unit_cost, line.total) for line in lines] == [
        ("transport", 2, 150000, 300000),
        ("uang_harian", 4, 237500, 950000),
    ]
    assert plan.total == 1250000 and all(isinstance(line.unit_cost, int) for line in lines)
    html = worker.get(f"/rencana/{plan.id}").get_data(as_text=True)
    assert "Rp 300.000" in html and "Rp 950.000" in html and "Rp 1.250.000" in html
    assert step(plan, 3).finished_at is None  # step 3 started, not finished until submitted
    assert AuditLog.for_record("plan", plan.id).where(AuditLog.action == "create").count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("lines-0-unit_cost", "-150000", "Biaya tidak boleh negatif."),
        ("lines-0-quantity", "0", "Jumlah minimal 1."),
        ("lines-0-quantity", "-2", "Jumlah minimal 1."),
        ("lines-0-unit_cost", "1.500.000.000", "lebih dari Rp 1.000.000.000"),
        ("lines-0-quantity", "1000", "lebih dari Rp 1.000.000.000"),  # 1000 x 150.000 is fine; see below
        ("lines-0-unit_cost", "150,5", "Tulis biaya dalam Rupiah tanpa koma"),
        ("lines-0-quantity", "dua", "Tulis jumlah dalam angka bulat"),
        ("lines-0-unit_cost", "0", "Biaya satuan harus lebih dari Rp 0."),
        ("lines-0-category", "", "Pilih jenis biaya."),
        ("lines-0-unit_cost", "", "Isi biaya satuan"),
    ],
)
def test_bad_amounts_are_explained_next_to_their_field_and_nothing_typed_is_lost(login, field, value, message):
    worker = login("petugas1")
    overrides = {field: value}
    if field == "lines-0-quantity" and value == "1000":
        overrides["lines-0-unit_cost"] = "2.000.000"  # 1000 x Rp 2.000.000 = Rp 2 milyar: absurd
    before = Plan.select().count()
    worker.get("/rencana/baru")
    response = worker.post("/rencana/baru", plan_form(title="Judul Tetap", **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error_id = (field if field != "lines-0-quantity" or value != "1000" else "lines-0-unit_cost") + "-error"
    assert f'id="{error_id}"' in html, html[-4000:]
    assert message in html
    assert 'value="Judul Tetap"' in html and 'value="Bensin"' in html
    if value and field != "lines-0-category":
        assert f'value="{value}"' in html
    assert Plan.select().count() == before


def test_a_date_range_that_ends_before_it_starts_is_refused_next_to_the_end_date(login):
    worker = login("petugas1")
    worker.get("/rencana/baru")
    response = worker.post("/rencana/baru", plan_form(start_date="2030-05-10", end_date="2030-05-09"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="error" id="end_date-error">Tanggal selesai tidak boleh sebelum tanggal mulai.</p>' in html
    assert 'value="2030-05-09"' in html and 'value="2030-05-10"' in html


def test_an_empty_plan_can_be_saved_as_a_draft_but_not_submitted(login):
    worker = login("petugas1")
    empty = {k: "" for k in plan_form()}
    empty.update(targets=[], parties=[], team=[])
    worker.get("/rencana/baru")
    response = worker.post("/rencana/baru", {**empty, "submit_plan": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("title", "purpose", "targets", "places", "start_date", "end_date"):
        assert f'id="{field}-error"' in html, field
    assert "Pilih paling sedikit satu korban" in html
    response = worker.post("/rencana/baru", empty)  # a draft may be incomplete
    assert response.status_code == 302
    plan = Plan.select().order_by(Plan.id.desc()).first()
    assert plan.status == Plan.DRAFT and plan.lines == []
    response = worker.post(f"/rencana/{plan.id}/ajukan")
    assert response.status_code == 422 and 'id="purpose-error"' in response.get_data(as_text=True)
    assert Plan.get_by_id(plan.id).status == Plan.DRAFT
    with pytest.raises(ValueError):
        plan.submit(User.by_username("petugas1"))


def test_a_plan_without_a_budget_cannot_be_submitted(login):
    """The SOP's plan includes its budget: the Kepala never reads "Rp 0" (issue 9)."""
    worker = login("petugas1")
    no_budget = {key: "" if key.startswith("lines-") else value for key, value in plan_form().items()}
    worker.get("/rencana/baru")
    response = worker.post("/rencana/baru", {**no_budget, "submit_plan": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="error" id="budget-error">Isi paling sedikit satu baris anggaran' in html
    assert 'value="Penjangkauan Uji"' in html  # nothing typed is lost
    plan = save_plan(worker, **{k: v for k, v in no_budget.items() if k.startswith("lines-")})  # a draft may
    assert plan.status == Plan.DRAFT and plan.lines == [] and plan.missing_for_submit() == {"budget": "required"}
    response = worker.post(f"/rencana/{plan.id}/ajukan")
    assert response.status_code == 422 and 'id="budget-error"' in response.get_data(as_text=True)
    assert Plan.get_by_id(plan.id).status == Plan.DRAFT
    with pytest.raises(ValueError):
        plan.submit(User.by_username("petugas1"))


def test_add_line_works_without_javascript_and_keeps_what_was_typed(login):
    worker = login("petugas1")
    before = Plan.select().count()
    worker.get("/rencana/baru")
    response = worker.post("/rencana/baru", plan_form(add_line="1", title="Sedang Ditulis"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'name="lines-3-category"' in html and 'name="lines-4-category"' not in html
    assert 'value="Sedang Ditulis"' in html and 'value="Rp 237.500"' in html
    assert "Rp 1.250.000" in html  # the total of what was typed
    assert Plan.select().count() == before  # adding a row saves nothing


def test_add_line_with_htmx_swaps_only_the_budget(login):
    worker = login("petugas1")
    worker.get("/rencana/baru")
    response = worker.post(
        "/rencana/baru", plan_form(add_line="1"), headers={"HX-Request": "true", "HX-Target": "budget"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="budget"') and "<html" not in html
    assert 'name="lines-3-unit_cost"' in html and 'hx-post="/rencana/baru"' in html


def test_targets_in_a_plan_must_be_visible_to_its_author(login):
    first = login("petugas1")
    other = Target.create_with_code(Unit.get(Unit.code == "UPTD-PPA"), User.by_username("petugas2"), report="x")
    first.get("/rencana/baru")
    response = first.post("/rencana/baru", plan_form(targets=[str(other.id)]))
    assert response.status_code == 422 and "Korban ini tidak bisa dipilih." in response.get_data(as_text=True)


# ---- step 4: review ------------------------------------------------------------------------


def test_submitting_finishes_step_3_starts_step_4_and_reaches_the_kepala(login):
    worker, plan = submitted_plan(login)
    assert step(plan, 3).finished_at is not None and step(plan, 4).finished_at is None
    assert [d.action for d in plan.history()] == [PlanDecision.SUBMITTED]
    assert list(Plan.awaiting_approval(plan.unit)) == [plan]
    kepala = login("kepala1")
    home = kepala.get("/").get_data(as_text=True)
    assert "Menunggu persetujuan Anda" in home and "Penjangkauan Uji" in home and f"/rencana/{plan.id}/periksa" in home
    assert worker.get(f"/rencana/{plan.id}/ubah").status_code == 403  # under review: not editable


def test_the_review_screen_shows_plan_budget_and_history_then_the_decision(login):
    _worker, plan = submitted_plan(login)
    html = login("kepala1").get(f"/rencana/{plan.id}/periksa").get_data(as_text=True)
    html = html[html.find("<main") :]
    order = [
        "Tujuan",
        "Korban",
        f"JGK-{YY:02d}-0001",
        '<span class="badge anak">Anak</span>',
        "Tempat dan tanggal",
        "Tim",
        "Anggaran",
        "Rp 1.250.000",
        "Riwayat persetujuan",
        "Setujui rencana dan anggaran",
        "Kembalikan dengan catatan",
    ]
    positions = [html.find(text) for text in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions)


def test_a_return_needs_a_note_and_is_kept_with_who_and_when(login):
    worker, plan = submitted_plan(login)
    kepala = login("kepala1")
    kepala.get(f"/rencana/{plan.id}/periksa")
    response = kepala.post(f"/rencana/{plan.id}/periksa", {"decision": "kembalikan", "note": "  "})
    assert response.status_code == 422
    assert 'id="note-error"' in response.get_data(as_text=True)
    assert Plan.get_by_id(plan.id).status == Plan.SUBMITTED
    response = kepala.post(
        f"/rencana/{plan.id}/periksa", {"decision": "kembalikan", "note": "Anggaran uang harian terlalu besar."}
    )
    assert response.status_code == 302
    plan = Plan.get_by_id(plan.id)
    assert plan.status == Plan.RETURNED
    decision = plan.last_return
    assert (decision.decided_by.username, decision.level, decision.note) == (
        "kepala1",
        "kepala",
        "Anggaran uang harian terlalu besar.",
    )
    assert abs((decision.at - now()).total_seconds()) < 60
    assert step(plan, 4).finished_at is not None
    home = worker.get("/").get_data(as_text=True)
    assert "Dikembalikan" in home and "Anggaran uang harian terlalu besar." in home


def test_a_returned_plan_is_edited_resubmitted_and_approved(login):
    worker, plan = submitted_plan(login)
    kepala = login("kepala1")
    kepala.get(f"/rencana/{plan.id}/periksa")
    kepala.post(f"/rencana/{plan.id}/periksa", {"decision": "kembalikan", "note": "Kurangi uang harian."})
    page = worker.get(f"/rencana/{plan.id}/ubah").get_data(as_text=True)
    assert "Kurangi uang harian." in page and 'value="Rp 237.500"' not in page and 'value="237500"' in page
    response = worker.post(f"/rencana/{plan.id}/ubah", plan_form(**{"lines-2-quantity": "2", "submit_plan": "1"}))
    assert response.status_code == 302
    plan = Plan.get_by_id(plan.id)
    assert plan.status == Plan.SUBMITTED and plan.total == 300000 + 2 * 237500
    kepala.get(f"/rencana/{plan.id}/periksa")
    assert kepala.post(f"/rencana/{plan.id}/periksa", {"decision": "setujui", "note": ""}).status_code == 302
    plan = Plan.get_by_id(plan.id)
    assert plan.is_approved
    assert [(d.action, d.decided_by.username) for d in plan.history()] == [
        ("diajukan", "petugas1"),
        ("dikembalikan", "kepala1"),
        ("diajukan", "petugas1"),
        ("disetujui", "kepala1"),
    ]
    assert step(plan, 5) is not None and step(plan, 5).finished_at is None  # the team is to be assigned
    assert plan in list(Plan.needing_team(plan.unit))
    assert "Perlu penugasan tim" in login("manajer1").get("/").get_data(as_text=True)


def test_only_the_kepala_of_the_same_unit_decides(login):
    _worker, plan = submitted_plan(login)
    assert login("kepala2").get(f"/rencana/{plan.id}/periksa").status_code == 403
    assert login("kepala2").post(f"/rencana/{plan.id}/periksa", {"decision": "setujui"}).status_code == 403
    assert login("manajer1").get(f"/rencana/{plan.id}/periksa").status_code == 403
    assert login("petugas1").post(f"/rencana/{plan.id}/periksa", {"decision": "setujui"}).status_code == 403
    assert Plan.get_by_id(plan.id).status == Plan.SUBMITTED
    assert plan not in list(Plan.awaiting_approval(Unit.get(Unit.code == "UPTD-PPA-SPL")))


def test_a_decision_taken_twice_is_refused(login):
    _worker, plan = submitted_plan(login)
    kepala = User.by_username("kepala1")
    plan.decide(kepala, True)
    stale = Plan.get_by_id(plan.id)
    stale.status = Plan.SUBMITTED  # a second tab still showing the old state
    with pytest.raises(PlanStateError):
        stale.decide(kepala, False, "terlambat")
    assert Plan.get_by_id(plan.id).is_approved


def test_a_unit_can_require_a_second_approval_by_the_kepala_dinas(login):
    Unit.update(requires_dinas_approval=True).where(Unit.code == "UPTD-PPA").execute()
    _worker, plan = submitted_plan(login)
    kepala = login("kepala1")
    kepala.get(f"/rencana/{plan.id}/periksa")
    kepala.post(f"/rencana/{plan.id}/periksa", {"decision": "setujui", "note": ""})
    plan = Plan.get_by_id(plan.id)
    assert plan.status == Plan.AWAITING_DINAS and not plan.is_approved
    assert "Menunggu keputusan Kepala Dinas" in kepala.get("/").get_data(as_text=True)
    assert login("admin1").get(f"/rencana/{plan.id}").status_code == 403  # not approved yet
    kepala.get(f"/rencana/{plan.id}/kepala-dinas")
    response = kepala.post(f"/rencana/{plan.id}/kepala-dinas", {"decision": "setujui", "signer_name": "", "note": ""})
    assert response.status_code == 422 and 'id="signer_name-error"' in response.get_data(as_text=True)
    response = kepala.post(
        f"/rencana/{plan.id}/kepala-dinas",
        {"decision": "setujui", "signer_name": "Dr. Kepala Dinas Contoh", "note": ""},
    )
    assert response.status_code == 302
    plan = Plan.get_by_id(plan.id)
    assert plan.is_approved
    levels = [(d.action, d.level, d.signer_name) for d in plan.history()][1:]
    assert levels == [("disetujui", "kepala", ""), ("disetujui", "kepala_dinas", "Dr. Kepala Dinas Contoh")]


def test_the_kepala_dinas_can_return_a_plan_with_a_note(login):
    Unit.update(requires_dinas_approval=True).where(Unit.code == "UPTD-PPA").execute()
    _worker, plan = submitted_plan(login)
    kepala = User.by_username("kepala1")
    plan.decide(kepala, True)
    with pytest.raises(ValueError):
        plan.decide(kepala, False, "", level=PlanDecision.KEPALA_DINAS, signer_name="Kadis")
    plan.decide(
        kepala, False, "Gabungkan dengan rencana desa sebelah.", level=PlanDecision.KEPALA_DINAS, signer_name="Kadis"
    )
    assert Plan.get_by_id(plan.id).status == Plan.RETURNED


# ---- versions ------------------------------------------------------------------------------


def test_an_approved_plan_never_changes_silently(login):
    worker = login("petugas1")
    plan = demo_plan()
    assert plan.is_approved
    assert worker.get(f"/rencana/{plan.id}/ubah").status_code == 403
    assert worker.post(f"/rencana/{plan.id}/ubah", plan_form()).status_code == 403
    response = worker.post(f"/rencana/{plan.id}/versi-baru")
    copy = Plan.select().order_by(Plan.id.desc()).first()
    assert response.headers["Location"].endswith(f"/rencana/{copy.id}/ubah")
    assert (copy.version, copy.previous_id, copy.status, copy.title) == (2, plan.id, Plan.DRAFT, plan.title)
    assert [t.id for t in copy.targets] == [t.id for t in plan.targets] and copy.total == plan.total
    assert Plan.get_by_id(plan.id).is_approved  # the old version still stands
    worker.post(f"/rencana/{plan.id}/versi-baru")  # twice: the same open version, not a third
    assert Plan.select().where(Plan.previous == plan).count() == 1
    home = worker.get("/").get_data(as_text=True)
    assert "Tugas penjangkauan saya" in home and f"/rencana/{plan.id}" in home

    response = worker.post(
        f"/rencana/{copy.id}/ubah",
        plan_form(
            title=plan.title,
            targets=[str(t.id) for t in plan.targets],
            submit_plan="1",
            **{"lines-0-unit_cost": "175.000"},
        ),
    )
    assert response.status_code == 302
    assert Plan.get_by_id(plan.id).is_approved  # still, until the new version is approved
    html = worker.get(f"/rencana/{plan.id}").get_data(as_text=True)
    assert "Versi 2 sedang disusun atau diperiksa" in html
    copy.decide(User.by_username("kepala1"), True)

    old, new = Plan.get_by_id(plan.id), Plan.get_by_id(copy.id)
    assert (old.status, new.status) == (Plan.SUPERSEDED, Plan.APPROVED)
    assert sorted(a.user.username for a in new.team) == ["petugas1", "petugas2"]  # the team carries over
    assert new.briefing == old.briefing
    assert step(new, 5).finished_at is not None
    old_page = worker.get(f"/rencana/{old.id}")
    assert old_page.status_code == 200 and "Versi ini sudah diganti" in old_page.get_data(as_text=True)
    assert "Rp 175.000" not in old_page.get_data(as_text=True)  # the old version is kept as it was
    history = [(d.plan.version, d.action) for d in new.history()]
    assert history[:2] == [(1, "diajukan"), (1, "disetujui")] and history[-2:] == [(2, "diajukan"), (2, "disetujui")]
    assert list(Plan.assigned_to(User.by_username("petugas2"))) == [new]


def test_only_the_author_or_a_case_manager_starts_a_new_version(login):
    plan = demo_plan()
    assert login("petugas2").post(f"/rencana/{plan.id}/versi-baru").status_code == 403
    assert login("admin1").post(f"/rencana/{plan.id}/versi-baru").status_code == 403
    assert login("manajer1").post(f"/rencana/{plan.id}/versi-baru").status_code == 302


# ---- step 5: the team ----------------------------------------------------------------------


def test_the_team_and_briefing_are_assigned_and_seen_by_each_worker(login):
    _worker, plan = submitted_plan(login, team=[str(User.by_username("petugas2").id)])
    plan.decide(User.by_username("kepala1"), True)
    manager = login("manajer1")
    page = manager.get(f"/rencana/{plan.id}/tim").get_data(as_text=True)
    petugas2 = User.by_username("petugas2")
    petugas1 = User.by_username("petugas1")
    assert re.search(rf'<input[^>]* checked [^>]*name="members"[^>]*value="{petugas2.id}"', page)  # proposed
    assert not re.search(rf'<input[^>]* checked [^>]*name="members"[^>]*value="{petugas1.id}"', page)
    response = manager.post(f"/rencana/{plan.id}/tim", {"members": [], "lead": "", "briefing": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="members-error"' in html and 'id="briefing-error"' in html
    response = manager.post(
        f"/rencana/{plan.id}/tim",
        {"members": [str(petugas2.id)], "lead": str(User.by_username("petugas1").id), "briefing": "Bawa formulir."},
    )
    assert response.status_code == 422 and "Ketua tim harus salah satu anggota" in response.get_data(as_text=True)
    response = manager.post(
        f"/rencana/{plan.id}/tim",
        {
            "members": [str(petugas2.id)],
            "lead": str(petugas2.id),
            "briefing": "Bawa formulir persetujuan. Temui ibu dulu.",
        },
    )
    assert response.status_code == 302
    assert [(a.user.username, a.team_role) for a in Plan.get_by_id(plan.id).team] == [("petugas2", "ketua")]
    assert step(plan, 5).finished_at is not None
    home = login("petugas2").get("/").get_data(as_text=True)
    assert "Penjangkauan Uji" in home and "Temui ibu dulu." in home and f"JGK-{YY:02d}-0001" in home
    assert "Penjangkauan Uji" not in login("petugas1").get("/").get_data(as_text=True).split("Rencana saya")[0]
    # removing someone keeps the row (history) but not the assignment
    manager.post(
        f"/rencana/{plan.id}/tim", {"members": [str(User.by_username("petugas1").id)], "lead": "", "briefing": "Baru."}
    )
    assert not Assignment.is_assigned(plan, petugas2)
    assert Assignment.select().where(Assignment.plan == plan).count() == 2


def test_a_team_is_made_of_the_units_own_people(demo):
    plan = demo_plan()
    manager = User.by_username("manajer1")
    with pytest.raises(ValueError):
        plan.assign(manager, [User.by_username("kepala2")], briefing="x")  # another unit
    with pytest.raises(ValueError):
        plan.assign(manager, [User.by_username("petugas1")], lead=User.by_username("petugas2"), briefing="x")
    assert sorted(a.user.username for a in plan.team) == ["petugas1", "petugas2"]


def test_only_the_kepala_or_a_case_manager_assigns_and_only_an_approved_plan(login):
    _worker, plan = submitted_plan(login)
    assert login("manajer1").get(f"/rencana/{plan.id}/tim").status_code == 403  # not approved yet
    approved = demo_plan()
    assert login("kepala1").get(f"/rencana/{approved.id}/tim").status_code == 200
    assert login("petugas1").get(f"/rencana/{approved.id}/tim").status_code == 403
    assert login("admin1").get(f"/rencana/{approved.id}/tim").status_code == 403
    assert login("kepala2").get(f"/rencana/{approved.id}/tim").status_code == 403


# ---- who sees what -------------------------------------------------------------------------


def test_who_sees_which_plan(login):
    draft = save_plan(login("petugas1"))
    approved = demo_plan()
    assert login("petugas2").get(f"/rencana/{draft.id}").status_code == 403  # another worker's draft
    assert login("petugas2").get(f"/rencana/{approved.id}").status_code == 200  # assigned
    assert login("manajer1").get(f"/rencana/{draft.id}").status_code == 200  # the unit's case manager
    assert login("kepala1").get(f"/rencana/{draft.id}").status_code == 200
    assert login("admin1").get(f"/rencana/{draft.id}").status_code == 403  # admin: approved plans only
    assert login("admin1").get(f"/rencana/{approved.id}").status_code == 200
    assert login("kepala2").get(f"/rencana/{approved.id}").status_code == 403  # another unit
    kepala2 = User.by_username("kepala2")
    assert list(Plan.visible_to(kepala2)) == []
    assert "Penjangkauan Desa Contoh" not in login("kepala2").get("/rencana/").get_data(as_text=True)
    manager_list = login("manajer1").get("/rencana/").get_data(as_text=True)
    assert "Penjangkauan Uji" in manager_list and "Penjangkauan Desa Contoh" in manager_list


def test_a_plan_page_shows_names_only_to_those_who_may_see_the_person(login):
    plan = demo_plan()
    admin_page = login("admin1").get(f"/rencana/{plan.id}").get_data(as_text=True)
    assert f"JGK-{YY:02d}-0001" in admin_page and "Bunga" not in admin_page
    assert '<span class="badge anak">Anak</span>' not in admin_page  # need to know (issue 9): codes only
    assert 'href="/sasaran/' not in admin_page
    head_page = login("kepala1").get(f"/rencana/{plan.id}").get_data(as_text=True)
    assert '<span class="badge anak">Anak</span>' in head_page


def test_plan_views_and_changes_are_audited(login):
    worker = login("petugas1")
    plan = save_plan(worker)
    worker.get(f"/rencana/{plan.id}")
    worker.post(f"/rencana/{plan.id}/ubah", plan_form(title="Lain"))
    actions = [a.action for a in AuditLog.for_record("plan", plan.id)]
    assert actions[:3] == ["create", "view", "update"]
    login("petugas2").get(f"/rencana/{plan.id}")
    assert AuditLog.for_record("plan", plan.id).where(AuditLog.action == "denied").count() == 1


# ---- home panels ---------------------------------------------------------------------------


def panel(html, heading_id):
    start = html.find(f'aria-labelledby="{heading_id}"')
    assert start != -1, heading_id
    return html[start : html.find("</section>", start)]


def test_home_panels_per_role(login):
    plan = demo_plan()
    worker_home = panel(login("petugas2").get("/").get_data(as_text=True), "panel-assigned-h")
    assert "Tugas penjangkauan saya" in worker_home and plan.title in worker_home
    assert "Temui ibu lebih dulu" in worker_home and f"JGK-{YY:02d}-0001" in worker_home
    assert "Bunga" not in worker_home  # codes on this panel, never names
    admin_home = login("admin1").get("/").get_data(as_text=True)
    assert "Rencana disetujui" in admin_home and plan.title in admin_home
    assert admin_home.count(plan.title) == 1  # one panel of approved plans, each plan once
    manager_home = login("manajer1").get("/").get_data(as_text=True)
    assert "Rencana penjangkauan unit" in manager_home and plan.title in manager_home
    assert "Tidak ada rencana yang menunggu persetujuan." in login("kepala1").get("/").get_data(as_text=True)
    assert plan.title not in login("kepala2").get("/").get_data(as_text=True)


def test_an_overdue_review_is_marked_on_the_kepala_home(login):
    _worker, plan = submitted_plan(login)
    home = login("kepala1").get("/").get_data(as_text=True)
    assert "Lewat batas waktu SOP" not in home
    StepLog.update(started_at=now() - timedelta(minutes=45)).where(
        StepLog.subject_type == "plan", StepLog.subject_id == plan.id, StepLog.step == 4
    ).execute()
    home = login("kepala1").get("/").get_data(as_text=True)
    assert "Lewat batas waktu SOP" in home


def test_the_demo_has_an_approved_plan_with_two_assigned_workers(demo):
    plan = demo_plan()
    bunga = Target.get(Target.code == f"JGK-{YY:02d}-0001")
    assert plan.is_approved and bunga in plan.targets and bunga.person.is_child and bunga.person.age() == 15
    assert sorted((a.user.username, a.team_role) for a in plan.team) == [("petugas1", "ketua"), ("petugas2", "anggota")]
    assert [d.decided_by.username for d in plan.history() if d.action == "disetujui"] == ["kepala1"]
    assert BudgetLine.select().where(BudgetLine.plan == plan).count() == 3


def test_admin_staff_see_team_dates_and_budget_but_no_person_details_on_any_screen(login):
    """Need to know (issue 9): the plan page, letters and coordination show admin staff the team, dates and
    budget, never a target's age, village, child mark, the briefing or notes that may speak of a person."""
    from web.models import CoordinationContact, Letter
    from web.models.outreach import Person

    plan = demo_plan()
    Person.update(desa="Desa Rahasia Uji").execute()
    kepala1 = User.by_username("kepala1")
    CoordinationContact.create(
        unit=plan.unit,
        plan=plan,
        party="polisi",
        contacted_at=now(),
        means="telepon",
        result="dukungan_dijanjikan",
        notes="Catatan kontak rahasia uji",
        recorded_by=kepala1,
    )
    secrets = (
        "15 tahun",
        "24 tahun",
        "Desa Rahasia Uji",
        'class="badge anak"',
        "Bunga",
        "Mawar",
        "Temui ibu lebih dulu",
        "Utamakan keselamatan anak",
        "Catatan kontak rahasia uji",
    )
    admin = login("admin1")
    admin.post(f"/rencana/{plan.id}/surat")  # the letters exist, so their print pages can be read too
    letters = [letter.id for letter in Letter.for_plan(plan)]
    assert letters
    urls = [
        f"/rencana/{plan.id}",
        f"/rencana/{plan.id}/surat",
        f"/rencana/{plan.id}/koordinasi",
        f"/rencana/{plan.id}/waktu",
        "/rencana/",
        "/",
    ] + [f"/surat/{i}/cetak" for i in letters]
    for url in urls:
        response = admin.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, url
        for secret in secrets:
            assert secret not in html, (url, secret)
    page = admin.get(f"/rencana/{plan.id}").get_data(as_text=True)
    assert "Tim" in page and "Anggaran" in page and User.by_username("petugas1").full_name in page
    assert rupiah(plan.total) in page  # the budget total
    # the same page shows them to the Kepala: the test can fail
    kepala = login("kepala1").get(f"/rencana/{plan.id}").get_data(as_text=True)
    assert "15 tahun" in kepala and "Desa Rahasia Uji" in kepala and "Temui ibu lebih dulu" in kepala
    assert "Catatan kontak rahasia uji" in login("kepala1").get(f"/rencana/{plan.id}/koordinasi").get_data(as_text=True)


def test_the_kepala_turns_the_kepala_dinas_approval_on_and_off_for_her_unit(login):
    """Issue 9: the second approval existed only as a database column; now a unit setting on screen."""
    kepala = login("kepala1")
    unit = Unit.get(Unit.code == "UPTD-PPA")
    assert "/rencana/pengaturan" in kepala.get("/rencana/").get_data(as_text=True)
    response = kepala.get("/rencana/pengaturan")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page[-1500:]
    assert "Persetujuan Kepala Dinas" in page
    assert re.search(r'<input[^>]*checked[^>]*value="tidak"|<input[^>]*value="tidak"[^>]*checked', page)
    response = kepala.post("/rencana/pengaturan", {"dinas": "mungkin"})
    assert response.status_code == 422 and 'id="dinas-error"' in response.get_data(as_text=True)
    assert kepala.post("/rencana/pengaturan", {"dinas": "ya"}).status_code == 302
    assert Unit.get_by_id(unit.id).requires_dinas_approval
    assert not Unit.get(Unit.code == "UPTD-PPA-SPL").requires_dinas_approval  # her unit only
    assert (
        AuditLog.select()
        .where(
            AuditLog.record_type == "unit",
            AuditLog.record_id == str(unit.id),
            AuditLog.detail == "kepala dinas approval on",
        )
        .count()
        == 1
    )
    _worker, plan = submitted_plan(login)
    plan.decide(User.by_username("kepala1"), True)
    assert Plan.get_by_id(plan.id).status == Plan.AWAITING_DINAS  # the rule is applied
    assert kepala.post("/rencana/pengaturan", {"dinas": "tidak"}).status_code == 302
    assert not Unit.get_by_id(unit.id).requires_dinas_approval
    assert AuditLog.select().where(AuditLog.detail == "kepala dinas approval off").count() == 1
    for username in ("petugas1", "manajer1", "admin1"):
        assert login(username).get("/rencana/pengaturan").status_code == 403


def test_a_plan_edit_from_a_stale_page_is_refused_and_keeps_what_was_typed(login):
    worker = login("petugas1")
    plan = save_plan(worker)
    version = str(Plan.get_by_id(plan.id).row_version)
    page = worker.get(f"/rencana/{plan.id}/ubah").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{version}"' in page
    manager = login("manajer1")
    response = manager.post(f"/rencana/{plan.id}/ubah", plan_form(title="Judul manajer", version=version))
    assert response.status_code == 302
    stale = worker.post(f"/rencana/{plan.id}/ubah", plan_form(title="Judul petugas", version=version))
    html = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "Data ini sudah diubah orang lain" in html and "Judul petugas" in html
    assert f'name="version" type="hidden" value="{int(version) + 1}"' in html
    assert Plan.get_by_id(plan.id).title == "Judul manajer"


def _plan_with_targets(demo, n):
    """An approved plan of UPTD-PPA with `n` targets (each with a person, steps 1-2 logged by another
    worker) and its planning steps logged by three people."""
    from web import steps
    from web.models import Person, PlanTarget

    unit, author, other = demo["UPTD-PPA"], User.by_username("petugas1"), User.by_username("petugas2")
    kepala = User.by_username("kepala1")
    plan = Plan.create(
        unit=unit,
        purpose="Penjangkauan",
        status=Plan.APPROVED,
        start_date=date(2030, 3, 2),
        end_date=date(2030, 3, 4),
        created_by=author,
    )
    Assignment.create(plan=plan, user=author, assigned_by=kepala, team_role="ketua")
    steps.finish(plan, steps.PLAN, author)
    steps.finish(plan, steps.APPROVAL, kepala)
    steps.start(plan, steps.ASSIGNMENT, User.by_username("manajer1"))
    for k in range(n):
        person = Person.create(
            unit=unit, name=f"Orang {k}", sex="p", estimated_age=20 + k, desa="Desa", created_by=other
        )
        code = f"JGK-26-{n:02d}{k:02d}"
        target = Target.create(unit=unit, code=code, person=person, kind="laporan", created_by=other)
        PlanTarget.create(plan=plan, target=target)
        steps.finish(target, steps.TARGET, other)
        steps.start(target, steps.IDENTIFICATION, other)
    return plan


@pytest.mark.parametrize("username", ["petugas1", "manajer1", "kepala1"])
def test_a_plans_page_asks_the_same_queries_for_2_or_12_targets(login, demo, count_queries, username):
    """The plan page (and its timeline) show each target with its person, whether the reader may open it,
    and who started and finished each step: joined or fetched at once, not a query per target or step."""
    small, large = _plan_with_targets(demo, 2), _plan_with_targets(demo, 12)
    reader = login(username)
    for path in ("/rencana/{}", "/rencana/{}/waktu"):
        counts = []
        for plan in (small, large):
            reader.get(path.format(plan.id))  # the same warm-up for both
            url = path.format(plan.id)
            counts.append(count_queries(lambda url=url: reader.get(url)))
        assert counts[0] == counts[1], f"{path}: {counts}"
    page = reader.get(f"/rencana/{large.id}").get_data(as_text=True)
    assert "JGK-26-1211" in page and "31 tahun" in page
