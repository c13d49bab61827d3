#!/usr/bin/env bash
# Times each benchmark under govm and, side by side in the same run, under Lua 5.4 and
# LuaJIT (when installed) and native Go (when /usr/lib/go-1.19/bin/go exists), at the
# default sizes. Prints a Markdown table: median of N runs (N=3, or $RUNS).
# Usage: benches/compare.sh [bench...]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
GOVM=target/release/govm
P=benches/programs
RUNS=${RUNS:-3}
GO=/usr/lib/go-1.19/bin/go
benches=("$@")
[ ${#benches[@]} -eq 0 ] && benches=(fib loop sieve nbody spectralnorm mandelbrot fannkuch binarytrees matmul closures structs_methods iface_dispatch sortints strbuild mapwords)

# Median wall time in seconds of running "$@" $RUNS times.
median() {
    local times=()
    for _ in $(seq "$RUNS"); do
        local s e
        s=$(date +%s.%N)
        "$@" > /dev/null 2>&1 || true
        e=$(date +%s.%N)
        times+=("$(echo "$e - $s" | bc)")
    done
    printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (RUNS + 1) / 2 ))p"
}

tmp=$(mktemp -d)
echo "| bench | govm s | lua5.4 s | lua/govm | luajit s | go s | govm/go | output |"
echo "|---|---|---|---|---|---|---|---|"
for b in "${benches[@]}"; do
    ok=ok
    $GOVM run "$P/$b.go" > "$tmp/out" 2>&1 || true
    cmp -s "$tmp/out" "$P/$b.out" || ok=WRONG
    g=$(median $GOVM run "$P/$b.go")
    l=-; lr=-; j=-; n=-; nr=-
    if [ -f "$P/lua/$b.lua" ] && command -v lua5.4 > /dev/null; then
        l=$(median lua5.4 "$P/lua/$b.lua")
        lr=$(echo "scale=2; $l / $g" | bc)
    fi
    if [ -f "$P/lua/$b.lua" ] && command -v luajit > /dev/null; then
        j=$(median luajit "$P/lua/$b.lua")
    fi
    if [ -x $GO ]; then
        $GO build -o "$tmp/$b" "$P/$b.go"
        n=$(median "$tmp/$b")
        nr=$(echo "scale=1; $g / $n" | bc)
    fi
    printf '| %s | %.2f | %s | %s | %s | %s | %s | %s |\n' "$b" "$g" "$l" "$lr" "$j" "$n" "$nr" "$ok"
done
rm -rf "$tmp"
