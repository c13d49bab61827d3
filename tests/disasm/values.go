// Strings, slices, arrays, maps and floats.
package main

func strs(s string, i int) (string, byte, int) {
	t := s + "!"
	n := 0
	for _, r := range s {
		n += int(r)
	}
	return t[1:i], s[i], n
}

func slices(xs []int) []int {
	ys := make([]int, 0, len(xs))
	ys = append(ys, xs[1:]...)
	ys = append(ys, 4, 5)
	copy(ys, xs[:2])
	a := [3]int(ys[:3])
	return append(ys, a[2])
}

func maps(m map[string]int, k string) (int, bool) {
	m[k]++
	delete(m, "gone")
	v, ok := m[k]
	for key, val := range m {
		v += len(key) + val
	}
	return v, ok
}

func floats(x float64, y float32) float64 {
	return x*2.5 - float64(y)/3 + min(x, 1)
}

func main() {
	s, b, n := strs("hello", 2)
	println(s, b, n)
	println(len(slices([]int{1, 2, 3})))
	v, ok := maps(map[string]int{"a": 1}, "a")
	println(v, ok)
	println(floats(1.5, 2))
}
