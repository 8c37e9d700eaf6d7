package courses

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"go.yaml.in/yaml/v3"

	"declic/i18n"
	"declic/plugins"
)

// Guards against pathological Markdown: beyond these, a lesson is refused with a
// message before the Markdown parser sees it, so that it can neither exhaust the
// stack nor take seconds.
const (
	// MaxLineBytes is the longest line accepted in a lesson.
	MaxLineBytes = 10000
	// MaxNesting is the deepest nesting of lists and block quotes accepted.
	MaxNesting = 12
	// MaxIndent is the widest indentation (in columns, a tab counting 4) accepted.
	MaxIndent = 48
	// MaxLessonLines is the most lines a lesson may have.
	MaxLessonLines = 20000
	// MaxMarksPerParagraph is the most * _ [ < ` signs in one paragraph: matching
	// them can cost quadratic time, and a real paragraph has a handful.
	MaxMarksPerParagraph = 100
	// MaxMarksPerLesson is the most * _ [ < ` signs in one lesson (a real lesson
	// has a few dozen): each one costs the Markdown parser an allocation or more.
	MaxMarksPerLesson = 5000
	// maxInlineDepth bounds nested emphasis while converting inlines.
	maxInlineDepth = 24
	// maxProblemsPerLesson stops a broken file from flooding the report.
	maxProblemsPerLesson = 100
)

// MaxScreenWords is the word count above which a screen gets a warning: a screen
// must fit 1280×720 at the default text size without scrolling.
const MaxScreenWords = 60

// frontMatter is what a lesson declares between +++ (TOML) or --- (YAML) lines.
type frontMatter struct {
	Title    string       `toml:"title" yaml:"title"`
	Duration int          `toml:"duration" yaml:"duration"`
	Final    bool         `toml:"final" yaml:"final"`
	Lint     LintSettings `toml:"lint" yaml:"lint"`
}

var markdown = goldmark.New()

// ParseLesson turns one lesson file into the lesson model and lists its problems.
// file is the lesson's slash path inside the pack: it names the lesson in
// messages and anchors its relative image paths. It reads nothing else: Load
// checks that the images exist. The lesson is nil when the file cannot be parsed
// at all (invalid UTF-8, too large, too deeply nested).
func ParseLesson(file string, src []byte) (*Lesson, Problems) {
	p := &lessonParser{file: file, dir: path.Dir(file)}
	lesson := p.parse(src)
	return lesson, p.problems
}

type lessonParser struct {
	file, dir string
	src       []byte // the Markdown body, after the front matter
	lineBase  int    // file line number of src's first line
	lineStart []int  // offsets in src where each line starts
	problems  Problems
	tooDeep   bool
	// badFrontMatter silences the follow-up errors of a front matter already
	// reported as broken (no title, no screen).
	badFrontMatter bool
	// htmlLine is the last line where raw HTML was reported, to report it once.
	htmlLine int
}

// errorf records an error: code is its message id, pairs its name/value arguments.
func (p *lessonParser) errorf(line int, code string, pairs ...any) {
	p.add(newProblem(p.file, line, SeverityError, code, pairs...))
}

// warnf records a warning, as errorf.
func (p *lessonParser) warnf(line int, code string, pairs ...any) {
	p.add(newProblem(p.file, line, SeverityWarning, code, pairs...))
}

func (p *lessonParser) add(pr Problem) {
	switch {
	case len(p.problems) < maxProblemsPerLesson:
		p.problems = append(p.problems, pr)
	case len(p.problems) == maxProblemsPerLesson:
		p.problems = append(p.problems, newProblem(p.file, pr.Line, SeverityError, "courses.too_many_problems", "Max", maxProblemsPerLesson))
	}
}

func (p *lessonParser) parse(src []byte) *Lesson {
	if len(src) > MaxLessonBytes {
		p.errorf(0, "courses.lesson_too_large", "Limit", byteSize(MaxLessonBytes))
		return nil
	}
	if pr, ok := utf8Problem(p.file, src); !ok {
		p.add(pr)
		return nil
	}
	src = bytes.TrimPrefix(src, bom)
	if !p.checkShape(src) {
		return nil
	}
	lesson := &Lesson{ID: strings.TrimSuffix(path.Base(p.file), ".md"), File: p.file}
	body, bodyLine := p.frontMatter(src, lesson)
	p.src, p.lineBase = body, bodyLine
	p.lineStart = []int{0}
	for i, c := range body {
		if c == '\n' {
			p.lineStart = append(p.lineStart, i+1)
		}
	}
	if strings.TrimSpace(lesson.Title) == "" && !p.badFrontMatter {
		p.errorf(1, "courses.lesson_no_title")
	}
	p.steps(lesson)
	return lesson
}

