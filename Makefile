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

# Not part of `make test`: renders the review page of samples/ in headless Chromium (installed from
# Debian when missing, with a CJK font), saves out/review.png and fails on a blank or unstyled render.
CHROMIUM ?= chromium
browser-check: $(STAMP)
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { apt-get update && apt-get install -y chromium; }
	@# Without a CJK font every Chinese character renders as an empty box.
	@fc-list :lang=zh | grep -q . || { apt-get update && apt-get install -y fonts-noto-cjk; }
	mkdir -p out
	$(BIN)/factx extract samples/ -f html -o out/review.html -q
	rm -f out/review.png
	profile=$$(mktemp -d) && $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir=$$profile \
		--screenshot=out/review.png --window-size=1280,1600 "file://$(CURDIR)/out/review.html" 2>out/chromium.log; \
		status=$$?; rm -rf $$profile; test -s out/review.png || { cat out/chromium.log; exit 1; }; exit $$status
	$(BIN)/python scripts/check_png.py out/review.png --expect cfe2ff

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
