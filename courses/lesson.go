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
	Title    string `toml:"title" yaml:"title"`
	Duration int    `toml:"duration" yaml:"duration"`
	Final    bool   `toml:"final" yaml:"final"`
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

func (p *lessonParser) errorf(line int, format string, args ...any) {
	p.add(line, SeverityError, format, args...)
}

func (p *lessonParser) warnf(line int, format string, args ...any) {
	p.add(line, SeverityWarning, format, args...)
}

func (p *lessonParser) add(line int, sev Severity, format string, args ...any) {
	switch {
	case len(p.problems) < maxProblemsPerLesson:
		p.problems = append(p.problems, Problem{File: p.file, Line: line, Severity: sev, Message: fmt.Sprintf(format, args...)})
	case len(p.problems) == maxProblemsPerLesson:
		p.problems = append(p.problems, Problem{File: p.file, Line: line, Severity: SeverityError, Message: fmt.Sprintf("more than %d problems in this file; fix these first, then check again", maxProblemsPerLesson)})
	}
}

func (p *lessonParser) parse(src []byte) *Lesson {
	if len(src) > MaxLessonBytes {
		p.errorf(0, "the lesson is larger than %s; split it into several lessons", byteSize(MaxLessonBytes))
		return nil
	}
	if !utf8.Valid(src) {
		line := 1 + bytes.Count(src[:firstInvalidUTF8(src)], []byte("\n"))
		p.errorf(line, "the file is not valid UTF-8 text; save it as UTF-8 in your editor")
		return nil
	}
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
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
		p.errorf(1, `the lesson has no title; start the file with +++, then title = "…", then +++`)
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
		p.errorf(0, "the lesson has %d lines, more than the limit of %d; split it into several lessons", lines, MaxLessonLines)
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
			p.errorf(line, "this line is %d characters long, more than the limit of %d; break it into shorter lines", len(l), MaxLineBytes)
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
			p.errorf(line, "this line is indented by %d columns, more than the limit of %d; remove the extra spaces", indent, MaxIndent)
			return false
		case depth > MaxNesting:
			p.errorf(line, "lists or quotes are nested %d levels deep, more than the limit of %d; simplify them", depth, MaxNesting)
			return false
		}
		if len(bytes.Trim(l, " \t\r")) == 0 {
			marks = 0 // only a blank line surely ends a paragraph
		}
		n := countMarks(rest)
		marks += n
		total += n
		if marks > MaxMarksPerParagraph {
			p.errorf(line, "this paragraph has more than %d signs * _ [ < `; split it into shorter paragraphs or screens", MaxMarksPerParagraph)
			return false
		}
		if total > MaxMarksPerLesson {
			p.errorf(line, "the lesson has more than %d signs * _ [ < ` so far; split it into several lessons", MaxMarksPerLesson)
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
		p.errorf(1, "the front matter that starts with %s is never closed; add a line with %s after the title", delim, delim)
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
	if fm.Duration < 0 {
		p.errorf(1, "duration = %d is negative; write the lesson's length in minutes, such as duration = 10", fm.Duration)
	}
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
			p.errorf(line, "unknown field %q in the front matter; use title, duration and final", m[1])
			continue
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		msg = yamlLine.ReplaceAllString(msg, "")
		p.errorf(line, "invalid front matter: %s", strings.TrimLeft(msg, ": "))
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
				p.errorf(step.Line, "this ## heading has no text; write the screen's title after ##")
			}
			lesson.Steps = append(lesson.Steps, step)
			continue
		}
		if h, ok := n.(*ast.Heading); ok && h.Level == 1 {
			p.warnf(p.nodeLine(h), "a # heading is shown as a sub-heading; start each screen with ## and put the lesson title in the front matter")
		}
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
		p.warnf(p.lineBase, "the text before the first ## heading shows nothing; remove it or put it under a ## heading")
	}
	if len(lesson.Steps) == 0 && !p.badFrontMatter {
		p.errorf(p.lineBase, "the lesson has no screen; start each screen with a ## heading followed by text")
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
		p.errorf(s.Line, "the screen %q is empty; add a sentence, an image or an activity under it, or remove the heading", s.Title)
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
		p.warnf(s.Line, "the screen %q has %d words; keep a screen under about %d words so it fits without scrolling: split it with a new ## heading", s.Title, words, MaxScreenWords)
	}
	if images > 1 {
		p.warnf(s.Line, "the screen %q has %d images; show one image per screen", s.Title, images)
	}
	if activities > 1 {
		p.warnf(s.Line, "the screen %q has %d activities; put each activity on its own screen", s.Title, activities)
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
			p.errorf(p.nodeLine(n), "lists or quotes are nested too deeply; simplify them")
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
		p.errorf(p.nodeLine(n), "this text is indented by 4 spaces or more, so Markdown reads it as code, which is not shown; remove the spaces at the start of the lines")
	case *ast.HTMLBlock:
		var first []byte
		if n.Lines().Len() > 0 {
			seg := n.Lines().At(0)
			first = seg.Value(p.src)
		}
		p.htmlProblem(p.nodeLine(n), first)
	case *ast.LinkReferenceDefinition:
		p.warnf(p.nodeLine(n), "a link definition ([name]: address) is not used, because links are not allowed; remove this line")
	case *ast.ThematicBreak:
		p.warnf(p.nodeLine(n), "a horizontal line is not shown; start a new screen with a ## heading instead")
	default:
		p.warnf(p.nodeLine(n), "this Markdown element (%s) is not supported and is not shown", n.Kind())
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
		p.errorf(img.Line, "an image cannot be inside a heading; put it on its own line below")
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
			p.errorf(p.nodeLine(n), "bold and italic marks are nested too deeply; simplify them")
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
			p.errorf(p.nodeLine(c), "links are not allowed (%q); write the address as plain text, without [ ]( )", string(c.Destination))
			p.walkInlines(c, style, depth+1, run, image)
		case *ast.AutoLink:
			p.errorf(p.nodeLine(c), "links are not allowed (<%s>); write the address as plain text, without < >", string(c.URL(p.src)))
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
		p.errorf(line, "HTML comments (%s) are not allowed in lessons; remove the comment and keep your notes in another file", quote)
		return
	}
	p.errorf(line, "raw HTML (%s) is not allowed; write plain Markdown text instead: **bold**, *italic*, `Key`, - lists", quote)
}

