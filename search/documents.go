package search

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
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
	suffixLessonTitle = "_lesson_title"
	suffixModuleTitle = "_module_title"
	suffixPackTitle   = "_pack_title"
	suffixText        = "_text"
	suffixAbout       = "_about" // module summary, goals, level, competencies
	suffixPlain       = "_plain"
)

// stemmedFields are the per-language fields with their boosts: titles weigh
// more than running text.
var stemmedFields = []struct {
	suffix string
	boost  float64
}{
	{suffixStepTitle, 3},
	{suffixLessonTitle, 2},
	{suffixModuleTitle, 2},
	{suffixText, 1},
	{suffixAbout, 0.8},
	{suffixPackTitle, 0.3},
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

	searched := func(analyzer string) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = true // phrase queries and the terms each hit matched
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
			doc.AddFieldMappingsAt(string(l)+sf.suffix, searched(analyzerFor(l)))
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
	for _, m := range p.Modules {
		about := aboutText(m, p.Language)
		for _, les := range m.Lessons {
			for i, st := range les.Steps {
				text := stepText(st)
				plain := strings.Join([]string{st.Title, les.Title, m.Title, text, about, p.Title}, "\n")
				f := map[string]any{
					fieldPack:                  p.ID,
					fieldPackTitle:             p.Title,
					fieldModule:                m.ID,
					fieldModuleTitle:           m.Title,
					fieldLesson:                les.ID,
					fieldLessonTitle:           les.Title,
					fieldStep:                  strconv.Itoa(i),
					fieldStepTitle:             st.Title,
					fieldLevel:                 string(m.Level),
					fieldText:                  text,
					fieldLang:                  string(l),
					prefix + suffixStepTitle:   st.Title,
					prefix + suffixLessonTitle: les.Title,
					prefix + suffixModuleTitle: m.Title,
					prefix + suffixPackTitle:   p.Title,
					prefix + suffixText:        text,
					prefix + suffixAbout:       about,
					prefix + suffixPlain:       plain,
				}
				id := stepID(p.ID, m.ID, les.ID, i)
				docs = append(docs, stepDoc{id: id, fields: f})
				b, _ := json.Marshal(f) // a map of strings always marshals
				h.Write([]byte(id))
				h.Write(b)
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
	return strings.Join(nonEmpty(lines), "\n")
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
