# itsvc — two commands: `make run` (web client + demo) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAO_VERSION := 8.0.11
SAO_ROOT := var/sao
DB ?= itsvc
export TRYTOND_CONFIG := $(CURDIR)/trytond.conf
# SQLite needs an absolute path (trytond opens it as a file: URI)
export TRYTOND_DATABASE__PATH ?= $(CURDIR)/var/db
# the web client is served from var/sao
export TRYTOND_WEB__ROOT ?= $(CURDIR)/var/sao

.PHONY: run install system-deps sao setup test test-pg test-browser lint bench clean

run: install sao setup
	@echo
	@echo "  itsvc: http://localhost:8000/   database: $(DB)"
	@echo "  login: admin / itsvc2026 (also director, manager, specialist,"
	@echo "         accountant, dealer1, dealer2 with the same password)"
	@echo
	PYTHONOPTIMIZE=1 $(BIN)/trytond -c trytond.conf -d $(DB)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Chromium, pdftotext, Pango... for the tests: installed when missing, or
# the command to run is printed
system-deps:
	scripts/install-system-deps.sh

sao: $(SAO_ROOT)/.installed

$(SAO_ROOT)/.installed: scripts/install-sao.sh web/custom.js web/custom.css \
		web/locale/ru.json
	scripts/install-sao.sh $(SAO_VERSION) $(SAO_ROOT)
	touch $@

setup: install
	$(BIN)/itsvc -d $(DB) setup

lint: install
	$(BIN)/ruff check .

test: install system-deps sao lint
	scripts/run-tests.sh

test-pg: install system-deps
	scripts/with-postgres.sh scripts/run-tests.sh

# figures of the batch jobs on PostgreSQL (BENCH_CLIENTS=10000 by default)
bench: install
	scripts/with-postgres.sh $(BIN)/python -m bench

clean:
	rm -rf var
