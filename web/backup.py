"""Backups: `flask --app web backup` and `flask --app web restore FILE` (README "Backups").

One backup is one file, `jangkau-<engine>-<UTC time>.tar.gz`, in BACKUP_DIR (instance/backups), holding
- `manifest.json`: the engine, when it was made, the applied migrations;
- `database.sqlite3`, a consistent copy made with SQLite's online backup API while the app runs
  (`sqlite3.Connection.backup`), or `database.sql`, PostgreSQL's `pg_dump` (plain SQL, with DROP ... IF
  EXISTS first, so that `psql` puts the database back as it was);
- `uploads/`: the photos, signatures and documents.

Everything is created readable by the app's user only: the folder 0700, the file 0600.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from web import db as database

FORMAT = 1


class BackupError(Exception):
    """Something the person running the command can fix; the message says what."""


@contextmanager
def private_files():
    """Files and folders made inside are for the app's user only."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def _engine(url):
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgres", "postgresql"):
        return "postgresql"
    raise BackupError(f"Unknown DATABASE_URL scheme {scheme!r}")


def _sqlite_path(url):
    path = url[len("sqlite:///") :]
    if not path or path == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return Path(path)


def _pg_env(url):
    """pg_dump and psql take the URL as --dbname; the password, if any, goes through the environment
    (never on a command line that `ps` shows)."""
    parsed = urlparse(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = parsed.password
        netloc = parsed.netloc.replace(f":{parsed.password}@", "@")
        url = parsed._replace(netloc=netloc).geturl()
    return url.replace("postgres://", "postgresql://", 1), env


def _tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is missing: install Debian's postgresql-client package.")
    return path


def _run(args, env):
    result = subprocess.run(args, env=env, stdin=subprocess.DEVNULL, capture_output=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.decode(errors='replace').strip()[-2000:]}")
    return result


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o600
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def make_backup(url, upload_dir, backup_dir, applied=()):
    """Write one backup file and return its path."""
    engine = _engine(url)
    backup_dir = Path(backup_dir)
    with private_files(), tempfile.TemporaryDirectory(prefix="jangkau-backup-") as work:
        backup_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        backup_dir.chmod(0o700)
        work = Path(work)
        if engine == "sqlite":
            dump, name = work / "database.sqlite3", "database.sqlite3"
            source = sqlite3.connect(_sqlite_path(url))
            target = sqlite3.connect(dump)
            try:
                source.backup(target)  # a consistent copy, even while the app writes
            finally:
                target.close()
                source.close()
        else:
            dump, name = work / "database.sql", "database.sql"
            dbname, env = _pg_env(url)
            _run(
                [
                    _tool("pg_dump"),
                    "--dbname",
                    dbname,
                    "--format=plain",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(dump),
                ],
                env,
            )
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        path = backup_dir / f"jangkau-{engine}-{stamp}.tar.gz"
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "made_at": datetime.now(UTC).isoformat(),
            "migrations": list(applied),
        }
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
            _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1).encode())
            tar.add(dump, arcname=name)
            uploads = Path(upload_dir)
            if uploads.is_dir():
                for file in sorted(uploads.iterdir()):
                    if file.is_file() and not file.is_symlink():
                        tar.add(file, arcname=f"uploads/{file.name}")
    return path


def read_manifest(path):
    with tarfile.open(path, "r:gz") as tar:
        try:
            return json.load(tar.extractfile("manifest.json"))
        except KeyError:
            raise BackupError(f"{path} is not a Jangkau backup (no manifest.json).") from None


def restore_backup(path, url, upload_dir):
    """Put the database and the uploads back as they were in the backup. The app must be stopped."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file {path}")
    manifest = read_manifest(path)
    engine = _engine(url)
    if manifest.get("engine") != engine:
        raise BackupError(f"This backup is of {manifest.get('engine')}, the database is {engine}.")
    uploads = Path(upload_dir)
    with (
        private_files(),
        tempfile.TemporaryDirectory(
            prefix="jangkau-restore-", dir=uploads.parent if uploads.parent.is_dir() else None
        ) as work,
    ):
        work = Path(work)
        with tarfile.open(path, "r:gz") as tar:
            members = [
                m
                for m in tar.getmembers()
                if m.isfile()
                and (
                    m.name in ("database.sqlite3", "database.sql")
                    or (m.name.startswith("uploads/") and "/" not in m.name[len("uploads/") :])
                )
            ]
            tar.extractall(work, members=members, filter="data")
        database.close_pool()
        if engine == "sqlite":
            target_path = _sqlite_path(url)
            target_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not target_path.exists():
                os.close(os.open(target_path, os.O_WRONLY | os.O_CREAT, 0o600))
            source = sqlite3.connect(work / "database.sqlite3")
            target = sqlite3.connect(target_path)
            try:
                source.backup(target)  # page by page into the live file, its WAL included
            finally:
                target.close()
                source.close()
        else:
            dbname, env = _pg_env(url)
            _run(
                [
                    _tool("psql"),
                    "--dbname",
                    dbname,
                    "--quiet",
                    "--no-psqlrc",
                    "--single-transaction",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--output",
                    os.devnull,
                    "--file",
                    str(work / "database.sql"),
                ],
                env,
            )
        # The uploads: the backup's files, and nothing else.
        fresh = work / "uploads"
        fresh.mkdir(exist_ok=True)
        fresh.chmod(0o700)
        for file in fresh.iterdir():
            file.chmod(0o600)
        old = None
        if uploads.exists():
            old = work / "uploads-before-restore"
            uploads.rename(old)
        uploads.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fresh.rename(uploads)
        if old is not None:
            shutil.rmtree(old)
    return manifest
