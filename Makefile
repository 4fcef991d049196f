# mailpick — see README.md. Every target works offline once modules are cached.
GO       ?= go
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
FUZZTIME ?= 5m
FUZZMEM  ?= 2000000000
BIN      := bin/mailpick

.PHONY: all build test unit lint vet fmt-check bench fuzz fuzz-loaders check-reports clean

all: lint test build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/mailpick

# Unit tests, the RFC 7208 suite, and the CLI end-to-end scripts
# (cmd/mailpick/testdata/script). Needs nothing outside Go.
test: lint
	$(GO) test -count=1 ./...

lint: vet fmt-check

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Benchmarks: figures are recorded in README.md and the package READMEs.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./scoring/... ./reports/... ./probe/...

# Every fuzz target for FUZZTIME each (make fuzz FUZZTIME=30s for a smoke run).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$f ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -parallel 1 $$pkg; \
	  done; \
	done

# The requirements and catalog loaders under a memory limit (bytes of heap
# and data, util-linux prlimit): a parse that needs more is a crash.
fuzz-loaders:
	$(GO) test -exec 'prlimit --data=$(FUZZMEM) --' -run '^$$' -fuzz '^FuzzLoaders$$' -fuzztime $(FUZZTIME) -parallel 1 ./scoring

# Recalculates the XLSX in LibreOffice and checks the PDF with poppler
# (Debian: libreoffice-calc-nogui poppler-utils fonts-ipaexfont-gothic).
check-reports: build
	MAILPICK=$(BIN) bash scripts/check-reports.sh

clean:
	rm -rf bin