// firstInvalidUTF8 returns the offset of the first byte that is not valid UTF-8.
func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

var listMarker = regexp.MustCompile(`^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)`)

// checkShape refuses, before goldmark parses anything, what would make it slow
// or deep: too many lines, lines too long, indented too far, nested too deeply,
// or runs of lines so full of * _ [ < ` signs that matching them costs quadratic
// time. The scan knows no Markdown beyond line prefixes, so nothing (a fence, a
// list) can hide a line from it; signs are counted from one blank line to the next.
func (p *lessonParser) checkShape(src []byte) bool {
	if lines := bytes.Count(src, []byte("\n")) + 1; lines > MaxLessonLines {
		p.errorf(0, "courses.lesson_too_many_lines", "Lines", lines, "Max", MaxLessonLines)
		return false
	}
	line, marks, total := 0, 0, 0
	for len(src) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			l, src = src, nil
		}
		if len(l) > MaxLineBytes {
			p.errorf(line, "courses.line_too_long", "Length", len(l), "Max", MaxLineBytes)
			return false
		}
		indent, depth := 0, 0
		rest := l
	prefix:
		for len(rest) > 0 {
			switch c := rest[0]; {
			case c == ' ':
				indent++
				rest = rest[1:]
			case c == '\t':
				indent += 4
				rest = rest[1:]
			case c == '>':
				depth++
				rest = rest[1:]
				if len(rest) > 0 && rest[0] == ' ' {
					rest = rest[1:]
				}
			default:
				m := listMarker.Find(rest)
				if m == nil {
					break prefix
				}
				depth++
				rest = rest[len(m):]
			}
		}
		switch {
		case indent > MaxIndent:
			p.errorf(line, "courses.indent_too_wide", "Columns", indent, "Max", MaxIndent)
			return false
		case depth > MaxNesting:
			p.errorf(line, "courses.nesting_too_deep", "Depth", depth, "Max", MaxNesting)
			return false
		}
		if len(bytes.Trim(l, " \t\r")) == 0 {
			marks = 0 // only a blank line surely ends a paragraph
		}
		n := countMarks(rest)
		marks += n
		total += n
		if marks > MaxMarksPerParagraph {
			p.errorf(line, "courses.paragraph_too_many_signs", "Max", MaxMarksPerParagraph)
			return false
		}
		if total > MaxMarksPerLesson {
			p.errorf(line, "courses.lesson_too_many_signs", "Max", MaxMarksPerLesson)
			return false
		}
	}
	return true
}

// countMarks counts the signs that open or close Markdown inline structures.
func countMarks(b []byte) int {
	n := 0
	for _, c := range b {
		switch c {
		case '*', '_', '[', '<', '`':
			n++
		}
	}
	return n
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// frontMatter decodes the front matter, if any, and returns the Markdown body
// with the file line where it starts.
func (p *lessonParser) frontMatter(src []byte, lesson *Lesson) ([]byte, int) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	delim := string(bytes.TrimRight(first, " \t\r"))
	if delim != "+++" && delim != "---" {
		return src, 1
	}
	var inner []byte
	closeLine := 0
	line := 1
	for off := 0; off < len(rest); {
		line++
		end := bytes.IndexByte(rest[off:], '\n')
		next := len(rest)
		if end >= 0 {
			next = off + end + 1
			end = off + end
		} else {
			end = len(rest)
		}
		if string(bytes.TrimRight(rest[off:end], " \t\r")) == delim {
			inner, closeLine = rest[:off], line
			rest = rest[next:]
			break
		}
		off = next
	}
	if closeLine == 0 {
		p.errorf(1, "courses.front_matter_unclosed", "Delim", delim)
		p.badFrontMatter = true
		return nil, 1
	}
	var fm frontMatter
	before := len(p.problems)
	if delim == "+++" {
		p.problems = append(p.problems, decodeTOMLProblems(p.file, 2, inner, &fm)...)
	} else {
		p.decodeYAML(inner, &fm)
	}
	p.badFrontMatter = len(p.problems) > before
	lesson.Title = strings.TrimSpace(fm.Title)
	lesson.DurationMinutes = fm.Duration
	lesson.Final = fm.Final
	lesson.Lint = fm.Lint
	if fm.Duration < 0 {
		p.errorf(1, "courses.duration_negative", "Duration", fm.Duration)
	}
	p.problems = append(p.problems, checkLintSettings(p.file, inner, 2, fm.Lint)...)
	return rest, closeLine + 1
}

