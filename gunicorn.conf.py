"""gunicorn's settings for Jangkau, read by `gunicorn wsgi:app` run from this folder (`make serve`).

Each can be changed from the environment: JANGKAU_BIND (127.0.0.1:8000), WEB_CONCURRENCY (worker
processes, 4), JANGKAU_THREADS (threads per worker, 4). Bind to loopback and let nginx face the
network (README "Running it for real").
"""

import os

bind = os.environ.get("JANGKAU_BIND", "127.0.0.1:8000")
worker_class = "gthread"  # threads: a slow phone on 3G holds a thread, not a whole process
workers = int(os.environ.get("WEB_CONCURRENCY") or 4)
threads = int(os.environ.get("JANGKAU_THREADS") or 4)
timeout = 60
graceful_timeout = 20
keepalive = 5
# The app decides what to believe of X-Forwarded-* (ProxyFix, JANGKAU_TRUSTED_PROXIES): gunicorn's own
# handling of them is turned off, so that there is one rule, in one place.
forwarded_allow_ips = ""
secure_scheme_headers = {}
# A request line up to 8 KB (gunicorn's default is 4 KB): a login page's ?next= keeps the whole URL.
limit_request_line = 8190
accesslog = os.environ.get("JANGKAU_ACCESS_LOG") or None
errorlog = "-"
