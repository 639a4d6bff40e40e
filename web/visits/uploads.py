"""Files from the phone: checked by their content, images made small and stripped, kept outside static/.

    stored = store_upload(file_storage, kind)     # -> Stored(...) or raises UploadError(message)

Images (JPEG, PNG, WebP, recognised by Pillow, never by the name or the browser's word) are turned
upright, downscaled to at most 1600 px and re-encoded as JPEG: EXIF (with GPS), XMP and comments are
not copied. A PDF is recognised by its first bytes and kept as it is. Files get random names in
app.config["UPLOAD_DIR"], readable only by the app's user.
"""

import base64
import binascii
import io
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
THUMB_SIDE = 320
JPEG_QUALITY = 80
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
PDF_MAGIC = b"%PDF-"
# Pixel caps, checked on the header before anything is decoded (a 189 kB PNG can hold 60 megapixels):
# a JPEG is decoded at a reduced scale (draft), so a 50 MP camera photo costs about a sixteenth of
# its size; a PNG or WebP is decoded whole, so it gets a lower cap (a screenshot or a photo the
# phone already shrank to ~1600 px is far below it). Peak memory per upload stays under 150 MB
# (bench/images.py measures it).
MAX_PIXELS = 50_000_000  # JPEG: bigger than any phone camera; beyond it, a decompression bomb
MAX_PIXELS_WHOLE = 12_000_000  # PNG and WebP, decoded without reduction
SIGNATURE_MAX_BYTES = 1024 * 1024

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class UploadError(ValueError):
    """A file we refuse, with the message for the worker (Indonesian msgid, lazily translated)."""


@dataclass
class Stored:
    stored_name: str
    thumb_name: str
    content_type: str
    size: int
    width: int | None = None
    height: int | None = None


def upload_dir():
    path = Path(current_app.config["UPLOAD_DIR"])
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def path_of(name):
    """The file for a stored name; only names this module made (hex + one extension) are accepted."""
    stem, _, ext = (name or "").partition(".")
    if len(stem) != 32 or not all(c in "0123456789abcdef" for c in stem) or ext not in ("jpg", "png", "pdf"):
        raise FileNotFoundError(name)
    return upload_dir() / name


def _write(data, ext):
    name = f"{secrets.token_hex(16)}.{ext}"
    path = upload_dir() / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return name


def remove(*names):
    for name in names:
        if not name:
            continue
        try:
            path_of(name).unlink()
        except FileNotFoundError:
            pass


