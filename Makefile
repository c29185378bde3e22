# casekit — the two commands a student needs:
#   make lab    set up (first time only) and start JupyterLab on the course
#               (make lab LANG=zh: the Chinese edition, notebooks/zh/00_start_here.ipynb)
#   make test   set up (first time only) and run the whole test suite
# Only Python 3.11+ and make are needed; everything else is installed into .venv/.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
# pytest arguments, e.g.  make test ARGS="notebooks/00_start_here.ipynb"
ARGS   ?=
# make test runs the tests on every core (pytest-xdist; a notebook stays whole on one worker,
# as nbval needs). JOBS=1 runs them in one process.
JOBS   ?= auto
# The course's language: `make lab LANG=zh` opens the Chinese edition (中文版). LANG is also the
# shell's locale variable (LANG=en_US.UTF-8, zh_CN.UTF-8 …): only the exact value `zh` picks the
# Chinese edition, and JupyterLab is then started without that non-locale LANG in its
# environment (the rest of the locale settings, LC_*, are left as they are).
COURSE_LANG := $(if $(filter zh,$(LANG)),zh,en)
START_NOTEBOOK := notebooks/$(if $(filter zh,$(COURSE_LANG)),zh/,)00_start_here.ipynb
LAB_ENV := $(if $(filter zh,$(COURSE_LANG)),env -u LANG,)
# Jupyter refuses to run as root unless told; CI machines and containers run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

.PHONY: help lab test e2e notebooks dashboard check-python clean-venv

help:
	@echo "make lab    start the course in JupyterLab (sets up .venv the first time)"
	@echo "make lab LANG=zh  the same, opening the Chinese edition (中文版) notebooks/zh/"
	@echo "make test   run unit tests and check every notebook with nbval"
	@echo "make e2e    real-browser tests (needs Chromium: apt install chromium)"
	@echo "make notebooks  rebuild the executed notebooks, exercises and cases from their .md sources"
	@echo "make dashboard PACK=class_pack CLASS=class_folder   the instructor's dashboard (Voilà)"

check-python:
	@$(PYTHON) -c 'import sys; v = sys.version_info; sys.exit(0) if v >= (3, 11) else sys.exit("casekit needs Python 3.11 or newer, but $(PYTHON) is %d.%d. Run e.g.  make lab PYTHON=python3.11" % v[:2])'

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The stamp files make set-up a no-op when pyproject.toml has not changed since the last install.
$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@ $(VENV)/.installed-lab

lab: $(VENV)/.installed-lab
	@echo ""
	@echo "  Starting JupyterLab on the course ($(START_NOTEBOOK))."
	@echo "  Open the link JupyterLab prints below, the one on port $(PORT) that ends with"
	@echo "  ?token=<your password>. Stop JupyterLab with Ctrl+C."
	@echo ""
	$(LAB_ENV) $(BIN)/python -m jupyter lab --no-browser $(ROOT_FLAG) --ServerApp.ip=127.0.0.1 --ServerApp.port=$(PORT) \
	    --ServerApp.root_dir="$(CURDIR)" \
	    --LabApp.default_url=/lab/tree/$(START_NOTEBOOK)

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile $(ARGS)

# Authors: edit notebooks/source/NN_name.md (or exercises/source/exNN_name.md, cases/source/*.md),
# then rebuild the executed .ipynb students open, English and, for a source with Chinese prose,
# the 中文版 in zh/ (make notebooks ARGS="--only ex02"); building again with no change rewrites
# nothing.
notebooks: $(VENV)/.installed-test
	$(BIN)/python -m casekit build $(ARGS)

# The instructor's dashboard: dashboards/instructor.ipynb served by Voilà (no code shown).
#   make dashboard PACK=class_2025 CLASS=class_2025_submissions
PACK  ?=
CLASS ?=
$(VENV)/.installed-dashboard: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dashboard]"
	@touch $@

dashboard: $(VENV)/.installed-dashboard
	CASEKIT_PACK="$(PACK)" CASEKIT_CLASS="$(CLASS)" $(BIN)/python -m voila --no-browser \
	    --Voila.ip=127.0.0.1 --port=$(PORT) dashboards/instructor.ipynb

e2e: $(VENV)/.installed-test
	$(BIN)/python -m pytest -p no:cacheprovider -o addopts="" -m e2e tests/e2e $(ARGS)

clean-venv:
	rm -rf $(VENV)
