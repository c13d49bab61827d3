#!/usr/bin/env bash
# The goroutine benchmarks (benches/programs/{spawn,pingpong,workers,primesieve_chan,
# mutex_counter}.go) under govm and, side by side in the same run, native Go when it is
# installed. Prints Markdown for docs/BENCHMARKS.md:
#
# - spawn.go with SPAWN goroutines (default 1000000) all parked on one channel: peak RSS
#   and bytes per goroutine (peak RSS minus a 1-goroutine run's, divided by SPAWN);
# - median wall times (RUNS runs, default 3) of pingpong, primesieve_chan, mutex_counter;
# - workers.go at GOMAXPROCS=1 and 2, and the speed-up from one to the other.
#
# Native Go is /usr/lib/go-1.19/bin/go (or set GO=...). Needs /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
command=$(printf '%q ' "RUNS=${RUNS:-3}" "SPAWN=${SPAWN:-1000000}" benches/goroutines.sh)
command=${command% }
RUNS=${RUNS:-3}
SPAWN=${SPAWN:-1000000}
# shellcheck source=benches/timing.sh
. benches/timing.sh

cd benches/programs
have_go=false
if [ -x "$GO" ]; then
    have_go=true
    for b in spawn pingpong workers primesieve_chan mutex_counter; do
        GO111MODULE=off "$GO" build -o "$tmp/$b" "$b.go"
    done
fi

# peak_kb COMMAND...: the peak resident set of one run, in KB.
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -n 1; }
# checked COMMAND...: runs once and fails unless stdout matches $bench.out.
checked() {
    "$@" > "$tmp/out" < /dev/null
    cmp -s "$tmp/out" "$bench.out" || { echo "$bench: wrong output from $1" >&2; exit 1; }
}
secs() { awk -v t="$1" 'BEGIN { printf "%.3f", t }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "Command: \`$command\`"
echo "Machine: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
echo "Versions: govm $(git rev-parse --short HEAD 2> /dev/null || echo '?'), $($have_go && "$GO" version | cut -d ' ' -f 3 || echo no go)"
echo
echo "| spawn $SPAWN goroutines | peak RSS MB | bytes per goroutine |"
echo "|---|---:|---:|"
base=$(peak_kb "$govm" run spawn.go 1)
peak=$(peak_kb "$govm" run spawn.go "$SPAWN")
printf '| govm | %s | %s |\n' "$(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }')" \
    "$(awk -v p="$peak" -v b="$base" -v n="$SPAWN" 'BEGIN { printf "%.0f", (p - b) * 1024 / n }')"
if $have_go; then
    base=$(peak_kb "$tmp/spawn" 1)
    peak=$(peak_kb "$tmp/spawn" "$SPAWN")
    printf '| go | %s | %s |\n' "$(awk -v k="$peak" 'BEGIN { printf "%.0f", k / 1024 }')" \
        "$(awk -v p="$peak" -v b="$base" -v n="$SPAWN" 'BEGIN { printf "%.0f", (p - b) * 1024 / n }')"
fi
echo
echo "| bench | govm s | go s | govm/go |"
echo "|---|---:|---:|---:|"
for bench in pingpong primesieve_chan mutex_counter; do
    checked "$govm" run "$bench.go"
    g=$(median_seconds "$RUNS" "$govm" run "$bench.go")
    n=-
    if $have_go; then
        checked "$tmp/$bench"
        n=$(median_seconds "$RUNS" "$tmp/$bench")
    fi
    printf '| %s | %s | %s | %s |\n' "$bench" "$(secs "$g")" "$([ "$n" = - ] && echo - || secs "$n")" \
        "$([ "$n" = - ] && echo - || ratio "$g" "$n")"
done
echo
echo "| workers.go | GOMAXPROCS=1 s | GOMAXPROCS=2 s | speed-up |"
echo "|---|---:|---:|---:|"
bench=workers
workers_row() {
    local name=$1
    shift
    checked "$@"
    local one two
    one=$(GOMAXPROCS=1 median_seconds "$RUNS" "$@")
    two=$(GOMAXPROCS=2 median_seconds "$RUNS" "$@")
    printf '| %s | %s | %s | %s |\n' "$name" "$(secs "$one")" "$(secs "$two")" "$(ratio "$one" "$two")"
}
workers_row govm "$govm" run workers.go
if $have_go; then workers_row go "$tmp/workers"; fi
