"""Configuration, read from the environment once at start-up.

JANGKAU_ENV  development (default for `make run`) | production | testing
SECRET_KEY   required outside development; development keeps a generated one in instance/
DATABASE_URL sqlite:///path/to.db (default: instance/jangkau.db) or postgresql://user@host:port/db
JANGKAU_TRUSTED_PROXIES  how many proxies (nginx: 1) set X-Forwarded-For/-Proto/-Host; default 0
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _int(name, default):
    value = os.environ.get(name)
    return int(value) if value else default


def _dev_secret_key():
    """Development only: one random key kept in instance/ so sessions survive a restart."""
    INSTANCE.mkdir(exist_ok=True, mode=0o700)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    ENV = os.environ.get("JANGKAU_ENV", "production")
    TESTING = False
    SECRET_KEY = os.environ.get("SECRET_KEY")
    DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{INSTANCE / 'jangkau.db'}"
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR") or str(INSTANCE / "uploads")
    BACKUP_DIR = os.environ.get("BACKUP_DIR") or str(INSTANCE / "backups")
    TRUSTED_PROXIES = _int("JANGKAU_TRUSTED_PROXIES", 0)

    # Sessions: the cookie is the only thing that identifies a user; keep it tight.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"
    SESSION_COOKIE_NAME = "jangkau_session"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=_int("SESSION_MAX_HOURS", 12))
    SESSION_IDLE_MINUTES = _int("SESSION_IDLE_MINUTES", 30)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    # The cookie is re-signed only when the session changes (last seen: at most once a minute).
    SESSION_REFRESH_EACH_REQUEST = False

    # Login throttling (web/auth/throttle.py): per account and per address from a device never seen
    # before, per device from a device the user logged in on (signed cookie); a lock lasts until the
    # window of LOGIN_WINDOW_MINUTES that began with the first try ends.
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_SLOW_AFTER = 3  # failures before each new try must wait LOGIN_SLOW_SECONDS
    LOGIN_SLOW_SECONDS = 30
    LOGIN_LOCK_AFTER = 5  # failures on one account (or one known device) before it is locked
    LOGIN_IP_LOCK_AFTER = 20  # failures from one address before it is locked
    DEVICE_COOKIE_DAYS = 180  # a device unused this long is no longer known

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Asia/Jakarta")
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")
    LANGUAGES = ("id", "en")

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    # Above what a phone may send (a camera photo of 20+ MB when the page could not shrink it): the app's own
    # per-file limit (web/visits/uploads.py, 10 MB) then answers next to the field, keeping the rest.
    MAX_CONTENT_LENGTH = 40 * 1024 * 1024
    SEED_DEMO = False

    @classmethod
    def from_env(cls):
        """The configuration for JANGKAU_ENV, checked."""
        env = os.environ.get("JANGKAU_ENV", "production")
        config = {"development": DevelopmentConfig, "testing": TestingConfig}.get(env, cls)
        return config.checked()

    @classmethod
    def checked(cls):
        if not cls.SECRET_KEY:
            raise RuntimeError(
                "SECRET_KEY is not set. Set it in the environment "
                "(python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        return cls


class DevelopmentConfig(Config):
    ENV = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"  # http://127.0.0.1

    @classmethod
    def checked(cls):
        if not cls.SECRET_KEY:
            cls.SECRET_KEY = _dev_secret_key()
        return cls


class TestingConfig(Config):
    ENV = "testing"
    TESTING = True
    SECRET_KEY = os.environ.get("SECRET_KEY") or "testing-only-" + secrets.token_hex(8)
    SESSION_COOKIE_SECURE = False
