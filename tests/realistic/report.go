// Text reports: a sales table with Printf widths, precision and alignment,
// per-region subtotals, grand totals, and a dump of values with %v %+v %T %q %x.
package main

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

type Region string

type Sale struct {
	ID       int
	Region   Region
	Product  string
	Units    int
	Price    float64
	Discount float64 // fraction
}

func (s Sale) Total() float64 { return float64(s.Units) * s.Price * (1 - s.Discount) }

type Summary struct {
	Units int
	Gross float64
	Net   float64
	Best  *Sale
}

var sales = []Sale{
	{1001, "north", "Widget", 12, 3.75, 0},
	{1002, "south", "Gadget", 3, 19.99, 0.1},
	{1003, "north", "Gizmo", 7, 8.5, 0.05},
	{1004, "east", "Widget", 40, 3.6, 0.15},
	{1005, "south", "Doohickey", 1, 149.0, 0},
	{1006, "east", "Gadget", 9, 18.75, 0},
	{1007, "north", "Thingamajig", 2, 61.2, 0.2},
	{1008, "west", "Gizmo", 15, 8.25, 0.1},
	{1009, "south", "Widget", 25, 3.8, 0.05},
}

func line(widths ...int) string {
	parts := make([]string, len(widths))
	for i, w := range widths {
		parts[i] = strings.Repeat("-", w)
	}
	return strings.Join(parts, "-+-")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "~"
}

func main() {
	fmt.Printf("%-6s | %-10s | %-9s | %5s | %8s | %5s | %10s\n",
		"ID", "Product", "Region", "Units", "Price", "Disc", "Total")
	fmt.Println(line(6, 10, 9, 5, 8, 5, 10))
	byRegion := map[Region]*Summary{}
	var grand Summary
	for i := range sales {
		s := &sales[i]
		fmt.Printf("%06d | %-10s | %-9s | %5d | %8.2f | %4.0f%% | %10.3f\n",
			s.ID, truncate(s.Product, 10), s.Region, s.Units, s.Price, s.Discount*100, s.Total())
		sum := byRegion[s.Region]
		if sum == nil {
			sum = &Summary{}
			byRegion[s.Region] = sum
		}
		for _, acc := range []*Summary{sum, &grand} {
			acc.Units += s.Units
			acc.Gross += float64(s.Units) * s.Price
			acc.Net += s.Total()
			if acc.Best == nil || s.Total() > acc.Best.Total() {
				acc.Best = s
			}
		}
	}
	fmt.Println(line(6, 10, 9, 5, 8, 5, 10))
	fmt.Printf("%-6s | %-10s | %-9s | %5d | %8s | %5s | %10.3f\n", "TOTAL", "", "", grand.Units, "", "", grand.Net)
	fmt.Println()

	regions := make([]Region, 0, len(byRegion))
	for r := range byRegion {
		regions = append(regions, r)
	}
	sort.Slice(regions, func(i, j int) bool { return byRegion[regions[i]].Net > byRegion[regions[j]].Net })
	fmt.Printf("%-8s%8s%12s%12s%8s  %s\n", "region", "units", "gross", "net", "share", "best sale")
	for _, r := range regions {
		s := byRegion[r]
		share := 100 * s.Net / grand.Net
		bar := strings.Repeat("#", int(share/5+0.5))
		fmt.Printf("%-8s%8d%12.2f%12.2f%7.1f%%  #%d %-12s %s\n", r, s.Units, s.Gross, s.Net, share, s.Best.ID, bar, strings.ToUpper(string(r[:1])))
	}
	fmt.Printf("%-8s%8d%12.2f%12.2f%7.1f%%\n", "all", grand.Units, grand.Gross, grand.Net, 100.0)
	fmt.Printf("discounts given: %.4f (%.2e)\n", grand.Gross-grand.Net, grand.Gross-grand.Net)
	fmt.Println()

	// Right-aligned and left-aligned numbers, signs, padding with zeros, star widths.
	for _, v := range []int{0, 7, -42, 1234, 65535} {
		fmt.Printf("[%5d] [%-5d] [%+d] [%05d] [%x] [%X] [%#x] [%o] [%b] [%*d] [%-*d]\n",
			v, v, v, v, v, v, v, v, v&15, 6, v, 6, v)
	}
	for _, f := range []float64{0, 3.14159265, -2.5, 1234567.891, 0.000123} {
		fmt.Printf("[%8.3f] [%-10.1f] [%+.2f] [%e] [%g] [%G] [%6.0f] [%v]\n", f, f, f, f, f, f, f, f)
	}
	for _, s := range []string{"", "go", "tab\there", "quote\"d", "ünï"} {
		fmt.Printf("[%8s] [%-8s] [%.2s] [%q] [%x] [% x] [%8q]\n", s, s, s, s, s, s, s)
	}

	// Composite values with %v, %+v, %T and %#v-free forms.
	best := *grand.Best
	fmt.Printf("%v\n%+v\n%T\n", best, best, best)
	fmt.Printf("%v %+v %T\n", byRegion["west"].Units, regions, regions)
	fmt.Printf("%v | %T | %v | %T\n", []string{"a", "b"}, map[string]int{}, map[string]int{"one": 1}, grand.Best)
	fmt.Printf("%t %v %q %c %U %d\n", true, nil, 'x', 'λ', 'λ', 'λ')
	fmt.Printf("%5t|%-7v|%3c|%x\n", false, []int{1, 2}, 'A', []byte("hi"))
	fmt.Printf("%s %v %d\n", time.Duration(90)*time.Second, 1500*time.Millisecond, time.Minute)
	// Mistakes in formats are reported in the output (go vet would flag these).
	bad, extra, args := "%d%%, %s, %d %d|%!", "%d|", []any{50, 42, "x"}
	fmt.Println(fmt.Sprintf(bad, args...), fmt.Sprintf(extra, 1, 2))
	fmt.Println(fmt.Sprintf("%08.3f|%-8.2f|%+08d", -3.14159, 2.5, 42))
}
