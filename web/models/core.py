"""Units, their people, the audit trail and login throttling."""

import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from peewee import (
    JOIN,
    SQL,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
    fn,
)

from web import roles, sop
from web.concurrency import Versioned
from web.db import BaseModel, db
from web.timeutil import DEFAULT_TIMEZONE, ZONE_NAMES, now

_hasher = PasswordHasher()  # argon2id with the library's current parameters
_DUMMY_HASH = _hasher.hash("jangkau: not a password")
MIN_PASSWORD_LENGTH = 10
NIP_LENGTH = 18  # Nomor Induk Pegawai of a civil servant (PNS/PPPK)
RANK_MAX_LENGTH = 60  # pangkat/golongan as written on letters, e.g. "Penata Muda, III/a"
RESET_CODE_HOURS = 24  # a one-time code given by an administrator opens the account this long
RESET_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper
UNUSABLE_PASSWORD = "!reset"  # not an argon2 hash: no password matches it (check_password says False)


class AccountError(Exception):
    """A change to an account or a unit that is refused; `code` says why (the screen words it)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


def default_legal_basis():
    """A new unit's "Dasar" on its Surat Tugas: the SOP's list, the SOP itself and the budget (DPA)."""
    return "\n".join(sop.DEFAULT_LEGAL_BASIS)


def clean_reset_code(value):
    """A one-time code as typed: capitals, without spaces or dashes."""
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


def clean_nip(value):
    """The NIP as stored: exactly 18 digits, or "" for staff without one (contract staff).

    Spaces and dots as NIPs are often printed ("19800101 200501 2 001") are dropped. Raises ValueError
    with a message for the user when something else is given. The one place a NIP is checked: the
    CLI and any form use it.
    """
    nip = "".join((value or "").replace(".", " ").split())
    if nip and not (len(nip) == NIP_LENGTH and nip.isascii() and nip.isdigit()):
        raise ValueError(f"NIP must be exactly {NIP_LENGTH} digits (or left empty for staff without a NIP)")
    return nip


def clean_rank(value):
    """Pangkat/golongan as stored: trimmed text of at most 60 characters, or "". Raises ValueError."""
    rank = " ".join((value or "").split())
    if len(rank) > RANK_MAX_LENGTH:
        raise ValueError(f"pangkat/golongan must have at most {RANK_MAX_LENGTH} characters")
    return rank


class Unit(Versioned, BaseModel):
    """A service that owns its people and its records: UPTD PPA, P2TP2A or Dinas Sosial."""

    KINDS = ("uptd_ppa", "p2tp2a", "dinas_sosial")

    name = CharField()
    kind = CharField(default="uptd_ppa")
    code = CharField(unique=True)  # used in letter numbers: 012/ST/UPTD-PPA/2026
    region = CharField(default="")
    address = TextField(default="")
    phone = CharField(default="")
    requires_dinas_approval = BooleanField(default=False)
    created_at = DateTimeField(default=now)
    # Letterhead (kop surat) and letters: the lines above the unit's name, its logo (an uploaded file
    # under UPLOAD_DIR/logos, "" without one), its time zone, the "Dasar" of its Surat Tugas (one
    # legal basis a line) and the budget account its SPPDs are charged to (mata anggaran).
    government_line = CharField(default="")  # "PEMERINTAH PROVINSI KEPULAUAN BANGKA BELITUNG"
    agency_line = CharField(default="")  # "DINAS PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK ..."
    logo = CharField(default="")
    timezone = CharField(default=DEFAULT_TIMEZONE)
    legal_basis = TextField(default=default_legal_basis)
    budget_account = CharField(default="")
    row_version = IntegerField(default=1)  # the settings screen's compare-and-swap (web.concurrency)

    VERSION_FIELD = "row_version"

    def __str__(self):
        return self.name

    @property
    def legal_basis_lines(self):
        return [line.strip() for line in (self.legal_basis or "").splitlines() if line.strip()]

    @property
    def zone(self):
        """WIB, WITA or WIT."""
        return ZONE_NAMES.get(self.timezone, self.timezone)

    @classmethod
    def managed_by(cls, user):
        """The units `user` manages: every unit for the system administrator, her own for a Kepala."""
        if user.role == roles.SYSADMIN:
            return cls.select().order_by(cls.name)
        if user.role == roles.HEAD:
            return cls.select().where(cls.id == user.unit_id)
        return cls.select().where(SQL("1 = 0"))

    def can_view(self, user):
        return self.can_edit(user)

    def can_edit(self, user):
        return user.is_authenticated and (
            user.role == roles.SYSADMIN or (user.role == roles.HEAD and user.unit_id == self.id)
        )

    @classmethod
    def open(cls, by, *, code, name, **fields):
        """A new unit (the system administrator only). Raises AccountError("code_taken")."""
        if by.role != roles.SYSADMIN:
            raise AccountError("not_allowed")
        code = code.strip().upper()
        with db.atomic():
            if cls.select().where(fn.UPPER(cls.code) == code).exists():
                raise AccountError("code_taken")
            return cls.create(code=code, name=name.strip(), **fields)

    def change_settings(self, seen_version, **fields):
        """Letterhead, logo, time zone, legal basis, budget account, saved only if nobody saved since
        `seen_version` (else StaleRecord). Returns the names of the fields that changed."""
        changed = [name for name, value in fields.items() if getattr(self, name) != value]
        if changed:
            self.save_if_unchanged(seen_version, **{name: fields[name] for name in changed})
        return changed

    def logo_data_url(self):
        """The uploaded logo as a data: URL for the letters' kop (printed without another request), or ""."""
        if not self.logo:
            return ""
        from web.visits import uploads

        try:
            return uploads.data_url(uploads.path_of(self.logo).read_bytes(), "image/png")
        except OSError:
            return ""

    def set_dinas_approval(self, required):
        """The unit's SOP: a plan approved by the Kepala UPTD also needs the Kepala Dinas's approval (some
        provinces). Applies to decisions taken from now on. Returns True when it changed."""
        required = bool(required)
        if required == self.requires_dinas_approval:
            return False
        Unit.update(requires_dinas_approval=required).where(Unit.id == self.id).execute()
        self.requires_dinas_approval = required
        return True