var yamlFieldNotFound = regexp.MustCompile(`field (\S+) not found`)

// decodeYAML decodes YAML front matter strictly and reports each error at its line.
func (p *lessonParser) decodeYAML(data []byte, fm *frontMatter) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(fm)
	if err == nil || errors.Is(err, io.EOF) {
		return
	}
	messages := []string{err.Error()}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		messages = te.Errors
	}
	for _, msg := range messages {
		line := 1
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line = 1 + n
		}
		if m := yamlFieldNotFound.FindStringSubmatch(msg); m != nil {
			p.errorf(line, "courses.front_matter_unknown_field", "Field", m[1])
			continue
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		msg = yamlLine.ReplaceAllString(msg, "")
		p.errorf(line, "courses.front_matter_invalid", "Reason", strings.TrimLeft(msg, ": "))
	}
}

// line returns the file line of a byte offset in the body.
func (p *lessonParser) line(offset int) int {
	i := sort.Search(len(p.lineStart), func(i int) bool { return p.lineStart[i] > offset })
	return p.lineBase + i - 1
}

// nodeLine returns the file line where a node starts.
func (p *lessonParser) nodeLine(n ast.Node) int {
	if pos := n.Pos(); pos >= 0 {
		return p.line(pos)
	}
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return p.line(n.Lines().At(0).Start)
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if l := p.nodeLine(c); l > 0 {
			return l
		}
	}
	return p.lineBase
}

func (p *lessonParser) steps(lesson *Lesson) {
	doc := markdown.Parser().Parse(text.NewReader(p.src))
	intro := &Step{Title: lesson.Title}
	introProblems, introNodes := 0, 0
	step := intro
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
			inl := p.inlines(h)
			step = &Step{Title: strings.TrimSpace(plainText(inl)), Line: p.nodeLine(h)}
			if step.Title == "" {
				p.errorf(step.Line, "courses.heading_empty")
			}
			lesson.Steps = append(lesson.Steps, step)
			continue
		}
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			p.errorf(p.nodeLine(h), "courses.heading_level1", "Title", strings.TrimSpace(plainText(p.inlines(h))))
		}
		p.checkHeadingTraps(n)
		if step == intro && intro.Line == 0 {
			intro.Line = p.nodeLine(n)
		}
		before := len(p.problems)
		step.Blocks = append(step.Blocks, p.block(n, 0)...)
		if step == intro {
			introNodes++
			introProblems += len(p.problems) - before
		}
	}
	if len(intro.Blocks) > 0 {
		lesson.Steps = append([]*Step{intro}, lesson.Steps...)
	} else if introNodes > 0 && introProblems == 0 {
		p.warnf(p.lineBase, "courses.intro_shows_nothing")
	}
	if len(lesson.Steps) == 0 && !p.badFrontMatter {
		p.errorf(p.lineBase, "courses.lesson_no_screen")
	}
	for _, s := range lesson.Steps {
		p.checkStep(s)
	}
}

// checkStep applies the screen rules: not empty, fits on one screen.
func (p *lessonParser) checkStep(s *Step) {
	if len(s.Blocks) == 0 {
		if p.tooDeep {
			return
		}
		p.errorf(s.Line, "courses.screen_empty", "Title", s.Title)
		return
	}
	words, images, activities := 0, 0, 0
	var count func([]Block)
	count = func(bs []Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case Paragraph:
				words += countWords(b.Inlines)
			case Heading:
				words += countWords(b.Inlines)
			case List:
				for _, item := range b.Items {
					count(item)
				}
			case Callout:
				count(b.Blocks)
			case Image:
				images++
			case Activity:
				activities++
			}
		}
	}
	count(s.Blocks)
	if words > MaxScreenWords {
		p.warnf(s.Line, "courses.screen_too_many_words", "Title", s.Title, "Words", words, "Max", MaxScreenWords)
	}
	if images > 1 {
		p.warnf(s.Line, "courses.screen_many_images", "Title", s.Title, "Count", images)
	}
	if activities > 1 {
		p.warnf(s.Line, "courses.screen_many_activities", "Title", s.Title, "Count", activities)
	}
}

func countWords(inl []Inline) int {
	n := 0
	for _, in := range inl {
		n += len(strings.FieldsFunc(in.Text, func(r rune) bool { return unicode.IsSpace(r) || r == '\'' || r == '’' }))
	}
	return n
}

