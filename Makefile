# The README's two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install db-start db-stop clean-data check bench

run: $(STAMP)
	$(PY) -m dutylists.serve

test: $(STAMP)
	$(PY) -m pytest

install: $(STAMP)

# Re-install only when requirements.txt changes.
$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 $(PYTHON)：请先安装 Python 3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	touch $(STAMP)

db-start: $(STAMP)
	$(PY) -m dutylists.embedded_db start

db-stop: $(STAMP)
	$(PY) -m dutylists.embedded_db stop

check: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

# Import speed and peak memory of every bundled document (PDF, Word, Excel, text), each in a
# process of its own; the figures issue 11 names (a 35-page PDF: ≤10 s, <500 MB) are read here.
BENCH_DOCUMENTS := $(wildcard fixtures/documents/*.pdf fixtures/documents/*.docx fixtures/documents/*.xlsx fixtures/documents/*.xls fixtures/documents/*.txt) $(wildcard fixtures/*.txt)
# A whole scan (47 pages: skew, specks, stamp) is made from the 002 PDF on first use, not committed.
BENCH_SCAN := .data/bench/002_xianbaibazha_scan.pdf
$(BENCH_SCAN): fixtures/documents/002_xianbaibazha.pdf fixtures/documents/make_scans.py
	mkdir -p $(dir $@)
	$(PY) fixtures/documents/make_scans.py --source fixtures/documents/002_xianbaibazha.pdf --pdf $@

bench: $(STAMP) $(BENCH_SCAN)
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py bench_import $(BENCH_DOCUMENTS)
	$(PY) manage.py bench_import --repeat 1 --county 于田县 --township 先拜巴扎镇 --published 2025-07 $(BENCH_SCAN)
	$(PY) manage.py bench_pages --json .data/bench/pages.json
	$(PY) manage.py bench_load --rounds 2 --json .data/bench/load.json
	$(PY) manage.py bench_check --json .data/bench/check.json
