#!/usr/bin/env bash
# Start-up and compile speed, in milliseconds (median wall time):
#   - `govm run hello.go` over 50 runs;
#   - `govm check` on a generated 10,000-line program over 10 runs, and `govm run` on it
#     over 5 runs.
# The generated program is checked with `go vet` first when Go is installed
# (/usr/lib/go-1.19/bin/go, or set GO=...). Needs hyperfine or python3 for timing.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=benches/timing.sh
. benches/timing.sh

cd "$tmp"

cat > hello.go << 'GO'
package main

import "fmt"

func main() {
	fmt.Println("hello, world")
}
GO

# Four kinds of small functions, each used once from main so that nothing is unused:
# integer loops over a struct, string building and parsing, slices and maps, methods and
# closures. Only what Go 1.19 also accepts, so that its `go vet` can check the result.
generate_function() {
    local i=$1
    case $((i % 4)) in
    0) cat << GO
type point$i struct {
	x, y int
	tag  string
}

func loops$i(n int) int {
	p := point$i{x: n, y: $i, tag: "p$i"}
	total := 0
	for k := 0; k < n; k++ {
		switch {
		case k%3 == 0:
			total += k * p.y
		case k%3 == 1:
			total -= p.x ^ k
		default:
			total += (k << 2) / (p.y + 1)
		}
	}
	if len(p.tag) > 2 && total < 0 {
		total = -total
	}
	return total + len(p.tag)
}

GO
        ;;
    1) cat << GO
func strs$i(n int) int {
	var b strings.Builder
	for k := 0; k < n; k++ {
		b.WriteString(strconv.Itoa(k * $i))
		b.WriteByte(',')
	}
	parts := strings.Split(strings.TrimSuffix(b.String(), ","), ",")
	sum := 0
	for _, s := range parts {
		v, err := strconv.Atoi(s)
		if err != nil {
			continue
		}
		sum += v % 97
	}
	name := fmt.Sprintf("f%03d-%s", $i, strings.ToUpper("abc"))
	if strings.HasPrefix(name, "f") {
		sum += len(name)
	}
	return sum
}

GO
        ;;
    2) cat << GO
func tables$i(n int) int {
	xs := make([]int, 0, n)
	for k := 0; k < n; k++ {
		xs = append(xs, (k*$i+7)%31)
	}
	counts := map[int]int{}
	for _, x := range xs {
		counts[x%5]++
	}
	best, bestCount := -1, -1
	for k := 0; k < 5; k++ {
		if c, ok := counts[k]; ok && c > bestCount {
			best, bestCount = k, c
		}
	}
	grid := [3][3]int{{1, 2, 3}, {4, 5, 6}, {7, 8, $i}}
	for r := range grid {
		best += grid[r][r]
	}
	return best + bestCount + len(xs[:n/2])
}

GO
        ;;
    3) cat << GO
type counter$i struct {
	hits  int
	label string
}

func (c *counter$i) add(d int) { c.hits += d }

func (c counter$i) String() string { return c.label + "=" + strconv.Itoa(c.hits) }

func methods$i(n int) int {
	c := &counter$i{label: "c$i"}
	step := func(k int) int { return k*k - $i }
	for k := 0; k < n; k++ {
		c.add(step(k) % 11)
	}
	var s fmt.Stringer = *c
	return c.hits + len(s.String())
}

GO
        ;;
    esac
}

names=(loops strs tables methods)
{
    printf 'package main\n\nimport (\n\t"fmt"\n\t"strconv"\n\t"strings"\n)\n\n'
    for i in $(seq 0 439); do generate_function "$i"; done
    printf 'func main() {\n\tsum := 0\n'
    for i in $(seq 0 439); do printf '\tsum += %s%d(%d)\n' "${names[i % 4]}" "$i" $((i % 10)); done
    printf '\tfmt.Println(sum)\n}\n'
} > big.go

if [ -x "$GO" ]; then
    GO111MODULE=off GOCACHE=$tmp/gocache "$GO" vet big.go
fi
# Time only runs that work: the timing loops ignore exit statuses.
[ "$("$govm" run hello.go)" = "hello, world" ] || { echo "govm run hello.go failed" >&2; exit 1; }
"$govm" run big.go > /dev/null || { echo "govm run big.go failed" >&2; exit 1; }

ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
echo "hello world, govm run:   $(ms "$(median_seconds 50 "$govm" run hello.go)") (median of 50)"
echo "$(wc -l < big.go)-line program, govm check: $(ms "$(median_seconds 10 "$govm" check big.go)") (median of 10)"
echo "$(wc -l < big.go)-line program, govm run:   $(ms "$(median_seconds 5 "$govm" run big.go)") (median of 5)"
