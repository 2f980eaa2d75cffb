package testingkit

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// What differs between an expected and an actual value, worded alike in every kit (the
// [messages] section of rules/api.toml; the shared cases pin it byte for byte):
//
//   - two strings with a line break: a unified line diff with 3 lines of context;
//   - two single-line strings: both, one above the other, with a ^ under the first
//     character that differs, cut to a window around it when they are long;
//   - two lists, maps or records: the differing entries by path
//     (.items[2].price: expected 3, actual 4), at most maxEntries lines.

const (
	contextLines = 3
	maxEntries   = 20
	windowBefore = 24
	windowAfter  = 40
	// Above this many cells the line diff stops looking for the longest common
	// subsequence and shows the differing middle as removed, then added.
	maxDiffCells = 1_000_000
	labelWidth   = len("  expected: ")
)

// explainDifference is the difference of two values under an equality mismatch; "" when
// there is nothing to add to the two sides (numbers, values of different kinds).
func explainDifference(expected, actual shape) string {
	if expected.text == actual.text || expected.kind != actual.kind || expected.kind == leafShape {
		return ""
	}
	if expected.kind == recordShape && expected.name != actual.name {
		return ""
	}
	var lines []string
	walk("", expected, actual, &lines)
	if len(lines) == 0 {
		return ""
	}
	if len(lines) > maxEntries {
		more := len(lines) - maxEntries
		lines = append(lines[:maxEntries], fmt.Sprintf("... and %d more", more))
	}
	return "differences:\n  " + strings.Join(lines, "\n  ")
}

func pathPrefix(path string) string {
	if path == "" {
		return ""
	}
	return path + ": "
}

func walk(path string, expected, actual shape, out *[]string) {
	if expected.text == actual.text {
		return
	}
	otherRecord := expected.kind == recordShape && expected.name != actual.name
	if expected.kind != actual.kind || expected.kind == leafShape || otherRecord {
		*out = append(*out, fmt.Sprintf("%sexpected %s, actual %s", pathPrefix(path), expected.text, actual.text))
		return
	}
	step := func(key string) string {
		if expected.kind == recordShape {
			return path + "." + key
		}
		return path + "[" + key + "]"
	}
	old, new := partsByKey(expected), partsByKey(actual)
	var keys []string
	if expected.kind == listShape {
		for i := 0; i < max(len(expected.parts), len(actual.parts)); i++ {
			keys = append(keys, fmt.Sprint(i))
		}
	} else {
		for _, p := range expected.parts {
			keys = append(keys, p.key)
		}
		for _, p := range actual.parts {
			if _, known := old[p.key]; !known {
				keys = append(keys, p.key)
			}
		}
		if expected.kind == mapShape {
			sort.Strings(keys)
		}
	}
	for _, key := range keys {
		before, inExpected := old[key]
		after, inActual := new[key]
		switch {
		case inExpected && !inActual:
			*out = append(*out, fmt.Sprintf("%s: missing, expected %s", step(key), before.text))
		case inActual && !inExpected:
			*out = append(*out, fmt.Sprintf("%s: extra, actual %s", step(key), after.text))
		default:
			walk(step(key), before, after, out)
		}
	}
}

func partsByKey(s shape) map[string]shape {
	byKey := make(map[string]shape, len(s.parts))
	for _, p := range s.parts {
		byKey[p.key] = p.shape
	}
	return byKey
}

// textDifference is the difference of two strings: a line diff when either has a line
// break, else a marker under the first differing character; "" when they are equal.
func textDifference(expected, actual string) string {
	switch {
	case expected == actual:
		return ""
	case strings.Contains(expected, "\n") || strings.Contains(actual, "\n"):
		return lineDiff(expected, actual)
	}
	return characterMarker(expected, actual)
}

func characterMarker(expected, actual string) string {
	old, new := []rune(expected), []rune(actual)
	index := 0
	for index < min(len(old), len(new)) && old[index] == new[index] {
		index++
	}
	start := max(0, index-windowBefore)
	window := func(text []rune) (string, string) {
		end := min(len(text), index+windowAfter)
		before, after := "", ""
		if start > 0 {
			before = "..."
		}
		if end < len(text) {
			after = "..."
		}
		return before, before + quoted(string(text[start:end])) + after
	}
	_, shownExpected := window(old)
	before, shownActual := window(new)
	// The marker sits under the first differing character as the actual line shows it,
	// escapes included; a difference past the end points just after the last one.
	column := labelWidth + len(before) + utf8.RuneCountInString(quoted(string(new[start:index]))) - 1
	return fmt.Sprintf("first difference at index %d:\n  expected: %s\n    actual: %s\n%s^",
		index, shownExpected, shownActual, strings.Repeat(" ", column))
}

