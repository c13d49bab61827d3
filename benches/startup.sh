#!/usr/bin/env bash
# Startup and compile speed: median wall time of `govm run hello.go` over 50 runs, and of
# `govm check` on a generated 10,000-line program over 10 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
GOVM=$PWD/target/release/govm
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat > "$tmp/hello.go" <<'GO'
package main

import "fmt"

func main() {
	fmt.Println("hello, world")
}
GO

# A 10,000-line program: many small functions with loops, arithmetic, strings, structs
# and maps, all called from main.
gen() {
    echo "package main"
    echo
    echo 'import ("fmt"; "strings")'
    echo
    echo "type point struct { x, y int; name string }"
    echo
    for i in $(seq 0 439); do
        cat <<GO
func work$i(n int) int {
	total := 0
	p := point{x: n, y: $i, name: "p$i"}
	for i := 0; i < n; i++ {
		if i%3 == 0 {
			total += i * $i
		} else {
			total -= p.x + p.y
		}
	}
	m := map[string]int{"a": total, "b": $i}
	s := strings.Repeat("x", n%5) + p.name
	if len(s) > 3 && m["b"] >= 0 {
		total += len(s)
	}
	parts := []int{total, p.x, p.y}
	for _, v := range parts {
		total += v % 7
	}
	return total
}

GO
    done
    echo "func main() {"
    echo "	sum := 0"
    for i in $(seq 0 439); do echo "	sum += work$i($((i % 10)))"; done
    echo "	fmt.Println(sum)"
    echo "}"
}
gen > "$tmp/big.go"

median_ms() {
    local runs=$1; shift
    local times=()
    for _ in $(seq "$runs"); do
        local s e
        s=$(date +%s%N)
        "$@" > /dev/null
        e=$(date +%s%N)
        times+=($(( (e - s) / 1000 )))
    done
    local m
    m=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    echo "scale=2; $m / 1000" | bc
}

echo "hello world, govm run: $(median_ms 50 "$GOVM" run "$tmp/hello.go") ms (median of 50)"
echo "generated program: $(wc -l < "$tmp/big.go") lines"
echo "10k lines, govm check: $(median_ms 10 "$GOVM" check "$tmp/big.go") ms (median of 10)"
echo "10k lines, govm run:   $(median_ms 5 "$GOVM" run "$tmp/big.go") ms (median of 5)"
