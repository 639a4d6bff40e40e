"""The month's dashboard and the export screen (issue 12, points 4-5) on a 360 px phone: reached from the
menu, the charts drawn on the server with their tables, axe-core clean, 44 px taps, no sideways scroll; the
export refused without a reason, then downloaded as XLSX named by the unit and the month."""

from datetime import date, timedelta

from openpyxl import load_workbook

from tests.browser.conftest import check_screen, login_as
from tests.factories import make_case, make_visit, user
from web.models import RiskFlag
from web.models.casefile import CaseAssessment
from web.models.services import CaseService
from web.timeutil import now, today


def month_of_cases():
    """Three cases received today (two with an assessment), a service given, two flags (one answered)."""
    fields = dict(incident_date=date(2026, 10, 1), incident_place="rumah_tangga", kdrt=True, education="sd")
    for violence, child in ((["fisik", "psikis"], True), (["seksual"], False), (None, False)):
        case = make_case(child=child)
        if violence:
            CaseAssessment.save_for(case, user("petugas1"), fields, {CaseAssessment.VIOLENCE: violence}, [])
    service = CaseService.plan(case, user("manajer1"), service="kesehatan", provider="RSUD Fiktif")
    service.start(user("manajer1"), override_reason="uji")
    visit = make_visit()
    at = now() - timedelta(hours=1)
    RiskFlag.create(unit=visit.unit_id, visit=visit, raised_by=user("petugas1"), raised_at=at)
    RiskFlag.create(
        unit=visit.unit_id,
        visit=visit,
        raised_by=user("petugas1"),
        raised_at=at,
        acknowledged_at=at + timedelta(minutes=12),
        acknowledged_by=user("manajer1"),
    )


def test_the_kepala_reads_the_months_dashboard_and_exports_it_on_a_phone(new_phone, demo, tmp_path):
    month_of_cases()
    kepala = login_as(new_phone(), "kepala1")
    kepala.locator("#menu summary").click()
    kepala.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Laporan bulanan").click()
    kepala.wait_for_url("**/laporan")
    assert kepala.locator("section.chart").count() == 5
    assert kepala.locator("section.chart ul.bars svg rect.tone-a").count() >= 5
    assert kepala.get_by_role("table", name="Kasus menurut jenis kekerasan").count() == 1
    assert "3 kasus diterima" in kepala.content()
    assert "rata-rata ditanggapi dalam 12 menit" in kepala.content()
    check_screen(kepala, "reports-dashboard-kepala-360")

    month = today().strftime("%Y-%m")
    kepala.get_by_role("link", name="Ekspor data bulan ini").click()
    kepala.wait_for_url(f"**/laporan/ekspor?bulan={month}")
    kepala.get_by_text("Excel (XLSX)").click()
    kepala.get_by_role("button", name="Unduh berkas").click()
    kepala.wait_for_load_state()
    assert "Pilih alasan ekspor" in kepala.content()
    check_screen(kepala, "reports-export-error-360")

    kepala.get_by_text("Input bulanan ke SIMFONI PPA").click()
    check_screen(kepala, "reports-export-kepala-360")
    with kepala.expect_download() as download_info:
        kepala.get_by_role("button", name="Unduh berkas").click()
    download = download_info.value
    assert download.suggested_filename == f"SIMFONI_UPTD-PPA_{month}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "No Register" and rows[0][14] == "Jenis Kekerasan"
    kinds = sorted(r[14] for r in rows[1:] if r[1] == "Kekerasan")
    assert kinds == ["Fisik", "Psikis", "Seksual"]
    assert [e for e in kepala.errors if "status of 422" not in e] == []


def test_a_case_manager_sees_the_dashboard_but_not_the_export_by_default(new_phone, demo):
    manager = login_as(new_phone(), "manajer1")
    manager.goto("/laporan")
    assert "Belum ada data bulan ini." in manager.content()
    assert manager.get_by_role("link", name="Ekspor data bulan ini").count() == 0
    check_screen(manager, "reports-dashboard-manajer-empty-360")
