#!/usr/bin/env bash
# Times benchmarks (benches/programs, see its README.md) at their default sizes under
# govm's interpreter and with every function compiled (GOVM_JIT=all) and, side by side in
# the same run, under Lua 5.4, LuaJIT's interpreter (-joff) and JIT, and native Go when
# they are installed. Prints a Markdown table for docs/BENCHMARKS.md: the median wall
# time of RUNS runs (default 3). Every output is checked against NAME.out first.
#
#   benches/run.sh                 # every sequential benchmark
#   RUNS=5 benches/run.sh fib loop # chosen ones (goroutine benchmarks too)
#
# Native Go is /usr/lib/go-1.19/bin/go (Debian: apt-get install golang-1.19-go, or set
# GO=...); each program is built once, and only the binary is timed.
# Needs hyperfine or python3 for timing.
set -euo pipefail
cd "$(dirname "$0")/.."
command=$(printf '%q ' "RUNS=${RUNS:-3}" benches/run.sh "$@")
command=${command% }
RUNS=${RUNS:-3}
# shellcheck source=benches/timing.sh
. benches/timing.sh

benches=("$@")
if [ ${#benches[@]} -eq 0 ]; then
    benches=(fib loop sieve nbody spectralnorm mandelbrot fannkuch binarytrees mapwords strbuild
        sortints structs_methods iface_dispatch closures matmul)
fi

cd benches/programs

have() { command -v "$1" > /dev/null; }

# A time cell: seconds to two decimals, or the word that replaced the time (-, failed, wrong).
is_time() { [[ $1 =~ ^[0-9] ]]; }
cell() { if is_time "$1"; then awk -v t="$1" 'BEGIN { printf "%.2f", t }'; else echo "$1"; fi; }
ratio() { if is_time "$1" && is_time "$2"; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; else echo -; fi; }

# checked_time BENCH COMMAND...: the median time of the command, after one run (which
# also warms up caches) whose output must match BENCH.out; else the word failed or wrong.
checked_time() {
    local bench=$1
    shift
    if ! "$@" < /dev/null > "$tmp/out" 2> "$tmp/err"; then
        echo "$bench: $1 failed: $(head -n 1 "$tmp/err")" >&2
        echo failed
    elif ! cmp -s "$tmp/out" "$bench.out"; then
        echo "$bench: $1 printed: $(head -c 200 "$tmp/out")" >&2
        echo wrong
    else
        median_seconds "$RUNS" "$@"
    fi
}

echo "Command: \`$command\`"
echo "Machine: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores"
echo "Versions: govm $(git rev-parse --short HEAD 2> /dev/null || echo '?')," \
    "$(have lua5.4 && lua5.4 -v | cut -d ' ' -f 1-2 || echo no lua5.4)," \
    "$(have luajit && luajit -v | cut -d ' ' -f 1-2 || echo no luajit)," \
    "$([ -x "$GO" ] && "$GO" version | cut -d ' ' -f 3 || echo no go)"
echo "Median of $RUNS runs, wall seconds, default sizes. interp/JIT: the JIT's speed-up;"
echo "JIT/go: how many times Go's time the JIT takes."
echo
echo "| bench | govm interp s | govm JIT s | interp/JIT | lua5.4 s | luajit -joff s | luajit s | go s | JIT/go |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for b in "${benches[@]}"; do
    [ -f "$b.go" ] || { echo "no benchmark $b" >&2; exit 1; }
    g=$(checked_time "$b" "$govm" run "$b.go")
    c=$(checked_time "$b" env GOVM_JIT=all "$govm" run "$b.go")
    l=- i=- j=- n=-
    if [ -f "lua/$b.lua" ] && have lua5.4; then l=$(checked_time "$b" lua5.4 "lua/$b.lua"); fi
    if [ -f "lua/$b.lua" ] && have luajit; then
        i=$(checked_time "$b" luajit -joff "lua/$b.lua")
        j=$(checked_time "$b" luajit "lua/$b.lua")
    fi
    if [ -x "$GO" ]; then
        GO111MODULE=off "$GO" build -o "$tmp/$b" "$b.go"
        n=$(checked_time "$b" "$tmp/$b")
    fi
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$b" "$(cell "$g")" "$(cell "$c")" \
        "$(ratio "$g" "$c")" "$(cell "$l")" "$(cell "$i")" "$(cell "$j")" "$(cell "$n")" "$(ratio "$c" "$n")"
done
