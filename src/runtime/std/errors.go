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

// As finds the first error in err's chain whose type matches the type target points to,
// stores it there and reports true.
func As(err error, target any) bool
