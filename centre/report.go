package centre

import (
	"context"
	"sort"
	"time"

	"declic/catalogue"
	"declic/courses"
	"declic/i18n"
	"declic/ledger"
)

// Report is what a period's entries add up to, for staff and funders: credits less
// cancels, hours, distinct people, and the same by module, CRCN competency, operator,
// pass, centre and month, with the state of each chain to match a checkpoint.
type Report struct {
	From, To time.Time // first and last day (To included)
	// Credits counts credits less the cancels of credits, Cancels the cancels.
	Credits, Cancels int
	Hours            float64
	// People counts distinct dossiers (a dossier is one centre's: the same name at two
	// centres is two people).
	People int
	// Unenrolled are the credits a policy let through without an enrolled card.
	Unenrolled             Line
	ByModule, ByCompetency []Line
	ByOperator, ByPass     []Line
	// ByLearner is by dossier ("centre/dossier" in a shared ledger's report).
	ByLearner         []Line
	ByCentre, ByMonth []Line
	Heads             []Head
}

// Line is one row of a report: a key (module id, competency code, operator, pass,
// centre, month), its label, and its totals.
type Line struct {
	Key, Label string
	Credits    int
	People     int
	Hours      float64
}

// Head is a chain's state when the report was made, to match with a checkpoint.
type Head struct {
	Centre  string `json:"centre"`
	Entries int64  `json:"entries"`
	Head    string `json:"head"`
}

// MonthOf returns the first and last day of t's month, in the centre's time zone.
func MonthOf(t time.Time) (time.Time, time.Time) {
	t = t.Local()
	first := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.Local)
	return first, first.AddDate(0, 1, -1)
}

// Period is the filter of the days from..to (to included), in the centre's time zone.
func Period(from, to time.Time) ledger.Filter {
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.Local)
	end := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, time.Local).AddDate(0, 0, 1)
	return ledger.Filter{From: start, To: end}
}

// group gathers lines by key; people counts, per key, each person's credits less
// cancels (a person whose only credit was cancelled is not counted). Each line's
// People is kept up to date as entries are added, so a report of a large period costs
// one sort of its lines, not a pass over every person.
type group struct {
	lines  map[string]*Line
	people map[string]map[string]int
}

func newGroup() *group {
	return &group{lines: map[string]*Line{}, people: map[string]map[string]int{}}
}

// personCount moves a person's credits less cancels by sign and returns how the
// number of people with a credit left changes (-1, 0 or +1).
func personCount(net map[string]int, person string, sign int) int {
	before := net[person]
	after := before + sign
	net[person] = after
	switch {
	case before <= 0 && after > 0:
		return 1
	case before > 0 && after <= 0:
		return -1
	}
	return 0
}

func (g *group) add(key, label, person string, sign int, hours float64) {
	l := g.lines[key]
	if l == nil {
		l = &Line{Key: key, Label: label}
		g.lines[key] = l
		g.people[key] = map[string]int{}
	}
	l.Credits += sign
	l.Hours += hours
	l.People += personCount(g.people[key], person, sign)
}

