"""Issue 11, SOP 001 (violence) at 360 px: a violence case opened from an outreach flag. The case manager
takes the high-risk flag in hand and opens a case from it (person, consent and risk come with it), the
worker fills the data and needs assessment with the SIMFONI fields and sends it, the case manager asks for
more, the worker completes it, the case manager agrees and decides the services; the caseload shows it."""

import shutil
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import check_screen, login_as, screenshot
from tests.factories import answers, make_visit, user
from web import risk
from web.models import Case, CaseAssessment, CaseReview, RiskAssessment

SHOTS = Path("/work/shots/casefile")


def shot(page, name):
    """check_screen's screenshot, also kept for the lead in /work/shots/casefile/ when that exists."""
    check_screen(page, name)
    if SHOTS.parent.exists():
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(screenshot(page, name), SHOTS / f"{name}.png")


def raise_flag(visit):
    result = risk.assess(answers(yes=["senjata", "dicekik"]), None, "", None)
    _, flag, _ = RiskAssessment.submit(visit, answers(yes=["senjata", "dicekik"]), result, user("petugas1"), None)
    return flag


def test_a_violence_case_opened_from_an_outreach_flag(new_phone, demo):
    visit = make_visit(child=True)
    flag = raise_flag(visit)

    manager = new_phone()
    login_as(manager, "manajer1")
    manager.goto(f"/tanda-bahaya/{flag.id}")
    manager.get_by_role("button", name="Saya tangani").click()
    manager.get_by_role("link", name="Buka kasus").click()

    # intake: nothing of the person typed again
    expect(manager.get_by_role("heading", name="Terima korban baru")).to_be_visible()
    expect(manager.get_by_role("heading", name="Dari tanda risiko tinggi")).to_be_visible()
    expect(manager.get_by_label("Nama atau nama samaran")).to_have_count(0)
    expect(manager.get_by_label("Penanganan korban tindak kekerasan")).to_be_checked()
    manager.get_by_label("Kronologis kasus", exact=True).fill("Anak dipukul dan diancam di rumah (fiktif).")
    manager.get_by_label("Akta kelahiran/surat kenal lahir").check()
    manager.get_by_label("Petugas pendamping", exact=True).select_option(label="Sari Contoh (petugas demo)")
    shot(manager, "casefile-intake-360")
    manager.get_by_role("button", name="Buka kasus").click()
    expect(manager.get_by_text("dibuka.", exact=False).first).to_be_visible()
    screenshot(manager, "casefile-after-intake")
    case = Case.get(Case.origin_flag == flag.id)
    assert case.procedure == "kekerasan" and case.person_id == visit.target.person_id
    expect(manager.get_by_text("Termasuk yang dicatat pada kunjungan penjangkauan")).to_be_visible()
    shot(manager, "casefile-case-360")

    # the worker's assessment, from her home
    worker = new_phone()
    login_as(worker, "petugas1")
    worker.get_by_role("link", name=case.code).first.click()
    worker.get_by_role("link", name="Isi asesmen").click()
    for label in ("Fisik", "Psikis"):
        worker.get_by_label(label, exact=True).check()
    worker.get_by_label("Tempat kejadian", exact=True).select_option("rumah_tangga")
    worker.locator('input[name="kdrt"][value="ya"]').check()
    worker.get_by_label("Pendidikan korban", exact=True).select_option("sltp")
    worker.get_by_label("Pekerjaan korban", exact=True).select_option("pelajar")
    worker.get_by_label("Status perkawinan", exact=True).select_option("belum_kawin")
    worker.get_by_label("Disabilitas", exact=True).select_option("tidak")
    worker.locator("#pelaku-0-relation").select_option("orang_tua")
    worker.locator("#pelaku-0-age").fill("42")
    worker.get_by_label("Mengalami perlakuan salah").check()
    worker.get_by_label("Layanan kesehatan", exact=True).check()
    worker.get_by_label("Hasil asesmen", exact=True).fill("Luka memar, takut pulang (fiktif).")
    shot(worker, "casefile-assessment-360")
    worker.get_by_label("Kirim ke atasan untuk ditelaah").check()
    worker.get_by_role("button", name="Simpan asesmen").click()
    expect(worker.get_by_text("Asesmen dikirim ke atasan untuk ditelaah.")).to_be_visible()

    # the supervisor asks for more
    manager.goto("/")
    waiting = manager.locator("section", has=manager.get_by_role("heading", name="Asesmen menunggu telaah"))
    waiting.get_by_role("link").first.click()
    expect(manager.get_by_role("heading", name=f"Telaah asesmen {case.code}")).to_be_visible()
    manager.get_by_label("Minta dilengkapi").check()
    manager.get_by_label("Catatan untuk petugas").fill("Tanyakan sekolahnya.")
    shot(manager, "casefile-review-360")
    manager.get_by_role("button", name="Simpan telaah").click()
    expect(manager.get_by_text("Telaah disimpan.")).to_be_visible()

    worker.goto(f"/kasus/{case.id}")
    worker.get_by_role("link", name="Lanjutkan asesmen").click()
    expect(worker.get_by_text("Tanyakan sekolahnya.")).to_be_visible()
    worker.get_by_label("Catatan kebutuhan", exact=True).fill("Sekolah: SMP Negeri Contoh (fiktif).")
    worker.get_by_label("Kirim ke atasan untuk ditelaah").check()
    worker.get_by_role("button", name="Simpan asesmen").click()
    expect(worker.get_by_text("Asesmen dikirim ke atasan untuk ditelaah.")).to_be_visible()

    manager.goto(f"/kasus/{case.id}/telaah")
    manager.get_by_label("Setuju dan tentukan layanan").check()
    manager.get_by_label("a. Pendampingan ke layanan kesehatan (rekomendasi ke RSUD/Puskesmas)").check()
    manager.get_by_role("button", name="Simpan telaah").click()
    expect(manager.get_by_text("Atasan setuju dan menentukan layanan")).to_be_visible()
    assert CaseAssessment.of(case).status == CaseAssessment.AGREED
    assert CaseReview.decided_services(case) == ["kesehatan"]

    manager.goto("/kasus/beban")
    expect(manager.get_by_text(case.code)).to_be_visible()
    shot(manager, "casefile-caseload-360")
    assert manager.errors == [] and worker.errors == []
