#!/usr/bin/env bash
# make bench: start-up time and memory of the real app under Xvfb, start-up with 1,
# 10 and 50 installed packs, then every package's Go benchmarks with -benchmem.
# Prints the figures docs/benchmarks.md records (BENCH_RUNS=N start-ups, default 10;
# BENCH_GO=0 skips the Go benchmarks). Needs the packages of
# scripts/install-deps.sh (Xvfb included).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

runs=${BENCH_RUNS:-10}
work=$(mktemp -d)
cleanup() {
  [[ -n "${xvfb_pid:-}" ]] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build"
go build -trimpath -tags no_emoji -ldflags "-s -w" -o "$work/declic" .
ls -l "$work/declic" | awk '{printf "binary-mb %.1f\n", $5/1048576}'

if [[ -z "${DISPLAY:-}" ]]; then
  display=":$((90 + RANDOM % 9))"
  Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY=$display
  sleep 1
fi

# summary prints min / median / max of the numbers on stdin.
summary() {
  sort -n | awk -v what="$1" '{v[NR]=$1} END {
    if (NR == 0) { print what ": no sample"; exit 1 }
    m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2
    printf "%s min %d median %d max %d (n=%d)\n", what, v[1], m, v[NR], NR }'
}

# startup DATA_DIR runs: one "startup-ms" sample per run.
startup() {
  for ((i = 0; i < $2; i++)); do
    DECLIC_DATA_DIR="$1" "$work/declic" --measure-startup 2>/dev/null | awk '/^startup-ms/ {print $2}'
  done
}

echo "== start-up to first frame, $runs runs"
startup "$work/data" "$runs" | summary "startup-ms"

echo "== memory on a lesson screen with a picture"
DECLIC_DATA_DIR="$work/data" "$work/declic" --measure-memory 2>/dev/null | grep -E '^(rss-mb|go-heap-mb)'

echo "== start-up with installed packs (must stay flat)"
for n in 1 10 50; do
  lib="$work/lib$n"
  mkdir -p "$lib/packs"
  for ((i = 1; i <= n; i++)); do
    cp -r courses/testdata/example "$lib/packs/p$i"
    sed -i "s/^id = .*/id = \"org.example.bench$i\"/" "$lib/packs/p$i/pack.toml"
  done
  startup "$lib" 5 | summary "startup-ms with $n packs"
done

if [[ "${BENCH_GO:-1}" == 0 ]]; then exit 0; fi
echo "== Go benchmarks"
CGO_ENABLED=0 go test -run '^$' -bench . -benchmem -benchtime "${BENCH_TIME:-1x}" ./... 2>&1 |
  grep -E '^(Benchmark|ok|FAIL|---)' || true
