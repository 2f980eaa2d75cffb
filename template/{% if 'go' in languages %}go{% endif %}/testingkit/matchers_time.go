package testingkit

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// ---------------------------------------------------------------- time
//
// Times (time.Time) and durations (time.Duration) render alike in every kit: a time as
// RFC 3339 in UTC ("2026-01-01T00:00:00.25Z", the fraction only when there is one, to
// the microsecond), a duration in the largest whole unit of s, ms or µs ("2s",
// "1500ms", "250µs").

// renderDuration renders a duration as every kit does.
func renderDuration(d time.Duration) string {
	micros := d.Microseconds()
	switch {
	case micros != 0 && micros%1_000_000 == 0:
		return fmt.Sprintf("%ds", micros/1_000_000)
	case micros%1_000 == 0:
		return fmt.Sprintf("%dms", micros/1_000)
	}
	return fmt.Sprintf("%dµs", micros)
}

// renderTime renders a time as every kit does.
func renderTime(t time.Time) string {
	t = t.UTC().Truncate(time.Microsecond)
	text := t.Format("2006-01-02T15:04:05")
	if micros := t.Nanosecond() / 1_000; micros != 0 {
		text += "." + strings.TrimRight(fmt.Sprintf("%06d", micros), "0")
	}
	return text + "Z"
}

// renderTemporal renders times and durations as every kit does, anything else as Render.
func renderTemporal(value any) string {
	switch v := value.(type) {
	case time.Time:
		return renderTime(v)
	case time.Duration:
		return renderDuration(v)
	}
	return Render(value)
}

// temporal is a test of a time or a duration that shows them the way every kit does.
type temporal struct {
	description string
	test        func(actual any) bool
}

func (m temporal) Matches(actual any) bool { return m.test(actual) }
func (m temporal) Describe() string        { return m.description }
func (m temporal) judge(actual any) verdict {
	return verdict{matched: m.test(actual), actual: renderTemporal(actual)}
}

// Within matches a time (or a duration) no further than tolerance from expected, a
// time.Time (or a time.Duration).
//
// It panics when expected is neither, as a matcher given a wrong argument does.
func Within(tolerance time.Duration, expected any) Matcher {
	description := "within " + renderDuration(tolerance) + " of " + renderTemporal(expected)
	switch want := expected.(type) {
	case time.Time:
		return temporal{description, func(actual any) bool {
			got, isTime := actual.(time.Time)
			return isTime && got.Sub(want).Abs() <= tolerance
		}}
	case time.Duration:
		return temporal{description, func(actual any) bool {
			got, isDuration := actual.(time.Duration)
			return isDuration && (got-want).Abs() <= tolerance
		}}
	}
	panic(fmt.Sprintf("Within takes a time.Time or a time.Duration, not %s", reflect.TypeOf(expected)))
}

// IsBefore matches a time strictly earlier than moment.
func IsBefore(moment time.Time) Matcher {
	return temporal{"a time before " + renderTime(moment), func(actual any) bool {
		got, isTime := actual.(time.Time)
		return isTime && got.Before(moment)
	}}
}

// IsAfter matches a time strictly later than moment.
func IsAfter(moment time.Time) Matcher {
	return temporal{"a time after " + renderTime(moment), func(actual any) bool {
		got, isTime := actual.(time.Time)
		return isTime && got.After(moment)
	}}
}