// sorted returns a copy of the lines, by label then key.
func (g *group) sorted() []Line {
	out := make([]Line, 0, len(g.lines))
	for _, l := range g.lines {
		out = append(out, *l)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Label != out[j].Label {
			return out[i].Label < out[j].Label
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// Tally adds up a period's entries as they come: a report made once for a long
// period is kept up to date by adding only the lines appended since (a ledger only
// grows; a cancel is a line too). The order entries are added in does not change the
// report. A Tally is not safe for concurrent use.
type Tally struct {
	r                                                            Report
	cat                                                          *catalogue.Catalogue
	lang                                                         string
	people                                                       map[string]int
	modules, comps, operators, passes, centres, months, learners *group
}

// NewTally starts the report of from..to (to included); the catalogue gives each
// module its competencies and lang their labels.
func NewTally(from, to time.Time, cat *catalogue.Catalogue, lang string) *Tally {
	return &Tally{r: Report{From: from, To: to}, cat: cat, lang: lang, people: map[string]int{},
		modules: newGroup(), comps: newGroup(), operators: newGroup(), passes: newGroup(), centres: newGroup(), months: newGroup(), learners: newGroup()}
}

// Add counts entries already limited to the period (enrolments and their cancels
// count for nothing).
func (t *Tally) Add(entries ...ledger.Entry) {
	r := &t.r
	for _, e := range entries {
		if e.Kind == ledger.KindEnrol || (e.Kind == ledger.KindCancel && e.RecordID == "") {
			continue
		}
		sign := 1
		if e.Kind == ledger.KindCancel {
			r.Cancels++
			sign = -1
		}
		r.Credits += sign
		h := e.HoursCredited
		r.Hours += h
		person := e.Centre + "\x00" + e.Learner
		r.People += personCount(t.people, person, sign)
		t.modules.add(e.AchievementID, e.Module, person, sign, h)
		if m, ok := t.cat.Lookup(e.AchievementID); ok {
			// Only CRCN competencies: a pack's own codes (« socle.souris ») mean
			// nothing to a funder, and their module is already counted.
			for _, code := range m.Competencies {
				if l, ok := courses.CompetencyLabel(code, t.lang); ok {
					t.comps.add(code, code+" "+l, person, sign, h)
				}
			}
		}
		if e.Operator != "" {
			t.operators.add(e.Operator, e.Operator, person, sign, h)
		}
		if e.Learner != "" {
			t.learners.add(person, e.Learner, person, sign, h)
		}
		t.passes.add(e.Pass, e.Pass, person, sign, h)
		t.centres.add(e.Centre, e.Centre, person, sign, h)
		month := e.CreatedAt.Local().Format("2006-01")
		t.months.add(month, month, person, sign, h)
		if e.Kind == ledger.KindCredit && !e.Enrolled {
			r.Unenrolled.Credits++
			r.Unenrolled.Hours += h
		}
	}
}

// Report returns what the entries added so far add up to (without Heads); later
// additions do not change it.
func (t *Tally) Report() Report {
	r := t.r
	r.ByModule, r.ByCompetency, r.ByOperator = t.modules.sorted(), t.comps.sorted(), t.operators.sorted()
	r.ByPass, r.ByCentre, r.ByMonth, r.ByLearner = t.passes.sorted(), t.centres.sorted(), t.months.sorted(), t.learners.sorted()
	return r
}

// Summarise adds up entries (from Store.Network, already limited to the period); the
// catalogue gives each module its competencies and lang their labels.
func Summarise(entries []ledger.Entry, from, to time.Time, cat *catalogue.Catalogue, lang string) Report {
	t := NewTally(from, to, cat, lang)
	t.Add(entries...)
	return t.Report()
}

// PeriodEntries returns the entries a report of f adds up, from the store's report
// index when it has one (Reader.Period), else from Network.
func PeriodEntries(ctx context.Context, store ledger.Store, f ledger.Filter) ([]ledger.Entry, error) {
	if r, err := ledger.ReaderOf(store); err == nil {
		return r.Period(ctx, f)
	}
	return store.Network(ctx, f)
}

// Heads returns the state of the centre's chain (of every readable chain when centre
// is "" and the store cannot page): its length and last hash.
func Heads(ctx context.Context, store ledger.Store, centre string) ([]Head, error) {
	if r, err := ledger.ReaderOf(store); err == nil {
		seq, hash, err := r.Head(ctx, centre)
		if err != nil || seq == 0 {
			return nil, err
		}
		return []Head{{Centre: centre, Entries: seq, Head: hash}}, nil
	}
	all, err := store.Entries(ctx, ledger.Filter{Centre: centre})
	if err != nil {
		return nil, err
	}
	last := map[string]ledger.Entry{}
	for _, e := range all {
		last[e.Centre] = e
	}
	var out []Head
	for c, e := range last {
		out = append(out, Head{Centre: c, Entries: e.Seq, Head: e.Hash})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Centre < out[j].Centre })
	return out, nil
}

// CSV returns the report as rows for WriteCSV, in tr's language, numbers with a
// decimal comma: what the Espace centre's download and `declic-centre report --csv`
// both write.
func (r Report) CSV(tr *i18n.Translator) ([]string, [][]string) {
	t := func(id string, pairs ...any) string { return tr.Message(i18n.M(id, pairs...)) }
	header := []string{t("centre.csv.section"), t("centre.csv.key"), t("centre.csv.label"), t("centre.csv.records"), t("centre.csv.people"), t("centre.csv.hours")}
	var rows [][]string
	itoa := func(n int) string { return CommaNumber(float64(n)) }
	rows = append(rows, []string{t("centre.csv.period"), r.From.Format("2006-01-02"), r.To.Format("2006-01-02"), "", "", ""})
	rows = append(rows, []string{t("centre.csv.total"), "", "", itoa(r.Credits), itoa(r.People), CommaNumber(r.Hours)})
	if r.Cancels > 0 {
		rows = append(rows, []string{t("centre.csv.cancels"), "", t("centre.csv.deducted"), itoa(r.Cancels), "", ""})
	}
	if r.Unenrolled.Credits > 0 {
		rows = append(rows, []string{t("centre.csv.unenrolled"), "", t("centre.csv.unenrolled_note"), itoa(r.Unenrolled.Credits), "", CommaNumber(r.Unenrolled.Hours)})
	}
	for _, s := range []struct {
		id    string
		lines []Line
	}{{"centre.csv.by_module", r.ByModule}, {"centre.csv.by_competency", r.ByCompetency}, {"centre.csv.by_operator", r.ByOperator}, {"centre.csv.by_learner", r.ByLearner},
		{"centre.csv.by_pass", r.ByPass}, {"centre.csv.by_centre", r.ByCentre}, {"centre.csv.by_month", r.ByMonth}} {
		for _, l := range s.lines {
			key, label := l.Key, l.Label
			if s.id == "centre.csv.by_learner" {
				key = ""
			}
			if s.id == "centre.csv.by_pass" && key == "" {
				label = t("centre.csv.no_pass")
			}
			rows = append(rows, []string{t(s.id), key, label, itoa(l.Credits), itoa(l.People), CommaNumber(l.Hours)})
		}
	}
	for _, h := range r.Heads {
		rows = append(rows, []string{t("centre.csv.ledger"), h.Centre, t("centre.csv.head", "Head", h.Head), itoa(int(h.Entries)), "", ""})
	}
	return header, rows
}
