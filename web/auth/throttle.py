"""Login throttling that keeps an attacker slow without refusing the real user.

Counters live in the database (LoginThrottle), changed by single atomic statements, so that every
gunicorn worker shares them and simultaneous guesses cannot take more tries than the limit.

- From a device where the user logged in before (signed cookie, web/auth/device.py): only that
  device's own counter applies. Failures typed anywhere else (another phone, the same office address)
  never block it.
- From any other device: a counter per account (slowed after LOGIN_SLOW_AFTER tries, locked after
  LOGIN_LOCK_AFTER) and one per address (locked after LOGIN_IP_LOCK_AFTER), within
  LOGIN_WINDOW_MINUTES. The address is request.remote_addr, made the client's by ProxyFix.

A try is taken before the password is checked; a right password gives it back (and clears the
account's or device's counter). Flask-Limiter is not used here: see README "Login throttling".
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from web.auth import device
from web.models import LoginThrottle
from web.timeutil import now

ACCOUNT, ADDRESS, DEVICE = "account", "address", "device"


@dataclass
class Verdict:
    allowed: bool
    keys: tuple = ()
    wait_seconds: int = 0
    locked: bool = False
    scope: str = ""  # which counter refused: account, address or device


def take(username, ip):
    """Take one try for this username from this address and browser, or say how long to wait."""
    cfg = current_app.config
    current = now()
    since = current - timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
    slow = {"slow_after": cfg["LOGIN_SLOW_AFTER"], "slow_since": current - timedelta(seconds=cfg["LOGIN_SLOW_SECONDS"])}
    known = device.device_id(username)
    if known:
        counters = [(DEVICE, f"device:{username}:{known}", cfg["LOGIN_LOCK_AFTER"], slow)]
    else:
        counters = [
            (ADDRESS, f"address:{ip}", cfg["LOGIN_IP_LOCK_AFTER"], {}),
            (ACCOUNT, f"account:{username}", cfg["LOGIN_LOCK_AFTER"], slow),
        ]
    taken = []
    for scope, key, limit, extra in counters:
        if not LoginThrottle.take(key, limit=limit, since=since, current=current, **extra):
            for earlier in taken:  # no password is checked: the other counters get their try back
                LoginThrottle.give_back(earlier)
            return _refused(scope, key, limit, extra, current)
        taken.append(key)
    return Verdict(True, keys=tuple(taken))


def _refused(scope, key, limit, extra, current):
    cfg = current_app.config
    row = LoginThrottle.get_key(key)
    if row is None:  # cleared meanwhile: a moment's wait
        return Verdict(False, wait_seconds=1, scope=scope)
    window_end = row.window_start + timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
    if row.tries >= limit:
        return Verdict(False, wait_seconds=_seconds(window_end - current), locked=True, scope=scope)
    next_try = row.last_try + timedelta(seconds=cfg["LOGIN_SLOW_SECONDS"])
    return Verdict(False, wait_seconds=_seconds(next_try - current), scope=scope)


def _seconds(delta):
    return max(1, int(delta.total_seconds()))


def settle(verdict, success):
    """After the password check: a right password gives the tries back and clears the account's and
    the device's counters; a wrong one keeps them taken."""
    if not success:
        return
    for key in verdict.keys:
        if key.startswith(ADDRESS + ":"):
            LoginThrottle.give_back(key)
        else:
            LoginThrottle.reset(key)
