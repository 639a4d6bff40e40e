"""On a 360 px phone: the worker opens a target, starts a visit, takes a child's consent (guardian,
the child's assent, a signature drawn with mouse and finger, scopes one by one) and sees the visit;
and the refusal path. Every screen passes axe-core and has big enough tap targets."""

import re

import pytest

from tests.browser.conftest import check_screen, login_as, screenshot
from tests.factories import give_consent, jpeg_with_gps
from web.models import Consent, ConsentScope, Visit


def start_visit_on_phone(page, target, place):
    page.goto("/")
    page.locator(f'a[href^="/kunjungan/baru?target={target.id}&"]').click()
    page.wait_for_url("**/kunjungan/baru**")
    check_screen(page)
    page.get_by_label("Tempat").fill(place)
    page.get_by_label("Siapa saja yang hadir").fill("korban, ibunya, dua petugas")
    page.get_by_role("button", name="Mulai kunjungan").click()
    page.wait_for_url(re.compile(r"/kunjungan/\d+$"))
    return Visit.select().order_by(Visit.id.desc()).get()


def draw_with_mouse(page, canvas):
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] - 30)
    page.mouse.down()
    for i in range(1, 15):
        page.mouse.move(box["x"] + 20 + i * 10, box["y"] + box["height"] - 30 - (i % 5) * 20, steps=2)
    page.mouse.up()


