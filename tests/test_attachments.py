"""Photos and documents of a visit: checked by content, images downscaled and stripped of EXIF/GPS,
kept outside static/ under random names, served only to those who may see the visit, audited."""

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.factories import give_consent, jpeg_with_gps, start_visit
from web.models import Attachment, AuditLog, Consent, ConsentScope, User
from web.visits import uploads

ROOT = Path(__file__).resolve().parents[1]


# ---- Images made for the tests ------------------------------------------------------------------


def png_bytes(width=800, height=600, mode="RGBA"):
    image = Image.new(mode, (width, height), (0, 0, 0, 0) if mode == "RGBA" else "white")
    ImageDraw.Draw(image).ellipse((50, 50, 300, 300), fill=(20, 120, 20, 255) if mode == "RGBA" else "green")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def webp_bytes():
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "orange").save(out, "WEBP")
    return out.getvalue()


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def upload(browser, visit, data, field_name="photo", filename="foto.jpg", caption=""):
    return browser.post(
        f"/kunjungan/{visit.id}/lampiran",
        {field_name: (io.BytesIO(data), filename), "caption": caption},
        content_type="multipart/form-data",
    )


@pytest.fixture
def visit(field, login):
    """A visit where the person has consented (nothing beyond the name is recorded before that)."""
    visit = start_visit(login("petugas1"), field)
    give_consent(visit)
    return visit


@pytest.fixture
def worker(login):
    return login("petugas1")


def stored_path(app, name):
    return Path(app.config["UPLOAD_DIR"]) / name


# ---- Checks on the way in -------------------------------------------------------------------------


def test_camera_photo_is_downscaled_turned_upright_and_stripped(app, visit, worker):
    response = upload(worker, visit, jpeg_with_gps(3000, 2000, orientation=6), caption="Rumah dari depan")
    assert response.status_code == 302
    item = Attachment.get(Attachment.visit == visit)
    assert item.kind == "foto" and item.content_type == "image/jpeg" and item.caption == "Rumah dari depan"
    path = stored_path(app, item.stored_name)
    data = path.read_bytes()
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert image.height == 1600 and image.width in (1066, 1067)  # orientation 6: the portrait the phone meant
    assert not image.getexif() and b"Exif" not in data and b"KameraRahasia" not in data
    assert (path.stat().st_mode & 0o777) == 0o600
    # a random name outside static/, and nothing of what the phone called it
    assert len(item.stored_name) == 36 and "foto" not in item.stored_name
    assert ROOT / "static" not in path.parents
    thumb = Image.open(stored_path(app, item.thumb_name))
    assert max(thumb.size) <= 320
    assert AuditLog.for_record("attachment", item.id).where(AuditLog.action == "create").exists()


def test_png_and_webp_become_jpeg(app, visit, worker):
    assert upload(worker, visit, png_bytes(), filename="a.png").status_code == 302
    assert upload(worker, visit, webp_bytes(), field_name="document", filename="b.webp").status_code == 302
    items = list(Attachment.select().where(Attachment.visit == visit))
    assert len(items) == 2
    for item in items:
        assert item.content_type == "image/jpeg"
        assert Image.open(stored_path(app, item.stored_name)).format == "JPEG"


def test_pdf_is_recognised_by_its_first_bytes(app, visit, worker):
    assert upload(worker, visit, PDF, field_name="document", filename="surat.pdf").status_code == 302
    item = Attachment.get(Attachment.visit == visit)
    assert item.kind == "dokumen" and item.content_type == "application/pdf" and item.thumb_name == ""
    assert stored_path(app, item.stored_name).read_bytes() == PDF


@pytest.mark.parametrize(
    "data,filename",
    [
        (b"<html><script>alert(1)</script></html>", "foto.jpg"),
        (b"MZ\x90\x00 not a pdf", "surat.pdf"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "anim.gif"),
    ],
)
def test_other_content_is_refused_whatever_its_name(app, visit, worker, data, filename):
    response = upload(worker, visit, data, field_name="document", filename=filename)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="document-error"' in html and ("bukan foto" in html or "tidak diterima" in html)
    assert Attachment.select().count() == 0
    folder = Path(app.config["UPLOAD_DIR"])
    assert not folder.exists() or not list(folder.iterdir())


def test_too_big_and_empty_and_nothing(app, visit, worker):
    big = upload(worker, visit, b"%PDF-" + b"0" * (10 * 1024 * 1024 + 10), field_name="document", filename="x.pdf")
    assert big.status_code == 422 and "terlalu besar" in big.get_data(as_text=True)
    nothing = worker.post(f"/kunjungan/{visit.id}/lampiran", {"caption": "kosong"}, content_type="multipart/form-data")
    assert nothing.status_code == 422
    html = nothing.get_data(as_text=True)
    assert "Ambil foto atau pilih sebuah berkas." in html and 'value="kosong"' in html
    assert Attachment.select().count() == 0


def test_a_13_mb_photo_is_answered_next_to_its_field_keeping_the_caption(app, visit, worker):
    """A phone that could not shrink it (no canvas) may send 13 MB: the request is read (the server's
    limit is above it), and the app's own 10 MB limit answers by the field, the caption kept."""
    assert app.config["MAX_CONTENT_LENGTH"] > 20 * 1024 * 1024 > uploads.MAX_BYTES
    photo = b"\xff\xd8\xff\xe0" + b"\0" * (13 * 1024 * 1024)
    response = upload(worker, visit, photo, caption="Rumah dari depan")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'<p class="error" id="photo-error">Berkas terlalu besar: paling besar 10 MB\.</p>', html)
    assert 'value="Rumah dari depan"' in html and 'aria-invalid="true"' in html
    document = upload(worker, visit, b"%PDF-" + b"0" * (11 * 1024 * 1024), field_name="document", filename="x.pdf")
    assert 'id="document-error">Berkas terlalu besar' in document.get_data(as_text=True)
    assert Attachment.select().count() == 0


