#!/usr/bin/env bash
# Runs every check and test of the project: go vet, gofmt, go test of every package
# (including the headless UI tests, fyne.io/fyne/v2/test, and the PostgreSQL ones),
# then builds the Linux release artefacts and checks them without installing them.
# DECLIC_TEST_NO_DIST=1 skips that last step (quicker while working on code).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh postgresql

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
# ships, and the release build below reuses every package they compiled.
go test -trimpath -tags no_emoji -count=1 ./...

if [[ ${DECLIC_TEST_NO_DIST:-} == 1 ]]; then
  echo "== Linux release artefacts: skipped (DECLIC_TEST_NO_DIST=1)"
  exit 0
fi
echo "== Linux release artefacts ($SECONDS s so far): built (make dist-linux), then checked without installing them"
dist=$(mktemp -d)
trap 'rm -rf "$dist"' EXIT
DECLIC_DIST_DIR=$dist DECLIC_DIST_LINUX_ONLY=1 DECLIC_DIST_FROM_WORKTREE=1 scripts/dist.sh
DECLIC_DIST_DIR=$dist DECLIC_DIST_LINUX_ONLY=1 DECLIC_CHECK_NO_INSTALL=1 scripts/dist-check.sh
echo "== all passed in $SECONDS s"