def draw_with_finger(page, canvas):
    """Real touch events through DevTools: the canvas sees pointerType "touch"."""
    box = canvas.bounding_box()
    cdp = page.context.new_cdp_session(page)
    x0, y0 = box["x"] + 180, box["y"] + 40
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for i in range(1, 12):
        cdp.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x0 + i * 8, "y": y0 + (i % 4) * 15}]},
        )
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_worker_takes_a_childs_consent_with_a_signature(phone, field):
    login_as(phone, "petugas1")
    check_screen(phone)
    panel = phone.locator("section", has=phone.get_by_role("heading", name="Korban yang Anda kunjungi"))
    panel.scroll_into_view_if_needed()
    panel.screenshot(path=str(screenshot(phone, "home-visits-360").with_name("home-visits-panel-360.png")))
    visit = start_visit_on_phone(phone, field.child, "Rumah keluarga")
    assert phone.get_by_text("Belum ada persetujuan").first.is_visible()
    check_screen(phone)

    phone.get_by_role("link", name="Minta persetujuan").click()
    phone.wait_for_url(f"**/kunjungan/{visit.id}/persetujuan")
    assert phone.get_by_text("Orang ini anak (15 tahun)").is_visible()
    # before a decision, neither the consent nor the refusal part shows
    assert not phone.locator("fieldset#scopes").is_visible()
    assert not phone.get_by_role("heading", name="Penolakan", exact=True).is_visible()
    check_screen(phone)

    form = phone.locator('form[data-offline-form="consent"]')
    for label in (
        "Apa saja yang dicatat tentang dirinya",
        "Siapa saja yang akan melihat catatan itu",
        "Ia boleh menolak, dan boleh menarik persetujuannya kapan saja",
    ):
        form.get_by_label(label).check()  # "Layanan ini gratis" forgotten on purpose
    assert form.get_by_label("Orang tua atau wali (wajib untuk anak di bawah 18 tahun)").is_checked()
    assert form.get_by_label("Nama orang tua atau wali").input_value() == "Ibu Contoh"
    form.get_by_label("Setuju", exact=True).check()
    assert phone.locator("fieldset#scopes").is_visible()
    assert not phone.get_by_role("heading", name="Penolakan", exact=True).is_visible()
    form.get_by_label("Ya, anak setuju").check()
    form.get_by_label("Asesmen: ditanya tentang keadaan dan keselamatannya").check()
    form.get_by_label("Menerima layanan UPTD PPA").check()
    form.get_by_label("Informasinya dibagikan kepada: Layanan kesehatan (RSUD, Puskesmas)").check()
    form.get_by_label("Informasinya dibagikan kepada: Kepolisian (Unit PPA)").check()
    assert not phone.locator("canvas").is_visible()
    form.get_by_label("Tanda tangan di layar").check()
    canvas = phone.locator("[data-signature] canvas")
    canvas.scroll_into_view_if_needed()
    assert canvas.is_visible()
    draw_with_mouse(phone, canvas)
    after_mouse = phone.locator("#signature").input_value()
    assert after_mouse.startswith("data:image/png;base64,")
    draw_with_finger(phone, canvas)
    after_finger = phone.locator("#signature").input_value()
    assert after_finger.startswith("data:image/png;base64,") and after_finger != after_mouse
    # "Ulangi" empties it; draw again
    phone.get_by_role("button", name="Ulangi tanda tangan").click()
    assert phone.locator("#signature").input_value() == ""
    draw_with_finger(phone, canvas)
    draw_with_mouse(phone, canvas)
    check_screen(phone)
    screenshot(phone, "consent-360")

    # saved with one item not explained: refused, everything kept, the signature drawn again
    phone.get_by_role("button", name="Simpan").click()
    error = phone.locator("#explained-error")
    error.wait_for()
    assert "centang semua" in error.inner_text()
    assert form.get_by_label("Informasinya dibagikan kepada: Kepolisian (Unit PPA)").is_checked()
    assert phone.locator("#signature").input_value().startswith("data:image/png;base64,")
    # the signature kept in the field is drawn again on the new canvas
    phone.wait_for_function("""() => {
      const c = document.querySelector('[data-signature] canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;
      return ink > 50; }""")
    check_screen(phone)
    screenshot(phone, "consent-error-360")

    form.get_by_label("Layanan ini gratis").check()
    phone.get_by_role("button", name="Simpan").click()
    phone.wait_for_url(f"**/kunjungan/{visit.id}")
    assert phone.get_by_text("Persetujuan tersimpan").is_visible()
    assert phone.locator("#persetujuan .badge.consent-setuju").first.is_visible()
    assert phone.get_by_role("img", name="Tanda tangan").is_visible()
    phone.wait_for_function("() => document.querySelector('img.consent-mark').naturalWidth > 0")
    check_screen(phone)
    screenshot(phone, "visit-consent-360")
    # the 422 answer to the first try is expected; nothing else may go wrong
    assert [e for e in phone.errors if "status of 422" not in e] == []

    consent = Consent.get(Consent.visit == visit)
    assert consent.consenter_name == "Ibu Contoh" and consent.child_assent is True
    assert ConsentScope.sharing_allowed(visit, "polisi") and not ConsentScope.sharing_allowed(visit, "rumah_aman")

    # the printable form
    phone.get_by_role("link", name="Cetak formulir").click()
    phone.wait_for_url("**/cetak")
    assert phone.get_by_role("heading", name="Formulir persetujuan pemberian informasi (informed consent)").is_visible()
    check_screen(phone)
    phone.emulate_media(media="print")
    assert not phone.get_by_role("button", name="Cetak").is_visible()
    screenshot(phone, "consent-print-360")
    phone.emulate_media(media="screen")


def test_worker_records_a_refusal(phone, field):
    login_as(phone, "petugas1")
    visit = start_visit_on_phone(phone, field.adult, "Warung dekat pasar")
    phone.get_by_role("link", name="Minta persetujuan").click()
    form = phone.locator('form[data-offline-form="consent"]')
    assert form.get_by_label("Orang itu sendiri").is_checked()
    assert not form.get_by_label("Nama orang tua atau wali").is_visible()  # an adult decides alone
    form.get_by_label("Menolak", exact=True).check()
    assert phone.get_by_role("heading", name="Penolakan", exact=True).is_visible()
    assert not phone.locator("fieldset#scopes").is_visible()
    form.get_by_label("Alasan menolak (jika disampaikan)").fill("Takut diketahui keluarga")
    form.get_by_label("Penjelasan dan manfaat layanan sudah disampaikan sekali lagi").check()
    form.get_by_label("Nomor kontak layanan sudah ditinggalkan").check()
    form.get_by_label("Tanggal untuk menghubungi lagi (tidak wajib)").fill("2030-02-01")
    check_screen(phone)
    screenshot(phone, "consent-refusal-360")
    phone.get_by_role("button", name="Simpan").click()
    phone.wait_for_url(f"**/kunjungan/{visit.id}")
    assert phone.get_by_text("Penolakan tercatat").is_visible()
    assert phone.get_by_text("Orang ini menolak").is_visible()
    assert phone.get_by_text("Takut diketahui keluarga").is_visible()
    assert phone.get_by_role("link", name="Catat persetujuan baru").is_visible()
    check_screen(phone)
    assert phone.errors == []
    consent = Consent.get(Consent.visit == visit)
    assert consent.outcome == "menolak" and consent.contact_left and consent.explained_again