def test_a_request_above_the_server_limit_is_still_a_clear_page(app, visit, worker):
    response = upload(worker, visit, b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert response.status_code == 413 and "Berkas terlalu besar" in response.get_data(as_text=True)


def test_decompression_bomb_is_refused(visit, worker):
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # a few kB that would unpack to 144 million pixels
    response = upload(worker, visit, out.getvalue(), filename="bom.png")
    assert response.status_code == 422 and Attachment.select().count() == 0


# ---- Serving ---------------------------------------------------------------------------------------


def test_file_is_served_only_to_those_who_see_the_visit(app, visit, worker, login, anon):
    upload(worker, visit, jpeg_with_gps(800, 600))
    item = Attachment.get(Attachment.visit == visit)
    url = f"/lampiran/{item.id}"
    for name in ("petugas1", "manajer1", "kepala1"):
        response = login(name).get(url)
        assert response.status_code == 200, name
        assert response.mimetype == "image/jpeg"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Disposition"] == f'inline; filename="lampiran-{item.id}.jpg"'
        assert "ETag" not in response.headers
        assert response.data == stored_path(app, item.stored_name).read_bytes()
    for name in ("petugas2", "kepala2", "admin1"):
        assert login(name).get(url).status_code == 403, name
    assert anon.get(url).status_code == 302
    small = login("manajer1").get(url + "?ukuran=kecil")
    assert small.status_code == 200 and max(Image.open(io.BytesIO(small.data)).size) <= 320
    views = AuditLog.for_record("attachment", item.id).where(AuditLog.action == "view")
    assert views.count() == 4
    # nothing is reachable under /static
    assert anon.get(f"/static/{item.stored_name}").status_code == 404


def test_attachment_list_shows_thumbnails_and_is_audited(visit, worker):
    upload(worker, visit, jpeg_with_gps(800, 600), caption="Dapur")
    upload(worker, visit, PDF, field_name="document", filename="surat.pdf")
    html = worker.get(f"/kunjungan/{visit.id}/lampiran").get_data(as_text=True)
    assert "Tersimpan (2)" in html and "Dapur" in html and "?ukuran=kecil" in html
    assert 'capture="environment"' in html and 'accept="image/*"' in html
    assert AuditLog.for_record("visit", visit.id).where(AuditLog.detail == "attachments").exists()
    assert "Foto dan dokumen (2)" in worker.get(f"/kunjungan/{visit.id}").get_data(as_text=True)


def test_head_sees_but_does_not_upload(visit, login):
    head = login("kepala1")
    html = head.get(f"/kunjungan/{visit.id}/lampiran").get_data(as_text=True)
    assert "Simpan berkas" not in html
    assert upload(head, visit, PDF, field_name="document").status_code == 403


def test_delete_removes_the_file(app, visit, worker, login):
    upload(worker, visit, jpeg_with_gps(800, 600))
    item = Attachment.get(Attachment.visit == visit)
    path, thumb = stored_path(app, item.stored_name), stored_path(app, item.thumb_name)
    assert login("kepala1").post(f"/lampiran/{item.id}/hapus").status_code == 403
    assert worker.post(f"/lampiran/{item.id}/hapus").status_code == 302
    assert not path.exists() and not thumb.exists()
    assert Attachment.get_by_id(item.id).deleted_at is not None
    assert worker.get(f"/lampiran/{item.id}").status_code == 404
    assert "Tersimpan (0)" in worker.get(f"/kunjungan/{visit.id}/lampiran").get_data(as_text=True)
    assert AuditLog.for_record("attachment", item.id).where(AuditLog.action == "delete").exists()


def test_nothing_is_attached_before_consent_or_after_a_refusal_or_withdrawal(app, field, login):
    worker = login("petugas1")
    visit = start_visit(worker, field)
    page = worker.get(f"/kunjungan/{visit.id}/lampiran").get_data(as_text=True)
    assert "Simpan berkas" not in page and f'href="/kunjungan/{visit.id}/persetujuan"' in page
    response = upload(worker, visit, jpeg_with_gps(800, 600))
    assert response.status_code == 409 and "setelah orang itu memberi persetujuan" in response.get_data(as_text=True)
    assert Attachment.select().count() == 0 and not any(Path(app.config["UPLOAD_DIR"]).glob("*"))
    assert AuditLog.for_record("visit", visit.id).where(AuditLog.detail == "attachment without consent").exists()
    # a refusal records nothing either
    Consent.create(visit=visit, outcome=Consent.REFUSED, recorded_by=User.by_username("petugas1"))
    assert upload(worker, visit, PDF, field_name="document").status_code == 409
    # consent to sharing only is not enough; consent to the services is
    give_consent(visit, scopes=("berbagi:polisi",))
    assert upload(worker, visit, PDF, field_name="document").status_code == 409
    consent = give_consent(visit, scopes=("layanan",))
    assert upload(worker, visit, PDF, field_name="document").status_code == 302
    # withdrawn: no more files
    ConsentScope.update(withdrawn_at=consent.recorded_at).where(ConsentScope.consent == consent).execute()
    assert upload(worker, visit, PDF, field_name="document").status_code == 409
    assert Attachment.select().count() == 1