class User(UserMixin, BaseModel):
    unit = ForeignKeyField(Unit, backref="users", on_delete="RESTRICT")
    username = CharField(unique=True)
    full_name = CharField()
    role = CharField(index=True)
    password_hash = CharField()
    active = BooleanField(default=True)
    phone = CharField(default="")
    locale = CharField(default="")
    created_at = DateTimeField(default=now)
    # Civil servants only; contract staff have neither. Set through clean_nip() / clean_rank().
    nip = CharField(max_length=NIP_LENGTH, default="")
    rank = CharField(max_length=RANK_MAX_LENGTH, default="")  # pangkat/golongan
    # Part of the id kept in the session cookie; logging out changes it, so that a copy of an old
    # cookie (another tab's answer landing after the logout, a copied cookie) opens nothing.
    session_version = IntegerField(default=0)
    # An administrator's password reset: a one-time code (only its hash is kept) that opens the account
    # until `reset_expires_at`; then the user must set a new password before anything else.
    reset_code_hash = CharField(default="")
    reset_expires_at = DateTimeField(null=True)
    must_change_password = BooleanField(default=False)

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        """The id Flask-Login keeps in the session: `<id>:<session_version>`."""
        return f"{self.id}:{self.session_version}"

    @classmethod
    def by_session_id(cls, session_id):
        """The active user whose sessions this id still opens, or None."""
        try:
            user_id, version = (int(part) for part in str(session_id).split(":"))
        except ValueError:
            return None
        user = cls.get_or_none(cls.id == user_id)
        return user if user and user.active and user.session_version == version else None

    def end_sessions(self):
        """Logout: every session cookie made for this user so far opens nothing any more."""
        User.update(session_version=User.session_version + 1).where(User.id == self.id).execute()
        self.session_version += 1

    def change_password(self, new_password):
        """The user's own new password (checked by the caller): every other session ends."""
        with db.atomic():
            self.set_password(new_password)
            self.must_change_password = False
            self.save(only=[User.password_hash, User.must_change_password])
            self.end_sessions()

    # -- managed by the Kepala (her unit) and the system administrator (every unit) ---------------

    def can_view(self, user):
        return self.can_edit(user)

    def can_edit(self, user):
        """May `user` manage this account? The system administrator any; a Kepala her unit's, except a
        system administrator's."""
        if not user.is_authenticated:
            return False
        if user.role == roles.SYSADMIN:
            return True
        return user.role == roles.HEAD and user.unit_id == self.unit_id and self.role != roles.SYSADMIN

    @staticmethod
    def roles_given_by(user):
        """The roles `user` may give: a Kepala every role of her unit's staff, the system administrator all."""
        return roles.ALL if user.role == roles.SYSADMIN else roles.STAFF if user.role == roles.HEAD else ()

    @classmethod
    def managed_by(cls, user, unit=None):
        """The accounts `user` manages (active first, then by name), optionally of one unit."""
        query = cls.select(cls, Unit).join(Unit)
        if user.role == roles.HEAD:
            query = query.where(cls.unit == user.unit_id, cls.role != roles.SYSADMIN)
        elif user.role != roles.SYSADMIN:
            return query.where(SQL("1 = 0"))
        if unit is not None:
            query = query.where(cls.unit == unit)
        return query.order_by(cls.active.desc(), Unit.name, cls.full_name, cls.id)

    @classmethod
    def counts_by_unit(cls):
        """{unit id: (accounts, active accounts)} of every unit (one query; the system administrator's
        list of units, which pages by unit: a ministry has hundreds of units and thousands of accounts)."""
        rows = cls.select(cls.unit, fn.COUNT(cls.id), fn.SUM(cls.active.cast("INTEGER"))).group_by(cls.unit).tuples()
        return {unit: (total, int(active or 0)) for unit, total, active in rows}

    @classmethod
    def open_account(cls, by, unit, *, username, full_name, role, nip="", rank="", phone=""):
        """A new account made by a Kepala or the system administrator. It has no password yet: the
        caller gives its first one-time code (`issue_reset_code`). Raises AccountError."""
        if not unit.can_edit(by) or role not in cls.roles_given_by(by):
            raise AccountError("not_allowed")
        username = username.strip().lower()
        with db.atomic():
            if cls.by_username(username) is not None:
                raise AccountError("username_taken")
            return cls.create(
                unit=unit,
                username=username,
                full_name=" ".join(full_name.split()),
                role=role,
                nip=clean_nip(nip),
                rank=clean_rank(rank),
                phone=phone.strip(),
                password_hash=UNUSABLE_PASSWORD,
                must_change_password=True,
            )

    def change_profile(self, by, *, full_name, role, nip, rank, phone):
        """Name, role, NIP, pangkat/golongan, phone. Returns the names of the fields that changed.
        Nobody changes their own role (a Kepala cannot make herself a worker and lose the screen)."""
        if not self.can_edit(by) or role not in self.roles_given_by(by):
            raise AccountError("not_allowed")
        if by.id == self.id and role != self.role:
            raise AccountError("own_role")
        values = {
            "full_name": " ".join(full_name.split()),
            "role": role,
            "nip": clean_nip(nip),
            "rank": clean_rank(rank),
            "phone": phone.strip(),
        }
        changed = [name for name, value in values.items() if getattr(self, name) != value]
        if changed:
            with db.atomic():
                for name in changed:
                    setattr(self, name, values[name])
                self.save(only=[getattr(User, name) for name in changed])
        return changed

    def deactivate_by(self, by):
        if not self.can_edit(by):
            raise AccountError("not_allowed")
        if by.id == self.id:
            raise AccountError("own_account")
        self.deactivate()

    def reactivate_by(self, by):
        """Active again, with a new one-time code to set a password (returned, shown once)."""
        if not self.can_edit(by):
            raise AccountError("not_allowed")
        with db.atomic():
            User.update(active=True).where(User.id == self.id).execute()
            self.active = True
            return self.issue_reset_code(by)

    def issue_reset_code(self, by, at=None):
        """A new one-time code for this account, returned once (to show to the administrator) and kept
        only as a hash. The old password stops working, every session ends, and after logging in with
        the code the user must choose a new password. Expires after RESET_CODE_HOURS."""
        if not self.can_edit(by):
            raise AccountError("not_allowed")
        if by.id == self.id:
            raise AccountError("own_account")
        raw = "".join(secrets.choice(RESET_CODE_ALPHABET) for _ in range(12))
        at = at or now()
        with db.atomic():
            self.reset_code_hash = _hasher.hash(raw)
            self.reset_expires_at = at + timedelta(hours=RESET_CODE_HOURS)
            self.must_change_password = True
            self.password_hash = UNUSABLE_PASSWORD
            self.save(only=[User.reset_code_hash, User.reset_expires_at, User.must_change_password, User.password_hash])
            self.end_sessions()
        return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"

    def use_reset_code(self, typed, at=None):
        """Log in with the one-time code: True once (the code is then spent), False when it is wrong,
        spent or expired."""
        if not self.reset_code_hash or self.reset_expires_at is None or (at or now()) >= self.reset_expires_at:
            return False
        try:
            ok = _hasher.verify(self.reset_code_hash, clean_reset_code(typed))
        except (VerificationError, InvalidHashError):
            return False
        if not ok:
            return False
        spent = (
            User.update(reset_code_hash="", reset_expires_at=None)
            .where(User.id == self.id, User.reset_code_hash == self.reset_code_hash)
            .execute()
        )
        self.reset_code_hash, self.reset_expires_at = "", None
        return spent == 1

    @property
    def reset_pending(self):
        return bool(self.reset_code_hash) and self.reset_expires_at is not None and self.reset_expires_at > now()

    def deactivate(self):
        """The user may no longer log in; every session of theirs ends at once."""
        with db.atomic():
            User.update(active=False).where(User.id == self.id).execute()
            self.active = False
            self.end_sessions()

    def set_password(self, password):
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
        self.password_hash = _hasher.hash(password)

    def check_password(self, password):
        try:
            ok = _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if ok and _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)
            self.save(only=[User.password_hash])
        return ok

    @staticmethod
    def burn_password_check(password):
        """Spend the same time as a real check, so an unknown username is not revealed by timing."""
        try:
            _hasher.verify(_DUMMY_HASH, password)
        except VerificationError:
            pass

    @classmethod
    def by_username(cls, username):
        return cls.get_or_none(fn.LOWER(cls.username) == (username or "").strip().lower())

    @classmethod
    def in_unit(cls, unit, role=None):
        query = cls.select().where(cls.unit == unit, cls.active == True)
        if role:
            query = query.where(cls.role == role)
        return query.order_by(cls.full_name)

    def has_role(self, *wanted):
        return self.role in wanted

    @property
    def is_worker(self):
        return self.role == roles.WORKER


