// Package errors creates and inspects error values.
package errors

type errorString struct {
	s string
}

func (e *errorString) Error() string { return e.s }

// New returns an error whose message is text; each call gives a distinct error.
func New(text string) error {
	return &errorString{text}
}

// Unwrap returns the error err wraps, if its type has an Unwrap method.
func Unwrap(err error) error {
	u, ok := err.(interface{ Unwrap() error })
	if !ok {
		return nil
	}
	return u.Unwrap()
}

// Is reports whether err or any error it wraps equals target.
func Is(err, target error) bool {
	if err == nil || target == nil {
		return err == target
	}
	for err != nil {
		if err == target {
			return true
		}
		if x, ok := err.(interface{ Is(error) bool }); ok && x.Is(target) {
			return true
		}
		err = Unwrap(err)
	}
	return false
}

// As finds the first error in err's tree (its Unwrap chain, each branch of an
// Unwrap() []error in turn) that target, a non-nil pointer, can hold, stores it there
// and reports true. An error whose As method says it matches counts too.
func As(err error, target any) bool {
	if err == nil {
		return false
	}
	if target == nil {
		panic("errors: target cannot be nil")
	}
	switch targetKind(target) {
	case badPointer:
		panic("errors: target must be a non-nil pointer")
	case badElem:
		panic("errors: *target must be interface or implement error")
	}
	return as(err, target)
}

func as(err error, target any) bool {
	for {
		if assign(err, target) {
			return true
		}
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(target) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
			if err == nil {
				return false
			}
		case interface{ Unwrap() []error }:
			for _, err := range x.Unwrap() {
				if err != nil && as(err, target) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
}

// What targetKind finds wrong with a target.
const (
	goodTarget = iota
	badPointer // not a non-nil pointer
	badElem    // points to neither an interface nor an error type
)

func targetKind(target any) int

// assign stores err in *target and reports true if target's element type can hold it:
// an interface that err's dynamic type implements, or that very type.
func assign(err error, target any) bool
