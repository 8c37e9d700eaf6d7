package search

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/pelletier/go-toml/v2"

	"declic/courses"
	"declic/plugins"
)

// Stored fields: what a result shows and needs to open its step. They are
// stored, not analysed (except fieldPack, a keyword used to delete a pack).
const (
	fieldPack        = "pack"
	fieldPackTitle   = "pack_title"
	fieldModule      = "module"
	fieldModuleTitle = "module_title"
	fieldLesson      = "lesson"
	fieldLessonTitle = "lesson_title"
	fieldStep        = "step"
	fieldStepTitle   = "step_title"
	fieldLevel       = "level"
	fieldText        = "text"
	fieldLang        = "lang"
)

// Searched fields exist once per language ("fr_text", "en_text"…), each analysed
// with that language's analyzer; fieldSuffixPlain holds all of them again with
// the plain analyzer for typo and prefix matching.
const (
	suffixStepTitle   = "_step_title"
	suffixPlaceTitles = "_place" // the lesson's and the module's titles
	suffixText        = "_text"
	suffixAbout       = "_about" // module summary, goals, level, competencies
	suffixPlain       = "_plain"
)

// stemmedFields are the per-language fields with their boosts: titles weigh
// more than running text.
// Fields with positions answer phrase queries; "about" matches a phrase's
// words in any order, which saves index space for text repeated on every step
// of a module. The pack title is not searched: it is the same for every step
// of a pack, so it cannot tell them apart. Corrections and completions of a
// word (guesses) skip the about field.
var stemmedFields = []struct {
	suffix    string
	boost     float64
	positions bool
	guesses   bool
}{
	{suffixStepTitle, 3, true, true},
	{suffixPlaceTitles, 2, true, true},
	{suffixText, 1, true, true},
	{suffixAbout, 0.8, false, false},
}

// newMapping builds the index mapping: fixed fields only, no dynamic ones.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := mapping.NewIndexMapping()
	if err := addAnalyzers(m); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = analyzerPlain
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	doc := mapping.NewDocumentStaticMapping()
	stored := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = keyword.Name // Bleve analyses even fields it does not index: keep it cheap
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	for _, name := range []string{fieldPackTitle, fieldModule, fieldModuleTitle, fieldLesson,
		fieldLessonTitle, fieldStep, fieldStepTitle, fieldLevel, fieldText, fieldLang} {
		doc.AddFieldMappingsAt(name, stored())
	}
	pack := mapping.NewKeywordFieldMapping()
	pack.Store = true
	pack.IncludeInAll = false
	pack.IncludeTermVectors = false
	pack.DocValues = false
	doc.AddFieldMappingsAt(fieldPack, pack)

	searched := func(analyzer string, positions bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = positions // needed by phrase queries
		f.DocValues = false
		return f
	}
	// The plain field is only a dictionary of the words as written (for typos,
	// completions and suggestions): no positions, no norms, no term vectors.
	dictionaryField := mapping.NewTextFieldMapping()
	dictionaryField.Analyzer = analyzerPlain
	dictionaryField.Store = false
	dictionaryField.IncludeInAll = false
	dictionaryField.IncludeTermVectors = false
	dictionaryField.DocValues = false
	dictionaryField.SkipFreqNorm = true
	for _, l := range allLanguages {
		for _, sf := range stemmedFields {
			doc.AddFieldMappingsAt(string(l)+sf.suffix, searched(analyzerFor(l), sf.positions))
		}
		doc.AddFieldMappingsAt(string(l)+suffixPlain, dictionaryField)
	}
	m.DefaultMapping = doc
	return m, nil
}

// standaloneMapping gives analyzers to code that runs without an open index
// (query parsing, synonym files). Bleve's analyzer cache is safe for concurrent use.
var standaloneMapping = sync.OnceValue(func() *mapping.IndexMappingImpl {
	m, err := newMapping()
	if err != nil {
		panic("search: " + err.Error()) // the mapping is built from constants
	}
	return m
})

// analyzerNamed returns one of this package's analyzers.
func analyzerNamed(name string) analysis.Analyzer {
	return standaloneMapping().AnalyzerNamed(name)
}

// plainTokens splits s into lower-case, accent-free words.
func plainTokens(s string) []string {
	stream := analyzerNamed(analyzerPlain).Analyze([]byte(s))
	out := make([]string, 0, len(stream))
	for _, t := range stream {
		out = append(out, string(t.Term))
	}
	return out
}

// stepDoc is one step as indexed: its id and the field map given to Bleve.
type stepDoc struct {
	id     string
	fields map[string]any
}

// stepID names a step in the index: pack, module, lesson and step index.
func stepID(packID, moduleID, lessonID string, step int) string {
	return packID + "\x1f" + moduleID + "\x1f" + lessonID + "\x1f" + strconv.Itoa(step)
}

