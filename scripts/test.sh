#!/usr/bin/env bash
# Runs every check and test of the project: go vet, gofmt, and go test of every
# package, including the headless UI tests (fyne.io/fyne/v2/test).
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

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...
