# The two commands a newcomer needs are in README.md:
#   go run ./cmd/wachsam serve --demo
#   make test

GO ?= go

.PHONY: test test-short build run vet axe

# Every test: SQLite always; PostgreSQL when WACHSAM_TEST_POSTGRES_URL is
# set; the browser tests when Chromium and axe-core are there (under CI=true
# a missing database or browser fails the run instead of skipping).
test: axe
	$(GO) vet ./...
	$(GO) test -timeout 30m ./...

# axe-core (the accessibility checker the browser tests inject) comes from
# npm, pinned in package-lock.json.
axe:
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then \
		if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
		else echo "npm fehlt: die Browsertests werden übersprungen"; fi; \
	fi

test-short:
	$(GO) test -short ./...

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/wachsam ./cmd/wachsam

run:
	$(GO) run ./cmd/wachsam serve --demo