class AuditLog(BaseModel):
    """Append-only: who did what to which record, when, from where. Never personal data in `detail`.

    The database refuses UPDATE and DELETE on this table (triggers in migration 0001).
    """

    at = DateTimeField(default=now, index=True)
    user = ForeignKeyField(User, null=True, backref="audit", on_delete="RESTRICT")
    unit = ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
    action = CharField(index=True)
    record_type = CharField(default="")
    record_id = CharField(default="")
    ip = CharField(default="")
    detail = TextField(default="")

    @classmethod
    def for_record(cls, record_type, record_id):
        return (
            cls.select().where(cls.record_type == record_type, cls.record_id == str(record_id)).order_by(cls.at, cls.id)
        )

    @classmethod
    def trail(cls, unit, *, records=None, user=None, since=None, until=None):
        """The unit's entries with their user (one query, no N+1), for the Kepala's audit screen:
        `records` a list of (record_type, record_id) pairs, `since`/`until` naive UTC, `until` excluded.
        Unordered: web.paging.page orders it newest first."""
        query = cls.select(cls, User).join(User, JOIN.LEFT_OUTER, on=(cls.user == User.id)).where(cls.unit == unit)
        if records is not None:
            about = None
            for record_type, record_id in records:
                one = (cls.record_type == record_type) & (cls.record_id == str(record_id))
                about = one if about is None else (about | one)
            query = query.where(about if about is not None else SQL("1 = 0"))
        if user is not None:
            query = query.where(cls.user == user)
        if since is not None:
            query = query.where(cls.at >= since)
        if until is not None:
            query = query.where(cls.at < until)
        return query

    @classmethod
    def recent(cls, unit, limit=100):
        return cls.select().where(cls.unit == unit).order_by(cls.at.desc(), cls.id.desc()).limit(limit)


