// An inventory parsed from CSV-like text with strconv, validated, sorted several
// ways with sort.Slice / sort.SliceStable / sort.Strings, and summarised with
// strings.Builder into a restock order and a category index.
package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

const data = `sku,name,category,qty,price,reorder
A-100,Hex bolt M6,hardware,420,0.12,500
A-101,Hex nut M6,hardware,1300,0.05,500
B-200,Cordless drill,tools,7,89.90,5
B-201,Drill bit set,tools,3,24.50,10
C-300,Wood glue 250ml,adhesives,35,6.75,20
C-301,Epoxy twin pack,adhesives,12,11.20,15
A-102,Washer M6,hardware,0,0.03,1000
D-400,Safety glasses,safety,48,4.99,25
D-401,Work gloves L,safety,9,7.45,30
B-202,Claw hammer,tools,14,17.00,8
X-999,Broken line,tools
E-500,Mystery item,misc,many,1.00,1
E-501,Free sample,misc,5,-2.00,0`

type Item struct {
	SKU, Name, Category string
	Qty                 int
	Price               float64
	Reorder             int
}

func (it Item) Value() float64 { return float64(it.Qty) * it.Price }

func parse(text string) ([]Item, []string) {
	var items []Item
	var problems []string
	lines := strings.Split(text, "\n")
	header := strings.Split(lines[0], ",")
	for n, line := range lines[1:] {
		f := strings.Split(line, ",")
		if len(f) != len(header) {
			problems = append(problems, fmt.Sprintf("line %d: %d fields, want %d", n+2, len(f), len(header)))
			continue
		}
		qty, err := strconv.Atoi(f[3])
		if err != nil {
			problems = append(problems, fmt.Sprintf("line %d: qty: %v", n+2, err))
			continue
		}
		price, err := strconv.ParseFloat(f[4], 64)
		if err != nil || price < 0 {
			problems = append(problems, fmt.Sprintf("line %d: bad price %s", n+2, strconv.Quote(f[4])))
			continue
		}
		reorder, _ := strconv.Atoi(f[5])
		items = append(items, Item{f[0], f[1], f[2], qty, price, reorder})
	}
	return items, problems
}

func table(title string, items []Item) string {
	var b strings.Builder
	b.WriteString("== " + title + " ==\n")
	for _, it := range items {
		b.WriteString(it.SKU)
		b.WriteByte(' ')
		b.WriteString(it.Name)
		b.WriteString(strings.Repeat(".", 18-len(it.Name)))
		b.WriteString(strconv.Itoa(it.Qty))
		b.WriteString(" x ")
		b.WriteString(strconv.FormatFloat(it.Price, 'f', 2, 64))
		b.WriteString(" = ")
		b.WriteString(strconv.FormatFloat(it.Value(), 'f', -1, 64))
		b.WriteByte('\n')
	}
	return b.String()
}

func main() {
	items, problems := parse(data)
	fmt.Printf("parsed %d items, %d problems\n", len(items), len(problems))
	for _, p := range problems {
		fmt.Println("  !", p)
	}

	byValue := append([]Item(nil), items...)
	sort.Slice(byValue, func(i, j int) bool { return byValue[i].Value() > byValue[j].Value() })
	fmt.Print(table("by stock value", byValue[:5]))

	// Stable sort by category keeps the SKU order within each category.
	bySKU := append([]Item(nil), items...)
	sort.Slice(bySKU, func(i, j int) bool { return bySKU[i].SKU < bySKU[j].SKU })
	sort.SliceStable(bySKU, func(i, j int) bool { return bySKU[i].Category < bySKU[j].Category })
	fmt.Print(table("by category, then SKU", bySKU))

	// Restock: anything below its reorder level, ordered up to twice the level.
	var order strings.Builder
	var cost float64
	for _, it := range bySKU {
		if it.Qty < it.Reorder {
			n := 2*it.Reorder - it.Qty
			line := fmt.Sprintf("%-6s %5d  %9.2f\n", it.SKU, n, float64(n)*it.Price)
			order.WriteString(line)
			cost += float64(n) * it.Price
		}
	}
	fmt.Printf("restock order (%d bytes):\n%stotal %s\n", order.Len(), order.String(), strconv.FormatFloat(cost, 'f', 2, 64))

	// Category index: sorted category names, each with sorted item names.
	index := map[string][]string{}
	for _, it := range items {
		index[it.Category] = append(index[it.Category], strings.ToLower(it.Name))
	}
	cats := make([]string, 0, len(index))
	for c := range index {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		names := index[c]
		sort.Strings(names)
		fmt.Printf("%-10s %d: %s\n", strings.Title(c), len(names), strings.Join(names, "; "))
	}
	i := sort.SearchStrings(cats, "safety")
	j := sort.SearchStrings(cats, "paint")
	fmt.Println("search:", i, cats[i], j, sort.StringsAreSorted(cats))

	// Numeric formatting and parsing round trips.
	for _, s := range []string{"42", "-7", "0x1F", "1e3", "3.5", "9999999999999999999", ""} {
		n, err1 := strconv.ParseInt(s, 0, 64)
		f, err2 := strconv.ParseFloat(s, 64)
		fmt.Printf("%-22q int=%d err=%v | float=%g err=%v\n", s, n, err1, f, err2)
	}
	b, err := strconv.ParseBool("TRUE")
	fmt.Println(b, err, strconv.FormatInt(255, 2), strconv.FormatInt(-255, 16), strconv.Quote("tab\t\"q\""), strconv.AppendInt([]byte("n="), 12, 10))
	u, err := strconv.Unquote(`"a\tb\u00e9"`)
	fmt.Printf("%q %v %s\n", u, err, strconv.QuoteRune('☺'))
	ints := []int{5, 2, 8, 1, 9, 3}
	sort.Sort(sort.Reverse(sort.IntSlice(ints)))
	fmt.Println(ints, sort.SearchInts([]int{1, 3, 5, 7}, 6), sort.IsSorted(sort.IntSlice(ints)))
}
