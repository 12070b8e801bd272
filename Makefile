# make demo | test | lint | browser-check | clean. The venv is made once; pip runs again only when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint browser-check clean bench soak

demo: $(STAMP)
	$(BIN)/factx extract samples/ -f table

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Not part of `make test`: works the review page of samples/ in headless Chromium (installed from Debian when
# missing, with a CJK font) as an analyst would: renders it at 1280x800 (out/review.png; highlights at their offsets,
# structure shown), clicks a highlight and a row, marks records right and one wrong, fixes a field, exports
# (out/exported.jsonl, screenshot out/review-desk.png), and has `factx eval --gold out/exported.jsonl` read it.
# scripts/browser_check.py drives Chromium over the DevTools pipe with the standard library: nothing else to install.
CHROMIUM ?= chromium
browser-check: $(STAMP)
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { apt-get update && apt-get install -y chromium; }
	@# Without a CJK font every Chinese character renders as an empty box.
	@fc-list :lang=zh | grep -q . || { apt-get update && apt-get install -y fonts-noto-cjk; }
	mkdir -p out
	$(BIN)/factx extract samples/ -f html -o out/review.html -q
	rm -f out/review.png out/review-desk.png out/exported.jsonl
	$(BIN)/python scripts/browser_check.py out/review.html --docs samples/ --out out --chromium $(CHROMIUM)
	$(BIN)/python scripts/check_png.py out/review.png --expect cfe2ff
	@# judged right, wrong, corrected: each colour must show
	$(BIN)/python scripts/check_png.py out/review-desk.png --expect e3f5e1 --expect fbe3e3 --expect fff6cc
	$(BIN)/factx eval --gold out/exported.jsonl samples/

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e '.[dev]'
	touch $@

# Build and test leftovers; the venv stays (remove .venv by hand to start afresh).
clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

# Benchmarks (not part of `make test`): ratios against baselines measured in the same run.
bench: $(STAMP)
	$(BIN)/python bench/bench.py

# Soak test (not part of `make test`): 100 000 generated documents, hostile shapes among them, through
# extract and the json, jsonl and csv writers; exit 1 on any exception. --docs N --seed S: SOAK_ARGS.
soak: $(STAMP)
	$(BIN)/python bench/soak.py $(SOAK_ARGS)
