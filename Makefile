# opstatus: every target installs what it needs (uv from PyPI if absent, the locked Python
# environment, the locked Node linters), so a fresh clone needs only python3, pip, node and npm.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
RUN := $(UV) run --frozen --all-packages
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true
export UV_PYTHON_DOWNLOADS := never

SPECS := $(wildcard specs/*.yaml)
WORKFLOWS := $(wildcard specs/workflows/*.arazzo.yaml)

.PHONY: help setup generate check-generated lint lint-specs lint-python test demo

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools && .tools/bin/pip install --quiet uv==$(UV_VERSION)

node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

setup: $(UV) node_modules/.package-lock.json ## install uv (if absent), the locked Python env and the Node linters
	@$(UV) sync --frozen --all-packages --quiet

generate: setup ## regenerate generated/ (pinned openapi-python-client) and specs/workflows/ (Arazzo) from specs/
	$(RUN) python scripts/generate.py

check-generated: setup ## fail if generated/ differs from what the specs produce
	$(RUN) python scripts/generate.py --check

lint-specs: setup ## Redocly CLI and Spectral on every spec and workflow, zero warnings; x-opstatus vs its schema
	npx --no-install redocly lint --max-problems=200 --format=stylish $(SPECS) $(WORKFLOWS)
	$(RUN) python scripts/xopstatus_lint.py
	npx --no-install spectral lint --fail-severity=hint --ruleset .spectral.yaml $(SPECS)

lint-python: setup ## ruff on everything hand-written, mypy --strict on overlays
	$(RUN) ruff check overlays tests scripts bench
	$(RUN) ruff format --check overlays tests scripts bench
	$(RUN) mypy overlays/*/src

lint: lint-specs lint-python ## all linters

test: setup check-generated lint ## the whole suite: drift check, linters, pytest (unit, fakes, contract)
	$(RUN) pytest -n 2

demo: setup ## the main job: every provider's fake on loopback, waited on by the opstatus CLI (<1 min)
	$(RUN) python scripts/demo.py

.PHONY: fleet-demo
FLEET_ARGS ?=
fleet-demo: setup ## 1,000+ durable waits on Temporal: dev server, five fakes, two workers, one SIGKILLed (FLEET_ARGS=--waits N)
	$(RUN) python scripts/fleet_demo.py $(FLEET_ARGS)

.PHONY: fake
PROVIDER ?=
PORT ?= 8000
fake: setup ## serve one provider's fake on loopback: make fake PROVIDER=<slug> PORT=<n> (Ctrl-C stops)
	@test -n "$(PROVIDER)" || { echo "usage: make fake PROVIDER=<slug> [PORT=8000]; providers:"; $(RUN) opstatus providers; exit 2; }
	$(RUN) opstatus fake $(PROVIDER) --port $(PORT)

.PHONY: dist ts-check
dist: setup ## dist/: wheel + sdist of every package, bundled specs, HTML docs, TypeScript types
	$(RUN) python scripts/dist.py --out dist

ts-check: setup ## TypeScript types from each bundled spec, type-checked with tsc (dist/specs, dist/ts)
	$(RUN) python scripts/dist.py --out dist --steps ts

.PHONY: bench
BENCH_ARGS ?=
bench: setup ## benchmark suite vs same-run baselines -> bench/results/bench.{md,json} (~3 min; BENCH_ARGS=--smoke)
	$(RUN) python -m bench $(BENCH_ARGS)

# Contract tests (tests/contract/README.md): Schemathesis on each fake, generated responses through
# each generated client, every SDK request validated. Seeded and derandomized: OPSTATUS_CONTRACT
# picks the budget (ci: 25 examples per operation/schema; deep: 500), OPSTATUS_CONTRACT_SEED the seed.
.PHONY: contract contract-deep
CONTRACT_PYTEST := $(RUN) pytest -n 2
contract: setup ## contract tests, all three kinds, all five providers (seeded, 25 examples per operation, ~40 s)
	OPSTATUS_CONTRACT=ci $(CONTRACT_PYTEST) -m contract tests/contract

contract-deep: setup ## nightly-style contract run: 500 examples per operation, plus every overlay test's SDK requests
	OPSTATUS_CONTRACT=deep $(CONTRACT_PYTEST) --timeout=3600 -m contract tests/contract
	$(CONTRACT_PYTEST) -m "not contract" tests

.PHONY: soak
soak: setup ## the full soak: 5,000 concurrent waits on every fake over loopback, 5% faulted (~7 min)
	OPSTATUS_SOAK=full $(RUN) pytest tests/reliability/test_rel_soak.py -p no:xdist -s -o timeout=1200