func (p *lessonParser) image(n *ast.Image, depth int) Image {
	line := p.nodeLine(n)
	var alt inlineRun
	p.walkInlines(n, 0, depth+1, &alt, func(Image) {})
	img := Image{Alt: strings.TrimSpace(plainText(alt.take())), Line: line}
	src := string(n.Destination)
	if img.Alt == "" {
		p.errorf(line, "the image %q has no description; write what it shows between the brackets: ![Une souris](…)", src)
	}
	resolved, problem := resolvePackPath(p.dir, src)
	if problem != "" {
		p.errorf(line, "%s", problem)
	}
	img.Src = resolved
	return img
}

var urlScheme = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)

// resolvePackPath turns a path written relative to dir into a clean slash path
// from the pack root, or explains why it cannot be used.
func resolvePackPath(dir, src string) (string, string) {
	switch {
	case strings.TrimSpace(src) == "":
		return "", "the image has no file path; write it between the parentheses: ![…](images/souris.svg)"
	case strings.HasPrefix(src, "http://"), strings.HasPrefix(src, "https://"), strings.HasPrefix(src, "//"):
		return "", fmt.Sprintf("the image %q is on the internet, and Déclic works offline; download it into the images folder and write its path, such as images/souris.png", src)
	case urlScheme.MatchString(src):
		return "", fmt.Sprintf("the image %q is not a file of the pack; put the file in the images folder and write its path, such as images/souris.png", src)
	case strings.Contains(src, "\\"):
		return "", fmt.Sprintf("the image path %q contains a backslash; use / between folders, such as images/souris.png", src)
	case strings.HasPrefix(src, "/"):
		return "", fmt.Sprintf("the image path %q starts with /; write it relative to the lesson file, such as images/souris.png", src)
	}
	clean := path.Join(dir, src)
	if clean == ".." || strings.HasPrefix(clean, "../") || clean == "." {
		return "", fmt.Sprintf("the image %q is outside the pack; put the file in the images folder next to the lesson", src)
	}
	return clean, ""
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
		p.errorf(line, "this code block has no activity kind; write the kind after the backticks (%s), or write the text as a normal paragraph", knownKinds())
		a.Err = errors.New("no activity kind")
		return []Block{a}
	}
	k, ok := plugins.Lookup(kind)
	if !ok {
		a.Err = fmt.Errorf("unknown activity kind %q", kind)
		p.errorf(line, "unknown activity kind %q; %s", kind, knownKinds())
		return []Block{a}
	}
	parsed, err := safeParse(k, a.Body, plugins.Position{File: p.file, Line: line + 1})
	if err != nil {
		a.Err = err
		var pe *plugins.Error
		if errors.As(err, &pe) && pe.Pos.File == p.file && pe.Pos.Line > 0 {
			p.errorf(pe.Pos.Line, "%s activity: %s", kind, pe.Msg)
		} else {
			p.errorf(line, "%s activity: %v", kind, err)
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
			a, err = nil, fmt.Errorf("the %s plug-in failed on this block (%v); please report it", k.Name(), r)
		}
	}()
	a, err = k.Parse(body, at)
	if err == nil && a == nil {
		err = fmt.Errorf("the %s plug-in returned nothing for this block", k.Name())
	}
	return a, err
}

func knownKinds() string {
	kinds := plugins.Kinds()
	if len(kinds) == 0 {
		return "no activity kind is installed in this version of Déclic"
	}
	return "known kinds: " + strings.Join(kinds, ", ")
}
