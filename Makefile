# Two commands: `make demo` (install, build the graph, write the view) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= kg-store
OUT    ?= out
REFERENCE ?= ../shared/articles/000_e877e397b5a75db6.txt
EXAMPLES  := examples/articles examples/sample.jsonl examples/feeds

.PHONY: install demo test system-deps serve clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(BIN)/kg

demo: install
	$(BIN)/kg ingest $(wildcard $(REFERENCE)) $(EXAMPLES) --store $(STORE)
	$(BIN)/kg export --store $(STORE) --format trig --output $(OUT)/graph.trig
	$(BIN)/kg view --store $(STORE) --output $(OUT)/kg-view.html
	@echo
	@echo "Graph view (open in a browser, works offline): $(abspath $(OUT)/kg-view.html)"
	@echo "RDF export: $(abspath $(OUT)/graph.trig)"
	@echo "Start the API:  $(BIN)/kg serve --store $(STORE)   then open http://127.0.0.1:8000/view, /docs or /sparql"

# Debian packages the tests use, installed when missing and we are root (as on CI): chromium for the
# browser tests, Virtuoso for the remote-store tests, and Java (already there when `java` runs) for Spark.
SYSTEM_PACKAGES = chromium:chromium virtuoso-t:virtuoso-opensource java:default-jre-headless
system-deps:
	@missing=""; for pair in $(SYSTEM_PACKAGES); do \
		command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -n "$$missing" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian packages for the tests:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test: install system-deps
	@$(BIN)/python -m pytest -q -rs; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

serve: install
	$(BIN)/kg serve --store $(STORE)

clean:
	rm -rf $(STORE) $(OUT) .pytest_cache
