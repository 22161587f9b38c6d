# Two commands set everything up: `make run` starts the platform and
# `make test` runs the test suite. Both create the virtual environment first.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PLATFORM_PROCESSES := directory media quiz reports analytics analytics-fold gateway
export PYTHONWARNINGS ?= ignore::DeprecationWarning

.PHONY: run test venv setup clean-data system-packages

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

system-packages:
	scripts/install-system-packages.sh

setup: venv
	$(PY) -m cybervaccine.manage check-broker
	$(PY) -m cybervaccine.manage migrate
	$(PY) -m cybervaccine.manage declare-queues
	$(PY) -m cybervaccine.manage seed

run: system-packages setup
	@echo "Cyber Vaccine starts at http://$${GATEWAY_ADDRESS:-127.0.0.1:8000}/  (Ctrl-C stops everything)"
	@if [ -n "$$S3_ENDPOINT" ]; then \
		exec $(VENV)/bin/honcho start $(PLATFORM_PROCESSES); \
	else \
		exec $(VENV)/bin/honcho start objectstore $(PLATFORM_PROCESSES); \
	fi

test: system-packages venv
	scripts/test.sh

clean-data:
	rm -rf var
