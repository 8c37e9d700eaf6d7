#!/usr/bin/env bash
# Prints the linker flags that stamp Déclic's version, taken from FyneApp.toml, into
# a build: `go build -ldflags "-s -w $(scripts/ldflags.sh)"`. The Makefile, dist.sh
# and the release test (cmd/declic-pack) use it, so the app, declic-pack,
# declic-centre and the pack loader all report the same version.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
if [[ -z $version ]]; then
  echo "FyneApp.toml: no Version line" >&2
  exit 1
fi
echo "-X declic/version.number=$version"