func plainText(inl []Inline) string {
	var b strings.Builder
	for _, in := range inl {
		if in.Text == "\n" {
			b.WriteByte(' ')
			continue
		}
		b.WriteString(in.Text)
	}
	return b.String()
}

// block converts one block node (and its children) to model blocks.
func (p *lessonParser) block(n ast.Node, depth int) []Block {
	if depth > MaxNesting+2 {
		if !p.tooDeep {
			p.tooDeep = true
			p.errorf(p.nodeLine(n), "courses.blocks_too_deep")
		}
		return nil
	}
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		return p.paragraph(n)
	case *ast.Heading:
		return []Block{Heading{Level: n.Level, Inlines: p.inlines(n)}}
	case *ast.List:
		l := List{Ordered: n.IsOrdered(), Start: n.Start}
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			l.Items = append(l.Items, p.children(item, depth+1))
		}
		return []Block{l}
	case *ast.Blockquote:
		return []Block{Callout{Blocks: p.children(n, depth+1)}}
	case *ast.FencedCodeBlock:
		return p.activity(n)
	case *ast.CodeBlock:
		p.indentedCode(n)
	case *ast.HTMLBlock:
		var first []byte
		if n.Lines().Len() > 0 {
			seg := n.Lines().At(0)
			first = seg.Value(p.src)
		}
		p.htmlProblem(p.nodeLine(n), first)
	case *ast.LinkReferenceDefinition:
		p.warnf(p.nodeLine(n), "courses.link_definition")
	case *ast.ThematicBreak:
		p.warnf(p.nodeLine(n), "courses.horizontal_line")
	default:
		p.warnf(p.nodeLine(n), "courses.unsupported_element", "Element", n.Kind().String())
	}
	return nil
}

func (p *lessonParser) children(n ast.Node, depth int) []Block {
	var out []Block
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, p.block(c, depth)...)
	}
	return out
}

// paragraph converts a paragraph; a picture inside it becomes its own Image
// block, splitting the text around it.
func (p *lessonParser) paragraph(n ast.Node) []Block {
	var out []Block
	var run inlineRun
	flush := func() {
		if ins := trimBreaks(run.take()); len(ins) > 0 {
			out = append(out, Paragraph{Inlines: ins})
		}
	}
	p.walkInlines(n, 0, 0, &run, func(img Image) {
		flush()
		out = append(out, img)
	})
	flush()
	return out
}

// inlines converts the inline content of a heading.
func (p *lessonParser) inlines(n ast.Node) []Inline {
	var run inlineRun
	p.walkInlines(n, 0, 0, &run, func(img Image) {
		p.errorf(img.Line, "courses.image_in_heading")
	})
	return trimBreaks(run.take())
}

func trimBreaks(run []Inline) []Inline {
	for len(run) > 0 && strings.TrimSpace(run[0].Text) == "" {
		run = run[1:]
	}
	for len(run) > 0 && strings.TrimSpace(run[len(run)-1].Text) == "" {
		run = run[:len(run)-1]
	}
	return run
}

// inlineRun collects inlines, merging neighbours of the same style in a buffer
// so that a paragraph of many small text nodes costs linear time.
type inlineRun struct {
	done  []Inline
	buf   strings.Builder
	style Style
	open  bool
}

// add appends text in a style; a line break ("\n") is always its own inline.
func (r *inlineRun) add(s string, style Style) {
	if s == "" {
		return
	}
	if r.open && style == r.style && s != "\n" {
		r.buf.WriteString(s)
		return
	}
	r.close()
	if s == "\n" {
		r.done = append(r.done, Inline{Text: "\n"})
		return
	}
	r.buf.WriteString(s)
	r.style, r.open = style, true
}

func (r *inlineRun) close() {
	if r.open {
		r.done = append(r.done, Inline{Text: r.buf.String(), Style: r.style})
		r.buf.Reset()
		r.open = false
	}
}

// take returns the inlines collected so far and empties the run.
func (r *inlineRun) take() []Inline {
	r.close()
	out := r.done
	r.done = nil
	return out
}

