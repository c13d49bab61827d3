package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

type upper struct{ w io.Writer }

func (u upper) Write(p []byte) (int, error) { return u.w.Write(bytes.ToUpper(p)) }

type failWriter struct{}

func (failWriter) Write(p []byte) (int, error) { return 0, errors.New("write failed") }

type shortWriter struct{}

func (shortWriter) Write(p []byte) (int, error) { return len(p) / 2, nil }

func main() {
	dir := os.TempDir()
	name := dir + "/govm-stdlib-os-" + strconv.Itoa(os.Getpid()) + ".txt"
	clean := func(err error) string {
		if err == nil {
			return "<nil>"
		}
		return strings.ReplaceAll(err.Error(), name, "FILE")
	}

	// Files.
	fmt.Println(clean(os.WriteFile(name, []byte("hello\nworld\n"), 0644)))
	data, err := os.ReadFile(name)
	fmt.Printf("%q %s\n", data, clean(err))
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	fmt.Println(clean(err))
	n, err := f.WriteString("more\n")
	fmt.Println(n, clean(err))
	n, err = f.Write([]byte("bytes\n"))
	fmt.Println(n, clean(err))
	fmt.Println(clean(f.Close()), clean(f.Close()))
	_, err = f.Write([]byte("x"))
	fmt.Println(clean(err), errors.Is(err, os.ErrClosed))
	f, err = os.Open(name)
	fmt.Println(clean(err), f.Name() == name)
	all, err := io.ReadAll(f)
	fmt.Printf("%q %s\n", all, clean(err))
	n, err = f.Read(make([]byte, 4))
	fmt.Println(n, err)
	f.Close()
	f, _ = os.Create(name)
	fmt.Fprintf(f, "created %d\n", 1)
	f.Close()
	data, _ = os.ReadFile(name)
	fmt.Printf("%q\n", data)
	fmt.Println(clean(os.Remove(name)), clean(os.Remove(name)))
	_, err = os.ReadFile(name)
	fmt.Println(clean(err), os.IsNotExist(err), errors.Is(err, os.ErrNotExist), errors.Is(err, os.ErrExist))
	var pe *os.PathError
	if errors.As(err, &pe) {
		fmt.Println(pe.Op, clean(pe.Err))
	}
	_, err = os.OpenFile(dir, os.O_WRONLY, 0)
	fmt.Println(strings.ReplaceAll(err.Error(), dir, "DIR"))
	_, err = os.OpenFile(dir, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0644)
	fmt.Println(strings.ReplaceAll(err.Error(), dir, "DIR"), os.IsExist(err))

	// Environment.
	v, ok := os.LookupEnv("GOVM_SURELY_UNSET")
	fmt.Printf("%q %v %q\n", v, ok, os.Getenv("GOVM_SURELY_UNSET"))
	_, ok = os.LookupEnv("PATH")
	fmt.Println(ok, os.Getenv("PATH") != "")
	os.Stdout.WriteString("stdout direct\n")
	fmt.Fprintln(os.Stdout, "fprintln stdout")

	// io.
	var buf bytes.Buffer
	n64, err := io.Copy(&buf, strings.NewReader("copied text"))
	fmt.Println(n64, err, buf.String())
	n64, err = io.CopyN(&buf, strings.NewReader("12345"), 3)
	fmt.Println(n64, err, buf.String())
	n64, err = io.CopyN(&buf, strings.NewReader("12"), 3)
	fmt.Println(n64, err)
	n64, err = io.Copy(failWriter{}, strings.NewReader("x"))
	fmt.Println(n64, err)
	n64, err = io.Copy(shortWriter{}, strings.NewReader("xyzw"))
	fmt.Println(n64, err)
	n64, err = io.CopyBuffer(upper{os.Stdout}, io.LimitReader(strings.NewReader("limited reader text\n"), 8), make([]byte, 3))
	fmt.Println()
	fmt.Println(n64, err)
	p := make([]byte, 5)
	n, err = io.ReadFull(strings.NewReader("abc"), p)
	fmt.Println(n, err, err == io.ErrUnexpectedEOF)
	n, err = io.ReadFull(strings.NewReader(""), p)
	fmt.Println(n, err)
	n, err = io.ReadFull(strings.NewReader("abcdefg"), p)
	fmt.Println(n, err, string(p))
	n, err = io.ReadAtLeast(strings.NewReader("abcdefg"), p, 6)
	fmt.Println(n, err)
	var b1, b2 bytes.Buffer
	mw := io.MultiWriter(&b1, &b2, upper{&b2})
	fmt.Fprint(mw, "multi")
	io.WriteString(mw, "+str")
	fmt.Println(b1.String(), b2.String())
	_, err = io.MultiWriter(&b1, failWriter{}).Write([]byte("x"))
	fmt.Println(err)
	var tee bytes.Buffer
	tr := io.TeeReader(strings.NewReader("tee data"), &tee)
	got, _ := io.ReadAll(tr)
	fmt.Println(string(got), tee.String())
	mr := io.MultiReader(strings.NewReader("one "), strings.NewReader(""), strings.NewReader("two"))
	got, err = io.ReadAll(mr)
	fmt.Println(string(got), err)
	n, err = io.Discard.Write([]byte("gone"))
	fmt.Println(n, err)
	n64, err = io.Copy(io.Discard, strings.NewReader(strings.Repeat("d", 10000)))
	fmt.Println(n64, err)
	rc := io.NopCloser(strings.NewReader("nop"))
	fmt.Println(rc.Close())
	lr := &io.LimitedReader{R: strings.NewReader("abcdef"), N: 2}
	got, _ = io.ReadAll(lr)
	fmt.Println(string(got), lr.N)
	var sw io.StringWriter = &buf
	sw.WriteString("!")
	fmt.Println(buf.String())
	fmt.Println(io.EOF, io.ErrUnexpectedEOF, io.ErrShortWrite, io.ErrShortBuffer, io.ErrNoProgress)

}