class LoginThrottle(BaseModel):
    """One counter of login tries per key, changed only by single atomic statements, so that gunicorn's
    workers (and threads) share it and no two requests both take the last try.

    Keys: "account:<username>" and "address:<ip>" for a device never seen before, "device:<username>:<id>"
    for a device where that user logged in before (signed cookie, web/auth/device.py).
    """

    key = CharField(primary_key=True, max_length=300)
    tries = IntegerField(default=0)  # tries taken in this window (a successful login gives its back)
    window_start = DateTimeField()
    last_try = DateTimeField()

    @classmethod
    def take(cls, key, *, limit, since, current, slow_after=None, slow_since=None):
        """Take one try for `key`: True when taken, False when the key must wait. One statement decides,
        in the database: no check-then-record gap for simultaneous requests to slip through."""
        for _ in range(3):  # bounded: a window that ended or started between two statements
            fits = (cls.key == key) & (cls.window_start >= since) & (cls.tries < limit)
            if slow_after is not None:
                fits &= (cls.tries < slow_after) | (cls.last_try <= slow_since)
            if list(cls.update(tries=cls.tries + 1, last_try=current).where(fits).returning(cls.tries).execute()):
                return True
            # No row yet, or its window has ended: start a new window (only then).
            started = (
                cls.insert(key=key, tries=1, window_start=current, last_try=current)
                .on_conflict(
                    conflict_target=[cls.key],
                    update={cls.tries: 1, cls.window_start: current, cls.last_try: current},
                    where=(cls.window_start < since),
                )
                .returning(cls.tries)
                .execute()
            )
            if list(started):
                return True
            row = cls.get_or_none(cls.key == key)
            if row is not None and row.window_start >= since:
                return False
        return False

    @classmethod
    def give_back(cls, key):
        """A try that was not a failure (the password was right, or no password was checked)."""
        cls.update(tries=cls.tries - 1).where(cls.key == key, cls.tries > 0).execute()

    @classmethod
    def reset(cls, key):
        cls.delete().where(cls.key == key).execute()

    @classmethod
    def get_key(cls, key):
        return cls.get_or_none(cls.key == key)

    @classmethod
    def prune(cls, older_than=timedelta(days=1)):
        return cls.delete().where(cls.window_start < now() - older_than).execute()
