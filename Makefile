# The two commands a newcomer needs are in README.md:
#   go run ./cmd/wachsam serve --demo
#   make test

GO ?= go

.PHONY: test test-short build run vet axe lint-api

# Every test: SQLite always; PostgreSQL when WACHSAM_TEST_POSTGRES_URL is
# set; the browser tests when Chromium and axe-core are there (under CI=true
# a missing database or browser fails the run instead of skipping).
test: axe lint-api
	$(GO) vet ./...
	$(GO) test -timeout 30m ./...

# axe-core (the accessibility checker the browser tests inject) and
# @redocly/cli (the OpenAPI linter) come from npm, pinned in package-lock.json.
axe:
	@if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -x node_modules/.bin/redocly ]; then \
		if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
		else echo "npm fehlt: die Browsertests werden übersprungen"; fi; \
	fi

# The API document must pass the linter with no errors, so generated
# clients work; under CI a missing linter fails the run.
lint-api: axe
	@if [ -x node_modules/.bin/redocly ]; then \
		REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
			node_modules/.bin/redocly lint --format=stylish web/api/openapi.yaml; \
	elif [ -n "$$CI" ]; then echo "redocly fehlt: npm ci ausführen" >&2; exit 1; \
	else echo "npm fehlt: web/api/openapi.yaml wird nicht geprüft"; fi

test-short:
	$(GO) test -short ./...

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/wachsam ./cmd/wachsam
	CGO_ENABLED=0 $(GO) build -trimpath -o bin/wachsam-allocate ./cmd/wachsam-allocate

run:
	$(GO) run ./cmd/wachsam serve --demo
