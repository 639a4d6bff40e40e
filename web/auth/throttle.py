"""Login throttling: after a few failures an account or an address must wait, then is locked.

Kept in the database (login_attempt) so it holds across processes and restarts.
"""
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app

from web.models import LoginAttempt
from web.timeutil import now


@dataclass
class Verdict:
    allowed: bool
    wait_seconds: int = 0
    locked: bool = False


def check(username, ip):
    """May this username, from this address, try a password now?"""
    cfg = current_app.config
    current = now()
    since = current - timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"])
    lock = timedelta(minutes=cfg["LOGIN_LOCK_MINUTES"])

    by_ip = list(LoginAttempt.failures_since(since, ip=ip).limit(cfg["LOGIN_IP_LOCK_AFTER"]))
    if len(by_ip) >= cfg["LOGIN_IP_LOCK_AFTER"]:
        return _wait(by_ip[0].at + lock - current, locked=True)

    by_user = list(LoginAttempt.failures_since(since, username=username).limit(cfg["LOGIN_LOCK_AFTER"]))
    if len(by_user) >= cfg["LOGIN_LOCK_AFTER"]:
        return _wait(by_user[0].at + lock - current, locked=True)
    if len(by_user) >= cfg["LOGIN_SLOW_AFTER"]:
        return _wait(by_user[0].at + timedelta(seconds=cfg["LOGIN_SLOW_SECONDS"]) - current)
    return Verdict(True)


def _wait(delta, locked=False):
    seconds = int(delta.total_seconds())
    if seconds <= 0:
        return Verdict(True)
    return Verdict(False, wait_seconds=seconds, locked=locked)


def record(username, ip, success):
    LoginAttempt.create(username=username, ip=ip, success=success)
