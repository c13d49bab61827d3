// A small bank: accounts behind an interface, transfers that fail with sentinel
// errors, custom error types and wrapped errors, inspected with errors.Is/As.
package main

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

var (
	ErrNotFound     = errors.New("account not found")
	ErrFrozen       = errors.New("account frozen")
	ErrInvalidMoney = errors.New("invalid amount")
)

// Cents avoids floating point for money.
type Cents int64

func (c Cents) String() string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s$%d.%02d", sign, c/100, c%100)
}

type InsufficientFundsError struct {
	Account string
	Need    Cents
	Have    Cents
}

func (e *InsufficientFundsError) Error() string {
	return fmt.Sprintf("%s: insufficient funds: need %v, have %v", e.Account, e.Need, e.Have)
}

type LimitError struct {
	Limit Cents
}

func (e LimitError) Error() string { return "over daily limit of " + e.Limit.String() }

type Account interface {
	ID() string
	Balance() Cents
	Deposit(Cents) error
	Withdraw(Cents) error
}

type base struct {
	id      string
	balance Cents
	frozen  bool
	history []string
}

func (b *base) ID() string     { return b.id }
func (b *base) Balance() Cents { return b.balance }
func (b *base) log(f string, args ...any) {
	b.history = append(b.history, fmt.Sprintf(f, args...))
}

func (b *base) Deposit(amt Cents) error {
	if amt <= 0 {
		return fmt.Errorf("deposit %v: %w", amt, ErrInvalidMoney)
	}
	if b.frozen {
		return fmt.Errorf("deposit to %s: %w", b.id, ErrFrozen)
	}
	b.balance += amt
	b.log("+%v", amt)
	return nil
}

type Checking struct {
	base
	overdraft Cents
}

func (c *Checking) Withdraw(amt Cents) error {
	switch {
	case amt <= 0:
		return fmt.Errorf("withdraw %v: %w", amt, ErrInvalidMoney)
	case c.frozen:
		return fmt.Errorf("withdraw from %s: %w", c.id, ErrFrozen)
	case c.balance+c.overdraft < amt:
		return &InsufficientFundsError{c.id, amt, c.balance + c.overdraft}
	}
	c.balance -= amt
	c.log("-%v", amt)
	return nil
}

type Savings struct {
	base
	rate     float64 // yearly
	limit    Cents
	withdrew Cents
}

func (s *Savings) Withdraw(amt Cents) error {
	if amt <= 0 {
		return fmt.Errorf("withdraw %v: %w", amt, ErrInvalidMoney)
	}
	if s.withdrew+amt > s.limit {
		return fmt.Errorf("savings %s: %w", s.id, LimitError{s.limit})
	}
	if s.balance < amt {
		return &InsufficientFundsError{s.id, amt, s.balance}
	}
	s.balance -= amt
	s.withdrew += amt
	s.log("-%v", amt)
	return nil
}

func (s *Savings) AddInterest(months int) Cents {
	interest := Cents(float64(s.balance)*s.rate*float64(months)/12 + 0.5)
	s.balance += interest
	s.log("interest %v", interest)
	return interest
}

type Bank struct {
	accounts map[string]Account
}

func (b *Bank) get(id string) (Account, error) {
	a, ok := b.accounts[id]
	if !ok {
		return nil, fmt.Errorf("lookup %q: %w", id, ErrNotFound)
	}
	return a, nil
}

func (b *Bank) Transfer(from, to string, amt Cents) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("transfer %v %s->%s: %w", amt, from, to, err)
		}
	}()
	src, err := b.get(from)
	if err != nil {
		return err
	}
	dst, err := b.get(to)
	if err != nil {
		return err
	}
	if err := src.Withdraw(amt); err != nil {
		return err
	}
	if err := dst.Deposit(amt); err != nil {
		// Put the money back; a failure here would be a bug.
		if rerr := src.Deposit(amt); rerr != nil {
			panic(rerr)
		}
		return err
	}
	return nil
}

func classify(err error) string {
	var insufficient *InsufficientFundsError
	var limit LimitError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &insufficient):
		return fmt.Sprintf("short by %v", insufficient.Need-insufficient.Have)
	case errors.As(err, &limit):
		return "limit " + limit.Limit.String()
	case errors.Is(err, ErrNotFound):
		return "no such account"
	case errors.Is(err, ErrFrozen), errors.Is(err, ErrInvalidMoney):
		return "rejected"
	}
	return "unknown"
}

func main() {
	alice := &Checking{base: base{id: "alice", balance: 10000}, overdraft: 5000}
	bob := &Savings{base: base{id: "bob", balance: 250000}, rate: 0.03, limit: 100000}
	carol := &Checking{base: base{id: "carol", balance: 500, frozen: true}}
	bank := &Bank{accounts: map[string]Account{"alice": alice, "bob": bob, "carol": carol}}

	transfers := []struct {
		from, to string
		amt      Cents
	}{
		{"alice", "bob", 12000}, {"alice", "bob", 4000}, {"bob", "alice", 60000},
		{"bob", "alice", 60000}, {"alice", "dave", 100}, {"bob", "carol", 1000},
		{"carol", "alice", 100}, {"alice", "bob", -5}, {"bob", "alice", 39999},
	}
	for i, t := range transfers {
		err := bank.Transfer(t.from, t.to, t.amt)
		fmt.Printf("#%d %-22s %v\n", i+1, classify(err), err)
	}
	fmt.Println("interest:", bob.AddInterest(6))

	ids := make([]string, 0, len(bank.accounts))
	for id := range bank.accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var total Cents
	for _, id := range ids {
		a := bank.accounts[id]
		total += a.Balance()
		kind := "checking"
		var hist []string
		switch acct := a.(type) {
		case *Savings:
			kind = fmt.Sprintf("savings %.1f%%", acct.rate*100)
			hist = acct.history
		case *Checking:
			hist = acct.history
		}
		fmt.Printf("%-6s %-13s %12v  %s\n", id, kind, a.Balance(), strings.Join(hist, " "))
	}
	fmt.Println("total:", total)

	wrapped := fmt.Errorf("audit: %w", bank.Transfer("alice", "bob", 1000000))
	fmt.Println(wrapped)
	fmt.Println(errors.Unwrap(errors.Unwrap(wrapped)) != nil, errors.Is(wrapped, ErrNotFound), classify(wrapped))
	var target *InsufficientFundsError
	if errors.As(wrapped, &target) {
		fmt.Printf("%T %+v\n", target, *target)
	}
}
