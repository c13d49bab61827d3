// Reads text from standard input with bufio.Scanner, counts words (case-folded,
// punctuation stripped), and prints the ten most frequent sorted by count then word,
// along with line, word and character statistics.
package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

type entry struct {
	word  string
	count int
	first int // line of first occurrence
}

func normalize(tok string) string {
	tok = strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.ToLower(tok)
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	counts := map[string]*entry{}
	var lines, words, chars, blank, longestLine int
	longestWord := ""
	for sc.Scan() {
		lines++
		text := sc.Text()
		chars += utf8.RuneCountInString(text)
		if strings.TrimSpace(text) == "" {
			blank++
			continue
		}
		if n := utf8.RuneCountInString(text); n > longestLine {
			longestLine = n
		}
		for _, tok := range strings.FieldsFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '-' || r == '/' }) {
			w := normalize(tok)
			if w == "" {
				continue
			}
			words++
			e, ok := counts[w]
			if !ok {
				e = &entry{word: w, first: lines}
				counts[w] = e
			}
			e.count++
			if utf8.RuneCountInString(w) > utf8.RuneCountInString(longestWord) ||
				(utf8.RuneCountInString(w) == utf8.RuneCountInString(longestWord) && w < longestWord) {
				longestWord = w
			}
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "read error:", err)
		os.Exit(1)
	}

	all := make([]*entry, 0, len(counts))
	for _, e := range counts {
		all = append(all, e)
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].count != all[j].count {
			return all[i].count > all[j].count
		}
		return all[i].word < all[j].word
	})

	fmt.Printf("lines=%d blank=%d words=%d unique=%d chars=%d\n", lines, blank, words, len(all), chars)
	fmt.Printf("longest line: %d runes, longest word: %q\n", longestLine, longestWord)
	fmt.Println("rank  word          count  first  share")
	top := 10
	if len(all) < top {
		top = len(all)
	}
	for i, e := range all[:top] {
		fmt.Printf("%4d  %-12s  %5d  %5d  %5.1f%%\n", i+1, e.word, e.count, e.first, 100*float64(e.count)/float64(words))
	}

	// Words that occur exactly once, grouped by first letter.
	groups := map[rune][]string{}
	for _, e := range all {
		if e.count == 1 {
			r, _ := utf8.DecodeRuneInString(e.word)
			groups[r] = append(groups[r], e.word)
		}
	}
	letters := make([]rune, 0, len(groups))
	for r := range groups {
		letters = append(letters, r)
	}
	sort.Slice(letters, func(i, j int) bool { return letters[i] < letters[j] })
	singles := 0
	for _, r := range letters {
		sort.Strings(groups[r])
		singles += len(groups[r])
		if len(groups[r]) >= 3 {
			fmt.Printf("%c: %s\n", unicode.ToUpper(r), strings.Join(groups[r], " "))
		}
	}
	fmt.Println("hapax legomena:", singles)
}