@pytest.mark.parametrize("name", ["petugas2"])
def test_unassigned_worker_gets_no_visit_screen(new_phone, field, name):
    phone = new_phone()
    login_as(phone, "petugas1")
    visit = start_visit_on_phone(phone, field.child, "Rumah")
    other = new_phone()
    login_as(other, name)
    response = other.goto(f"/kunjungan/{visit.id}")
    assert response.status == 403


def test_person_met_on_the_spot_and_a_photo_of_the_visit(phone, field, tmp_path):
    login_as(phone, "petugas1")
    phone.locator(f'a[href="/kunjungan/orang-baru?plan={field.plan.id}"]').click()
    phone.wait_for_url("**/kunjungan/orang-baru**")
    check_screen(phone)
    phone.get_by_label("Umur (perkiraan, tahun)").fill("16")
    phone.get_by_role("button", name="Catat dan mulai kunjungan").click()
    phone.locator("#name-error").wait_for()  # the name is missing; the age stays
    assert phone.get_by_label("Umur (perkiraan, tahun)").input_value() == "16"
    assert phone.get_by_label("Umur (perkiraan, tahun)").get_attribute("inputmode") == "numeric"
    check_screen(phone)
    phone.get_by_label("Nama atau nama panggilan").fill("Melati")
    phone.get_by_role("button", name="Catat dan mulai kunjungan").click()
    phone.wait_for_url("**/kunjungan/baru**")
    assert phone.get_by_text("dicatat dengan kode JGK-").is_visible()
    phone.get_by_label("Tempat").fill("Terminal bus")
    phone.get_by_role("button", name="Mulai kunjungan").click()
    phone.wait_for_url(re.compile(r"/kunjungan/\d+$"))
    visit = Visit.select().order_by(Visit.id.desc()).get()
    assert visit.target.person.name == "Melati"

    # before consent, nothing beyond the name: the page sends the worker to the consent form
    phone.get_by_role("link", name="Lihat dan tambah").click()
    phone.wait_for_url("**/lampiran")
    assert phone.locator("#consent-needed").get_by_role("link", name="Minta persetujuan").is_visible()
    assert not phone.get_by_label("Ambil foto dengan kamera").is_visible()
    check_screen(phone)
    give_consent(visit)
    phone.reload()
    check_screen(phone)
    photo = tmp_path / "IMG_20260101_rumah.jpg"
    photo.write_bytes(jpeg_with_gps(2000, 1500))
    phone.get_by_label("Ambil foto dengan kamera").set_input_files(str(photo))
    phone.get_by_label("Keterangan (tidak wajib)").fill("Tempat bertemu")
    phone.get_by_role("button", name="Simpan berkas").click()
    phone.get_by_text("Berkas tersimpan").wait_for()
    # the thumbnail comes through the audited route and really loads
    phone.wait_for_function(
        "() => { const i = document.querySelector('.files img'); return i && i.complete && i.naturalWidth > 0; }"
    )
    assert phone.get_by_text("Tempat bertemu").is_visible()
    check_screen(phone)
    screenshot(phone, "attachments-360")
    assert [e for e in phone.errors if "status of 422" not in e] == []  # the missing name, above


