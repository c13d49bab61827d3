// A line-oriented calculator reading standard input. Each line is either an infix
// expression (converted to RPN with the shunting-yard algorithm), "rpn ..." for a
// postfix expression, "let NAME = EXPR", or a comment. Errors are reported per line
// and the calculator carries on; the exit status says whether any line failed.
package main

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"
)

var prec = map[string]int{"+": 1, "-": 1, "*": 2, "/": 2, "%": 2, "neg": 3, "^": 4}

type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }

var (
	ErrStack   = errors.New("stack underflow")
	ErrDivZero = errors.New("division by zero")
)

func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := rune(s[i])
		switch {
		case c == ' ' || c == '\t':
			i++
		case unicode.IsDigit(c) || c == '.':
			j := i
			for j < len(s) && (unicode.IsDigit(rune(s[j])) || s[j] == '.' || s[j] == 'e') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case unicode.IsLetter(c) || c == '_':
			j := i
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || s[j] == '_') {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		case strings.ContainsRune("+-*/%^()", c):
			toks = append(toks, string(c))
			i++
		default:
			return nil, fmt.Errorf("bad character %q at column %d", c, i+1)
		}
	}
	return toks, nil
}

// toRPN converts infix tokens to postfix; a '-' in operand position becomes "neg".
func toRPN(toks []string) ([]string, error) {
	var out, ops []string
	operand := true
	for _, t := range toks {
		switch {
		case t == "(":
			ops = append(ops, t)
			operand = true
		case t == ")":
			for len(ops) > 0 && ops[len(ops)-1] != "(" {
				out, ops = append(out, ops[len(ops)-1]), ops[:len(ops)-1]
			}
			if len(ops) == 0 {
				return nil, errors.New("unbalanced )")
			}
			ops = ops[:len(ops)-1]
			operand = false
		case prec[t] > 0:
			if operand {
				if t != "-" {
					return nil, fmt.Errorf("operator %s needs a left operand", t)
				}
				t = "neg"
			}
			// A prefix operator has no left operand to complete; ^ is right associative.
			for t != "neg" && len(ops) > 0 {
				top := ops[len(ops)-1]
				if top == "(" || prec[top] < prec[t] || (prec[top] == prec[t] && t == "^") {
					break
				}
				out, ops = append(out, top), ops[:len(ops)-1]
			}
			ops = append(ops, t)
			operand = true
		default:
			out = append(out, t)
			operand = false
		}
	}
	for len(ops) > 0 {
		top := ops[len(ops)-1]
		if top == "(" {
			return nil, errors.New("unbalanced (")
		}
		out, ops = append(out, top), ops[:len(ops)-1]
	}
	return out, nil
}

func evalRPN(toks []string, vars map[string]float64) (float64, error) {
	var st []float64
	pop := func() (float64, error) {
		if len(st) == 0 {
			return 0, ErrStack
		}
		v := st[len(st)-1]
		st = st[:len(st)-1]
		return v, nil
	}
	for _, t := range toks {
		if _, isOp := prec[t]; !isOp {
			if v, ok := vars[t]; ok {
				st = append(st, v)
			} else if v, err := strconv.ParseFloat(t, 64); err == nil {
				st = append(st, v)
			} else if unicode.IsLetter(rune(t[0])) || t[0] == '_' {
				return 0, fmt.Errorf("unknown name %q", t)
			} else {
				return 0, fmt.Errorf("bad number: %w", err)
			}
			continue
		}
		b, err := pop()
		if err != nil {
			return 0, fmt.Errorf("%s: %w", t, err)
		}
		if t == "neg" {
			st = append(st, -b)
			continue
		}
		a, err := pop()
		if err != nil {
			return 0, fmt.Errorf("%s: %w", t, err)
		}
		var r float64
		switch t {
		case "+":
			r = a + b
		case "-":
			r = a - b
		case "*":
			r = a * b
		case "/", "%":
			if b == 0 {
				return 0, ErrDivZero
			}
			if r = a / b; t == "%" {
				r = math.Mod(a, b)
			}
		case "^":
			r = math.Pow(a, b)
		}
		st = append(st, r)
	}
	if len(st) != 1 {
		return 0, fmt.Errorf("%d values left on the stack", len(st))
	}
	return st[0], nil
}

func evalLine(line string, vars map[string]float64) (string, error) {
	target := ""
	if strings.HasPrefix(line, "let ") {
		name, expr, found := strings.Cut(line[len("let "):], "=")
		if !found {
			return "", errors.New("let needs '='")
		}
		target, line = strings.TrimSpace(name), expr
	}
	var rpn []string
	if strings.HasPrefix(line, "rpn ") {
		rpn = strings.Fields(strings.TrimPrefix(line, "rpn "))
	} else {
		toks, err := tokenize(line)
		if err != nil {
			return "", err
		}
		if rpn, err = toRPN(toks); err != nil {
			return "", err
		}
	}
	v, err := evalRPN(rpn, vars)
	if err != nil {
		return "", err
	}
	vars["_"] = v
	if target != "" {
		vars[target] = v
		return fmt.Sprintf("%s = %g", target, v), nil
	}
	return fmt.Sprintf("%g   [%s]", v, strings.Join(rpn, " ")), nil
}

func main() {
	vars := map[string]float64{"pi": math.Pi, "e": math.E}
	in := bufio.NewScanner(os.Stdin)
	var failures []error
	n := 0
	for in.Scan() {
		n++
		line := strings.TrimSpace(in.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out, err := evalLine(line, vars)
		if err != nil {
			lerr := &LineError{n, err}
			failures = append(failures, lerr)
			fmt.Printf("%3d  error: %v\n", n, err)
			continue
		}
		fmt.Printf("%3d  %s\n", n, out)
	}
	divs := 0
	for _, err := range failures {
		if errors.Is(err, ErrDivZero) {
			divs++
		}
	}
	fmt.Printf("%d lines, %d errors (%d division by zero); _ = %.4f\n", n, len(failures), divs, vars["_"])
	if len(failures) > 0 {
		var le *LineError
		errors.As(failures[0], &le)
		fmt.Println("first failing line:", le.Line)
		fmt.Fprintf(os.Stderr, "calc: %d of %d lines failed; first: %v\n", len(failures), n, failures[0])
		os.Exit(1)
	}
}
