// A lexer for a small expression language and a recursive-descent evaluator
// with variables, assignment, built-in functions and positioned error reports.
package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

type Kind int

const (
	EOF Kind = iota
	Number
	Ident
	Op
	LParen
	RParen
	Comma
)

func (k Kind) String() string {
	return [...]string{"EOF", "Number", "Ident", "Op", "LParen", "RParen", "Comma"}[k]
}

type Token struct {
	Kind Kind
	Text string
	Pos  int
}

func (t Token) String() string { return fmt.Sprintf("%s(%q)@%d", t.Kind, t.Text, t.Pos) }

type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("col %d: %s", e.Pos+1, e.Msg) }

func lex(src string) ([]Token, error) {
	var toks []Token
	rs := []rune(src)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case unicode.IsDigit(r) || r == '.':
			start := i
			for i < len(rs) && (unicode.IsDigit(rs[i]) || rs[i] == '.') {
				i++
			}
			toks = append(toks, Token{Number, string(rs[start:i]), start})
		case unicode.IsLetter(r) || r == '_':
			start := i
			for i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]) || rs[i] == '_') {
				i++
			}
			toks = append(toks, Token{Ident, string(rs[start:i]), start})
		case strings.ContainsRune("+-*/%=", r):
			toks = append(toks, Token{Op, string(r), i})
			i++
		case strings.ContainsRune("(),", r):
			toks = append(toks, Token{map[rune]Kind{'(': LParen, ')': RParen, ',': Comma}[r], string(r), i})
			i++
		default:
			return nil, &SyntaxError{i, fmt.Sprintf("unexpected character %q", r)}
		}
	}
	return append(toks, Token{EOF, "", len(rs)}), nil
}

var ErrDivZero = errors.New("division by zero")

type Parser struct {
	toks []Token
	pos  int
	vars map[string]float64
}

func (p *Parser) peek() Token { return p.toks[p.pos] }
func (p *Parser) next() Token { t := p.toks[p.pos]; p.pos++; return t }

func (p *Parser) fail(t Token, format string, args ...any) error {
	return &SyntaxError{t.Pos, fmt.Sprintf(format, args...)}
}

// statement := ident '=' expr | expr
func (p *Parser) statement() (float64, error) {
	if p.peek().Kind == Ident && p.toks[p.pos+1].Kind == Op && p.toks[p.pos+1].Text == "=" {
		name := p.next().Text
		p.next()
		v, err := p.expr()
		if err == nil {
			p.vars[name] = v
		}
		return v, err
	}
	return p.expr()
}

// expr := term (('+'|'-') term)*
func (p *Parser) expr() (float64, error) {
	left, err := p.term()
	for err == nil && p.peek().Kind == Op && (p.peek().Text == "+" || p.peek().Text == "-") {
		op := p.next().Text
		var right float64
		if right, err = p.term(); err == nil {
			if op == "+" {
				left += right
			} else {
				left -= right
			}
		}
	}
	return left, err
}

// term := unary (('*'|'/'|'%') power)*
func (p *Parser) term() (float64, error) {
	left, err := p.unary()
	for err == nil && p.peek().Kind == Op && strings.Contains("*/%", p.peek().Text) {
		op := p.next()
		var right float64
		if right, err = p.unary(); err != nil {
			break
		}
		switch op.Text {
		case "*":
			left *= right
		case "/", "%":
			if right == 0 {
				return 0, fmt.Errorf("col %d: %w", op.Pos+1, ErrDivZero)
			} else if op.Text == "/" {
				left /= right
			} else {
				left = math.Mod(left, right)
			}
		}
	}
	return left, err
}

// unary := '-' unary | primary
func (p *Parser) unary() (float64, error) {
	if p.peek().Kind == Op && p.peek().Text == "-" {
		p.next()
		v, err := p.unary()
		return -v, err
	}
	return p.primary()
}

var funcs = map[string]func([]float64) (float64, error){
	"sqrt": func(a []float64) (float64, error) { return math.Sqrt(a[0]), nil },
	"max": func(a []float64) (float64, error) {
		m := a[0]
		for _, x := range a[1:] {
			if x > m {
				m = x
			}
		}
		return m, nil
	},
}

func (p *Parser) primary() (float64, error) {
	t := p.next()
	switch t.Kind {
	case Number:
		v, err := strconv.ParseFloat(t.Text, 64)
		if err != nil {
			return 0, p.fail(t, "bad number %q", t.Text)
		}
		return v, nil
	case Ident:
		if p.peek().Kind == LParen {
			return p.call(t)
		}
		v, ok := p.vars[t.Text]
		if !ok {
			return 0, p.fail(t, "undefined variable %s", t.Text)
		}
		return v, nil
	case LParen:
		v, err := p.expr()
		if err != nil {
			return 0, err
		}
		if c := p.next(); c.Kind != RParen {
			return 0, p.fail(c, "expected ), found %v", c)
		}
		return v, nil
	}
	return 0, p.fail(t, "unexpected %v", t)
}

func (p *Parser) call(name Token) (float64, error) {
	f, ok := funcs[name.Text]
	if !ok {
		return 0, p.fail(name, "unknown function %s", name.Text)
	}
	p.next()
	var args []float64
	for p.peek().Kind != RParen {
		v, err := p.expr()
		if err != nil {
			return 0, err
		}
		args = append(args, v)
		if p.peek().Kind == Comma {
			p.next()
		} else if p.peek().Kind != RParen {
			return 0, p.fail(p.peek(), "expected , or ) in call to %s", name.Text)
		}
	}
	p.next()
	if len(args) == 0 {
		return 0, p.fail(name, "%s needs arguments", name.Text)
	}
	return f(args)
}

func main() {
	vars := map[string]float64{"pi": math.Pi}
	toks, _ := lex("x1 = (3.5 + y) * 2")
	fmt.Println(toks)
	lines := []string{
		"1 + 2 * 3", "(1 + 2) * 3", "2 * -3 - -4", "--2 % 3", "x = 10 / 4", "x * pi",
		"y = sqrt(2) * sqrt(2)", "max(1, x, 7 % 4, -3)", "max(-x) - 1", "10 / (x - 2.5)",
		"3 $ 4", "foo(1)", "1 + zz", "(1 + 2", "1 2", "max()", "1.2.3 + 1", "",
	}
	for i, line := range lines {
		p := &Parser{vars: vars}
		var v float64
		toks, err := lex(line)
		if err == nil {
			p.toks = toks
			v, err = p.statement()
			if err == nil && p.peek().Kind != EOF {
				err = p.fail(p.peek(), "trailing %v", p.peek())
			}
		}
		var se *SyntaxError
		switch {
		case errors.Is(err, ErrDivZero):
			fmt.Printf("%2d %-24q math error: %v\n", i, line, err)
		case errors.As(err, &se):
			fmt.Printf("%2d %-24q syntax error at %d: %s\n", i, line, se.Pos, se.Msg)
		default:
			fmt.Printf("%2d %-24q = %g\n", i, line, v)
		}
	}
	fmt.Printf("x=%.3f y=%.6f\n", vars["x"], vars["y"])
}
