# Regional Participatiewet platform. `make run` starts everything; `make test` runs the suite.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
SPECTRAL := lint/node_modules/.bin/spectral
ROLES     ?= toegang,klantmanager,matcher
GEMEENTEN ?= GM0014
SUB       ?= dev-gebruiker

NLDS     := services/werkplek/static/nlds
NLDS_CSS := $(NLDS)/html.css $(NLDS)/voorbeeld-theme.css

.PHONY: install run test test-faults lint promtool chromium bench bench-quick token clean werkplek-css

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,local]'
	@touch $(STAMP)

install: $(STAMP)

run: install werkplek-css
	$(PY) -m deploy.local.run

# Prometheus' promtool checks the /metrics exposition in a test (Debian's prometheus package).
promtool:
	@command -v promtool >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; }

# The werkplek's browser tests drive Debian's Chromium (Playwright's own browser download is not reachable).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }

# pytest exits non-zero (5) when it collects no tests, so an empty run fails here too.
test: install lint promtool chromium werkplek-css
	$(PY) -m pytest

# The long fault run: kill -9, a 60 s broker stall and PostgreSQL crashes under load (a short one is in `test`).
test-faults: install
	$(PY) -m pytest -m faults_long -s tests/faults

# Spectral, pinned by lint/package-lock.json, runs Logius' API Design Rules ruleset (lint/adr-ruleset.yaml).
$(SPECTRAL): lint/package.json lint/package-lock.json
	npm ci --prefix lint --no-audit --no-fund --silent
	@touch $(SPECTRAL)

# The werkplek's NL Design System CSS, from npm (pinned by lint/package-lock.json): the Utrecht component library's
# styles for plain HTML inside `.utrecht-html`, and the NL Design System's example theme (EUPL-1.2) as its tokens.
werkplek-css: $(NLDS_CSS)

$(NLDS)/html.css: $(SPECTRAL)
	@mkdir -p $(NLDS)
	cp lint/node_modules/@utrecht/component-library-css/dist/html.css $@

$(NLDS)/voorbeeld-theme.css: $(SPECTRAL)
	@mkdir -p $(NLDS)
	cp lint/node_modules/@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css $@

lint: install $(SPECTRAL)
	$(PY) -m ruff check libs services deploy tests bench
	$(PY) -m mypy libs services deploy
	DEV_MODE=true $(PY) -m deploy.openapi .data/openapi >/dev/null
	$(SPECTRAL) lint --fail-severity=warn --ruleset lint/adr-ruleset.yaml .data/openapi/*.json
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec deploy/compose/compose.yaml
	$(VENV)/bin/kubernetes-validate --strict --quiet deploy/k8s/*.yaml

# Every figure the median of 3 runs with its spread; see docs/performance.md. The full set takes about 25 minutes.
bench: install
	DEV_MODE=true $(PY) -m bench.run

# The ratios to the peers and the headline rates, in under 2 minutes.
bench-quick: install
	DEV_MODE=true $(PY) -m bench.run --quick

token: install
	@$(PY) -m libs.events.auth --roles "$(ROLES)" --gemeenten "$(GEMEENTEN)" --sub "$(SUB)"

clean:
	rm -rf .data $(NLDS)
