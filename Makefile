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
# Debian packages: bubblewrap (the grader runs every submission's kernel in a bwrap sandbox) and
# headless Chromium (the book's browser test).
SYSTEM_PACKAGES := bubblewrap chromium
SUBMISSIONS ?= submissions
GRADES ?= grading

.PHONY: setup system test lab formgrade book release check-release grade sync clean help

help:
	@echo "make lab      JupyterLab on notebooks/ (learners)"
	@echo "make formgrade  JupyterLab with nbgrader's formgrader (instructors)"
	@echo "make test     the whole test suite (what CI runs)"
	@echo "make book     build the HTML book"
	@echo "make release  regenerate notebooks/ from solutions/"
	@echo "make grade SUBMISSIONS=dir [GRADES=grading]  autograde a class"
	@echo "make sync     sync the solutions' text twins and notebooks (jupytext)"

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Installs the missing Debian packages when it can (root with apt-get, as on CI); otherwise says
# which are missing and the tests that need them skip with that reason (CI=true: they fail).
system:
	@missing=""; for pkg in $(SYSTEM_PACKAGES); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Debian 패키지 설치:$$missing"; \
	    apt-get -qq -o DPkg::Lock::Timeout=600 update && \
	    DEBIAN_FRONTEND=noninteractive apt-get -qq -y -o DPkg::Lock::Timeout=600 install$$missing >/dev/null; \
	  else echo "이 패키지가 없어 일부 테스트를 건너뜁니다:$$missing (sudo apt-get install$$missing)"; fi; \
	fi

test: setup system
	$(BIN)/python -m pytest tests solutions --nbval-lax -p no:cacheprovider --durations=25

# Learners: notebooks/ with the Validate button and none of nbgrader's instructor tools.
lab: setup
	$(BIN)/python -m autograder lab

# Instructors: the repository root as the nbgrader course, with formgrader.
formgrade: setup
	$(BIN)/python -m autograder lab --instructor

book: setup
	$(BIN)/python -m autograder book

release: setup
	$(BIN)/python -m autograder release

check-release: setup
	$(BIN)/python -m autograder check-release

grade: setup system
	$(BIN)/python -m autograder grade "$(SUBMISSIONS)" --out "$(GRADES)"

sync: setup
	$(BIN)/jupytext --sync solutions/*/*.md

clean:
	rm -rf build book/_build grading .pytest_cache
