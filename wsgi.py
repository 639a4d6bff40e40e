"""The production entry point: `gunicorn wsgi:app` (settings in gunicorn.conf.py; README
"Running it for real"). `make run` keeps Flask's development server for development."""

import os

# Whatever the app writes (the SQLite database, its WAL, uploads, backups) is for its own user only.
os.umask(0o077)

from web import create_app  # noqa: E402  (after the umask, so nothing is created before it)

app = create_app()
