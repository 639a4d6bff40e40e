"""Reports (issue 12, points 4 and 5): the month's dashboard figures and the SIMFONI / PMKS exports, against a
known fixture (October 2026 in UPTD-PPA, with cases at the month's edges in the unit's time zone)."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from tests.factories import make_case, make_visit, user
from web import sop, sop_cases
from web.models import AuditLog, RiskFlag, StepLog, Unit
from web.models.casefile import CaseAssessment
from web.models.reports import Figures, ReportSettings
from web.models.services import CaseService, PmksEntry
from web.reports.months import Month

MONTH = "2026-10"
A_RECEIVED = datetime(2026, 10, 5, 3, 0)  # 10:00 WIB
B_RECEIVED = datetime(2026, 9, 30, 17, 30)  # 1 October, 00:30 WIB: October
C_RECEIVED = datetime(2026, 10, 31, 17, 0)  # 1 November, 00:00 WIB: November
E_RECEIVED = datetime(2026, 9, 10, 3, 0)


def assess(case, violence, perpetrators=(), **fields):
    values = dict(
        incident_date=date(2026, 10, 1),
        incident_place="rumah_tangga",
        incident_kabupaten="Kota Fiktif",
        kdrt=True,
        education="sltp",
        occupation="pelajar",
        marital_status="belum_kawin",
        disability="tidak",
        story="cerita asesmen rahasia",
    )
    values.update(fields)
    people = [dict(name="Pelaku Fiktif", relation=r) for r in perpetrators]
    return CaseAssessment.save_for(case, user("petugas1"), values, {CaseAssessment.VIOLENCE: violence}, people)


def give(case, service, provider, at, outcome=None):
    row = CaseService.plan(case, user("manajer1"), service=service, provider=provider, at=at)
    row.start(user("manajer1"), override_reason="uji", at=at)
    row = CaseService.get_by_id(row.id)
    if outcome:
        row.finish(user("manajer1"), outcome, at=at + timedelta(hours=1))
    return CaseService.get_by_id(row.id)


@pytest.fixture
def october(demo):
    """Four cases of UPTD-PPA (A, B in October; C in November; E in September with a service in October),
    one of the other unit in October, services, flags and SOP steps."""
    a = make_case(child=True, received_at=A_RECEIVED, chronology="kronologis rahasia A")
    assess(a, ["psikis", "fisik"], ["orang_tua"])
    give(a, "kesehatan", "RSUD Fiktif", datetime(2026, 10, 6, 2, 0), outcome="hasil rahasia")
    CaseService.plan(a, user("manajer1"), service="rumah_aman", provider="Rumah Aman", at=datetime(2026, 10, 7))
    a.finish_step(sop_cases.INTAKE, user("admin1"), at=A_RECEIVED + timedelta(minutes=10))

    b = make_case(received_at=B_RECEIVED)
    assess(
        b, ["seksual"], ["majikan", "rekan_kerja"], incident_place="tempat_kerja", kdrt=False, occupation="swasta_buruh"
    )
    b.finish_step(sop_cases.INTAKE, user("admin1"), at=B_RECEIVED + timedelta(minutes=60))

    c = make_case(received_at=C_RECEIVED)
    assess(c, ["fisik"])
    e = make_case(received_at=E_RECEIVED)
    give(e, "pendampingan_hukum", "Polres Fiktif", datetime(2026, 10, 10, 4, 0))
    other = make_case("UPTD-PPA-SPL", by="kepala2", manager=None, worker=None, received_at=A_RECEIVED)
    assess_other = other  # never counted in UPTD-PPA

    visit = make_visit()
    raised = datetime(2026, 10, 3, 1, 0)
    for ack in (10, 120, None):
        RiskFlag.create(
            unit=visit.unit_id,
            visit=visit,
            raised_by=user("petugas1"),
            raised_at=raised,
            acknowledged_at=raised + timedelta(minutes=ack) if ack else None,
            acknowledged_by=user("manajer1") if ack else None,
        )
    limit = sop.STEP_BY_NUMBER[3].minutes
    for subject, taken in ((1, limit - 1), (2, limit + 30)):
        start = datetime(2026, 10, 2, 0, 0)
        StepLog.create(
            unit=visit.unit_id,
            subject_type="plan",
            subject_id=90000 + subject,
            step=3,
            started_at=start,
            finished_at=start + timedelta(minutes=taken),
        )
    return dict(a=a, b=b, c=c, e=e, other=assess_other)


def month_figures():
    start, end = Month.parse(MONTH).bounds()
    return Figures(Unit.get(Unit.code == "UPTD-PPA").id, start, end)


# ---- months ------------------------------------------------------------------------------------


def test_a_month_is_bounded_in_the_units_time_zone(app):
    with app.app_context():
        start, end = Month.parse("2026-10").bounds()
        assert start == datetime(2026, 9, 30, 17, 0) and end == datetime(2026, 10, 31, 17, 0)
        assert Month.parse("2026-13") is None and Month.parse("26-10") is None and Month.parse("1999-01") is None
        assert Month.parse("2026-12").shift(1) == Month(2027, 1)


# ---- dashboard figures -------------------------------------------------------------------------


def test_dashboard_figures_count_the_units_month(app, october):
    with app.app_context():
        figures = month_figures()
        assert figures.by_violence() == {"fisik": 1, "psikis": 1, "seksual": 1}
        assert figures.by_age_sex() == {("13-17", "p"): 1, ("25-44", "p"): 1}
        assert figures.services_given() == {"kesehatan": 1, "pendampingan_hukum": 1}
        assert figures.flags() == {"total": 3, "open": 1, "average": 65, "bands": {"15m": 1, "24j": 1}}
        assert figures.outreach_steps() == {3: (2, 1)}
        assert figures.case_steps() == {sop_cases.INTAKE: (2, 1), sop_cases.SERVICES: (1, 1)}


def test_dashboard_page_draws_svg_charts_with_their_tables(login, october):
    page = login("kepala1").get(f"/laporan?bulan={MONTH}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('class="card chart"') == 5 and html.count('class="chart-data"') == 5
    assert html.count('<rect class="track"') == 3 + 2 + 2 + 5 + 3  # bars: kekerasan, umur, layanan, tanggapan, langkah
    assert "Fisik" in html and "Penjangkauan 3." in html and "1 dari 2 tepat waktu (50%)" in html
    assert "rata-rata ditanggapi dalam 65 menit" in html
    assert "2 kasus diterima" in html
    assert "Melati" not in html  # figures, never a person


def test_dashboard_refuses_a_bad_month_with_a_message(login, demo):
    page = login("manajer1").get("/laporan?bulan=2026-99")
    assert page.status_code == 422
    assert "Pilih bulan yang benar" in page.get_data(as_text=True)


@pytest.mark.parametrize("username", ["petugas1", "admin1"])
def test_workers_and_admin_staff_see_no_dashboard(login, demo, username):
    assert login(username).get("/laporan").status_code == 403


# ---- exports -----------------------------------------------------------------------------------

EXPECTED_HEADER = [
    "No Register", "Jenis Baris", "Tanggal Pelaporan", "Tanggal Kejadian", "Kategori Lokasi Kasus",
    "Kota/Kabupaten TKP", "KDRT", "Jenis Kelamin Korban", "Kelompok Usia Korban", "Pendidikan", "Pekerjaan",
    "Status Perkawinan", "Disabilitas", "Hubungan Pelaku dengan Korban", "Jenis Kekerasan", "Tanggal Pelayanan",
    "Jenis Layanan", "Instansi",
]  # fmt: skip


def expected_rows(cases, unit_name):
    a, b, e = cases["a"].code, cases["b"].code, cases["e"].code
    victim_a = ["2026-10-01", "Rumah tangga", "Kota Fiktif", "Ya", "P", "13-17", "SLTP (SMP)", "Pelajar/mahasiswa",
                "Belum kawin", "Tidak ada", "Orang tua"]  # fmt: skip
    victim_b = ["2026-10-01", "Tempat kerja", "Kota Fiktif", "Tidak", "P", "25-44", "SLTP (SMP)", "Swasta/buruh",
                "Belum kawin", "Tidak ada", "Majikan; Rekan kerja"]  # fmt: skip
    victim_e = ["", "", "", "", "P", "", "", "", "", "", ""]
    return [
        [a, "Kekerasan", "2026-10-05", *victim_a, "Fisik", "", "", ""],
        [a, "Kekerasan", "2026-10-05", *victim_a, "Psikis", "", "", ""],
        [a, "Layanan", "2026-10-05", *victim_a, "", "2026-10-05", "Pengaduan", unit_name],
        [a, "Layanan", "2026-10-05", *victim_a, "", "2026-10-06", "Kesehatan", "RSUD Fiktif"],
        [b, "Kekerasan", "2026-10-01", *victim_b, "Seksual", "", "", ""],
        [b, "Layanan", "2026-10-01", *victim_b, "", "2026-10-01", "Pengaduan", unit_name],
        [e, "Layanan", "2026-09-10", *victim_e, "", "2026-10-10", "Penegakan Hukum", "Polres Fiktif"],
    ]


def export(browser, **fields):
    data = dict(jenis="simfoni", format="csv", bulan=MONTH, alasan="simfoni_bulanan")
    data.update(fields)
    browser.get("/laporan/ekspor")
    return browser.post("/laporan/ekspor", data)


def read_csv(response):
    text = response.get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_simfoni_csv_has_one_row_per_jenis_kekerasan_and_per_layanan(login, october):
    response = export(login("kepala1"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="SIMFONI_UPTD-PPA_{MONTH}.csv"'
    rows = read_csv(response)
    unit = Unit.get(Unit.code == "UPTD-PPA")
    assert rows[0] == EXPECTED_HEADER
    assert rows[1:] == expected_rows(october, unit.name)


def test_simfoni_xlsx_opens_with_the_same_rows(login, october, tmp_path):
    response = export(login("kepala1"), format="xlsx")
    assert response.status_code == 200
    assert f'filename="SIMFONI_UPTD-PPA_{MONTH}.xlsx"' in response.headers["Content-Disposition"]
    path = tmp_path / "simfoni.xlsx"
    path.write_bytes(response.get_data())
    sheet = load_workbook(path).active
    rows = [[("" if v is None else v) for v in row] for row in sheet.iter_rows(values_only=True)]
    unit = Unit.get(Unit.code == "UPTD-PPA")
    assert rows[0] == EXPECTED_HEADER
    assert rows[1:] == expected_rows(october, unit.name)


def test_no_free_text_unless_asked_and_then_audited_as_such(login, october):
    kepala = login("kepala1")
    plain = export(kepala).get_data().decode("utf-8-sig")
    assert "kronologis rahasia" not in plain and "hasil rahasia" not in plain and "cerita asesmen" not in plain
    asked = export(kepala, teks_bebas="y").get_data().decode("utf-8-sig")
    assert "Deskripsi Kasus" in asked and "kronologis rahasia A" in asked and "hasil rahasia" in asked
    details = [a.detail for a in AuditLog.select().where(AuditLog.action == "export", AuditLog.record_type == "unit")]
    assert any("teks_bebas=tidak" in d for d in details) and any("teks_bebas=ya" in d for d in details)


def test_export_is_audited_with_the_reason_and_no_personal_data(login, october):
    export(login("kepala1"))
    entry = AuditLog.get(AuditLog.action == "export", AuditLog.record_type == "unit")
    assert entry.detail == f"simfoni {MONTH} csv alasan=simfoni_bulanan teks_bebas=tidak baris=7"
    assert entry.user_id == user("kepala1").id
    people = {
        a.record_id for a in AuditLog.select().where(AuditLog.action == "export", AuditLog.record_type == "person")
    }
    assert people == {str(october[k].person_id) for k in ("a", "b", "e")}


def test_the_reason_is_required_and_nothing_is_exported_without_it(login, october):
    response = export(login("kepala1"), alasan="")
    assert response.status_code == 422
    assert "Pilih alasan ekspor" in response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    assert not AuditLog.select().where(AuditLog.action == "export").exists()
    assert export(login("kepala1"), alasan="karena saja").status_code == 422  # a key of the list only


@pytest.mark.parametrize("username", ["petugas1", "admin1"])
def test_workers_and_admin_staff_may_not_export(login, october, username):
    browser = login(username)
    assert browser.get("/laporan/ekspor").status_code == 403
    assert browser.get("/laporan").status_code == 403
    assert export(browser).status_code == 403
    assert not AuditLog.select().where(AuditLog.action == "export").exists()


def test_a_case_manager_exports_only_when_the_unit_grants_it(login, october):
    manager = login("manajer1")
    page = manager.get("/laporan/ekspor")
    assert "Kepala belum mengizinkan manajer kasus" in page.get_data(as_text=True)
    assert 'name="alasan"' not in page.get_data(as_text=True)
    assert export(manager).status_code == 403
    assert not AuditLog.select().where(AuditLog.action == "export").exists()
    kepala = login("kepala1")
    kepala.get("/laporan/pengaturan")
    assert kepala.post("/laporan/pengaturan", {"peran": "manajer"}).status_code == 302
    assert ReportSettings.export_role_of(Unit.get(Unit.code == "UPTD-PPA")) == "manajer"
    assert manager.get("/laporan/ekspor").status_code == 200
    assert export(manager).status_code == 200


def test_export_reads_only_the_units_own_cases(login, october):
    rows = read_csv(export(login("kepala2")))
    assert [r[0] for r in rows[1:]] == [october["other"].code]  # its Pengaduan row only (no assessment)


def test_pmks_register_export(login, october):
    a = october["a"]
    PmksEntry.write(a, user("manajer1"), 2026, pmks_type="06", kk_number="1234567890123456", birth_place="Kota Fiktif",
                    province="Kepulauan Bangka Belitung", criteria=())  # fmt: skip
    PmksEntry.update(recorded_at=datetime(2026, 10, 8, 3, 0)).execute()
    response = export(login("kepala1"), jenis="pmks", alasan="pmks_dinsos")
    assert response.headers["Content-Disposition"] == f'attachment; filename="PMKS_UPTD-PPA_{MONTH}.csv"'
    rows = read_csv(response)
    assert rows[0][:5] == ["No Register PMKS", "Tanggal Pencatatan", "Kode Jenis PMKS", "Jenis PMKS", "Nama"]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Jenis PMKS"] == "Anak yang menjadi korban tindak kekerasan atau diperlakukan salah"
    assert row["Tanggal Pencatatan"] == "2026-10-08" and row["No KK"] == "1234567890123456"
    assert row["No Kasus"] == a.code and row["Penanganan"] == "Dalam penanganan"
    assert "Kronologis Kasus" not in rows[0]


def test_the_month_follows_the_units_own_time_zone(login, demo):
    """16:30 UTC on 30 September is still September in WIB (23:30) but October in WITA (00:30)."""
    make_case(received_at=datetime(2026, 9, 30, 16, 30))
    kepala = login("kepala1")
    assert "0 kasus diterima" in kepala.get(f"/laporan?bulan={MONTH}").get_data(as_text=True)
    Unit.update(timezone="Asia/Makassar").where(Unit.code == "UPTD-PPA").execute()
    assert "1 kasus diterima" in kepala.get(f"/laporan?bulan={MONTH}").get_data(as_text=True)
    rows = read_csv(export(kepala))
    assert [r[1:3] for r in rows[1:]] == [["Layanan", "2026-10-01"]]  # Pengaduan, dated in WITA
