package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// slowReader returns at most n bytes per Read, to exercise refills.
type slowReader struct {
	r io.Reader
	n int
}

func (s *slowReader) Read(p []byte) (int, error) {
	if len(p) > s.n {
		p = p[:s.n]
	}
	return s.r.Read(p)
}

type errReader struct{}

func (errReader) Read(p []byte) (int, error) { return 0, errors.New("boom") }

func main() {
	// Scanner: lines with CRLF, final line without newline, empty lines.
	sc := bufio.NewScanner(&slowReader{strings.NewReader("a\r\nbb\n\n\nccc\r\nlast"), 3})
	for sc.Scan() {
		fmt.Printf("%q %d\n", sc.Text(), len(sc.Bytes()))
	}
	fmt.Println(sc.Err(), sc.Scan())

	// Words with unicode spaces, runes with invalid bytes, bytes.
	sc = bufio.NewScanner(strings.NewReader(" héllo\u00a0wörld\u2003x\n\ty "))
	sc.Split(bufio.ScanWords)
	for sc.Scan() {
		fmt.Printf("[%s]", sc.Text())
	}
	fmt.Println()
	sc = bufio.NewScanner(strings.NewReader("a\xffé\xe2\x82"))
	sc.Split(bufio.ScanRunes)
	for sc.Scan() {
		fmt.Printf("%q ", sc.Text())
	}
	fmt.Println()
	sc = bufio.NewScanner(strings.NewReader("xyz"))
	sc.Split(bufio.ScanBytes)
	for sc.Scan() {
		fmt.Printf("%q ", sc.Bytes())
	}
	fmt.Println()

	// Token too long, then a bigger buffer.
	long := strings.Repeat("x", 100) + "\nshort\n"
	sc = bufio.NewScanner(strings.NewReader(long))
	sc.Buffer(make([]byte, 10), 50)
	for sc.Scan() {
		fmt.Println("token", len(sc.Text()))
	}
	fmt.Println("err:", sc.Err(), sc.Err() == bufio.ErrTooLong)
	sc = bufio.NewScanner(strings.NewReader(long))
	sc.Buffer(make([]byte, 10), 200)
	for sc.Scan() {
		fmt.Println("token", len(sc.Text()))
	}
	fmt.Println("err:", sc.Err())
	sc = bufio.NewScanner(strings.NewReader(strings.Repeat("y", bufio.MaxScanTokenSize+10)))
	for sc.Scan() {
		fmt.Println("token", len(sc.Text()))
	}
	fmt.Println("err:", sc.Err(), bufio.MaxScanTokenSize)
	sc = bufio.NewScanner(errReader{})
	fmt.Println(sc.Scan(), sc.Err())

	// A custom split function: comma-separated values with ErrFinalToken.
	sc = bufio.NewScanner(strings.NewReader("1,2,3,STOP,4"))
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		if i := bytes.IndexByte(data, ','); i >= 0 {
			if string(data[:i]) == "STOP" {
				return i + 1, data[:i], bufio.ErrFinalToken
			}
			return i + 1, data[:i], nil
		}
		if atEOF && len(data) > 0 {
			return len(data), data, nil
		}
		return 0, nil, nil
	})
	for sc.Scan() {
		fmt.Printf("<%s>", sc.Text())
	}
	fmt.Println(sc.Err())
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		sc.Split(bufio.ScanWords)
	}()

	// Reader.
	r := bufio.NewReaderSize(&slowReader{strings.NewReader("line one\r\nline two\nlonger line three that does not fit\nend"), 5}, 16)
	fmt.Println(r.Size(), r.Buffered())
	for {
		line, isPrefix, err := r.ReadLine()
		fmt.Printf("%q %v %v\n", line, isPrefix, err)
		if err != nil {
			break
		}
	}
	r = bufio.NewReader(strings.NewReader("héllo, wörld\nsecond\n"))
	c, _ := r.ReadByte()
	fmt.Println(string(c), r.UnreadByte(), r.UnreadByte(), r.Buffered())
	rn, size, err := r.ReadRune()
	fmt.Println(string(rn), size, err)
	rn, size, err = r.ReadRune()
	fmt.Println(string(rn), size, err, r.UnreadRune(), r.UnreadRune())
	p, err := r.Peek(4)
	fmt.Printf("%q %v\n", p, err)
	n, err := r.Discard(3)
	fmt.Println(n, err)
	b, err := r.ReadBytes(',')
	fmt.Printf("%q %v\n", b, err)
	s, err := r.ReadString('\n')
	fmt.Printf("%q %v\n", s, err)
	buf := make([]byte, 3)
	n, err = r.Read(buf)
	fmt.Println(n, err, string(buf[:n]))
	s, err = r.ReadString('x')
	fmt.Printf("%q %v\n", s, err)
	n, err = r.Read(buf)
	fmt.Println(n, err)
	_, err = r.Peek(-1)
	fmt.Println(err)
	small := bufio.NewReaderSize(strings.NewReader(strings.Repeat("z", 40)), 16)
	p, err = small.Peek(20)
	fmt.Println(len(p), err)
	line, err := small.ReadSlice('\n')
	fmt.Println(len(line), err)
	rs, err := small.ReadString('\n')
	fmt.Println(len(rs), err)
	er := bufio.NewReader(errReader{})
	_, err = er.ReadString('\n')
	fmt.Println(err)
	var sb strings.Builder
	wn, err := bufio.NewReader(strings.NewReader("copy me")).WriteTo(&sb)
	fmt.Println(wn, err, sb.String())
	fmt.Println(utf8.RuneLen('é'))

	// Writer.
	var out bytes.Buffer
	w := bufio.NewWriterSize(&out, 8)
	fmt.Println(w.Size(), w.Available(), w.Buffered())
	w.WriteString("abc")
	w.WriteByte('d')
	w.WriteRune('é')
	fmt.Println(w.Buffered(), w.Available(), out.Len())
	w.Write([]byte("0123456789"))
	fmt.Println(w.Buffered(), out.Len(), out.String())
	fmt.Fprintf(w, "%d", 12345)
	fmt.Println(w.Flush(), out.String())
	w.WriteRune('世')
	w.WriteRune('界')
	w.WriteRune('!')
	w.Flush()
	fmt.Println(out.String())
	rw := bufio.NewReadWriter(bufio.NewReader(strings.NewReader("in\n")), bufio.NewWriter(os.Stdout))
	l, _ := rw.ReadString('\n')
	rw.WriteString("rw got " + l)
	rw.Flush()
	bw := bufio.NewWriter(os.Stdout)
	defer bw.Flush()
	fmt.Fprintln(bw, "deferred flush")
	n2, err := bw.ReadFrom(strings.NewReader("read from\n"))
	fmt.Println(n2, err)
}