type edit struct {
	op   byte // ' ' kept, '-' removed, '+' added
	line string
}

// lineDiff is a unified diff of two texts split on "\n", with contextLines of context.
func lineDiff(expected, actual string) string {
	script := editScript(strings.Split(expected, "\n"), strings.Split(actual, "\n"))
	lines := append([]string{"diff (-expected +actual):"}, hunks(script)...)
	return strings.Join(lines, "\n")
}

// editScript turns old into new through a longest common subsequence, removals before
// additions where both are possible.
func editScript(old, new []string) []edit {
	prefix := 0
	for prefix < min(len(old), len(new)) && old[prefix] == new[prefix] {
		prefix++
	}
	suffix := 0
	for suffix < min(len(old), len(new))-prefix && old[len(old)-1-suffix] == new[len(new)-1-suffix] {
		suffix++
	}
	var script []edit
	for _, line := range old[:prefix] {
		script = append(script, edit{' ', line})
	}
	script = append(script, middleScript(old[prefix:len(old)-suffix], new[prefix:len(new)-suffix])...)
	for _, line := range old[len(old)-suffix:] {
		script = append(script, edit{' ', line})
	}
	return script
}

func middleScript(old, new []string) []edit {
	rows, columns := len(old), len(new)
	var script []edit
	rest := func(i, j int) []edit {
		for _, line := range old[i:] {
			script = append(script, edit{'-', line})
		}
		for _, line := range new[j:] {
			script = append(script, edit{'+', line})
		}
		return script
	}
	if rows*columns > maxDiffCells {
		return rest(0, 0)
	}
	// common[i][j]: the length of a longest common subsequence of old[i:] and new[j:].
	common := make([][]int, rows+1)
	for i := range common {
		common[i] = make([]int, columns+1)
	}
	for i := rows - 1; i >= 0; i-- {
		for j := columns - 1; j >= 0; j-- {
			if old[i] == new[j] {
				common[i][j] = common[i+1][j+1] + 1
			} else {
				common[i][j] = max(common[i+1][j], common[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < rows && j < columns {
		switch {
		case old[i] == new[j]:
			script = append(script, edit{' ', old[i]})
			i, j = i+1, j+1
		case common[i+1][j] >= common[i][j+1]:
			script = append(script, edit{'-', old[i]})
			i++
		default:
			script = append(script, edit{'+', new[j]})
			j++
		}
	}
	return rest(i, j)
}

// hunks groups the edit script into unified hunks: each change with up to contextLines
// kept lines around it, changes closer than twice that merged.
func hunks(script []edit) []string {
	type span struct{ low, high int }
	var groups []span
	for index, e := range script {
		if e.op == ' ' {
			continue
		}
		low, high := max(0, index-contextLines), min(len(script), index+contextLines+1)
		if n := len(groups); n > 0 && low <= groups[n-1].high {
			groups[n-1].high = high
		} else {
			groups = append(groups, span{low, high})
		}
	}
	count := func(edits []edit, skipped byte) int {
		n := 0
		for _, e := range edits {
			if e.op != skipped {
				n++
			}
		}
		return n
	}
	var out []string
	for _, g := range groups {
		oldStart, newStart := count(script[:g.low], '+'), count(script[:g.low], '-')
		body := script[g.low:g.high]
		oldCount, newCount := count(body, '+'), count(body, '-')
		out = append(out, fmt.Sprintf("@@ -%d,%d +%d,%d @@",
			rangeStart(oldStart, oldCount), oldCount, rangeStart(newStart, newCount), newCount))
		for _, e := range body {
			out = append(out, string(e.op)+e.line)
		}
	}
	return out
}

// rangeStart is 1-based, and an empty range names the line before it, as in every
// unified diff.
func rangeStart(start, count int) int {
	if count > 0 {
		return start + 1
	}
	return start
}
