"""Issue 11, SOP 000 on 360 px phones: a trafficking client brought by the police, through intake (admin
staff), assessment (the worker), supervisor review deciding the services (the case manager), temporary
shelter and return home with the Baznas recommendation letter, to termination approved by the Kepala.
The client's consent to share with the shelter and social services is recorded with the factory (the
consent screens have their own browser tests)."""

import re

from tests.browser.conftest import login_as, screenshot
from tests.factories import YEAR, give_consent, user
from web import sop_cases
from web.models import Case


def test_a_trafficking_client_brought_by_the_police_to_termination(new_phone, demo):
    def phone():
        return new_phone()

    # 1. intake by admin staff: a police report (the form goes through the phone's queue, as offline forms do)
    admin = phone()
    login_as(admin, "admin1")
    admin.goto("/kasus/baru")
    admin.get_by_label("Dari mana laporan datang").select_option("polisi")
    admin.get_by_label("Nama pelapor atau perujuk").fill("Bripka Fiktif")
    admin.get_by_label("Lembaga pelapor atau perujuk").fill("Unit PPA Polres Fiktif")
    admin.get_by_label("Nama atau nama samaran").fill("Mawar Fiktif")
    admin.get_by_label("Perkiraan umur (tahun)").fill("24")
    admin.get_by_label("Perempuan", exact=True).check()
    admin.get_by_label("Penanganan korban perdagangan orang").check()
    admin.get_by_label("Kronologis kasus").fill(
        "Direkrut sebagai pelayan toko, dibawa ke luar kota, dipekerjakan paksa."
    )
    admin.get_by_label("Manajer kasus").select_option(str(user("manajer1").id))
    admin.get_by_label("Petugas pendamping").select_option(str(user("petugas1").id))
    admin.get_by_role("button", name="Buka kasus").click()
    admin.wait_for_url(re.compile(r"/kasus/\d+$"))
    case = Case.get(Case.chronology.startswith("Direkrut"))
    assert case.procedure == sop_cases.TRAFFICKING and case.channel == "polisi"
    assert admin.get_by_text("Dirujuk tanpa persetujuan").count() == 0
    give_consent(
        case.meeting(user("petugas1")), scopes=("asesmen", "layanan", "berbagi:rumah_aman", "berbagi:layanan_sosial")
    )

    # 2. assessment by the worker, sent to the supervisor
    worker = phone()
    login_as(worker, "petugas1")
    worker.goto(f"/kasus/{case.id}/asesmen")
    worker.get_by_label("Mengalami eksploitasi seksual").check()
    worker.get_by_label("Hasil asesmen").fill(
        "Trauma, tidak punya uang untuk pulang, keluarga di kampung bersedia menerima."
    )
    worker.get_by_label("Kirim ke atasan untuk ditelaah").check()
    worker.get_by_role("button", name="Simpan asesmen").click()
    worker.get_by_text("Asesmen dikirim ke atasan untuk ditelaah.").wait_for()

    # 3. the case manager agrees and decides shelter and return home
    manager = phone()
    login_as(manager, "manajer1")
    manager.goto(f"/kasus/{case.id}/telaah")
    manager.get_by_label("Setuju dan tentukan layanan").check()
    manager.get_by_label(re.compile(r"Penitipan sementara di RSTS")).check()
    manager.get_by_label(re.compile(r"Pemulangan ke daerah asal")).check()
    manager.get_by_role("button", name="Simpan telaah").click()
    manager.get_by_text("Telaah disimpan.").wait_for()

    # 4. the worker gives the shelter, then the return home with the letter
    worker.goto(f"/kasus/{case.id}")
    worker.locator("#layanan").get_by_role("link", name="Tambah layanan").click()
    worker.get_by_label("Layanan", exact=True).select_option(sop_cases.SHELTER)
    worker.get_by_label("Pemberi layanan (rumah sakit, kantor, shelter, lembaga)").fill("RSTS Dinas Sosial")
    worker.get_by_label("Koordinator shelter (untuk penitipan sementara)").fill("Pak Koordinator Fiktif")
    worker.get_by_role("button", name="Simpan rencana layanan").click()
    worker.get_by_role("button", name="Layanan mulai berjalan").click()
    worker.get_by_label("Hasil layanan").fill("Tinggal 12 hari di RSTS, kondisi membaik.")
    worker.get_by_role("button", name="Simpan hasil, layanan selesai").click()
    worker.get_by_text("Layanan selesai.").wait_for()
    worker.get_by_label("Layanan", exact=True).select_option("pemulangan")
    worker.get_by_label("Pemberi layanan (rumah sakit, kantor, shelter, lembaga)").fill("Baznas Kota Fiktif")
    worker.get_by_role("button", name="Simpan rencana layanan").click()
    worker.get_by_role("button", name="Buat surat rekomendasi").click()
    worker.wait_for_url("**/cetak")
    assert worker.get_by_text(f"Nomor: 001/REK/UPTD-PPA/{YEAR}").is_visible()
    worker.get_by_role("link", name="Kembali").click()
    worker.get_by_role("button", name="Layanan mulai berjalan").click()
    worker.get_by_label("Hasil layanan").fill("Diantar pulang, diterima keluarga.")
    worker.get_by_role("button", name="Simpan hasil, layanan selesai").click()
    worker.get_by_text("Layanan selesai.").wait_for()
    worker.goto(f"/kasus/{case.id}")
    screenshot(worker, "case-trafficking-services-360")  # axe: these screens are checked in test_services.py

    # 5. termination: the worker's final report, approved by the Kepala
    worker.goto(f"/kasus/{case.id}/terminasi")
    worker.get_by_label("Semua layanan kesejahteraan terpenuhi dan dapat diakses").check()
    worker.get_by_label("Layanan yang sudah diterima korban").fill("Shelter RSTS 12 hari; pemulangan dengan Baznas.")
    worker.get_by_label("Keadaan korban sekarang").fill("Sudah bersama keluarga, sehat.")
    worker.get_by_role("button", name="Kirim ke Kepala untuk disetujui").click()
    head = phone()
    login_as(head, "kepala1")
    head.goto(f"/kasus/{case.id}/terminasi")
    head.get_by_label("Setujui laporan akhir dan tutup kasus").check()
    head.get_by_role("button", name="Simpan keputusan").click()
    head.get_by_text("Ditutup").first.wait_for()
    closed = Case.get_by_id(case.id)
    assert closed.status == Case.CLOSED
    head.goto(f"/kasus/{case.id}")
    screenshot(head, "case-trafficking-closed-360")
    for page in (worker, manager, head):
        assert [e for e in page.errors if "422" not in e] == []
