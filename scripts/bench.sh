#!/usr/bin/env bash
# make bench: measures the budgets of docs/benchmarks.md and ends with their table
# (budget, figure, « tenu / pas tenu »); exits non-zero when a budget is missed or a
# Go benchmark fails.
#
# The app is built and started under Xvfb: start-up to the first frame (BENCH_RUNS
# runs, default 10), start-up with 1, 10 and 50 installed packs (5 runs each), the
# resident memory on a lesson with a picture (3 runs; the software OpenGL renderer's
# libraries counted apart), and key → drawn answer of the search. Then the budgets'
# Go benchmarks, then every package's Go benchmarks with -benchmem (BENCH_GO=0 skips
# these last).
#
# BENCH_BEFORE=<git ref> (e.g. main) measures that commit too, in the same run, and
# prints it in a « before » column; the « tenu » column is about the working tree.
# Needs the packages of scripts/install-deps.sh (Xvfb included).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

runs=${BENCH_RUNS:-10}
before=${BENCH_BEFORE:-}
work=$(mktemp -d)
cleanup() {
  if [[ -n "${xvfb_pid:-}" ]]; then kill "$xvfb_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ -z "${DISPLAY:-}" ]]; then
  display=":$((90 + RANDOM % 9))"
  Xvfb "$display" -screen 0 1280x800x24 >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY=$display
  sleep 1
fi

# median, p95 and min/max of the numbers on stdin ("-" when there are none).
median() { sort -g | awk '{v[NR]=$1} END { if (NR == 0) { print "-"; exit } print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2 }'; }
p95() { sort -g | awk '{v[NR]=$1} END { if (NR == 0) { print "-"; exit } i = int(0.95 * NR + 0.999); print v[i] }'; }
range() { sort -g | awk '{v[NR]=$1} END { if (NR == 0) { print "-"; exit } print v[1] "–" v[NR] }'; }

# figure SIDE NAME VALUE: keeps a measured figure for the final table.
# (Figures live in their own folder, apart from the samples they are computed from.)
figure() { mkdir -p "$work/figures"; echo "$3" >"$work/figures/$1.$2"; }
got() { cat "$work/figures/$1.$2" 2>/dev/null || echo "-"; }

# own_mb PID: resident MB (10^6 bytes) of PID without the software renderer's
# mappings (libLLVM, swrast_dri, libgallium), read from /proc/PID/smaps.
own_mb() {
  awk '/^[0-9a-f]+-[0-9a-f]+ / { r = ($6 ~ /(libLLVM|swrast_dri|libgallium)/) }
       /^Rss:/ { t += $2; if (r) g += $2 }
       END { if (t) printf "%.1f %.1f\n", (t - g) * 1024 / 1e6, t * 1024 / 1e6 }' "/proc/$1/smaps" 2>/dev/null || true
}

# measure_app SIDE BINARY: the app's figures.
measure_app() {
  local side=$1 bin=$2 data="$work/data-$1"
  echo "== $side: start-up to first frame, $runs runs"
  for ((i = 0; i < runs; i++)); do
    DECLIC_DATA_DIR="$data" "$bin" --measure-startup 2>/dev/null | grep -E '^startup-(cpu-)?ms' || true
  done | tee "$work/$side.startup"
  figure "$side" startup "$(awk '$1 == "startup-ms" {print $2}' "$work/$side.startup" | median)"
  figure "$side" startup-range "$(awk '$1 == "startup-ms" {print $2}' "$work/$side.startup" | range)"
  figure "$side" startup-cpu "$(awk '$1 == "startup-cpu-ms" {print $2}' "$work/$side.startup" | median)"

  echo "== $side: start-up with installed packs (must stay flat), 5 runs each"
  for n in 1 10 50; do
    local lib="$work/lib-$side-$n"
    mkdir -p "$lib/packs"
    for ((i = 1; i <= n; i++)); do
      cp -r courses/testdata/example "$lib/packs/p$i"
      sed -i "s/^id = .*/id = \"org.example.bench$i\"/" "$lib/packs/p$i/pack.toml"
    done
    for ((i = 0; i < 5; i++)); do
      DECLIC_DATA_DIR="$lib" "$bin" --measure-startup 2>/dev/null | awk '$1 == "startup-ms" {print $2}' || true
    done >"$work/$side.packs$n"
    echo "$n packs: $(tr '\n' ' ' <"$work/$side.packs$n")ms"
    figure "$side" "packs$n" "$(median <"$work/$side.packs$n")"
  done

  echo "== $side: memory on a lesson screen with a picture, 3 runs (own MB, total MB)"
  for ((i = 0; i < 3; i++)); do
    # smaps is read from outside, when the app prints its figure (before it
    # quits), so that builds without the split measure the same way.
    # smaps is read from outside every 50 ms until the app prints its figure: the
    # last reading before it is taken on the lesson, as the app waits a second or
    # two there before it prints and quits (builds without the split measure the
    # same way).
    DECLIC_DATA_DIR="$data" "$bin" --measure-memory 2>/dev/null >"$work/mem.out" &
    local pid=$! split="" now
    while kill -0 "$pid" 2>/dev/null; do
      now=$(own_mb "$pid")
      if grep -q '^rss-mb' "$work/mem.out"; then break; fi
      split=$now
      sleep 0.05
    done
    wait "$pid" || true
    if [[ -n "$split" ]]; then echo "$split"; fi
  done | tee "$work/$side.mem"
  figure "$side" mem-own "$(awk '{print $1}' "$work/$side.mem" | median)"
  figure "$side" mem-total "$(awk '{print $2}' "$work/$side.mem" | median)"

  echo "== $side: key → drawn answer of the search (--measure-search)"
  if DECLIC_DATA_DIR="$data" "$bin" --measure-search >"$work/$side.search" 2>/dev/null; then
    cat "$work/$side.search"
    figure "$side" search-p95 "$(awk '$1 == "search-frame-ms" {print $2}' "$work/$side.search" | p95)"
    figure "$side" search-p50 "$(awk '$1 == "search-frame-ms" {print $2}' "$work/$side.search" | median)"
  else
    echo "(this build has no --measure-search)"
  fi
}

# bench_metric FILE BENCHMARK UNIT: the value a benchmark's line gives for UNIT.
bench_metric() {
  awk -v b="$2" -v u="$3" '$1 ~ "^Benchmark" b "(-[0-9]+)?$" { for (i = 3; i <= NF; i++) if ($i == u) v = $(i-1) } END { print (v == "") ? "-" : v }' "$1"
}

# bench_median FILE BENCHMARK UNIT: the median of a benchmark's values for UNIT
# (run with -count N).
bench_median() {
  awk -v b="$2" -v u="$3" '$1 ~ "^Benchmark" b "(-[0-9]+)?$" { for (i = 3; i <= NF; i++) if ($i == u) print $(i-1) }' "$1" | median
}

# go_budgets SIDE DIR: the Go benchmarks the budgets are measured with.
go_budgets() {
  local side=$1 out="$work/$1.go"
  echo "== $side: the budgets' Go benchmarks"
  (
    cd "$2"
    CGO_ENABLED=0 go test -run '^$' -bench 'VerifyRDFC$' -cpu 1 -benchtime 2000x -benchmem ./records || echo FAIL
    CGO_ENABLED=0 go test -run '^$' -bench 'Credit1000$' -benchtime 1x -count 5 ./cmd/declic-centre || echo FAIL
    CGO_ENABLED=0 go test -run '^$' -bench 'OpenModuleAndNext|SearchKeystrokeToResults' -benchtime 1x ./app || echo FAIL
    CGO_ENABLED=0 go test -run '^$' -bench 'LoadPack1000Lessons' -benchtime 5x -benchmem ./courses || echo FAIL
    CGO_ENABLED=0 go test -run '^$' -bench 'SearchAsYouType' -benchtime 1x ./search || echo FAIL
  ) 2>&1 | tee "$out" | grep -E '^(Benchmark|ok|FAIL|---|panic)' || true
  if grep -qE '^(FAIL|--- FAIL|panic)' "$out"; then figure "$side" go-failed yes; fi
  local ns
  # Records per CPU-second: one core's rate, which the other work on the machine
  # does not change (records/s, wall clock, is printed above).
  figure "$side" verify "$(bench_metric "$out" VerifyRDFC records/cpu-s)"
  figure "$side" verify-allocs "$(bench_metric "$out" VerifyRDFC allocs/op)"
  figure "$side" verify-bytes "$(bench_metric "$out" VerifyRDFC B/op)"
  figure "$side" credit-cpu "$(bench_median "$out" Credit1000 cpu-s/1000)"
  figure "$side" credit-wall "$(bench_median "$out" Credit1000 s/1000)"
  figure "$side" open-p95 "$(bench_metric "$out" OpenModuleAndNextScreen open-p95-ms)"
  figure "$side" next-p95 "$(bench_metric "$out" OpenModuleAndNextScreen next-p95-ms)"
  figure "$side" key-p95 "$(bench_metric "$out" SearchKeystrokeToResults p95-ms)"
  ns=$(bench_metric "$out" LoadPack1000Lessons ns/op)
  figure "$side" pack1000 "$([[ $ns == - ]] && echo - || awk -v n="$ns" 'BEGIN { printf "%.0f", n / 1e6 }')"
  figure "$side" typeahead-p95 "$(bench_metric "$out" SearchAsYouType p95-ms)"
}

# measure SIDE DIR: builds the app of DIR and measures it.
measure() {
  local side=$1 dir=$2
  echo "== $side: build"
  (cd "$dir" && go build -trimpath -tags no_emoji -ldflags "-s -w" -o "$work/declic-$side" .)
  figure "$side" binary "$(stat -c %s "$work/declic-$side" | awk '{printf "%.1f", $1 / 1e6}')"
  echo "binary $(stat -c %s "$work/declic-$side") bytes"
  measure_app "$side" "$work/declic-$side"
  go_budgets "$side" "$dir"
}

echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n "$before" ]]; then
  mkdir "$work/before"
  git archive "$before" | tar -x -C "$work/before"
  measure before "$work/before"
