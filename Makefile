# clawops.openclaw — every entry point of the project. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV        := .venv
BIN         := $(VENV)/bin
COLLECTIONS := .cache/collections
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(COLLECTIONS)
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export PATH := $(CURDIR)/$(BIN):$(PATH)
# Molecule scenarios (every molecule/<name>/molecule.yml), in alphabetical order.
SCENARIOS   ?= $(shell ls -d molecule/*/molecule.yml 2>/dev/null | cut -d/ -f2)
IMAGES      ?= 12 13 node

.PHONY: help
help: ## List every target
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/.installed: requirements.txt constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.txt -c constraints.txt
	touch $@

$(COLLECTIONS)/ansible_collections/clawops/openclaw:
	mkdir -p $(COLLECTIONS)/ansible_collections/clawops
	ln -sfn ../../../.. $@

.PHONY: venv
venv: $(BIN)/.installed $(COLLECTIONS)/ansible_collections/clawops/openclaw ## Install the pinned toolchain into .venv/ and link this repo as clawops.openclaw

.PHONY: docker
docker: ## Make sure a Docker engine answers (installs and starts docker.io when none does; root)
	@scripts/docker-up.sh

.PHONY: images
images: docker ## Build (or reuse) the Debian 12/13 systemd images and the Node 26 base; CLAWOPS_CA_BUNDLE=path for extra CAs
	@molecule/images/build.sh $(IMAGES)

.PHONY: lint
lint: venv ## yamllint + ansible-lint (production profile)
	$(BIN)/yamllint -s .
	$(BIN)/ansible-lint --strict

.PHONY: unit
unit: venv ## Unit tests of the plugins' logic (pytest, no Docker)
	@if ls tests/unit/test_*.py >/dev/null 2>&1; then $(BIN)/pytest -q tests/unit; \
	else echo "unit: no unit tests yet"; fi

.PHONY: openclaw
openclaw: ## Install the real OpenClaw CLI (pinned, with Node 26 from npm) into .cache/openclaw
	@scripts/openclaw-install.sh

.PHONY: integration
integration: venv openclaw images ## Integration tests against the real OpenClaw CLI and gateway process
	@if ls tests/integration/test_*.py >/dev/null 2>&1; then $(BIN)/pytest -q tests/integration; \
	else echo "integration: no integration tests yet"; fi

.PHONY: docs
docs: venv ## Regenerate the role READMEs' variable tables from meta/argument_specs.yml
	$(BIN)/python scripts/role-docs.py

.PHONY: changelog-lint
changelog-lint: venv ## Check the changelog fragments
	$(BIN)/antsibull-changelog lint

.PHONY: molecule
molecule: venv images ## Every Molecule scenario (SCENARIOS="a b" to pick)
	@for s in $(SCENARIOS); do \
	  echo "=== molecule test -s $$s"; start=$$(date +%s); \
	  $(BIN)/molecule test -s $$s; \
	  echo "=== $$s passed in $$(( $$(date +%s) - start )) s"; \
	done

.PHONY: test-sysbox
test-sysbox: venv images ## Sysbox scenario; SYSBOX_DEB=/path/sysbox-ce.deb [SYSBOX_DEB_SHA256=..] adds the package checks
	@if [ -z "$${SYSBOX_DEB:-}" ]; then echo "test-sysbox: SYSBOX_DEB not set: package install, services and sysbox-runc containers are NOT RUN"; \
	else test -f "$$SYSBOX_DEB" || { echo "test-sysbox: SYSBOX_DEB=$$SYSBOX_DEB does not exist"; exit 1; }; \
	  export SYSBOX_DEB="$$(realpath "$$SYSBOX_DEB")"; fi; \
	$(BIN)/molecule test -s sysbox

.PHONY: schema
schema: ## Regenerate the bundled OpenClaw config schema from the pinned CLI (`openclaw config schema`)
	@scripts/openclaw-schema.sh

.PHONY: sanity
sanity: venv ## ansible-test sanity (plugins/) and units for the plugins, in a real ansible_collections copy
	@scripts/sanity.sh

.PHONY: bench
bench: venv images ## Wall time of the hardening role on a fresh Debian 12 container: converge, then a no-change re-run
	@scripts/bench-hardening.sh

.PHONY: bench-config
bench-config: venv openclaw ## Median times: openclaw_config's validation core, a no-change task, `openclaw config validate`
	@scripts/bench-config.sh

.PHONY: test
test: lint changelog-lint sanity unit integration molecule ## Everything CI runs: lint, sanity, unit, integration, every Molecule scenario
	@echo "make test: all layers passed"

.PHONY: demo
demo: venv images ## Start the sandbox VPS container and run playbooks/site.yml against it
	@scripts/demo.sh

.PHONY: demo-destroy
demo-destroy: ## Remove the demo's sandbox container
	-docker rm -f -v clawops-sandbox
	-docker volume rm clawops-sandbox-docker
	-docker network rm clawops-demo

.PHONY: clean
clean: demo-destroy ## Remove the virtualenv and caches (images stay; `docker rmi` them to rebuild)
	rm -rf $(VENV) .cache .pytest_cache
