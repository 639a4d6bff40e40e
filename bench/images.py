"""`make bench`: what one uploaded image costs the server (web/visits/uploads.py, Pillow).

Each image is handled by `store_upload` in a fresh child process; the figure is the child's peak
resident memory (Linux VmHWM, reset just before through /proc/self/clear_refs; ru_maxrss would keep
the parent's peak from before exec) above what it held just before, and the time taken.
Images: a 12 MP phone photo (JPEG), the largest JPEG accepted (50 MP), the largest PNG accepted,
and a decompression bomb (a small PNG of 59.5 megapixels), which must be refused before decoding.
The goal: at most 150 MB per upload.
"""

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import io, json, sys, time
sys.path.insert(0, sys.argv[1])
from flask import Flask
from flask_babel import Babel
from web.visits import uploads
from werkzeug.datastructures import FileStorage
data = open(sys.argv[2], "rb").read()
app = Flask("bench")
app.config["UPLOAD_DIR"] = sys.argv[3]
Babel(app)
def status(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])  # kB
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")  # reset the peak (VmHWM) to what is resident now
before = status("VmRSS")
started = time.perf_counter()
with app.app_context():
    try:
        stored = uploads.store_upload(FileStorage(io.BytesIO(data), "x"))
        outcome = f"stored {stored.width}x{stored.height}"
    except uploads.UploadError as error:
        outcome = "refused: " + str(error)
    seconds = time.perf_counter() - started
    peak = status("VmHWM")
print(json.dumps({"mb": (peak - before) / 1024, "seconds": seconds, "outcome": outcome}))
"""


def photo(width, height, fmt, noise=True):
    """A photo-like image (a gradient with some texture) in `fmt`, as bytes."""
    from PIL import Image, ImageDraw

    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    if noise:
        draw = ImageDraw.Draw(image)
        for i in range(0, width, 97):
            draw.line([(i, 0), (width - i, height)], fill=(i % 255, 80, 160), width=3)
    out = io.BytesIO()
    image.save(out, fmt, quality=90) if fmt == "JPEG" else image.save(out, fmt, optimize=False)
    return out.getvalue()


def bomb():
    """A PNG of 59.5 megapixels in one colour: about 190 kB on the wire."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (9000, 6612), (250, 250, 250)).save(out, "PNG", optimize=True)
    return out.getvalue()


def measure(data, tmp):
    path = Path(tmp) / "image"
    path.write_bytes(data)
    uploads = Path(tmp) / "uploads"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(path), str(uploads)], capture_output=True, text=True, timeout=300
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    from web.visits.uploads import MAX_PIXELS, MAX_PIXELS_WHOLE

    side = int((MAX_PIXELS_WHOLE * 4 / 3) ** 0.5)
    cases = [
        ("phone photo, JPEG 4000x3000 (12 MP)", lambda: photo(4000, 3000, "JPEG")),
        (
            f"largest JPEG accepted, 8160x6120 ({8160 * 6120 / 1e6:.0f} MP; cap {MAX_PIXELS // 10**6} MP)",
            lambda: photo(8160, 6120, "JPEG"),
        ),
        (
            f"largest PNG accepted, {side}x{side * 3 // 4} (cap {MAX_PIXELS_WHOLE // 10**6} MP)",
            lambda: photo(side, side * 3 // 4, "PNG"),
        ),
        ("bomb: PNG 9000x6612 (59.5 MP), one colour", bomb),
    ]
    worst = 0
    with tempfile.TemporaryDirectory(prefix="jangkau-images-") as tmp:
        for label, make in cases:
            data = make()
            figure = measure(data, tmp)
            worst = max(worst, figure["mb"])
            print(
                f"images: {label}, {len(data) / 1024:.0f} kB: peak +{figure['mb']:.0f} MB, "
                f"{figure['seconds']:.2f} s, {figure['outcome'][:70]}"
            )
    print(f"images: worst peak per upload +{worst:.0f} MB (goal <= 150 MB)")


if __name__ == "__main__":
    os.environ.setdefault("JANGKAU_ENV", "testing")
    main()
