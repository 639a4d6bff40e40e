"""Step 6 and 7 on a 360 px phone: admin staff make and print the Surat Tugas (also rendered to an A4
PDF and PNG in tests/artifacts/), a worker logs a coordination contact, and the SOP timeline."""

import re

from tests.browser.conftest import ARTIFACTS, assert_accessible, check_screen, login_as
from tests.factories import YEAR, issue, make_plan


def test_admin_makes_and_prints_the_surat_tugas(new_phone, demo):
    plan = make_plan()
    page = new_phone()
    login_as(page, "admin1")
    panel = page.locator("section", has=page.get_by_role("heading", name="Rencana disetujui", exact=True))
    assert page.get_by_role("heading", name="Rencana disetujui", exact=True).count() == 1  # one panel
    check_screen(page, "admin-home-360")
    panel.get_by_role("link", name=re.compile(r"Rencana no\. ")).click()
    page.wait_for_url(f"**/rencana/{plan.id}/surat")
    assert page.get_by_role("heading", name="Surat tugas dan administrasi", exact=True).is_visible()
    check_screen(page, "letters-plan-360")

    page.get_by_role("button", name="Buat Surat Tugas dan SPPD").click()
    page.get_by_text(f"001/ST/UPTD-PPA/{YEAR}").first.wait_for()
    assert page.get_by_text(f"002/SPPD/UPTD-PPA/{YEAR}").first.is_visible()

    # the other documents, saved through htmx without leaving the page
    for legend, choice in (
        ("Tiket perjalanan", "Tidak perlu"),
        ("Formulir kasus", "Siap"),
        ("Formulir penjangkauan", "Siap"),
    ):
        page.locator("fieldset", has=page.locator("legend", has_text=legend)).get_by_label(choice, exact=True).check()
    page.get_by_label("Catatan (tidak wajib)").first.fill("Naik mobil dinas")
    page.get_by_role("button", name="Simpan daftar dokumen").click()
    page.get_by_text("Daftar dokumen disimpan.").wait_for()
    assert page.get_by_label("Catatan (tidak wajib)").first.input_value() == "Naik mobil dinas"
    check_screen(page, "letters-made-360")

    page.get_by_role("link", name=f"Cetak 001/ST/UPTD-PPA/{YEAR}").click()
    page.wait_for_url("**/cetak")
    print_button = page.get_by_role("button", name="Cetak", exact=True)
    assert print_button.is_visible()  # shown by static/js/print.js
    assert page.get_by_role("heading", name="SURAT TUGAS", exact=True).is_visible()
    check_screen(page, "surat-tugas-360")
    assert page.errors == []

    # the printed page: A4 PDF (Chromium prints it), and a PNG of the print layout at A4 width
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.emulate_media(media="print")
    pdf = page.pdf(path=str(ARTIFACTS / "surat-tugas.pdf"), prefer_css_page_size=True, print_background=True)
    assert pdf.startswith(b"%PDF")
    assert not page.locator(".top").is_visible() and not print_button.is_visible()
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=str(ARTIFACTS / "surat-tugas.png"), full_page=True)
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf))
    assert len(pages) == 1, f"the Surat Tugas should fit one A4 page, got {len(pages)}"
    assert sizes and all(abs(float(w) - 595.3) < 1.5 and abs(float(h) - 841.9) < 1.5 for w, h in sizes), sizes


def test_admin_cancels_a_letter_with_a_reason_and_makes_a_replacement(new_phone, demo):
    plan = make_plan()
    issue(plan)
    page = new_phone()
    login_as(page, "admin1")
    page.goto(f"/rencana/{plan.id}/surat")
    code = f"001/ST/UPTD-PPA/{YEAR}"
    page.get_by_text(f"Batalkan surat {code}").click()
    page.get_by_label("Alasan pembatalan").first.fill("Tanggal berangkat salah ketik")
    check_screen(page)
    page.get_by_role("button", name="Batalkan surat ini").first.click()
    page.get_by_text(f"Surat {code} dibatalkan.").wait_for()
    assert page.get_by_text("Tanggal berangkat salah ketik").is_visible()
    page.get_by_role("button", name="Buat surat yang kurang").click()
    page.get_by_text(f"Diganti surat nomor 004/ST/UPTD-PPA/{YEAR}.").wait_for()
    check_screen(page, "letters-cancelled-360")
    assert page.errors == []


def test_a_worker_logs_coordination_and_reads_the_timeline(new_phone, demo):
    plan = make_plan()
    issue(plan)
    page = new_phone()
    login_as(page, "petugas1")
    page.get_by_role("link", name="Koordinasi", exact=True).click()
    page.wait_for_url(f"**/rencana/{plan.id}/koordinasi")
    assert_accessible(page)
    # a mistake first: the message is next to its field and what was typed stays
    page.get_by_label("Pihak yang dihubungi").select_option("lainnya")
    page.get_by_label("Catatan (tidak wajib)").fill("Kepala desa minta tim datang pagi")
    page.get_by_label("Tatap muka").check()
    page.get_by_label("Izin diberikan").check()
    page.get_by_role("button", name="Simpan kontak").click()
    page.locator("#party_name-error").wait_for()
    assert "nama kantor" in page.locator("#party_name-error").inner_text()
    assert page.get_by_label("Catatan (tidak wajib)").input_value() == "Kepala desa minta tim datang pagi"
    assert page.get_by_label("Izin diberikan").is_checked()
    assert_accessible(page)
    page.get_by_label("Pihak yang dihubungi").select_option("pemerintah_desa")
    page.get_by_label("Nama kantor dan orang yang dihubungi").fill("Kantor Desa Contoh, Pak Kades")
    page.get_by_role("button", name="Simpan kontak").click()
    page.get_by_text("Kontak koordinasi dicatat.").wait_for()
    assert page.get_by_text("Kantor Desa Contoh, Pak Kades").is_visible()
    check_screen(page, "coordination-360")
    page.get_by_role("button", name="Koordinasi selesai").click()
    page.get_by_text("Koordinasi ditandai selesai.").wait_for()

    page.get_by_role("link", name="Waktu SOP").click()
    page.wait_for_url(f"**/rencana/{plan.id}/waktu")
    assert page.get_by_text("Tepat waktu").first.is_visible()
    check_screen(page, "timeline-360")
    # the browser logs the deliberate mistake's 422 answer; nothing else may go wrong
    assert [e for e in page.errors if "422" not in e] == [], page.errors
