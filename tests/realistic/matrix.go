// Dense matrices: multiplication, transpose, Gaussian elimination with partial
// pivoting for solving systems, determinants and inverses, with formatted output.
package main

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

type Matrix struct {
	rows, cols int
	data       []float64
}

var ErrSingular = errors.New("matrix is singular")

func New(rows, cols int, vals ...float64) *Matrix {
	m := &Matrix{rows, cols, make([]float64, rows*cols)}
	copy(m.data, vals)
	return m
}

func Identity(n int) *Matrix {
	m := New(n, n)
	for i := 0; i < n; i++ {
		m.Set(i, i, 1)
	}
	return m
}

func (m *Matrix) At(i, j int) float64     { return m.data[i*m.cols+j] }
func (m *Matrix) Set(i, j int, v float64) { m.data[i*m.cols+j] = v }

func (m *Matrix) Clone() *Matrix { return New(m.rows, m.cols, m.data...) }

func (m *Matrix) Mul(o *Matrix) (*Matrix, error) {
	if m.cols != o.rows {
		return nil, fmt.Errorf("mul: shape %dx%d times %dx%d", m.rows, m.cols, o.rows, o.cols)
	}
	r := New(m.rows, o.cols)
	for i := 0; i < m.rows; i++ {
		for j := 0; j < o.cols; j++ {
			var s float64
			for k := 0; k < m.cols; k++ {
				s += m.At(i, k) * o.At(k, j)
			}
			r.Set(i, j, s)
		}
	}
	return r, nil
}

func (m *Matrix) T() *Matrix {
	r := New(m.cols, m.rows)
	for i := 0; i < m.rows; i++ {
		for j := 0; j < m.cols; j++ {
			r.Set(j, i, m.At(i, j))
		}
	}
	return r
}

func (m *Matrix) swapRows(a, b int) {
	for j := 0; j < m.cols; j++ {
		m.data[a*m.cols+j], m.data[b*m.cols+j] = m.data[b*m.cols+j], m.data[a*m.cols+j]
	}
}

// eliminate reduces the augmented matrix [m | rhs] to reduced row echelon form,
// returning the determinant of m. Both are modified in place.
func eliminate(m, rhs *Matrix) (float64, error) {
	n := m.rows
	det := 1.0
	for col := 0; col < n; col++ {
		pivot := col
		for r := col + 1; r < n; r++ {
			if math.Abs(m.At(r, col)) > math.Abs(m.At(pivot, col)) {
				pivot = r
			}
		}
		if math.Abs(m.At(pivot, col)) < 1e-12 {
			return 0, fmt.Errorf("column %d: %w", col, ErrSingular)
		}
		if pivot != col {
			m.swapRows(pivot, col)
			rhs.swapRows(pivot, col)
			det = -det
		}
		p := m.At(col, col)
		det *= p
		for j := 0; j < m.cols; j++ {
			m.Set(col, j, m.At(col, j)/p)
		}
		for j := 0; j < rhs.cols; j++ {
			rhs.Set(col, j, rhs.At(col, j)/p)
		}
		for r := 0; r < n; r++ {
			if r == col {
				continue
			}
			f := m.At(r, col)
			for j := 0; j < m.cols; j++ {
				m.Set(r, j, m.At(r, j)-f*m.At(col, j))
			}
			for j := 0; j < rhs.cols; j++ {
				rhs.Set(r, j, rhs.At(r, j)-f*rhs.At(col, j))
			}
		}
	}
	return det, nil
}

func Solve(a *Matrix, b []float64) ([]float64, float64, error) {
	rhs := New(len(b), 1, b...)
	det, err := eliminate(a.Clone(), rhs)
	if err != nil {
		return nil, 0, err
	}
	return rhs.data, det, nil
}

func (m *Matrix) Inverse() (*Matrix, error) {
	inv := Identity(m.rows)
	if _, err := eliminate(m.Clone(), inv); err != nil {
		return nil, fmt.Errorf("inverse: %w", err)
	}
	return inv, nil
}

func (m *Matrix) String() string {
	var b strings.Builder
	for i := 0; i < m.rows; i++ {
		b.WriteString("  [")
		for j := 0; j < m.cols; j++ {
			v := m.At(i, j)
			if math.Abs(v) < 1e-10 {
				v = 0 // hide -0 and rounding noise
			}
			fmt.Fprintf(&b, "%9.4f", v)
		}
		b.WriteString(" ]\n")
	}
	return b.String()
}

func main() {
	a := New(3, 3,
		2, 1, -1,
		-3, -1, 2,
		-2, 1, 2)
	b := []float64{8, -11, -3}
	x, det, err := Solve(a, b)
	fmt.Printf("A =\n%vb = %v\nx = %.6f det = %.3f err = %v\n", a, b, x, det, err)

	inv, _ := a.Inverse()
	fmt.Printf("inverse =\n%v", inv)
	prod, _ := a.Mul(inv)
	fmt.Printf("A * inverse =\n%v", prod)

	r := New(2, 3, 1, 2, 3, 4, 5, 6)
	rt := r.T()
	g, _ := r.Mul(rt)
	fmt.Printf("R R^T =\n%v", g)
	if _, err := r.Mul(r); err != nil {
		fmt.Println("error:", err)
	}

	sing := New(3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9)
	if _, err := sing.Inverse(); errors.Is(err, ErrSingular) {
		fmt.Println("error:", err)
	}

	// Hilbert matrices are badly conditioned: the error of solving H x = H*1 grows with n.
	for _, n := range []int{3, 6, 9} {
		h := New(n, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				h.Set(i, j, 1/float64(i+j+1))
			}
		}
		ones := New(n, 1)
		for i := range ones.data {
			ones.data[i] = 1
		}
		rhs, _ := h.Mul(ones)
		sol, det, _ := Solve(h, rhs.data)
		worst := 0.0
		for _, v := range sol {
			worst = math.Max(worst, math.Abs(v-1))
		}
		fmt.Printf("hilbert %d: det %.3e, max error %s\n", n, det, magnitude(worst))
	}

	// A rotation composed with itself 12 times (30 degrees each) is the identity.
	th := math.Pi / 6
	rot := New(2, 2, math.Cos(th), -math.Sin(th), math.Sin(th), math.Cos(th))
	acc := Identity(2)
	for i := 0; i < 12; i++ {
		acc, _ = acc.Mul(rot)
	}
	fmt.Printf("rot^12 =\n%v", acc)
	fmt.Printf("%v %.2f %8.3e %g %v\n", math.Sqrt(2), math.Inf(-1), 123456.789, math.NaN(), -0.0)
}

// magnitude reports a tiny error as a power of ten, which is stable across platforms.
func magnitude(v float64) string {
	if v == 0 {
		return "0"
	}
	return fmt.Sprintf("< 1e%d", int(math.Ceil(math.Log10(v))))
}
