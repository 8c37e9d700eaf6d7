package courses

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"declic/plugins"
)

// How long a beginner takes on a module, estimated from its content. The
// figures are documented in docs/pack-format.md (« Durée d'un module »), which
// a test keeps in step with them.
const (
	// BeginnerWordsPerMinute is the reading pace assumed for a learner: a third
	// of the 238 words per minute of an average adult reading silently
	// (Brysbaert, 2019, a review of 190 studies), because Déclic's learners
	// often read word by word, or in a second language, and listen to the
	// screen read aloud (about 150 words per minute) while following the text.
	BeginnerWordsPerMinute = 80
	// ScreenTime is spent on every screen besides reading: finding where to
	// look, then the « Suivant » button, with a mouse that is still new.
	ScreenTime = 15 * time.Second
	// ImageTime is spent looking at each picture.
	ImageTime = 10 * time.Second
	// OtherActivityTime is the typical time of an activity whose kind has no
	// figure in ActivityTimes (a kind added by a plug-in).
	OtherActivityTime = 2 * time.Minute
	// HoursTolerance is how far the declared hours may be from the estimate:
	// more than HoursTolerance times it, or less than its 1/HoursTolerance, is
	// reported. Centres refuse records whose active time is under a quarter of
	// the hours, so a module declared at twice its length is already at risk.
	HoursTolerance = 2
)

// ActivityTimes is the typical time of one activity of each built-in kind for a
// beginner, one retry included, on top of reading its texts: a quiz is a choice
// to make, an order exercise several moves, a mouse or keyboard exercise a
// gesture to repeat, a spot exercise a whole message to inspect, a form several
// fields to fill in, a site simulation a whole procedure of several pages.
var ActivityTimes = map[string]time.Duration{
	"quiz":     1 * time.Minute,
	"order":    2 * time.Minute,
	"mouse":    2 * time.Minute,
	"keyboard": 2 * time.Minute,
	"spot":     3 * time.Minute,
	"form":     4 * time.Minute,
	"site":     6 * time.Minute,
}

// ActivityTime is the typical time of an activity of kind (see ActivityTimes).
func ActivityTime(kind string) time.Duration {
	if d, ok := ActivityTimes[kind]; ok {
		return d
	}
	return OtherActivityTime
}

// Estimate is how long a beginner is expected to spend on some content, and
// what it is made of.
type Estimate struct {
	Screens, Words, Images, Activities int
	// Time is the reading time of the words, plus ScreenTime per screen,
	// ImageTime per picture and the typical time of each activity.
	Time time.Duration
}

// Add sums two estimates.
func (e Estimate) Add(o Estimate) Estimate {
	return Estimate{e.Screens + o.Screens, e.Words + o.Words, e.Images + o.Images, e.Activities + o.Activities, e.Time + o.Time}
}

// Minutes is the estimated time rounded to the nearest minute, 1 at least
// when there is anything to do.
func (e Estimate) Minutes() int {
	if e.Time <= 0 {
		return 0
	}
	return max(1, int(math.Round(e.Time.Minutes())))
}

// EstimateModule estimates the time a beginner spends on a module's lessons.
func EstimateModule(m *Module) Estimate {
	var e Estimate
	for _, l := range m.Lessons {
		e = e.Add(EstimateLesson(l))
	}
	return e
}

// EstimateLesson estimates the time a beginner spends on a lesson.
func EstimateLesson(l *Lesson) Estimate {
	var e Estimate
	for _, s := range l.Steps {
		e.Screens++
		e.Words += wordCount(s.Title)
		e.Time += ScreenTime
		estimateBlocks(s.Blocks, &e)
	}
	e.Time += time.Duration(float64(e.Words) / BeginnerWordsPerMinute * float64(time.Minute))
	return e
}

func estimateBlocks(blocks []Block, e *Estimate) {
	for _, b := range blocks {
		switch b := b.(type) {
		case Paragraph:
			e.Words += countWords(b.Inlines)
		case Heading:
			e.Words += countWords(b.Inlines)
		case List:
			for _, item := range b.Items {
				estimateBlocks(item, e)
			}
		case Callout:
			estimateBlocks(b.Blocks, e)
		case Image:
			e.Images++
			e.Time += ImageTime
		case Activity:
			e.Activities++
			e.Time += ActivityTime(b.Kind)
			if b.Parsed == nil {
				continue
			}
			e.Words += wordCount(b.Parsed.Prompt())
			if t, ok := b.Parsed.(plugins.Texter); ok {
				for _, s := range t.Text() {
					e.Words += wordCount(s)
				}
			}
		}
	}
}

func wordCount(s string) int {
	return len(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\'' || r == '’' }))
}

// checkHours warns about a module whose declared hours are far from what its
// content takes a beginner (see HoursTolerance), suggesting a value.
func (l *loader) checkHours(pack *Pack) {
	for _, m := range pack.Modules {
		if m.Hours <= 0 || m.Hours > MaxHours || len(m.Lessons) == 0 {
			continue
		}
		est := EstimateModule(m)
		estHours := est.Time.Hours()
		if estHours <= 0 {
			continue
		}
		file := m.Dir + "/module.toml"
		args := []any{"Hours", formatNumber(m.Hours), "Minutes", est.Minutes(), "Suggested", formatNumber(SuggestHours(est.Time))}
		switch {
		case m.Hours > HoursTolerance*estHours:
			l.warnf(file, m.hoursLine, "courses.hours_above_estimate", args...)
		case m.Hours*HoursTolerance < estHours:
			l.warnf(file, m.hoursLine, "courses.hours_below_estimate", args...)
		}
	}
}

// SuggestHours rounds an estimated time to a value to write in module.toml:
// to the quarter hour from half an hour on, to 0.05 h (3 minutes) from 0.1 h
// on, and to 0.01 h (36 seconds) below, 0.01 at least. A module being started
// (one short lesson) thus gets a value the check accepts.
func SuggestHours(d time.Duration) float64 {
	h := d.Hours()
	switch {
	case h >= 0.5:
		return math.Round(h*4) / 4
	case h >= 0.1:
		return math.Round(h*20) / 20
	}
	return math.Max(0.01, math.Round(h*100)/100)
}

// formatNumber writes a number as TOML does ("1.5", "2"), for messages that
// quote a value of a manifest.
func formatNumber(f float64) string {
	return strconv.FormatFloat(f, 'f', -1, 64)
}
