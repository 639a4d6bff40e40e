"""Devices a user has logged in on before: a signed cookie, as OWASP's "Blocking Brute Force Attacks"
suggests (device cookies). Failed tries made elsewhere never block a login from such a device; tries
from the device count against the device only (web/auth/throttle.py).

The cookie holds, signed with SECRET_KEY, a random id per username that logged in on this browser
(a phone may be shared by a few workers). It says nothing about the user beyond the username, and it
opens nothing by itself: the password is still checked.
"""

import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "jangkau_device"
MAX_USERS = 8  # usernames remembered on one browser
SALT = "jangkau-device-cookie"


def _serializer():
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def _max_age():
    return current_app.config["DEVICE_COOKIE_DAYS"] * 24 * 3600


def _known():
    raw = request.cookies.get(COOKIE)
    if not raw:
        return {}
    try:
        value = _serializer().loads(raw, max_age=_max_age())
    except BadSignature:
        return {}
    return value if isinstance(value, dict) else {}


def device_id(username):
    """The id of this browser for `username`, when that user logged in here before; else None."""
    value = _known().get(username)
    return value if isinstance(value, str) and value else None


def remember(response, username):
    """After a successful login: this browser is a known device for `username`."""
    known = {name: ident for name, ident in _known().items() if name != username}
    known[username] = device_id(username) or secrets.token_urlsafe(16)
    known = dict(list(known.items())[-MAX_USERS:])
    response.set_cookie(
        COOKIE,
        _serializer().dumps(known),
        max_age=_max_age(),
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response
