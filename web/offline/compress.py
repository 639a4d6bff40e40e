"""gzip for text responses: pages, CSS, JavaScript, JSON and the manifest.

Workers are on 2G/3G: htmx alone is 52 KB, 16 KB compressed. Compressed static files are kept in
memory (by file and version) so that each is compressed once per process. Our own scripts and
stylesheet are written to be read, with comments; the phone does not need those, so whole-line
comments, blank lines and indentation are left out when they are sent (`trim`). The code itself is
never rewritten.
"""
import gzip
import re

from flask import request

TEXT_TYPES = {"text/html", "text/css", "text/plain", "application/javascript", "text/javascript",
              "application/json", "application/manifest+json", "image/svg+xml"}
MIN_SIZE = 512
_static_cache = {}


CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def trim(data, path):
    """Our JS or CSS without whole-line comments, blank lines and indentation (bytes in, bytes out)."""
    text = data.decode("utf-8")
    if path.endswith(".css"):
        text = CSS_COMMENT.sub("", text)
    out, in_comment = [], False
    for line in text.splitlines():
        line = line.strip()
        if in_comment:
            if "*/" not in line:
                continue
            line, in_comment = line.split("*/", 1)[1].strip(), False
        if line.startswith("/*"):
            if "*/" not in line:
                in_comment = True
                continue
            line = line.split("*/", 1)[1].strip()
        if line and not line.startswith("//"):
            out.append(line)
    return ("\n".join(out) + "\n").encode("utf-8")


def trimmable(path):
    return path.startswith(("/static/js/", "/static/css/")) and path.endswith((".js", ".css"))


def wants_gzip():
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def compress_response(response):
    if (response.status_code not in (200, 201, 409, 422) or request.method not in ("GET", "POST")
            or response.mimetype not in TEXT_TYPES or "Content-Encoding" in response.headers
            or not wants_gzip()):
        return response
    if response.is_streamed and not response.direct_passthrough:
        return response  # a generator: leave it streaming
    key = None
    if request.endpoint == "static":
        key = (request.path, response.headers.get("ETag"), response.headers.get("Last-Modified"))
    if key and key in _static_cache:
        body = _static_cache[key]
        if hasattr(response.response, "close"):
            response.response.close()
        response.direct_passthrough = False
        response.set_data(body)
    else:
        response.direct_passthrough = False
        data = response.get_data()
        if key and trimmable(request.path):
            data = trim(data, request.path)
        if len(data) < MIN_SIZE:
            response.set_data(data)
            return response
        body = gzip.compress(data, compresslevel=9 if key else 6, mtime=0)  # static: once per process
        if key:
            _static_cache[key] = body
        response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(body))
    response.vary.add("Accept-Encoding")
    etag = response.headers.get("ETag")
    if etag and not etag.endswith('-gz"'):
        response.headers["ETag"] = etag[:-1] + '-gz"' if etag.endswith('"') else etag
    return response
