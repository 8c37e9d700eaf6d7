# Déclic — the two commands of the README are `make run` and `make test`.
GO ?= go
# The version comes from FyneApp.toml, through scripts/ldflags.sh (also used by dist.sh).
LDFLAGS := -s -w $(shell scripts/ldflags.sh)
# no_emoji drops Fyne's 4 MB colour-emoji font: Déclic shows none, and symbols such
# as ✔ ★ → are drawn by the regular font. Keeps the binary under 40 MB.
TAGS := no_emoji

.PHONY: run test bench build tools deps clean

## run: install what is missing, then open the app on the starter pack
run: deps
	$(GO) run -tags $(TAGS) -ldflags "$(LDFLAGS)" .

## test: install what is missing, then run go vet and every test
test:
	scripts/test.sh

## bench: the budgets of docs/benchmarks.md measured, then their table; fails when one is missed
bench:
	scripts/bench.sh

## build: the desktop app and the two command-line tools into bin/
build: deps
	mkdir -p bin
	$(GO) build -trimpath -tags $(TAGS) -ldflags "$(LDFLAGS)" -o bin/declic .
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/declic-pack ./cmd/declic-pack
	@if [ -d cmd/declic-centre ]; then CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/declic-centre ./cmd/declic-centre; fi

deps:
	@scripts/install-deps.sh

clean:
	rm -rf bin dist

.PHONY: dist dist-check

## dist: every release artefact into dist/ (.deb, .tar.xz, Windows installer and portable .zip,
## signed SHA256SUMS); installs the missing packaging tools first. See docs/install.md.
dist:
	scripts/dist.sh

## dist-check: install the .deb and the Windows installer here for real (dpkg, wine, Xvfb)
dist-check:
	scripts/dist-check.sh

.PHONY: dist-linux
## dist-linux: the Linux artefacts only (.deb, .tar.xz, signed SHA256SUMS); no Windows tools needed
dist-linux:
	DECLIC_DIST_LINUX_ONLY=1 scripts/dist.sh
