#!/usr/bin/env bash
# How much of what compiled functions run is machine code: runs every program of the
# conformance corpus (../shared/conformance, or CORPUS=...) and every benchmark with
# every function compiled and counting (GOVM_JIT=all GOVM_JITSTATS=1), and adds up the
# instructions each run reports (see `GOVM_JITSTATS` in docs/ARCHITECTURE.md).
#
#   benches/jitstats.sh            # corpus and benchmarks
#   benches/jitstats.sh -v         # and each program's own line
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
govm=$PWD/target/release/govm
corpus=${CORPUS:-$PWD/../shared/conformance}
verbose=${1:-}

# stats GROUP DIR FILE: the run's counts, as "GROUP all native ops" on standard output.
stats() {
    local line all share
    line=$(cd "$2" && GOVM_JIT=all GOVM_JITSTATS=1 timeout 120 "$govm" run "$3" < /dev/null 2>&1 > /dev/null | grep '^jit: ' | tail -1) || true
    [ -n "$line" ] || return 0
    all=$(awk '{ print $2 }' <<< "$line")
    share=$(awk '{ sub("%", "", $8); print $8 }' <<< "$line")
    [ "$verbose" = -v ] && echo "$1 $3: $line" >&2
    echo "$1 $all $share"
}

{
    for dir in "$corpus"/*/; do
        [ "$(basename "$dir")" = compile_errors ] && continue
        for prog in "$dir"*.go; do stats corpus "$dir" "$(basename "$prog")"; done
    done
    for prog in benches/programs/*.go; do stats benches benches/programs "$(basename "$prog")"; done
} | awk '
    { all[$1] += $2; native[$1] += $2 * $3 / 100; runs[$1]++ }
    END {
        for (g in all) {
            printf "%s: %d runs, %.0f instructions in compiled functions, %.2f%% as machine code\n", g, runs[g], all[g], 100 * native[g] / all[g]
            total += all[g]; tnative += native[g]
        }
        printf "both: %.2f%% as machine code\n", 100 * tnative / total
    }'
