# newsmonitor — every target creates .venv and installs pinned requirements itself.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo run test bench migrate clean

$(STAMP): requirements.txt requirements-test.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate

# make dies of a SIGTERM without passing it on: --stop-with-parent has runall stop then
# too. ARGS adds runall's options (--addr, --demo-port, --feeds).
demo: $(STAMP)
	$(PY) manage.py runall --demo --stop-with-parent $(ARGS)

run: $(STAMP)
	$(PY) manage.py runall --stop-with-parent $(ARGS)

# The whole suite with the environment as given (CI points DATABASE_URL and
# CELERY_BROKER_URL at PostgreSQL and Redis), then the pipeline core again in the
# embedded mode (SQLite + filesystem broker) when the first run was not already that.
test: $(STAMP)
	rm -rf var/test var/test-embedded
	NEWSMONITOR_VAR_DIR=$(CURDIR)/var/test $(PY) -m pytest -p no:cacheprovider
	if [ -n "$$DATABASE_URL" ]; then \
	  env -u DATABASE_URL -u CELERY_BROKER_URL NEWSMONITOR_VAR_DIR=$(CURDIR)/var/test-embedded \
	    $(PY) -m pytest -p no:cacheprovider -m core; fi

bench: $(STAMP)
	$(PY) -m newsmonitor.bench

clean:
	rm -rf var $(VENV)
