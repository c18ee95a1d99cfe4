# lossopt: one command for each job. Every target sets up .venv first if it is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
# nbgrader runs `alembic` by name: the venv's bin must be on PATH.
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0
export LOSSOPT_STRICT_FONTS := 1
export LOSSOPT_HEADLESS := 1
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
# JupyterLab refuses to run as root unless told (containers, CI machines).
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root)
SUBMISSIONS ?= submissions
GRADES ?= grading

.PHONY: setup test lab book release check-release grade sync clean help

help:
	@echo "make lab      JupyterLab on notebooks/ (learners)"
	@echo "make test     the whole test suite (what CI runs)"
	@echo "make book     build the HTML book"
	@echo "make release  regenerate notebooks/ from solutions/"
	@echo "make grade SUBMISSIONS=dir [GRADES=grading]  autograde a class"
	@echo "make sync     sync the solutions' text twins and notebooks (jupytext)"

setup: $(STAMP)

$(STAMP): pyproject.toml
	@# the grader runs every submission's kernel in a bubblewrap sandbox (Debian package bubblewrap)
	@command -v bwrap >/dev/null || { command -v apt-get >/dev/null && { $(if $(filter 0,$(shell id -u)),,sudo) apt-get update -qq && $(if $(filter 0,$(shell id -u)),,sudo) apt-get install -y -qq bubblewrap; }; } || echo "bubblewrap를 설치하지 못했습니다: 채점(make grade)에는 bwrap이 필요합니다."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

test: setup
	$(BIN)/python -m pytest tests solutions --nbval-lax -p no:cacheprovider --durations=25

lab: setup
	$(BIN)/jupyter lab $(LAB_FLAGS) --ServerApp.root_dir="$(CURDIR)/notebooks"

book: setup
	$(BIN)/python -m autograder book

release: setup
	$(BIN)/python -m autograder release

check-release: setup
	$(BIN)/python -m autograder check-release

grade: setup
	$(BIN)/python -m autograder grade "$(SUBMISSIONS)" --out "$(GRADES)"

sync: setup
	$(BIN)/jupytext --sync solutions/*/*.md

clean:
	rm -rf build book/_build grading .pytest_cache
