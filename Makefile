# Two commands on a fresh machine with Python 3.11 and make:  make report  /  make test
# Each creates .venv when missing and installs the pinned stack (requirements.lock).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: help install kernel data report reports test test-fast lint lock lab clean-venv

help:
	@echo "make report   build the data and run the main job (Peru report + global overview)"
	@echo "make reports  every country's report (scheduled runs)"
	@echo "make test     run the test suite (unit and integration)"
	@echo "make test-fast  the unit tests only (no kernel, no browser; under 30 s)"
	@echo "make lint     ruff: lint and format check (CI runs it before the tests)"
	@echo "make data     rebuild data/processed/ from data/raw/"
	@echo "make lock     refresh requirements.lock from pyproject.toml"
	@echo "make lab      open JupyterLab on notebooks/"

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name tip-analysis --display-name "Python (tip-analysis)" >/dev/null
	@touch $(STAMP)

install: $(STAMP)

# The project's Jupyter kernel (the report runner always names it explicitly).
kernel: $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name tip-analysis --display-name "Python (tip-analysis)"

# The narrative corpus beside the repository (../shared/corpus) is ingested first when it is there
# (an edition a user ingested from another text keeps the user's document); without it the
# committed data/raw/tip_narratives/{documents,extracted}.csv are used as they are.
CORPUS ?= ../shared/corpus

data: $(STAMP)
	@if [ -d "$(CORPUS)" ]; then \
		echo "re-ingesting the narrative corpus $(CORPUS) (documents you ingested for the same editions are kept)"; \
		out=$$($(BIN)/python -m analysis ingest --keep-existing "$(CORPUS)") || { echo "$$out"; exit 1; }; \
		echo "$$out" | grep -v -e ' figures from ' -e '^next: '; \
	fi
	$(BIN)/python -m analysis build-data

# The main job: the Peru country report and the global overview, executed with papermill;
# executed notebooks and HTML in reports/<run-id>/ (reports/latest), figures in figures/.
report: data
	$(BIN)/python -m analysis report --country Peru --notebook country_report --notebook global_overview \
		--param figures_dir=figures

# Every country (scheduled runs): figures stay inside the run folder; the last 5 runs are kept.
reports: data
	$(BIN)/python -m analysis report --all --notebook country_report --notebook global_overview --keep-last 5

test: $(STAMP)
	$(BIN)/python -m pytest

# Unit tests: pure functions, CLI, build checks; no Jupyter kernel, no browser, no batch runs.
# Property tests run 30 examples each here, 150 in `make test`; two processes (pytest-xdist).
test-fast: $(STAMP)
	HYPOTHESIS_PROFILE=fast $(BIN)/python -m pytest -n 2 tests/unit analysis

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Resolve pyproject.toml's ranges afresh in a throw-away venv and pin the result.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check ".[dev]"
	.lock-venv/bin/python -m pip freeze --all --exclude-editable --disable-pip-version-check \
		| grep -v -i -E "^(tip-analysis|pip)( |==)" > requirements.lock.tmp
	mv requirements.lock.tmp requirements.lock
	rm -rf .lock-venv

# JupyterLab refuses to start as root unless told to.
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

clean-venv:
	rm -rf $(VENV)