func (p *lessonParser) walkInlines(n ast.Node, style Style, depth int, run *inlineRun, image func(Image)) {
	if depth > maxInlineDepth {
		if !p.tooDeep {
			p.tooDeep = true
			p.errorf(p.nodeLine(n), "courses.emphasis_too_deep")
		}
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			run.add(string(c.Value(p.src)), style)
			if c.SoftLineBreak() || c.HardLineBreak() {
				run.add("\n", 0)
			}
		case *ast.String:
			run.add(string(c.Value), style)
		case *ast.CodeSpan:
			var key inlineRun
			p.walkInlines(c, 0, depth+1, &key, image)
			run.add(strings.TrimSpace(strings.ReplaceAll(plainText(key.take()), "\n", " ")), style|Key)
		case *ast.Emphasis:
			s := Italic
			if c.Level >= 2 {
				s = Bold
			}
			p.walkInlines(c, style|s, depth+1, run, image)
		case *ast.Link:
			p.errorf(p.nodeLine(c), "courses.link_not_allowed", "Target", string(c.Destination))
			p.walkInlines(c, style, depth+1, run, image)
		case *ast.AutoLink:
			p.errorf(p.nodeLine(c), "courses.autolink_not_allowed", "Target", string(c.URL(p.src)))
			run.add(string(c.Label(p.src)), style)
		case *ast.Image:
			image(p.image(c, depth))
		case *ast.RawHTML:
			line := p.nodeLine(n)
			var html []byte
			if c.Segments.Len() > 0 {
				line = p.line(c.Segments.At(0).Start)
				seg := c.Segments.At(0)
				html = seg.Value(p.src)
			}
			if line != p.htmlLine {
				p.htmlLine = line
				p.htmlProblem(line, html)
			}
		default:
			p.walkInlines(c, style, depth+1, run, image)
		}
	}
}

// htmlProblem reports raw HTML, quoting its start so the trainer finds it.
func (p *lessonParser) htmlProblem(line int, html []byte) {
	quote := strings.TrimSpace(string(html))
	if r := []rune(quote); len(r) > 40 {
		quote = string(r[:40]) + "…"
	}
	if strings.HasPrefix(quote, "<!--") {
		p.errorf(line, "courses.html_comment", "HTML", quote)
		return
	}
	p.errorf(line, "courses.html_not_allowed", "HTML", quote)
}

func (p *lessonParser) image(n *ast.Image, depth int) Image {
	line := p.nodeLine(n)
	var alt inlineRun
	p.walkInlines(n, 0, depth+1, &alt, func(Image) {})
	img := Image{Alt: strings.TrimSpace(plainText(alt.take())), Line: line}
	src := string(n.Destination)
	if img.Alt == "" {
		p.errorf(line, "courses.image_no_alt", "Src", src)
	}
	resolved, problem := resolvePackPath(p.dir, src)
	if problem.ID != "" {
		p.errorf(line, problem.ID, "Src", src)
	}
	img.Src = resolved
	return img
}

var urlScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// resolvePackPath turns a path written relative to dir into a clean slash path
// from the pack root, or says why it cannot be used: a message whose {{.Src}}
// is the path as written.
func resolvePackPath(dir, src string) (string, i18n.Message) {
	switch {
	case strings.TrimSpace(src) == "":
		return "", i18n.M("courses.image_path_empty", "Src", src)
	case strings.HasPrefix(src, "http://"), strings.HasPrefix(src, "https://"), strings.HasPrefix(src, "//"):
		return "", i18n.M("courses.image_on_internet", "Src", src)
	case urlScheme.MatchString(src):
		return "", i18n.M("courses.image_not_in_pack", "Src", src)
	case strings.Contains(src, "\\"):
		return "", i18n.M("courses.image_backslash", "Src", src)
	case strings.HasPrefix(src, "/"):
		return "", i18n.M("courses.image_absolute", "Src", src)
	}
	clean := path.Join(dir, src)
	if clean == ".." || strings.HasPrefix(clean, "../") || clean == "." {
		return "", i18n.M("courses.image_outside", "Src", src)
	}
	return clean, i18n.Message{}
}

