GO ?= go
DATABASE ?= ./rmmgraph.db
ADDR ?= :8080
DEMO_ADDR ?= 127.0.0.1:8081
FAKE_ADDR ?= 127.0.0.1:8099

.PHONY: run demo test web-deps web-test generate generate-check lint bench build

## run: serve on SQLite ($(DATABASE)) with GraphiQL at http://localhost:8080/ (ADDR=:8080, every interface)
run:
	$(GO) run ./cmd/rmmgraph serve --database $(DATABASE) --addr $(ADDR)

## demo: a fresh demo database and every provider's fake RMM, the integrations configured (DEMO_ADDR, FAKE_ADDR)
demo:
	$(GO) run ./cmd/rmmgraph demo --fresh --database ./rmmgraph-demo.db --addr $(DEMO_ADDR) --fake-addr $(FAKE_ADDR)

## test: every test: Go (the Postgres halves run when PostgreSQL answers on 127.0.0.1:5432), then the console's
## component tests and its browser tests (those need Chromium; .ci/run installs it)
test:
	$(GO) test -race -count=1 ./...
	$(MAKE) web-test

## web-deps: the console's npm dependencies, installed from the lockfile when missing or stale
web-deps:
	@cd web && { cmp -s package-lock.json node_modules/.installed-lock 2>/dev/null || { npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock; }; }

## web-test: the console's type check, component tests (vitest) and browser tests (Chromium, against rmmgraph demo)
web-test: web-deps
	cd web && npm run typecheck && npm test && npm run e2e

## build: the rmmgraph binary in ./bin
build:
	$(GO) build -o bin/rmmgraph ./cmd/rmmgraph

## generate: regenerate gqlgen code, the genqlient clients and the schema snapshot (offline)
generate: web-deps
	$(GO) tool gqlgen generate
	$(GO) generate ./providers/...
	$(GO) test ./graph -run '^TestSchemaSnapshot$$' -update
	cd web && npm run codegen && npm run build

## generate-check: fail when committed generated code is stale
generate-check: generate
	@git diff --exit-code --stat -- graph providers gqlgen.yml web || { echo "generated code or the console bundle is stale: run make generate and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- graph providers web)" || { git status --porcelain -- graph providers web; echo "generate made new files: commit them"; exit 1; }

## lint: go vet (also of the browser tests' build) and gofmt
lint:
	$(GO) vet ./...
	$(GO) vet -tags e2e ./cmd/rmmgraph
	@out=$$(gofmt -l $$(git ls-files '*.go')); test -z "$$out" || { echo "gofmt would change:"; echo "$$out"; exit 1; }

## bench: the pipeline's figures against baselines measured in the same run (medians of 3), the labelled identity estate, and tenant isolation;
## CPU and allocation profiles of the first sync and the unchanged re-sync land in bench-profiles/
## (Postgres on 127.0.0.1:5432, like the tests; RMMGRAPH_BENCH_DEVICES=100000)
bench:
	RMMGRAPH_TEST_REQUIRE_POSTGRES=1 RMMGRAPH_BENCH_PROFILES=$(CURDIR)/bench-profiles $(GO) test ./ingest ./providers/tanium ./providers/ninjaone ./providers/tacticalrmm ./graph -run '^$$' -bench . -benchtime 1x -timeout 60m -v
