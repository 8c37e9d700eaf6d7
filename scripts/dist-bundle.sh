#!/usr/bin/env bash
# Builds a centre's branded installers without rebuilding any Go code: makes a signed
# centre bundle (branding.Build) and packs it beside the program in the .deb, .tar.xz,
# Windows installer and portable zip, reusing the binaries of the last `make dist`.
#
#   scripts/dist-bundle.sh --key centre/installation-key.json --name "EPN des Tilleuls" \
#     [--contact "Besoin d'aide ? Appelez le 01 00 00 00 00"] [--logo logo.png] \
#     [--pack a.declic]... [--trust did:key:z6Mk...]... --out DIR
#
# The key is the centre's key (`declic-centre keygen --dir centre`). DIR receives the
# bundle (DIR/declic-bundle) and the artefacts with their signed SHA256SUMS.
# `declic-centre bundle` will take the same flags.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
out=
while (($#)); do
  case $1 in
    --out) out=$2; shift 2 ;;
    --out=*) out=${1#--out=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
[[ -n $out ]] || { echo "dist-bundle: --out DIR is required" >&2; exit 2; }
work=${DECLIC_DIST_DIR:-dist}/build
if [[ ! -x $work/tools/releasetool || ! -f $work/windows/declic.exe ]]; then
  echo "dist-bundle: no binaries in $work yet: running make dist once first"
  scripts/dist.sh
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
[[ ! -e $out/declic-bundle ]] || { echo "dist-bundle: $out/declic-bundle exists; choose a new --out folder" >&2; exit 2; }
"$work/tools/releasetool" bundle "${args[@]}" --out "$out/declic-bundle"
mkdir -p "$out/build"
for d in linux windows tools icons test-keys; do
  [[ -e $work/$d ]] && cp -R "$work/$d" "$out/build/"
done
DECLIC_DIST_DIR=$out DECLIC_DIST_PACKAGE_ONLY=1 DECLIC_BUNDLE=$out/declic-bundle scripts/dist.sh