fi
measure after .

go_all=skipped
if [[ "${BENCH_GO:-1}" != 0 ]]; then
  echo "== every Go benchmark, -benchmem"
  # Every package but the main one (it has no benchmark, and needs cgo for the
  # OpenGL driver; the app package is tested with Fyne's headless driver).
  if CGO_ENABLED=0 go test -run '^$' -bench . -benchmem -benchtime "${BENCH_TIME:-1x}" $(go list ./... | grep -vx declic) >"$work/all.go" 2>&1; then
    go_all=ok
  else
    go_all=failed
  fi
  grep -E '^(Benchmark|ok|FAIL|---|panic)' "$work/all.go" || true
fi
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"

# The table: budget, before (with BENCH_BEFORE), after, and whether it is met.
missed=0
row() { # row WHAT BUDGET_TEST FIGURE_KEY UNIT
  local a b verdict
  a=$(got after "$3")
  b=$(got before "$3")
  if [[ $a == - ]]; then
    verdict="pas tenu (pas de mesure)"
  elif awk -v x="$a" "BEGIN { exit !($2) }"; then
    verdict=tenu
  else
    verdict="pas tenu"
  fi
  [[ $verdict == tenu ]] || missed=1
  if [[ -n "$before" ]]; then
    printf '| %s | %s %s | %s %s | %s |\n' "$1" "$b" "$4" "$a" "$4" "$verdict"
  else
    printf '| %s | %s %s | %s |\n' "$1" "$a" "$4" "$verdict"
  fi
}
echo
echo "== budgets (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
if [[ -n "$before" ]]; then
  echo "| budget | before ($before) | after | |"
  echo "|---|---|---|---|"
