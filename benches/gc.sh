#!/usr/bin/env bash
# The collector's benchmarks under govm and, side by side in the same run, native Go when
# it is installed. Prints Markdown for docs/BENCHMARKS.md:
#
# - binarytrees.go at depth DEPTH (default 18): median wall time of RUNS runs (default
#   3), peak RSS, and collections with their stop-the-world pauses (from
#   GODEBUG=gctrace=1: govm's whole collection is a pause; Go's pauses are the first and
#   third clock phases of each line);
# - tests/programs/churn.go allocating CHURN MiB (default 10240) of short-lived objects,
#   cyclic pairs among them: the same figures.
#
# Native Go is /usr/lib/go-1.19/bin/go (or set GO=...). Needs /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DEPTH=${DEPTH:-18}
CHURN=${CHURN:-10240}
command=$(printf '%q ' "RUNS=$RUNS" "DEPTH=$DEPTH" "CHURN=$CHURN" benches/gc.sh)
command=${command% }
# shellcheck source=benches/timing.sh
. benches/timing.sh

cp benches/programs/binarytrees.go tests/programs/churn.go "$tmp"
cd "$tmp"
have_go=false
if [ -x "$GO" ]; then
    have_go=true
    for b in binarytrees churn; do
        GO111MODULE=off "$GO" build -o "$tmp/$b" "$b.go"
    done
fi

peak_mb() { /usr/bin/time -f %M "$@" 2>&1 > /dev/null | tail -n 1 | awk '{ printf "%.0f", $1 / 1024 }'; }
# pauses KIND COMMAND...: "collections | total pause ms | longest pause ms" from gctrace.
pauses() {
    local kind=$1
    shift
    GODEBUG=gctrace=1 "$@" 2>&1 > /dev/null | awk -v kind="$kind" '
        /^gc [0-9]+ @/ {
            split($5, clock, "+")
            p = kind == "govm" ? clock[2] : clock[1] + clock[3]
            n++; total += p; if (p > max) max = p
        }
        END { printf "%d | %.1f | %.2f", n, total, max }'
}
row() {
    local name=$1
    shift
    local t
    t=$(median_seconds "$RUNS" "$@")
    printf '| %s | %.2f | %s | %s |\n' "$name" "$t" "$(peak_mb "$@")" "$(pauses "$name" "$@")"
}

echo "Command: \`$command\`"
echo "Machine: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
echo "Versions: govm $(git -C "$OLDPWD" rev-parse --short HEAD 2> /dev/null || echo '?'), $($have_go && "$GO" version | cut -d ' ' -f 3 || echo no go)"
for bench in "binarytrees $DEPTH" "churn $CHURN"; do
    set -- $bench
    echo
    echo "| $1.go $2 | time s | peak RSS MB | collections | total pause ms | longest pause ms |"
    echo "|---|---:|---:|---:|---:|---:|"
    row govm "$govm" run "$1.go" "$2"
    if $have_go; then
        row go "./$1" "$2"
    fi
done
