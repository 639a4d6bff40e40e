"""Compressed answers: static files built at setup, gzip for the rest (pages, JSON, the manifest).

Workers are on 2G/3G. `make setup` (tools/build_static.mjs) writes static/build/: our scripts and
stylesheet minified by esbuild (the readable sources stay in static/js and static/css), the phone's
scripts joined into js/phone.js, and a brotli (.br) and gzip (.gz) copy of each. A static URL keeps
its name (/static/js/app.js); `send_static` answers it from the build when there is one, in the
best encoding the browser accepts (brotli, else gzip), with `Vary: Accept-Encoding`. Anything else
of text (pages, JSON, the service worker) is compressed per response, brotli when the browser accepts
it (quality 5: about as fast as gzip, and some 8 % smaller on our pages), else gzip; static files
without a built copy once per process.
"""

import gzip
import mimetypes
from pathlib import Path

import brotli
from flask import request, send_from_directory
from werkzeug.security import safe_join

TEXT_TYPES = {
    "text/html",
    "text/css",
    "text/plain",
    "application/javascript",
    "text/javascript",
    "application/json",
    "application/manifest+json",
    "image/svg+xml",
}
MIN_SIZE = 512
_static_cache = {}


BUILD = "build"
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def accepted():
    """The encodings the request accepts (q=0 refuses one)."""
    out = set()
    for part in request.headers.get("Accept-Encoding", "").lower().split(","):
        name, _, params = part.strip().partition(";")
        if name and params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000"):
            out.add(name)
    return out


def built_path(static_folder, filename):
    """static/build/<filename> if setup built it, else None."""
    path = safe_join(str(Path(static_folder) / BUILD), filename)
    return Path(path) if path and Path(path).is_file() else None


def send_static(app, filename):
    """A static file: its built copy when there is one, precompressed as the browser accepts."""
    built = built_path(app.static_folder, filename)
    if built is None:
        return send_from_directory(app.static_folder, filename, max_age=app.get_send_file_max_age(filename))
    folder = str(built.parent)
    mimetype = mimetypes.guess_type(built.name)[0] or "application/octet-stream"
    if mimetype.startswith("text/") or mimetype == "application/javascript":
        mimetype += "; charset=utf-8"
    wanted = accepted()
    for encoding, suffix in ENCODINGS:
        if encoding in wanted and (built.parent / (built.name + suffix)).is_file():
            response = send_from_directory(folder, built.name + suffix, mimetype=mimetype)
            response.headers["Content-Encoding"] = encoding
            break
    else:
        response = send_from_directory(folder, built.name, mimetype=mimetype)
    response.vary.add("Accept-Encoding")
    return response


def pack(data, static):
    """(encoding, body) in the best encoding the request accepts, or None: brotli, else gzip.
    Static files are compressed once per process, so harder."""
    wanted = accepted()
    if "br" in wanted:
        return "br", brotli.compress(data, quality=11 if static else 5)
    if "gzip" in wanted:
        return "gzip", gzip.compress(data, compresslevel=9 if static else 6, mtime=0)
    return None


SUFFIXES = ("-br", "-gz")


def bare_etags():
    """before_request: the ETags a browser sends back (If-None-Match) without the suffix
    compress_response gave them, so that a view comparing its own tag (the flag poll's 304) sees it:
    the content is the same, only its encoding differs."""
    header = request.environ.get("HTTP_IF_NONE_MATCH")
    if header and any(suffix + '"' in header for suffix in SUFFIXES):
        for suffix in SUFFIXES:
            header = header.replace(suffix + '"', '"')
        request.environ["HTTP_IF_NONE_MATCH"] = header


def compress_response(response):
    if (
        response.status_code not in (200, 201, 409, 422)
        or request.method not in ("GET", "POST")
        or response.mimetype not in TEXT_TYPES
        or "Content-Encoding" in response.headers
        or not accepted() & {"br", "gzip"}
    ):
        return response
    if response.is_streamed and not response.direct_passthrough:
        return response  # a generator: leave it streaming
    key = None
    if request.endpoint == "static":
        key = (request.path, response.headers.get("ETag"), response.headers.get("Last-Modified"), "br" in accepted())
    if key and key in _static_cache:
        encoding, body = _static_cache[key]
        if hasattr(response.response, "close"):
            response.response.close()
        response.direct_passthrough = False
        response.set_data(body)
    else:
        response.direct_passthrough = False
        data = response.get_data()
        if len(data) < MIN_SIZE:
            response.set_data(data)
            return response
        encoding, body = pack(data, static=bool(key))
        if key:
            _static_cache[key] = (encoding, body)
        response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    response.headers["Content-Length"] = str(len(body))
    response.vary.add("Accept-Encoding")
    etag = response.headers.get("ETag")
    suffix = SUFFIXES[0] if encoding == "br" else SUFFIXES[1]
    if etag and not etag.endswith(suffix + '"'):
        response.headers["ETag"] = etag[:-1] + suffix + '"' if etag.endswith('"') else etag
    return response