// activity turns a fenced block into an Activity, parsed by its plug-in.
func (p *lessonParser) activity(n *ast.FencedCodeBlock) []Block {
	line := p.nodeLine(n)
	var kind string
	if n.Info != nil {
		kind = string(n.Language(p.src))
	}
	var body bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		body.Write(seg.Value(p.src))
	}
	a := Activity{Kind: kind, Body: body.Bytes(), Line: line}
	if kind == "" {
		p.errorf(line, "courses.activity_no_kind", "Kinds", knownKinds())
		a.Err = i18n.NewError(nil, nil, "courses.activity_no_kind", "Kinds", knownKinds())
		return []Block{a}
	}
	k, ok := plugins.Lookup(kind)
	if !ok {
		a.Err = i18n.NewError(nil, nil, "courses.activity_unknown_kind", "Kind", kind, "Kinds", knownKinds())
		p.errorf(line, "courses.activity_unknown_kind", "Kind", kind, "Kinds", knownKinds())
		return []Block{a}
	}
	parsed, err := safeParse(k, a.Body, plugins.Position{File: p.file, Line: line + 1})
	if err != nil {
		a.Err = err
		var pe *plugins.Error
		switch {
		case errors.As(err, &pe) && pe.Pos.File == p.file && pe.Pos.Line > 0:
			// A TOML typing trap on the line the plug-in refused explains it
			// better, and in the trainer's language.
			if t, ok := tomlTrap(lineOf(a.Body, pe.Pos.Line-line)); ok && pe.Pos.Line > line {
				p.add(t.at(p.file, pe.Pos.Line))
			} else {
				p.errorf(pe.Pos.Line, "courses.activity_error", "Kind", kind, "Text", pe.Message)
			}
		case errors.As(err, &pe):
			p.errorf(line, "courses.activity_error", "Kind", kind, "Text", pe.Message)
		default:
			var text any = err.Error()
			var ie *i18n.Error
			if errors.As(err, &ie) {
				text = ie.Message
			}
			p.errorf(line, "courses.activity_error", "Kind", kind, "Text", text)
		}
		return []Block{a}
	}
	a.Parsed = parsed
	return []Block{a}
}

// safeParse calls a plug-in's parser and turns a panic into an error, so that a
// faulty plug-in cannot crash the validation of a whole pack.
func safeParse(k plugins.Kind, body []byte, at plugins.Position) (a plugins.Activity, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = nil, i18n.NewError(nil, nil, "courses.plugin_panic", "Kind", k.Name(), "Panic", fmt.Sprint(r))
		}
	}()
	a, err = k.Parse(body, at)
	if err == nil && a == nil {
		err = i18n.NewError(nil, nil, "courses.plugin_nothing", "Kind", k.Name())
	}
	return a, err
}

// knownKinds lists the activity kinds this build knows, for messages.
func knownKinds() string {
	return strings.Join(plugins.Kinds(), ", ")
}

// headingWithoutSpace matches a line that starts like a heading but has no
// space after its # signs: CommonMark reads « ##La déclaration » as plain text,
// and learners would see the signs.
var headingWithoutSpace = regexp.MustCompile(`^ {0,3}(#{1,6})([^#\s])(.*)$`)

// checkHeadingTraps reports, in a paragraph, each line that was meant as a
// heading but lacks the space after its # signs (or has a non-breaking one).
func (p *lessonParser) checkHeadingTraps(n ast.Node) {
	para, ok := n.(*ast.Paragraph)
	if !ok {
		return
	}
	lines := para.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		m := headingWithoutSpace.FindStringSubmatch(strings.TrimRight(string(seg.Value(p.src)), "\r\n"))
		if m == nil {
			continue
		}
		line := p.line(seg.Start)
		title := strings.TrimSpace(strings.TrimLeft(m[2]+m[3], "\u00a0\u202f"))
		switch {
		case m[2] == "\u00a0" || m[2] == "\u202f":
			p.errorf(line, "courses.heading_nbsp", "Hashes", m[1], "Fixed", "## "+title)
		case m[1] == "#":
			p.errorf(line, "courses.hash_no_space", "Written", m[1]+m[2]+m[3], "Fixed", "## "+title)
		default:
			p.errorf(line, "courses.heading_no_space", "Written", m[1]+m[2]+m[3], "Fixed", m[1]+" "+title)
		}
	}
}

// indentedCode reports text that Markdown reads as code because it is
// indented, naming the tab when a tab did it.
func (p *lessonParser) indentedCode(n *ast.CodeBlock) {
	line := p.nodeLine(n)
	if strings.HasPrefix(p.rawLine(line), "\t") {
		p.errorf(line, "courses.indented_code_tab")
		return
	}
	p.errorf(line, "courses.indented_code")
}

// rawLine returns the text of a file line of the body, or "".
func (p *lessonParser) rawLine(line int) string {
	i := line - p.lineBase
	if i < 0 || i >= len(p.lineStart) {
		return ""
	}
	end := len(p.src)
	if i+1 < len(p.lineStart) {
		end = p.lineStart[i+1]
	}
	return strings.TrimRight(string(p.src[p.lineStart[i]:end]), "\r\n")
}
