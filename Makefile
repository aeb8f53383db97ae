GO ?= go
DATABASE ?= ./rmmgraph.db
ADDR ?= :8080
DEMO_ADDR ?= 127.0.0.1:8081
FAKE_ADDR ?= 127.0.0.1:8099

.PHONY: run demo test generate generate-check lint bench build

## run: serve on SQLite ($(DATABASE)) with GraphiQL at http://localhost:8080/ (ADDR=:8080, every interface)
run:
	$(GO) run ./cmd/rmmgraph serve --database $(DATABASE) --addr $(ADDR)

## demo: a fresh demo database and every provider's fake RMM, the integrations configured (DEMO_ADDR, FAKE_ADDR)
demo:
	$(GO) run ./cmd/rmmgraph demo --fresh --database ./rmmgraph-demo.db --addr $(DEMO_ADDR) --fake-addr $(FAKE_ADDR)

## test: every test; the Postgres halves run when PostgreSQL answers on 127.0.0.1:5432
test:
	$(GO) test -race -count=1 ./...

## build: the rmmgraph binary in ./bin
build:
	$(GO) build -o bin/rmmgraph ./cmd/rmmgraph

## generate: regenerate gqlgen code, the genqlient clients and the schema snapshot (offline)
generate:
	$(GO) tool gqlgen generate
	$(GO) generate ./providers/...
	$(GO) test ./graph -run '^TestSchemaSnapshot$$' -update

## generate-check: fail when committed generated code is stale
generate-check: generate
	@git diff --exit-code --stat -- graph providers gqlgen.yml || { echo "generated code is stale: run make generate and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- graph providers)" || { git status --porcelain -- graph providers; echo "generate made new files: commit them"; exit 1; }

## lint: go vet and gofmt
lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); test -z "$$out" || { echo "gofmt would change:"; echo "$$out"; exit 1; }

## bench: the pipeline's figures against baselines measured in the same run, and tenant isolation
## (Postgres on 127.0.0.1:5432, like the tests; RMMGRAPH_BENCH_DEVICES=100000)
bench:
	RMMGRAPH_TEST_REQUIRE_POSTGRES=1 $(GO) test ./ingest ./providers/tanium ./providers/ninjaone ./providers/tacticalrmm ./graph -run '^$$' -bench . -benchtime 1x -timeout 60m
