package main

import (
	"fmt"
	"strings"
)

func main() {
	fmt.Printf("%q\n", strings.Split("a,b,,c,", ","))
	fmt.Printf("%q %v\n", strings.SplitN("a,b,c", ",", 0), strings.SplitN("a,b,c", ",", 0) == nil)
	fmt.Printf("%q\n", strings.SplitN("a,b,c", ",", 2))
	fmt.Printf("%q\n", strings.SplitAfter("a,b,c", ","))
	fmt.Printf("%q\n", strings.SplitAfterN("a,b,c", ",", 2))
	fmt.Printf("%q %q %q\n", strings.Split("a世\xffb", ""), strings.SplitN("abc", "", 2), strings.Split("", ""))
	fmt.Printf("%q %q\n", strings.Split("", ","), strings.Fields(" \u00a0a b\u3000c\xff "))
	fmt.Printf("%q %q %q\n", strings.Trim("¡¡hi!!", "!¡"), strings.TrimLeft("xxhixx", "x"), strings.TrimRight("xxhixx", "x"))
	fmt.Printf("%q %q\n", strings.TrimSpace("\t\n hi \u00a0"), strings.Trim("\xffa\xff", "\ufffd"))
	fmt.Printf("%q %q %q\n", strings.Title("don't stop-me ǆungla a_b"), strings.ToTitle("ǆ ß"), strings.ToUpper("ß straße ǆ\xff"))
	fmt.Printf("%q %q\n", strings.ToLower("ÀÉÎ İ"), strings.Replace("a世\xffb", "", "|", -1))
	fmt.Println(strings.EqualFold("Straße", "STRASSE"), strings.EqualFold("k", "\u212a"), strings.EqualFold("σς", "ΣΣ"), strings.EqualFold("a", ""))
	fmt.Println(strings.Count("cheese", "e"), strings.Count("five", ""), strings.Index("chicken", "ken"), strings.LastIndex("go gopher", "go"), strings.IndexByte("golang", 'l'))
}
