"""Homes that start with what is urgent (issue 12 point 2)."""

from tests.factories import add_user, make_visit
from web import roles
from web.models import Referral, RiskFlag


def test_the_workers_home_starts_with_todays_visits_and_folds_the_sop_steps(login):
    html = login("petugas1").get("/").get_data(as_text=True)
    assert html.index("Korban yang Anda kunjungi") < html.index("Tugas penjangkauan saya")
    assert '<details class="card sop-steps">' in html
    assert html.index("Langkah SOP yang Anda kerjakan (7)") > html.index("Tugas penjangkauan saya")


def test_the_case_managers_home_lists_referrals_waiting_for_an_answer(login, demo):
    visit = make_visit(share=["kesehatan"])
    login("petugas1").post(f"/kunjungan/{visit.id}/darurat")
    flag = RiskFlag.get()
    manager = login("manajer1")
    manager.post(
        f"/tanda-bahaya/{flag.id}/rujukan",
        {"service": "kesehatan", "provider": "RSUD Kota Contoh", "referred_at": "2026-01-05T14:30"},
    )
    referral = Referral.get()
    html = manager.get("/").get_data(as_text=True)
    assert "Rujukan menunggu jawaban" in html and f'href="/rujukan/{referral.id}"' in html
    assert html.index("Tanda bahaya dari lapangan") < html.index("Rujukan menunggu jawaban")
    manager.post(f"/rujukan/{referral.id}/status", {"state": Referral.ACCEPTED})
    assert "Rujukan menunggu jawaban" not in manager.get("/").get_data(as_text=True)


def test_the_kepalas_home_has_flags_approvals_and_the_months_counts(login, demo):
    visit = make_visit()
    login("petugas1").post(f"/kunjungan/{visit.id}/darurat")
    html = login("kepala1").get("/").get_data(as_text=True)
    assert html.index("Tanda bahaya dari lapangan") < html.index("Menunggu persetujuan Anda") < html.index("Bulan ini")
    counts = html[html.index("Bulan ini") :]
    assert "Kunjungan dicatat</dt>\n    <dd>1</dd>" in counts and "Tanda bahaya masuk</dt>\n    <dd>1</dd>" in counts


def test_an_empty_unit_says_what_to_do_first(login, demo):
    add_user("petugas9", roles.WORKER, unit_code="UPTD-PPA-SPL")
    head = login("kepala2").get("/").get_data(as_text=True)
    assert "Mulai di sini" in head and 'href="/tim"' in head
    worker = login("petugas9").get("/").get_data(as_text=True)
    assert "Mulai di sini" in worker and "Catat korban pertama" in worker
    assert "Mulai di sini" not in login("kepala1").get("/").get_data(as_text=True)  # a unit with data


def test_work_queue_panels_show_the_first_20_with_how_many_in_all(login, demo, count_queries):
    """Issue 10 point 3: a home panel lists its first 20 rows, says how many there are and links to the
    list; the count comes with the rows (one query), so the home asks the same queries for 2 or 21."""
    from tests.factories import make_plan
    from web.models import Plan

    worker = login("petugas1")
    counts = []
    for n in (2, 21):
        while Plan.select().where(Plan.status == Plan.APPROVED).count() < n:
            make_plan(purpose=f"Rencana uji {Plan.select().count():02d}")
        worker.get("/")
        counts.append(count_queries(lambda: worker.get("/")))
    page = worker.get("/").get_data(as_text=True)
    assert "Menampilkan 20 dari 21." in page
    assert page.count('href="/rencana/') >= 20
    assert counts[0] == counts[1], counts
    kepala = login("kepala1")
    Plan.update(status=Plan.SUBMITTED).execute()
    assert "Menampilkan 20 dari 21." in kepala.get("/").get_data(as_text=True)  # waiting for approval
