package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
)

func show(name string, b [][]byte) {
	fmt.Printf("%s %d %q", name, len(b), b)
	for _, x := range b {
		fmt.Printf(" %d/%d", len(x), cap(x))
	}
	fmt.Println(b == nil)
}

func main() {
	s := []byte("Hello, 世界! hello\xffWorld")
	fmt.Println(bytes.Index(s, []byte("llo")), bytes.LastIndex(s, []byte("llo")), bytes.Index(s, nil), bytes.LastIndex(s, nil))
	fmt.Println(bytes.Count(s, []byte("l")), bytes.Count(s, nil), bytes.Count(nil, nil))
	fmt.Println(bytes.IndexByte(s, 'W'), bytes.IndexByte(s, 'z'), bytes.LastIndexByte(s, 'l'))
	fmt.Println(bytes.IndexRune(s, '界'), bytes.IndexRune(s, utf8RuneError()), bytes.IndexRune(s, -1), bytes.IndexRune(s, 'o'))
	fmt.Println(bytes.IndexAny(s, "界o"), bytes.LastIndexAny(s, "界o"), bytes.IndexAny(s, ""), bytes.ContainsAny(s, "xyz!"))
	fmt.Println(bytes.ContainsRune(s, '世'), bytes.Contains(s, []byte("World")), bytes.HasPrefix(s, []byte("Hell")), bytes.HasSuffix(s, []byte("World")))
	fmt.Println(bytes.IndexFunc(s, unicode.IsSpace), bytes.LastIndexFunc(s, unicode.IsUpper))
	fmt.Printf("%q %q %q\n", bytes.ToUpper(s), bytes.ToLower(s), bytes.ToTitle([]byte("ǆemal straße")))
	fmt.Printf("%q %q\n", bytes.ToUpper([]byte("ß")), strings.ToUpper("ǆ straße\xff"))
	fmt.Println(bytes.EqualFold([]byte("Straße"), []byte("STRASSE")), bytes.EqualFold([]byte("KELVIN"), []byte("\u212aelvin")), bytes.EqualFold([]byte("a"), []byte("ab")))
	fmt.Println(bytes.Equal(nil, nil), bytes.Equal([]byte("a"), []byte("b")), bytes.Compare(nil, []byte{}), bytes.Compare([]byte("b"), []byte("a")), bytes.Compare([]byte("a"), []byte("ab")))

	show("split", bytes.Split(mk("a,b,,c,"), mk(",")))
	show("splitn", bytes.SplitN(mk("a,b,,c,"), mk(","), 3))
	show("splitn0", bytes.SplitN(mk("a,b"), mk(","), 0))
	show("splitafter", bytes.SplitAfter(mk("a,b,,c,"), mk(",")))
	show("splitaftern", bytes.SplitAfterN(mk("a,b,,c,"), mk(","), 2))
	show("explode", bytes.Split(mk("a世\xffb"), nil))
	show("explode2", bytes.SplitN(mk("a世\xffb"), nil, 2))
	show("explode-empty", bytes.Split(mk(""), nil))
	show("split-empty", bytes.Split(nil, mk(",")))
	show("fields", bytes.Fields(mk("  foo bar\u00a0baz\t\n")))
	show("fields-empty", bytes.Fields(mk("   ")))
	show("fieldsfunc", bytes.FieldsFunc(mk("a1b22c333"), unicode.IsDigit))
	show("fieldsfunc-empty", bytes.FieldsFunc(mk("123"), unicode.IsDigit))

	fmt.Printf("%q %q\n", bytes.Join(nil, mk(",")), bytes.Join([][]byte{mk("x")}, mk(",")))
	fmt.Printf("%q %q\n", bytes.Repeat(mk("ab"), 3), bytes.Repeat(mk("ab"), 0))
	fmt.Printf("%q %q %q\n", bytes.Replace(mk("oink oink oink"), mk("k"), mk("ky"), 2), bytes.Replace(mk("oink oink"), mk("oink"), mk("moo"), -1), bytes.ReplaceAll(mk("ab"), nil, mk("-")))
	fmt.Printf("%q\n", bytes.Replace(mk("a世\xffb"), mk(""), mk("|"), 3))
	fmt.Printf("%q\n", bytes.Map(func(r rune) rune {
		if r == 'l' {
			return -1
		}
		return unicode.ToUpper(r)
	}, mk("hello world")))
	fmt.Println(bytes.Runes(mk("a世\xff")))

	trims := func(name string, b []byte) { fmt.Printf("%s %q %v %d\n", name, b, b == nil, cap(b)) }
	trims("trim", bytes.Trim(mk("xxhixx"), "x"))
	trims("trim-all", bytes.Trim(mk("xxxx"), "x"))
	trims("trim-emptycut", bytes.Trim(mk("xx"), ""))
	trims("trimleft", bytes.TrimLeft(mk("xxhixx"), "x"))
	trims("trimleft-all", bytes.TrimLeft(mk("xx"), "x"))
	trims("trimright", bytes.TrimRight(mk("xxhixx"), "x"))
	trims("trimright-all", bytes.TrimRight(mk("xx"), "x"))
	trims("trim-uni", bytes.Trim(mk("¡¡hi!!"), "!¡"))
	trims("trimspace", bytes.TrimSpace(mk(" \t hi there \n")))
	trims("trimspace-all", bytes.TrimSpace(mk(" \t ")))
	trims("trimspace-uni", bytes.TrimSpace(mk("\u3000hi\u00a0")))
	trims("trimfunc", bytes.TrimFunc(mk("123abc456"), unicode.IsDigit))
	trims("trimfunc-all", bytes.TrimFunc(mk("123"), unicode.IsDigit))
	trims("trimleftfunc", bytes.TrimLeftFunc(mk("123abc456"), unicode.IsDigit))
	trims("trimrightfunc", bytes.TrimRightFunc(mk("123abc456"), unicode.IsDigit))
	trims("trimprefix", bytes.TrimPrefix(mk("prefix-body"), mk("prefix-")))
	trims("trimsuffix", bytes.TrimSuffix(mk("body.go"), mk(".go")))
	trims("trimsuffix-no", bytes.TrimSuffix(mk("body.go"), mk(".c")))
	before, after, found := bytes.Cut(mk("key=value"), mk("="))
	fmt.Printf("%q %q %v\n", before, after, found)
	before, after, found = bytes.Cut(mk("key"), mk("="))
	fmt.Printf("%q %q %v %v\n", before, after, found, after == nil)
	fmt.Printf("%q\n", bytes.ToValidUTF8(mk("a\xff\xfeb\xffc"), mk("?")))

	// Buffer
	var b bytes.Buffer
	fmt.Println(b.Len(), b.Cap(), b.String() == "")
	b.WriteString("hello")
	fmt.Println(b.Len(), b.Cap())
	b.Write(bytes.Repeat([]byte("x"), 100))
	fmt.Println(b.Len(), b.Cap())
	n, err := b.WriteRune('世')
	fmt.Println(n, err, b.Len())
	fmt.Printf("%q\n", b.Next(3))
	c, _ := b.ReadByte()
	fmt.Println(string(c), b.UnreadByte(), b.UnreadByte())
	r, size, err := b.ReadRune()
	fmt.Println(string(r), size, err, b.UnreadRune(), b.UnreadRune())
	b.Truncate(5)
	fmt.Printf("%q\n", b.String())
	line, err := b.ReadBytes('o')
	fmt.Printf("%q %v\n", line, err)
	line, err = b.ReadBytes('o')
	fmt.Printf("%q %v\n", line, err)
	p := make([]byte, 4)
	n, err = b.Read(p)
	fmt.Println(n, err)
	n, err = b.Read(nil)
	fmt.Println(n, err)
	b.Grow(1000)
	fmt.Println(b.Len(), b.Cap())
	b.WriteString("abc\ndef\n")
	var out bytes.Buffer
	m, err := b.WriteTo(&out)
	fmt.Println(m, err, out.String() == "abc\ndef\n", b.Len())
	m, err = out.ReadFrom(strings.NewReader("more data"))
	fmt.Println(m, err, out.Len(), out.Cap())
	bb := bytes.NewBuffer(mk("init"))
	fmt.Println(bb.String(), bb.Len(), bb.Cap())
	var nb *bytes.Buffer
	fmt.Println(nb.String())
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		bb.Truncate(10)
	}()
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		bytes.Repeat([]byte("x"), -1)
	}()
	fmt.Fprintf(&out, "%d-%s", 42, "x")
	io.WriteString(&out, "!")
	fmt.Println(out.String())
	fmt.Println(bytes.MinRead, bytes.ErrTooLarge)

	// Reader
	rd := bytes.NewReader([]byte("héllo"))
	fmt.Println(rd.Len(), rd.Size())
	r, size, _ = rd.ReadRune()
	fmt.Println(string(r), size)
	r, size, _ = rd.ReadRune()
	fmt.Println(string(r), size, rd.UnreadRune(), rd.UnreadRune())
	pos, err := rd.Seek(-2, io.SeekEnd)
	fmt.Println(pos, err)
	rest, _ := io.ReadAll(rd)
	fmt.Printf("%q\n", rest)
	_, err = rd.Seek(-10, io.SeekCurrent)
	fmt.Println(err)
	buf := make([]byte, 3)
	n, err = rd.ReadAt(buf, 4)
	fmt.Println(n, err, string(buf[:n]))
	rd.Reset([]byte("xyz"))
	rd.WriteTo(os.Stdout)
	fmt.Println()
}

func utf8RuneError() rune { return '\uFFFD' }

// mk returns s as a byte slice whose capacity is its length.
func mk(s string) []byte {
	b := make([]byte, len(s))
	copy(b, s)
	return b
}