def test_a_13_mb_camera_photo_is_made_smaller_on_the_phone_and_kept_with_its_caption(phone, field, login, tmp_path):
    import io
    import os

    from PIL import Image

    from tests.factories import give_consent, start_visit

    visit = start_visit(login("petugas1"), field)
    give_consent(visit)
    photo = tmp_path / "IMG_20260101_besar.jpg"
    width, height = 3000, 2250  # noise: a JPEG as heavy as a real camera's
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(photo, "JPEG", quality=100)
    assert photo.stat().st_size > 12 * 1024 * 1024  # above the old request limit
    login_as(phone, "petugas1")
    phone.goto(f"/kunjungan/{visit.id}/lampiran")
    phone.get_by_label("Ambil foto dengan kamera").set_input_files(str(photo))
    phone.get_by_label("Keterangan (tidak wajib)").fill("Rumah dari depan")
    phone.get_by_role("button", name="Simpan berkas").click()
    phone.wait_for_selector(".flash-success", timeout=90_000)
    # Saved: the server refuses a file above 10 MB (uploads.MAX_BYTES), so the phone sent it shrunk.
    assert phone.locator(".files").get_by_text("Rumah dari depan").is_visible()  # the caption kept
    stored = phone.request.get(phone.locator(".files a.file").first.get_attribute("href"))
    assert max(Image.open(io.BytesIO(stored.body())).size) == 1600
    check_screen(phone)
    screenshot(phone, "attachments-shrunk-photo-360")


def test_edit_withdraw_and_witness_screens(new_phone, field):
    """The smaller screens: change a visit, withdraw a scope, the witness confirms from their phone."""
    worker, witness = field.user("petugas1"), field.user("petugas2")
    visit = Visit.create(unit=field.unit, plan=field.plan, target=field.child, place="Rumah", created_by=worker)
    consent = Consent.create(
        visit=visit,
        outcome="setuju",
        consenter="orang_tua_wali",
        consenter_name="Ibu Contoh",
        child_assent=True,
        method="lisan",
        witness=witness,
        recorded_by=worker,
        explained="yang_dicatat siapa_melihat boleh_menolak gratis",
    )
    for scope in ("asesmen", "berbagi:polisi", "berbagi:kesehatan"):
        ConsentScope.create(consent=consent, scope=scope, granted=True)

    phone = new_phone()
    login_as(phone, "petugas1")
    phone.goto(f"/kunjungan/{visit.id}/ubah")
    check_screen(phone)
    phone.get_by_label("Tempat").fill("Balai desa")
    phone.get_by_role("button", name="Simpan perubahan").click()
    phone.wait_for_url(f"**/kunjungan/{visit.id}")
    assert phone.get_by_text("Balai desa").is_visible()

    phone.get_by_role("link", name="Tarik persetujuan").click()
    phone.wait_for_url("**/tarik")
    check_screen(phone)
    phone.get_by_label("Informasinya dibagikan kepada: Kepolisian (Unit PPA)").check()
    phone.get_by_label("Alasan penarikan").fill("Tidak mau melapor")
    phone.get_by_role("button", name="Simpan penarikan").click()
    phone.wait_for_url(f"**/kunjungan/{visit.id}")
    assert phone.get_by_text("Tidak mau melapor").is_visible()
    assert phone.locator(".badge.consent-sebagian_ditarik").first.is_visible()
    # spoken consent not yet confirmed by the witness: nothing is shared yet
    assert not ConsentScope.sharing_allowed(visit, "polisi") and not ConsentScope.sharing_allowed(visit, "kesehatan")

    other = new_phone()
    login_as(other, "petugas2")
    other.get_by_role("link", name=re.compile("persetujuan lisan")).click()
    other.wait_for_url("**/saksi")
    check_screen(other)
    screenshot(other, "witness-360")
    other.get_by_role("button", name="Ya, saya menyaksikan persetujuan ini").click()
    other.wait_for_url(lambda url: url.endswith("/"))
    assert other.get_by_text("Kesaksian Anda tercatat").is_visible()
    assert Consent.get_by_id(consent.id).witness_confirmed_at is not None
    # confirmed: what is still agreed may be shared, what was withdrawn may not
    assert not ConsentScope.sharing_allowed(visit, "polisi") and ConsentScope.sharing_allowed(visit, "kesehatan")
    assert phone.errors == [] and other.errors == []