// packDocs turns every step of a pack into a document, and returns a digest of
// them so a pack edited in place (same version) is still re-indexed.
func packDocs(p *courses.Pack) ([]stepDoc, string) {
	l := languageOf(p.Language)
	prefix := string(l)
	var docs []stepDoc
	h := sha256.New()
	for mi, m := range p.Modules {
		about := aboutText(m, p.Language)
		for li, les := range m.Lessons {
			for i, st := range les.Steps {
				text := stepText(st)
				// The plain field is a dictionary: the words of titles and
				// summaries repeated on every step are put on the first only.
				words := []string{st.Title, text}
				if i == 0 {
					words = append(words, les.Title)
				}
				if i == 0 && li == 0 {
					words = append(words, m.Title, about)
				}
				if i == 0 && li == 0 && mi == 0 {
					words = append(words, p.Title)
				}
				plain := strings.Join(words, "\n")
				kv := [...]string{
					fieldPack, p.ID,
					fieldPackTitle, p.Title,
					fieldModule, m.ID,
					fieldModuleTitle, m.Title,
					fieldLesson, les.ID,
					fieldLessonTitle, les.Title,
					fieldStep, strconv.Itoa(i),
					fieldStepTitle, st.Title,
					fieldLevel, string(m.Level),
					fieldText, text,
					fieldLang, string(l),
					prefix + suffixStepTitle, st.Title,
					prefix + suffixPlaceTitles, les.Title + "\n" + m.Title,
					prefix + suffixText, text,
					prefix + suffixAbout, about,
					prefix + suffixPlain, plain,
				}
				id := stepID(p.ID, m.ID, les.ID, i)
				f := make(map[string]any, len(kv)/2)
				h.Write([]byte(id))
				for k := 0; k < len(kv); k += 2 {
					f[kv[k]] = kv[k+1]
					h.Write([]byte{0})
					h.Write([]byte(kv[k+1]))
				}
				docs = append(docs, stepDoc{id: id, fields: f})
			}
		}
	}
	return docs, hex.EncodeToString(h.Sum(nil))
}

// aboutText gathers what describes a module as a whole.
func aboutText(m *courses.Module, lang string) string {
	parts := []string{m.Summary}
	parts = append(parts, m.Goals...)
	parts = append(parts, string(m.Level))
	parts = append(parts, competencyWords(m.Competencies, lang)...)
	return strings.Join(nonEmpty(parts), "\n")
}

// stepText flattens a step's blocks into plain text, one block per line:
// paragraphs, headings, list items, "À retenir" boxes, image descriptions and
// the activities' prompts and texts.
func stepText(st *courses.Step) string {
	var lines []string
	var walk func(blocks []courses.Block)
	walk = func(blocks []courses.Block) {
		for _, b := range blocks {
			switch b := b.(type) {
			case courses.Paragraph:
				lines = append(lines, inlineText(b.Inlines))
			case *courses.Paragraph:
				lines = append(lines, inlineText(b.Inlines))
			case courses.Heading:
				lines = append(lines, inlineText(b.Inlines))
			case *courses.Heading:
				lines = append(lines, inlineText(b.Inlines))
			case courses.List:
				for _, item := range b.Items {
					walk(item)
				}
			case *courses.List:
				for _, item := range b.Items {
					walk(item)
				}
			case courses.Callout:
				walk(b.Blocks)
			case *courses.Callout:
				walk(b.Blocks)
			case courses.Image:
				lines = append(lines, b.Alt)
			case *courses.Image:
				lines = append(lines, b.Alt)
			case courses.Activity:
				lines = append(lines, activityText(&b)...)
			case *courses.Activity:
				lines = append(lines, activityText(b)...)
			}
		}
	}
	walk(st.Blocks)
	// A quiz's prompt is often also its question: say each line once.
	seen := map[string]bool{}
	var out []string
	for _, line := range nonEmpty(lines) {
		if !seen[line] {
			seen[line] = true
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

func inlineText(ins []courses.Inline) string {
	var sb strings.Builder
	for _, in := range ins {
		if in.Text == "\n" {
			sb.WriteByte(' ')
			continue
		}
		sb.WriteString(in.Text)
	}
	return strings.Join(strings.Fields(sb.String()), " ")
}

// activityText is what an activity says to the learner. A parsed activity gives
// its prompt and, if it is a plugins.Texter, its texts. When the kind is not
// registered in this program (a CLI, a test), the string values of its TOML body
// are used instead, minus the keys that hold file names or settings.
func activityText(a *courses.Activity) []string {
	if a.Parsed != nil {
		out := []string{a.Parsed.Prompt()}
		if t, ok := a.Parsed.(plugins.Texter); ok {
			out = append(out, t.Text()...)
		}
		return out
	}
	var body map[string]any
	if err := toml.Unmarshal(a.Body, &body); err != nil {
		return nil // an invalid body is reported by pack validation, not here
	}
	var out []string
	collectStrings(body, &out)
	return out
}

// settingKeys hold values that are not text a learner reads.
var settingKeys = map[string]bool{"image": true, "action": true, "type": true, "format": true, "field": true}

func collectStrings(v any, out *[]string) {
	switch v := v.(type) {
	case string:
		*out = append(*out, v)
	case []any:
		for _, e := range v {
			collectStrings(e, out)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !settingKeys[k] {
				collectStrings(v[k], out)
			}
		}
	}
}

func nonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