else
  echo "| budget | figure | |"
  echo "|---|---|---|"
fi
row "start-up to first frame, median of $runs, < 300 ms" 'x < 300' startup ms
row "start-up with 50 packs within 25 % of 1 pack" "x <= 1.25 * $(got after packs1)" packs50 ms
row "key → drawn search answer, p95, < 50 ms" 'x < 50' search-p95 ms
row "resident memory without the software renderer, lesson with a picture, < 90 MB" 'x < 90' mem-own MB
row "eddsa-rdfc-2022 verification, one core, > 5,000 records per CPU-second" 'x > 5000' verify /CPU-s
row "credit 1,000 records into SQLite, median of 5, < 0.5 CPU-s" 'x < 0.5' credit-cpu CPU-s
row "open a module, p95, < 50 ms" 'x < 50' open-p95 ms
row "next screen, p95, < 50 ms" 'x < 50' next-p95 ms
row "load a 1,000-lesson pack, < 1,000 ms" 'x < 1000' pack1000 ms
row "search-as-you-type on 10,000 steps, p95, < 10 ms" 'x < 10' typeahead-p95 ms
row "stripped Linux binary, < 40 MB" 'x < 40' binary MB
if [[ -n "$before" ]]; then
  echo "| (start-up: CPU time to the first frame, median; no budget) | $(got before startup-cpu) ms | $(got after startup-cpu) ms | |"
else
  echo "| (start-up: CPU time to the first frame, median; no budget) | $(got after startup-cpu) ms | |"
fi
if [[ $(got after go-failed) == yes ]]; then
  echo "| the budgets' Go benchmarks run | | failed | pas tenu |"
  missed=1
fi
case $go_all in
  ok) echo "| every Go benchmark runs | | ok | tenu |" ;;
  failed) echo "| every Go benchmark runs | | failed | pas tenu |"; missed=1 ;;
esac
exit "$missed"
