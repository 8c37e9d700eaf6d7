#!/usr/bin/env bash
# Runs every check and test of the project: go vet, gofmt, go test of every package
# (including the headless UI tests, fyne.io/fyne/v2/test, and the PostgreSQL ones),
# then builds the Linux release artefacts and checks them without installing them.
# DECLIC_TEST_NO_DIST=1 skips that last step (quicker while working on code).
set -euo pipefail
cd "$(dirname "$0")/.."

# Every program a test needs, so that no test is skipped (under CI=true a missing one
# fails its test): PostgreSQL for the network ledger, espeak-ng and sox for read-aloud,
# poppler-utils to read PDFs back, ImageMagick and mingw-w64 for the Windows executable
# checks, Node.js and npm for the Digital Bazaar interop test (its packages are pinned in
# records/interop/package-lock.json; `npm ci` runs once, then works offline), Chromium for
# the Espace centre's browser test (chromedp drives it; axe-core is pinned in
# centreweb/axe/package-lock.json), openssl and curl for the PostgreSQL guide and dist-check.
tools=(postgresql espeak-ng sox poppler-utils imagemagick gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64 openssl curl)
command -v chromium >/dev/null 2>&1 || tools+=(chromium)
command -v node >/dev/null 2>&1 || tools+=(nodejs)
command -v npm >/dev/null 2>&1 || tools+=(npm)
scripts/install-deps.sh "${tools[@]}"

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*'))
if [[ -n "$unformatted" ]]; then
  echo "These files are not gofmt-formatted:" >&2
  echo "$unformatted" >&2
  exit 1
fi

echo "== go mod tidy"
if ! go mod tidy -diff; then
  echo "go.mod or go.sum is not tidy: run go mod tidy." >&2
  exit 1
fi

echo "== go vet"
# The release build's flags here too (see go test below): vet compiles the packages it
# checks, and with the same flags it shares them with the tests and the release build.
go vet -trimpath -tags no_emoji ./...

echo "== staticcheck ($SECONDS s so far)"
go tool staticcheck -tags no_emoji ./...

echo "== go test ($SECONDS s so far)"
# With the flags of the release build (-trimpath, no_emoji): the tests run the code that
# ships, and the release build below reuses every package they compiled. testreport
# prints one line per package, what failed, what was skipped and why, and the count of
# tests run; under CI=true a skipped test (other than a screenshot generator) fails.
report_dir=$(mktemp -d)
trap 'rm -rf "$report_dir"' EXIT
go build -o "$report_dir/testreport" ./internal/testreport
# 30 minutes a package, not Go's 10: app/ draws the window at each of its 728 focus steps
# with the software painter (88 s of CPU, TestEveryFocusStepShowsAnOutlineOf3To1),
# and a shared machine may give it a tenth of a core.
go test -trimpath -tags no_emoji -count=1 -timeout 30m -json ./... | "$report_dir/testreport"

echo "== go test with the test clock a year ahead ($SECONDS s so far)"
# Tests take "now" from internal/clocktest; moved by a year, they must pass the same:
# no test may depend on the day it runs.
DECLIC_TEST_CLOCK_SHIFT=8760h go test -trimpath -tags no_emoji -count=1 -timeout 30m -json ./... | "$report_dir/testreport"

echo "== the PostgreSQL guide of docs/centres.md, run as written on a real server ($SECONDS s so far)"
scripts/pg-network-guide.sh > "${TMPDIR:-/tmp}/declic-pg-guide.log" 2>&1 || { cat "${TMPDIR:-/tmp}/declic-pg-guide.log" >&2; exit 1; }
tail -n 1 "${TMPDIR:-/tmp}/declic-pg-guide.log"

if [[ ${DECLIC_TEST_NO_DIST:-} == 1 ]]; then
  echo "== Linux release artefacts: skipped (DECLIC_TEST_NO_DIST=1)"
  exit 0
fi
echo "== Linux release artefacts ($SECONDS s so far): built (make dist-linux), then checked without installing them"
dist=$(mktemp -d)
trap 'rm -rf "$dist" "$report_dir"' EXIT
DECLIC_DIST_DIR=$dist DECLIC_DIST_LINUX_ONLY=1 DECLIC_DIST_FROM_WORKTREE=1 scripts/dist.sh
DECLIC_DIST_DIR=$dist DECLIC_DIST_LINUX_ONLY=1 DECLIC_CHECK_NO_INSTALL=1 scripts/dist-check.sh
echo "== all passed in $SECONDS s"
