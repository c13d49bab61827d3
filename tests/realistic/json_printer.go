// A JSON-like encoder and pretty printer for nested map[string]any, []any and
// scalars: type switches, sorted keys, string escaping, compact and indented forms.
package main

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

type Encoder struct {
	b      strings.Builder
	indent string
	depth  int
}

var ErrUnsupported = errors.New("unsupported value")

func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\ufffd`)
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	b.WriteByte('"')
	return b.String()
}

func (e *Encoder) newline() {
	if e.indent != "" {
		e.b.WriteByte('\n')
		e.b.WriteString(strings.Repeat(e.indent, e.depth))
	}
}

func (e *Encoder) encode(v any) error {
	switch x := v.(type) {
	case nil:
		e.b.WriteString("null")
	case bool:
		e.b.WriteString(strconv.FormatBool(x))
	case int:
		e.b.WriteString(strconv.Itoa(x))
	case int64:
		e.b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("float %v: %w", x, ErrUnsupported)
		}
		e.b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case string:
		e.b.WriteString(quote(x))
	case []any:
		return e.array(x)
	case []string:
		items := make([]any, len(x))
		for i, s := range x {
			items[i] = s
		}
		return e.array(items)
	case map[string]any:
		return e.object(x)
	case fmt.Stringer:
		e.b.WriteString(quote(x.String()))
	default:
		return fmt.Errorf("type %T: %w", v, ErrUnsupported)
	}
	return nil
}

func (e *Encoder) array(items []any) error {
	if len(items) == 0 {
		e.b.WriteString("[]")
		return nil
	}
	e.b.WriteByte('[')
	e.depth++
	for i, item := range items {
		if i > 0 {
			e.b.WriteByte(',')
		}
		e.newline()
		if err := e.encode(item); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	e.depth--
	e.newline()
	e.b.WriteByte(']')
	return nil
}

func (e *Encoder) object(m map[string]any) error {
	if len(m) == 0 {
		e.b.WriteString("{}")
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	e.b.WriteByte('{')
	e.depth++
	for i, k := range keys {
		if i > 0 {
			e.b.WriteByte(',')
		}
		e.newline()
		e.b.WriteString(quote(k))
		e.b.WriteByte(':')
		if e.indent != "" {
			e.b.WriteByte(' ')
		}
		if err := e.encode(m[k]); err != nil {
			return fmt.Errorf(".%s: %w", k, err)
		}
	}
	e.depth--
	e.newline()
	e.b.WriteByte('}')
	return nil
}

func Marshal(v any, indent string) (string, error) {
	e := &Encoder{indent: indent}
	if err := e.encode(v); err != nil {
		return "", err
	}
	return e.b.String(), nil
}

type Color int

func (c Color) String() string { return [...]string{"red", "green", "blue"}[c] }

// stats walks a value and counts the nodes of each kind.
func stats(v any, counts map[string]int) {
	switch x := v.(type) {
	case map[string]any:
		counts["object"]++
		for _, child := range x {
			stats(child, counts)
		}
	case []any:
		counts["array"]++
		for _, child := range x {
			stats(child, counts)
		}
	case string:
		counts["string"]++
	case int, int64, float64:
		counts["number"]++
	default:
		counts[fmt.Sprintf("%T", v)]++
	}
}

func main() {
	doc := map[string]any{
		"name":    "govm \"test\"\tsuite",
		"version": 3,
		"ratio":   0.125,
		"big":     int64(1) << 40,
		"tiny":    1e-9,
		"enabled": true,
		"missing": nil,
		"tags":    []string{"fast", "small", "naïve"},
		"color":   Color(2),
		"empty":   map[string]any{},
		"none":    []any{},
		"nested": map[string]any{
			"matrix": []any{[]any{1, 2}, []any{3, 4.5}},
			"zeta":   "last",
			"alpha":  map[string]any{"ctrl": "bell\x07 nul\x00 bad\xff", "日本": "語"},
		},
	}
	compact, err := Marshal(doc, "")
	fmt.Println(compact, err)
	pretty, _ := Marshal(doc, "  ")
	fmt.Println(pretty)
	fmt.Println("length:", len(compact), "lines:", strings.Count(pretty, "\n")+1)

	counts := map[string]int{}
	stats(doc, counts)
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Printf("%-8s %d\n", k, counts[k])
	}

	bad := []any{
		map[string]any{"a": []any{1, math.Inf(1)}},
		[]any{"ok", struct{ X int }{1}},
		map[string]any{"ch": make(chan int)},
		uint8(7),
	}
	for _, v := range bad {
		_, err := Marshal(v, "")
		fmt.Printf("error: %v (unsupported=%t)\n", err, errors.Is(err, ErrUnsupported))
	}
}