def read_limited(file_storage, limit=MAX_BYTES):
    """The bytes of an uploaded file, refusing more than `limit` and an empty file."""
    data = file_storage.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadError(_l("Berkas terlalu besar: paling besar %(mb)d MB.", mb=limit // (1024 * 1024)))
    if not data:
        raise UploadError(_l("Berkas kosong. Ambil foto atau pilih berkas lagi."))
    return data


def open_image(data):
    """A Pillow image from bytes that really are a JPEG, PNG or WebP (else UploadError)."""
    try:
        probe = Image.open(io.BytesIO(data))
        if probe.format not in IMAGE_FORMATS:
            raise UploadError(_l("Jenis berkas tidak diterima. Kirim foto (JPEG, PNG, WebP) atau PDF."))
        cap = MAX_PIXELS if probe.format == "JPEG" else MAX_PIXELS_WHOLE
        if probe.width * probe.height > cap:  # from the header alone: nothing decoded yet
            raise UploadError(
                _l(
                    "Foto ini terlalu besar (%(mp)d megapiksel; paling besar %(max)d). Kecilkan fotonya atau "
                    "ambil lagi dengan kamera HP.",
                    mp=probe.width * probe.height // 1_000_000,
                    max=cap // 1_000_000,
                )
            )
        probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.format == "JPEG":
            # Decode big camera photos at a smaller scale (1/2, 1/4, 1/8), never below the size kept:
            # draft() wants the box the photo is shrunk to (both sides), not a square.
            shrink = min(1.0, MAX_SIDE / max(image.size))
            image.draft("RGB", (max(1, int(image.width * shrink)), max(1, int(image.height * shrink))))
        image.load()
    except UploadError:
        raise
    except Image.DecompressionBombError:  # over twice MAX_PIXELS: Pillow refuses it on opening
        raise UploadError(_l("Foto ini terlalu besar untuk dibaca.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise UploadError(_l("Berkas ini bukan foto yang bisa dibaca (JPEG, PNG, WebP) atau PDF.")) from None
    return image


def _flatten(image):
    """Upright, RGB on white (transparent parts of a PNG become white)."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image):
    out = io.BytesIO()
    # No exif=, no icc/xmp/comment: nothing of the original's metadata is carried over.
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def store_image(data, max_side=MAX_SIDE):
    image = _flatten(open_image(data))
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    big = _jpeg(image)
    thumb_image = image.copy()
    thumb_image.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    stored = _write(big, "jpg")
    try:
        thumb = _write(_jpeg(thumb_image), "jpg")
    except OSError:
        remove(stored)
        raise
    return Stored(stored, thumb, "image/jpeg", len(big), image.width, image.height)


def store_pdf(data):
    if not data.startswith(PDF_MAGIC):
        raise UploadError(_l("Jenis berkas tidak diterima. Kirim foto (JPEG, PNG, WebP) atau PDF."))
    return Stored(_write(data, "pdf"), "", "application/pdf", len(data))


def store_upload(file_storage, max_side=MAX_SIDE, allow_pdf=True):
    """Check and keep one uploaded file (a werkzeug FileStorage). Raises UploadError."""
    data = read_limited(file_storage)
    if data.startswith(PDF_MAGIC):
        if not allow_pdf:
            raise UploadError(_l("Kirim sebuah foto (JPEG, PNG, WebP)."))
        return store_pdf(data)
    return store_image(data, max_side=max_side)


# ---- Images sent as data: URLs (the signature canvas, a thumbprint kept across a re-render) ----


def decode_data_url(value, expected, limit):
    """The bytes of a `data:<expected>;base64,...` URL (UploadError if it is anything else)."""
    prefix = f"data:{expected};base64,"
    if not value.startswith(prefix):
        raise UploadError(_l("Gambar tidak terbaca. Ulangi."))
    if len(value) > limit * 4 // 3 + len(prefix) + 4:
        raise UploadError(_l("Gambar terlalu besar."))
    try:
        return base64.b64decode(value[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise UploadError(_l("Gambar tidak terbaca. Ulangi.")) from None


def data_url(data, content_type):
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def signature_png(value):
    """A signature from the canvas: a real PNG with something drawn on it, re-encoded without metadata.

    Returns the PNG bytes (not stored yet)."""
    data = decode_data_url(value, "image/png", SIGNATURE_MAX_BYTES)
    image = open_image(data)
    if image.format != "PNG" or image.width > 4000 or image.height > 4000:
        raise UploadError(_l("Gambar tidak terbaca. Ulangi."))
    rgba = image.convert("RGBA")
    ink = rgba.getchannel("A").point(lambda a: 255 if a > 32 else 0)
    box = ink.getbbox()
    if box is None or ink.histogram()[255] < 30:
        raise UploadError(_l("Tanda tangan masih kosong. Minta orang itu menandatangani di kotak."))
    out = io.BytesIO()
    rgba.save(out, "PNG", optimize=True)
    return out.getvalue(), rgba.width, rgba.height


def store_signature(png, width, height):
    return Stored(_write(png, "png"), "", "image/png", len(png), width, height)


def thumbprint_jpeg(value):
    """A thumbprint photo carried back into the form as a data: URL; checked like any image."""
    data = decode_data_url(value, "image/jpeg", MAX_BYTES)
    image = _flatten(open_image(data))
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return _jpeg(image)


def thumbprint_from_upload(file_storage, max_side=1200):
    """A thumbprint photo from the camera, as JPEG bytes (downscaled, no metadata), not stored yet."""
    data = read_limited(file_storage)
    image = _flatten(open_image(data))
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return _jpeg(image)


def store_jpeg(jpeg):
    image = Image.open(io.BytesIO(jpeg))
    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE, THUMB_SIDE), Image.Resampling.LANCZOS)
    stored = _write(jpeg, "jpg")
    return Stored(
        stored, _write(_jpeg(thumb.convert("RGB")), "jpg"), "image/jpeg", len(jpeg), image.width, image.height
    )
