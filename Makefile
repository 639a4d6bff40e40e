# Jangkau: `make run` to start, `make test` to test. Both set up everything they need first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := web
MO := translations/en/LC_MESSAGES/messages.mo
PO := translations/en/LC_MESSAGES/messages.po

SERVE_PORT ?= 8000
# pytest processes (pytest-xdist): one per core; a test file stays in one process. TEST_WORKERS=0: one process.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

.PHONY: setup run serve test browser bench i18n clean

setup: $(VENV)/.deps node_modules/.deps static/vendor/htmx.min.js static/build/.done $(MO)

$(VENV)/.deps: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.deps: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/htmx.min.js: node_modules/.deps
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $@

# What the phone downloads: minified, joined and precompressed (.br, .gz) into static/build/ (gitignored).
static/build/.done: node_modules/.deps static/vendor/htmx.min.js tools/build_static.mjs service-worker/sw.js $(wildcard static/js/*.js static/css/*.css)
	node tools/build_static.mjs
	touch $@

$(MO): $(PO) $(VENV)/.deps
	$(BIN)/pybabel compile --statistics -d translations

run: setup
	JANGKAU_ENV=$${JANGKAU_ENV:-development} $(BIN)/flask db upgrade
	JANGKAU_ENV=$${JANGKAU_ENV:-development} $(BIN)/flask seed-demo
	@echo "Jangkau: http://127.0.0.1:$(PORT)  (demo: petugas1 / jangkau-demo)"
	JANGKAU_ENV=$${JANGKAU_ENV:-development} $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# The production server (gunicorn, gthread workers; gunicorn.conf.py) on the embedded database, on
# loopback: what `make run` shows, served the way it is for real (README "Running it for real").
serve: setup
	JANGKAU_ENV=$${JANGKAU_ENV:-development} $(BIN)/flask db upgrade
	JANGKAU_ENV=$${JANGKAU_ENV:-development} $(BIN)/flask seed-demo
	@echo "Jangkau under gunicorn: http://127.0.0.1:$(SERVE_PORT)  (demo: petugas1 / jangkau-demo; Ctrl-C stops it)"
	JANGKAU_ENV=$${JANGKAU_ENV:-development} JANGKAU_BIND=127.0.0.1:$(SERVE_PORT) $(BIN)/gunicorn wsgi:app

test: setup browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node --test tests/js/
	$(PYTEST)

# Browser tests drive Debian's Chromium through Playwright (never `playwright install`).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else \
	    echo "Chromium is missing. Install the Debian package: sudo apt-get install chromium"; exit 1; \
	  fi; \
	fi

bench: setup browser
	$(BIN)/python bench/run.py
	$(BIN)/python bench/load.py   # 50 users, 60 s, gunicorn; PostgreSQL too with BENCH_DATABASE_URL (emptied first)
	$(BIN)/python bench/scale.py  # 1k, 10k, 100k people (the 100k runs take ~10 min per engine); BENCH_SIZES=1000,10000 for less
	$(BIN)/python bench/fuzz.py
	$(BIN)/python bench/images.py

# Refresh the catalogue after adding text, then translate the new entries in $(PO):
#   make i18n                    # extract and update; `tools/po_fill.py --missing` lists what lacks English
#   make i18n FILL=english.json  # the same, then fill translations from {"msgid": "English", ...}
i18n: $(VENV)/.deps
	flock translations/.lock sh -c '\
	  $(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot --no-location --sort-output . && \
	  $(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete \
	  $(if $(FILL),&& $(BIN)/python tools/po_fill.py $(FILL))'
	$(BIN)/pybabel compile -d translations

clean:
	rm -rf $(VENV) node_modules static/vendor static/build service-worker/build $(MO)
