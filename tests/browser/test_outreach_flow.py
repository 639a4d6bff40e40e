"""Steps 1-7 on phones (360 px), across three roles: a worker records a target, identifies and
verifies the person, writes a plan with its budget and submits it; the Kepala returns it with a
note; the worker changes and resubmits it; the Kepala approves it and assigns the team; the team
sees it on their home screens; admin staff make and print the Surat Tugas (step 6); the team lead
logs the coordination contact (step 7). Every screen passes axe-core,
has tap targets of 44 px and does not scroll sideways."""

import re
from datetime import date, timedelta

from tests.browser.conftest import check_screen, login_as
from web.models import CoordinationContact, Letter, StepLog
from web.models.outreach import Plan, Target


def test_target_to_assigned_team_on_phones(new_phone, demo):
    worker = login_as(new_phone(), "petugas1")

    # Step 1: a new target.
    worker.get_by_role("link", name="Catat korban baru").first.click()
    worker.wait_for_url("**/sasaran/baru")
    check_screen(worker, "target-new-360")
    worker.get_by_label("Laporan tidak langsung (dari polisi, warga, lembaga, media)").check()
    worker.get_by_label("Sumber informasi").select_option("warga")
    worker.get_by_label("Apa yang dilaporkan atau diketahui").fill(
        "Contoh fiktif: anak laki-laki terlihat mengemis setiap malam di pasar."
    )
    worker.get_by_role("button", name="Simpan dan lanjut ke identitas").click()
    worker.wait_for_url(re.compile(r"/sasaran/\d+/identitas$"))
    target = Target.select().order_by(Target.id.desc()).first()
    assert worker.get_by_role("heading", name=re.compile(target.code)).is_visible()

    # Step 2: identification; a child needs a guardian, and a 15-digit NIK is refused.
    worker.get_by_label("Nama atau nama samaran").fill("Tunas (nama samaran)")
    worker.get_by_label("Laki-laki").check()
    worker.get_by_label("Perkiraan umur (tahun)").fill("12")
    worker.get_by_label("NIK").fill("320101010190000")
    worker.get_by_label("Desa/kelurahan").fill("Desa Uji")
    worker.get_by_role("button", name="Simpan identitas").click()
    worker.locator("#nik-error").wait_for()
    assert worker.locator("#nik-error").inner_text() == "NIK harus 16 angka."
    assert worker.locator("#guardian_name-error").is_visible()
    assert worker.get_by_label("Nama atau nama samaran").input_value() == "Tunas (nama samaran)"
    assert worker.get_by_label("NIK").get_attribute("inputmode") == "numeric"
    check_screen(worker, "target-identify-errors-360")
    worker.get_by_label("NIK").fill("")
    worker.get_by_label("Nama orang tua atau wali").fill("Bapak Uji")
    worker.get_by_label("Hubungan dengan anak").fill("Ayah")
    worker.get_by_role("button", name="Simpan identitas").click()
    worker.wait_for_url(re.compile(r"/sasaran/\d+/verifikasi$"))
    check_screen(worker)
    worker.get_by_label("Identitas dan alamat cocok").check()
    worker.get_by_label("Diverifikasi dengan").select_option("kepala_desa")
    worker.get_by_role("button", name="Simpan verifikasi").click()
    worker.wait_for_url(re.compile(rf"/sasaran/{target.id}$"))
    assert worker.locator(".badge.anak").first.is_visible()
    check_screen(worker, "target-show-360")

    # Step 3: the plan with its budget.
    worker.get_by_role("link", name="Buat rencana penjangkauan (langkah 3)").click()
    worker.wait_for_url(re.compile(r"/rencana/baru"))
    assert worker.get_by_label(re.compile(target.code)).is_checked()
    worker.get_by_label("Nama rencana").fill("Penjangkauan Pasar Uji")
    worker.get_by_label("Tujuan penjangkauan").fill("Menemui anak dan ayahnya di pasar (uji).")
    worker.get_by_label("Tempat yang dituju").fill("Pasar Uji, Desa Uji")
    start = date.today() + timedelta(days=5)
    worker.get_by_label("Tanggal mulai").fill(start.isoformat())
    worker.get_by_label("Tanggal selesai").fill((start - timedelta(days=1)).isoformat())  # a mistake first
    worker.get_by_label("Budi Contoh (petugas demo) (Petugas penjangkauan)").check()
    worker.get_by_label("Kepolisian setempat").check()
    worker.locator("#lines-0-category").select_option("transport")
    worker.locator("#lines-0-quantity").fill("2")
    worker.locator("#lines-0-unit_cost").fill("150.000")
    worker.locator("#lines-1-category").select_option("uang_harian")
    worker.locator("#lines-1-quantity").fill("-1")
    worker.locator("#lines-1-unit_cost").fill("200000")
    worker.locator("#lines-2-category").select_option("konsumsi")
    worker.locator("#lines-2-quantity").fill("2")
    worker.locator("#lines-2-unit_cost").fill("50000")
    worker.get_by_role("button", name="+ Tambah baris anggaran").click()  # htmx swaps the rows
    worker.locator("#lines-3-category").wait_for()
    assert worker.locator("#lines-0-unit_cost").input_value() == "150.000"  # nothing typed is lost
    assert worker.get_by_label("Nama rencana").input_value() == "Penjangkauan Pasar Uji"
    worker.get_by_role("button", name="Simpan dan ajukan ke Kepala UPTD").click()
    worker.locator("#end_date-error").wait_for()
    assert "tidak boleh sebelum tanggal mulai" in worker.locator("#end_date-error").inner_text()
    assert worker.locator("#lines-1-quantity-error").inner_text() == "Jumlah minimal 1."
    check_screen(worker, "plan-form-errors-360")
    worker.get_by_label("Tanggal selesai").fill((start + timedelta(days=1)).isoformat())
    worker.locator("#lines-1-quantity").fill("4")
    worker.get_by_role("button", name="Simpan dan ajukan ke Kepala UPTD").click()
    worker.wait_for_url(re.compile(r"/rencana/\d+$"))
    plan = Plan.get(Plan.title == "Penjangkauan Pasar Uji")
    assert plan.status == Plan.SUBMITTED and plan.total == 300000 + 800000 + 100000
    assert worker.get_by_text("Rp 1.200.000").first.is_visible()
    check_screen(worker, "plan-submitted-360")

    # Step 4: the Kepala returns it with a note (the note is required).
    kepala = login_as(new_phone(), "kepala1")
    kepala.wait_for_load_state("networkidle")  # the home settles (late banners move the link) before the tap
    kepala.get_by_role("link", name=re.compile("Penjangkauan Pasar Uji")).click()
    kepala.wait_for_url(re.compile(rf"/rencana/{plan.id}/periksa$"))
    check_screen(kepala)
    kepala.get_by_role("button", name="Kembalikan dengan catatan").click()
    kepala.locator("#note-error").wait_for()
    check_screen(kepala)
    kepala.get_by_label("Catatan untuk penyusun rencana").fill("Konsumsi cukup untuk 1 hari saja.")
    kepala.get_by_role("button", name="Kembalikan dengan catatan").click()
    kepala.wait_for_url(re.compile(rf"/rencana/{plan.id}$"))
    assert Plan.get_by_id(plan.id).status == Plan.RETURNED

    # The worker sees the note at home, changes the plan and resubmits it.
    worker.goto("/")
    assert worker.get_by_text("Konsumsi cukup untuk 1 hari saja.").is_visible()
    check_screen(worker)
    worker.get_by_role("link", name=re.compile("Penjangkauan Pasar Uji")).first.click()
    worker.get_by_role("link", name="Ubah rencana").click()
    worker.wait_for_url(re.compile(rf"/rencana/{plan.id}/ubah$"))  # not the plan page still (note + history)
    assert worker.get_by_text("Konsumsi cukup untuk 1 hari saja.").is_visible()
    worker.locator("#lines-2-quantity").fill("1")
    worker.get_by_role("button", name="Simpan dan ajukan ke Kepala UPTD").click()
    worker.wait_for_url(re.compile(rf"/rencana/{plan.id}$"))
    assert Plan.get_by_id(plan.id).status == Plan.SUBMITTED

    # The Kepala reads it again on the phone and approves it.
    kepala.goto("/")
    kepala.wait_for_load_state("networkidle")  # the home settles (late banners move the link) before the tap
    kepala.get_by_role("link", name=re.compile("Penjangkauan Pasar Uji")).click()
    kepala.wait_for_url(re.compile(rf"/rencana/{plan.id}/periksa$"))
    assert kepala.get_by_text("Rp 1.150.000").first.is_visible()
    assert kepala.get_by_text("Konsumsi cukup untuk 1 hari saja.").is_visible()  # the history
    check_screen(kepala, "kepala-approval-360")
    kepala.get_by_role("button", name="Setujui rencana dan anggaran").click()
    kepala.wait_for_url(re.compile(rf"/rencana/{plan.id}$"))
    assert Plan.get_by_id(plan.id).is_approved

    # Step 5: the Kepala assigns the team and writes the briefing.
    kepala.get_by_role("link", name="Tugaskan tim").click()
    kepala.wait_for_url(re.compile(rf"/rencana/{plan.id}/tim$"))
    assert kepala.get_by_label("Budi Contoh (petugas demo) (Petugas penjangkauan)").is_checked()  # proposed
    kepala.get_by_label("Sari Contoh (petugas demo) (Petugas penjangkauan)").check()
    kepala.get_by_label("Ketua tim").select_option(label="Sari Contoh (petugas demo) (Petugas penjangkauan)")
    kepala.get_by_label("Pengarahan untuk tim").fill("Datang sore hari. Bicara dengan ayah lebih dulu.")
    check_screen(kepala, "assign-team-360")
    kepala.get_by_role("button", name="Tugaskan tim").click()
    kepala.wait_for_url(re.compile(rf"/rencana/{plan.id}$"))
    assert sorted(a.user.username for a in Plan.get_by_id(plan.id).team) == ["petugas1", "petugas2"]

    # Each assigned worker sees the plan, its targets and the briefing on their home screen.
    second = login_as(new_phone(), "petugas2")
    panel = second.locator("section.assigned")
    assert panel.get_by_text("Penjangkauan Pasar Uji").is_visible()
    assert panel.get_by_text(target.code).is_visible()
    assert second.get_by_text("Bicara dengan ayah lebih dulu.").is_visible()
    check_screen(second, "home-assigned-360")

    # Step 6: admin staff find the approved plan in their one panel (codes, never names), make the
    # Surat Tugas and the SPPDs, and print the Surat Tugas.
    admin = login_as(new_phone(), "admin1")
    panel = admin.locator("section", has=admin.get_by_role("heading", name="Rencana disetujui", exact=True))
    panel.get_by_role("link", name=re.compile("Penjangkauan Pasar Uji")).click()
    admin.wait_for_url(re.compile(rf"/rencana/{plan.id}/surat$"))
    assert "Tunas" not in admin.content()
    check_screen(admin)
    admin.get_by_role("button", name="Buat Surat Tugas dan SPPD").click()
    admin.get_by_text(re.compile(r"Surat dibuat: \d{3}/ST/UPTD-PPA/\d{4}")).wait_for()
    letter = Letter.surat_tugas_of(plan)
    assert [x.kind for x in Letter.for_plan(plan)] == ["surat_tugas", "sppd", "sppd"]
    check_screen(admin)
    admin.get_by_role("link", name=f"Cetak {letter.code}").click()
    admin.wait_for_url(f"**/surat/{letter.id}/cetak")
    assert admin.get_by_role("heading", name="SURAT TUGAS", exact=True).is_visible()
    assert admin.get_by_text("Sari Contoh (petugas demo)").first.is_visible()
    check_screen(admin, "flow-surat-tugas-360")

    # Step 7: the team lead logs the contact with the village government.
    worker.goto(f"/rencana/{plan.id}/koordinasi")
    worker.get_by_label("Pihak yang dihubungi").select_option("pemerintah_desa")
    worker.get_by_label("Nama kantor dan orang yang dihubungi").fill("Kantor Desa Uji, Bu Kades")
    worker.get_by_label("Tatap muka").check()
    worker.get_by_label("Izin diberikan").check()
    worker.get_by_role("button", name="Simpan kontak").click()
    worker.get_by_text("Kontak koordinasi dicatat.").wait_for()
    check_screen(worker, "flow-coordination-360")
    assert CoordinationContact.select().where(CoordinationContact.plan == plan.id).count() == 1
    logged = {log.step for log in StepLog.for_subject("plan", plan.id)}
    assert {3, 4, 5, 6, 7} <= logged
    for page in (worker, kepala, second, admin):
        # a form sent back with its errors answers 422 (the house rule), which Chromium logs
        assert [e for e in page.errors if "status of 422" not in e] == []
