"""A case's services on a 360 px phone: the worker plans the shelter and the return home, starts and
finishes them, makes and prints the recommendation letter (A4 print emulation), writes the social report
and enters the client in the PMKS register. Screenshots in tests/artifacts/."""

import re
from datetime import timedelta

from tests.browser.conftest import ARTIFACTS, check_screen, login_as
from tests.factories import YEAR, give_consent, make_case, user
from web import sop_cases
from web.models import CaseStepLog
from web.models.services import CaseService, ServiceLetter
from web.timeutil import now


def test_services_to_done_with_the_recommendation_letter(new_phone, demo):
    case = make_case(procedure=sop_cases.TRAFFICKING, worker="petugas1", channel="polisi")
    give_consent(
        case.meeting(user("petugas1")), scopes=("asesmen", "layanan", "berbagi:rumah_aman", "berbagi:layanan_sosial")
    )
    late = CaseService.plan(
        case, user("manajer1"), service="kesehatan", provider="RSUD Fiktif", at=now() - timedelta(days=8)
    )
    page = new_phone()
    login_as(page, "petugas1")
    page.goto(f"/kasus/{case.id}/layanan")
    assert page.locator(f"#layanan-{late.id}.is-overdue").is_visible()  # overdue: red, and said in words
    assert page.get_by_text("Lewat batas waktu").first.is_visible()
    check_screen(page, "services-overdue-360")

    # d. temporary shelter: the coordinator is required
    page.get_by_label("Layanan", exact=True).select_option(sop_cases.SHELTER)
    page.get_by_label("Pemberi layanan (rumah sakit, kantor, shelter, lembaga)").fill("Shelter P2TP2A")
    page.get_by_role("button", name="Simpan rencana layanan").click()
    page.get_by_text("Tulis nama koordinator shelter yang menerima korban.").wait_for()
    check_screen(page)
    page.get_by_label("Koordinator shelter (untuk penitipan sementara)").fill("Ibu Koordinator Fiktif")
    page.get_by_role("button", name="Simpan rencana layanan").click()
    page.get_by_text("Layanan direncanakan.").wait_for()
    check_screen(page, "services-shelter-planned-360")
    page.get_by_role("button", name="Layanan mulai berjalan").click()
    page.get_by_text("Layanan sedang berjalan.").wait_for()
    page.get_by_label("Hasil layanan").fill("Klien tinggal di shelter 10 hari, kondisi stabil.")
    page.get_by_role("button", name="Simpan hasil, layanan selesai").click()
    page.get_by_text("Layanan selesai.").wait_for()

    # e. return home with Baznas: the recommendation letter
    page.get_by_label("Layanan", exact=True).select_option("pemulangan")
    page.get_by_label("Pemberi layanan (rumah sakit, kantor, shelter, lembaga)").fill("Baznas Kota Fiktif")
    page.get_by_role("button", name="Simpan rencana layanan").click()
    page.get_by_text("Layanan direncanakan.").wait_for()
    page.get_by_role("button", name="Buat surat rekomendasi").click()
    page.wait_for_url("**/cetak")
    code = f"001/REK/UPTD-PPA/{YEAR}"
    assert page.get_by_text(f"Nomor: {code}").is_visible()
    assert page.get_by_role("button", name="Cetak", exact=True).is_visible()
    check_screen(page, "services-letter-360")
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "services-letter-print.png"), full_page=True)
    pdf = page.pdf(path=str(ARTIFACTS / "services-letter.pdf"), prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1  # one A4 page
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Kembali").click()
    page.get_by_role("button", name="Layanan mulai berjalan").click()
    page.get_by_label("Hasil layanan").fill("Klien sudah pulang ke daerah asal, diterima keluarga.")
    page.get_by_role("button", name="Simpan hasil, layanan selesai").click()
    page.get_by_text("Layanan selesai.").wait_for()
    late_service = CaseService.get_by_id(late.id)
    late_service.not_possible(user("manajer1"), "Sudah diperiksa di RSUD sebelum datang")
    page.reload()
    check_screen(page, "services-section-360")
    assert CaseStepLog.get(CaseStepLog.case == case.id, CaseStepLog.step == sop_cases.SERVICES).finished_at
    assert ServiceLetter.get().code == code

    # the social report, then its print
    page.get_by_role("link", name="Laporan sosial").click()
    page.get_by_label("Kondisi korban (fisik, psikis, sosial, ekonomi)").fill("Sehat fisik, masih cemas bila ditanya.")
    page.get_by_label("Analisis masalah").fill("Korban perekrutan kerja palsu; butuh dukungan psikologis.")
    page.get_by_label("Rekomendasi").fill("Konseling di Puskesmas, pemantauan oleh pendamping desa.")
    page.get_by_role("button", name="Simpan laporan sosial").click()
    page.get_by_text("Laporan sosial disimpan.").wait_for()
    check_screen(page)
    page.get_by_role("link", name="Cetak laporan sosial").click()
    page.get_by_text("LAPORAN SOSIAL", exact=True).wait_for()
    check_screen(page, "services-social-report-360")

    # the PMKS register entry
    page.goto(f"/kasus/{case.id}/pmks")
    page.get_by_label("Mengalami pengusiran (deportasi)").check()
    page.get_by_label("Tempat lahir").fill("Tanjungpinang")
    page.get_by_role("button", name="Simpan data PMKS").click()
    page.get_by_text("Data PMKS disimpan").wait_for()
    check_screen(page, "services-pmks-360")
    # the only console errors: the two forms sent back with a message (422 for the missing coordinator)
    assert [e for e in page.errors if "422" not in e] == []
