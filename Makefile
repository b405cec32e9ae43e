# claimcheck: the two commands a newcomer needs are `make run` and `make test`.
# Everything that serves or tests the release build goes through `make build`.
SHELL := /bin/bash
TOOLS_DIR ?= $(HOME)/.cache/claimcheck/tools
export PATH := $(TOOLS_DIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CLAIMCHECK_TOOLS_DIR := $(TOOLS_DIR)

.PHONY: run build test tools dev check e2e clean-data

## run: install what is missing, build the release, serve http://127.0.0.1:3000 on data/claimcheck.db
run: build
	LEPTOS_SITE_ROOT=target/site $(or $(CARGO_TARGET_DIR),target)/release/claimcheck serve

## build: the one release build (server binary target/release/claimcheck, site under target/site),
## then brotli and gzip copies of the WASM, JS and CSS that the server sends as they are
build: tools
	cargo leptos build --release --split
	scripts/precompress.sh target/site/pkg

## test: format, lints (server and browser), unit + integration tests on SQLite and PostgreSQL,
## the release build, and the end-to-end suite in headless Chromium
test:
	scripts/test.sh

tools:
	scripts/install-tools.sh

## dev: rebuild and reload on every change (debug build)
dev: tools
	rm -f target/site/pkg/*.br target/site/pkg/*.gz   # a release build's copies would shadow the dev files
	cargo leptos watch --split

## check: the fast loop: format, lints, unit and SQLite integration tests (the integration tests
## one at a time, as `make test` runs them)
check:
	cargo fmt --check
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy --features hydrate --target wasm32-unknown-unknown --lib -- -D warnings
	cargo test --features ssr --lib --bins
	cargo test --features ssr --test api -- --test-threads=1

## clean-data: delete the embedded database that `make run` serves (data/claimcheck.db and its
## WAL files); the build stays. The next `make run` starts on an empty database.
clean-data:
	rm -f data/claimcheck.db data/claimcheck.db-wal data/claimcheck.db-shm

## e2e: the browser suite against the release build
e2e: build
	scripts/install-tools.sh --e2e
	scripts/e2e.sh
