# Atelier: the two commands of the README are `make run` and `make test`.
# Everything else here is what they need.

SHELL := /bin/bash
SWIFT ?= swift
# swiftc leaves temporary folders in $TMPDIR on every run: keep them in the project.
export TMPDIR := $(CURDIR)/.tmp
DEBS := libsqlite3-dev libcurl4-openssl-dev libncurses-dev pkg-config
TEST_DEBS := tmux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build release deps test-deps clean

## make run: install what is missing, build, and open the studio.
run: deps release
	@./.build/release/atelier $(ARGS)

## make test: install what is missing, build, and run every test.
test: deps test-deps
	@mkdir -p .tmp
	$(SWIFT) build --build-tests
	$(SWIFT) test

build: deps
	@mkdir -p .tmp
	$(SWIFT) build

release: deps
	@mkdir -p .tmp
	$(SWIFT) build -c release --product atelier

deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 is needed: see https://www.swift.org/install/linux/"; exit 1; }

test-deps:
	@missing=""; for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf .build .tmp
