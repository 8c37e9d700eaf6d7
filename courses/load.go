package courses

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"declic/i18n"
	"declic/svgtext"
	"declic/version"
)

// MaxHours is the most training hours one module may credit.
const MaxHours = 20

// Load reads a whole pack from fsys (a folder, a .declic archive or an embedded
// pack, all through the same code) and validates it. Problems lists everything
// wrong with file:line, never only the first; the pack is usable when
// Problems.HasErrors is false. The error is non-nil only when the files cannot be
// read at all; source says where they came from (a path or "embedded:…").
func Load(fsys fs.FS, source string) (*Pack, Problems, error) {
	l := &loader{fsys: fsys, imageFiles: map[string]string{}}
	pack := l.loadManifest()
	pack.FS = fsys
	pack.Source = source
	if l.fatal == nil {
		pack.Modules = l.loadModules()
	}
	if l.fatal != nil {
		return nil, nil, inPack(source, l.fatal)
	}
	l.checkHours(pack)
	sort.SliceStable(l.problems, func(i, j int) bool {
		a, b := l.problems[i], l.problems[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return pack, l.problems, nil
}

// LoadManifest reads and checks pack.toml only: enough to list installed packs
// quickly at start-up. A manifest with errors comes back with an
// *InvalidPackError listing them.
func LoadManifest(fsys fs.FS, source string) (*Pack, error) {
	l := &loader{fsys: fsys}
	pack := l.loadManifest()
	if l.fatal != nil {
		return nil, inPack(source, l.fatal)
	}
	pack.FS = fsys
	pack.Source = source
	if l.problems.HasErrors() {
		return pack, &InvalidPackError{Source: source, Problems: l.problems}
	}
	return pack, nil
}

// inPack names the pack in front of an error that stopped its reading.
func inPack(source string, err error) error {
	return i18n.NewError(nil, err, "courses.in_pack", "Source", source)
}

// loader gathers problems while reading one pack.
type loader struct {
	fsys     fs.FS
	problems Problems
	// imageFiles caches the verdict on each image file: "" when fine,
	// missingImage, or the id of the problem to report at the file.
	imageFiles map[string]string
	// fatal is an I/O failure: the input cannot be read, so loading stops.
	fatal error
	// words checks the words of SVG pictures; made at the first picture with words.
	words *svgtext.Converter
}

// errorf records an error: code is its message id, pairs its name/value arguments.
func (l *loader) errorf(file string, line int, code string, pairs ...any) {
	l.problems = append(l.problems, newProblem(file, line, SeverityError, code, pairs...))
}

// warnf records a warning, as errorf.
func (l *loader) warnf(file string, line int, code string, pairs ...any) {
	l.problems = append(l.problems, newProblem(file, line, SeverityWarning, code, pairs...))
}

// readFile reads name, refusing files larger than limit. ok is false when the
// file is missing, too large, or unreadable (l.fatal is then set).
func (l *loader) readFile(name string, limit int64) (data []byte, exists, ok bool) {
	f, err := l.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, false
	}
	if err != nil {
		l.fatal = cannotRead(name, err)
		return nil, true, false
	}
	defer f.Close()
	data, err = readUpTo(f, limit+1)
	if err != nil {
		l.fatal = cannotRead(name, err)
		return nil, true, false
	}
	if int64(len(data)) > limit {
		l.errorf(name, 0, "courses.file_too_large", "Limit", byteSize(limit))
		return nil, true, false
	}
	return data, true, true
}

// readUpTo reads f to its end, or to max bytes. A file that says its size is read
// into one buffer of that size (ReadFrom wants MinRead bytes free to read into):
// io.ReadAll would grow its buffer several times for each of a pack's hundreds of
// small files, and every load reads them all.
func readUpTo(f fs.File, max int64) ([]byte, error) {
	var buf bytes.Buffer
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() && info.Size() < max {
		buf.Grow(int(info.Size()) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(f, max))
	return buf.Bytes(), err
}

// cannotRead is the error of a file of the pack that cannot be read at all.
func cannotRead(name string, err error) error {
	return i18n.NewError(nil, err, "courses.cannot_read", "Path", name)
}

// checkUTF8 reports a file that is not UTF-8 text (see utf8Problem).
func (l *loader) checkUTF8(file string, data []byte) bool {
	p, ok := utf8Problem(file, data)
	if !ok {
		l.problems = append(l.problems, p)
	}
	return ok
}

// utf8Problem checks that data is UTF-8 text; otherwise ok is false and the
// problem names the line of the first wrong byte, or a file saved as UTF-16
// (the « Unicode » of Windows Notepad).
func utf8Problem(file string, data []byte) (Problem, bool) {
	if utf8.Valid(data) {
		return Problem{}, true
	}
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return newProblem(file, 1, SeverityError, "courses.utf16"), false
	}
	line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
	return newProblem(file, line, SeverityError, "courses.not_utf8"), false
}

// decodeTOML decodes a strict TOML document (unknown keys are errors) and turns
// decoding errors into file:line problems; firstLine is the file line of the
// document's first line.
func (l *loader) decodeTOML(file string, firstLine int, data []byte, v any) bool {
	problems := decodeTOMLProblems(file, firstLine, data, v)
	l.problems = append(l.problems, problems...)
	return len(problems) == 0
}

// keyLine returns the line where key is set in a TOML file, or 0: a line that reads
// key = …, the key maybe quoted, spaces allowed around it. It is asked for on every
// module of every load, so it scans the bytes rather than compiling a pattern.
func keyLine(data []byte, key string) int {
	data = bytes.TrimPrefix(data, bom)
	for n := 1; ; n++ {
		line, rest, more := bytes.Cut(data, []byte("\n"))
		if setsKey(line, key) {
			return n
		}
		if !more {
			return 0
		}
		data = rest
	}
}

// setsKey reports whether a TOML line begins with key = (key maybe in quotes).
func setsKey(line []byte, key string) bool {
	line = bytes.TrimLeft(line, tomlSpace)
	line, _ = bytes.CutPrefix(line, []byte(`"`))
	line, ok := bytes.CutPrefix(line, []byte(key))
	if !ok {
		return false
	}
	line, _ = bytes.CutPrefix(line, []byte(`"`))
	return bytes.HasPrefix(bytes.TrimLeft(line, tomlSpace), []byte("="))
}

// tomlSpace is what may stand around a key on a line: space, tab, carriage return
// and form feed.
const tomlSpace = " \t\r\f"

var (
	reverseDNS = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)
	slugID     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

func (l *loader) loadManifest() *Pack {
	const file = "pack.toml"
	pack := &Pack{}
	data, exists, ok := l.readFile(file, MaxManifestBytes)
	if !exists {
		if nested, _ := fs.Glob(l.fsys, "*/pack.toml"); len(nested) == 1 && l.fatal == nil {
			l.errorf(file, 0, "courses.pack_nested", "Folder", path.Dir(nested[0]))
			return pack
		}
		if l.fatal == nil {
			l.errorf(file, 0, "courses.pack_missing")
		}
		return pack
	}
	if !ok || !l.checkUTF8(file, data) || !l.decodeTOML(file, 1, data, pack) {
		return pack
	}
	line := func(key string) int { return keyLine(data, key) }
	switch {
	case pack.ID == "":
		l.errorf(file, 0, "courses.id_missing")
	case !reverseDNS.MatchString(pack.ID) && !slugID.MatchString(pack.ID):
		l.errorf(file, line("id"), "courses.id_invalid", "ID", pack.ID)
	}
	switch {
	case pack.Version == "":
		l.errorf(file, 0, "courses.version_missing")
	case !version.Valid(pack.Version):
		l.errorf(file, line("version"), "courses.version_invalid", "Version", pack.Version)
	}
	if strings.TrimSpace(pack.Title) == "" {
		l.errorf(file, line("title"), "courses.pack_title_missing")
	}
	switch {
	case pack.Language == "":
		l.errorf(file, 0, "courses.language_missing")
	default:
		if _, err := language.Parse(pack.Language); err != nil {
			l.errorf(file, line("language"), "courses.language_invalid", "Language", pack.Language)
		}
	}
	if len(pack.Authors) == 0 {
		l.warnf(file, 0, "courses.authors_missing")
	}
	if pack.Licence == "" {
		l.warnf(file, 0, "courses.licence_missing")
	}
	if strings.TrimSpace(pack.Description) == "" {
		l.warnf(file, 0, "courses.description_missing")
	}
	if v := pack.MinAppVersion; v != "" {
		switch {
		case !version.Valid(v):
			l.errorf(file, line("min_app_version"), "courses.min_app_invalid", "Version", v)
		case !version.AtLeast(v):
			l.errorf(file, line("min_app_version"), "courses.min_app_newer", "Needed", v, "Have", version.String())
		}
	}
	for i, group := range pack.Synonyms {
		words := 0
		for _, w := range group {
			if strings.TrimSpace(w) != "" {
				words++
			}
		}
		if words < 2 {
			l.warnf(file, line("synonyms"), "courses.synonyms_small", "Group", i+1)
		}
	}
	l.problems = append(l.problems, checkLintSettings(file, data, 1, pack.Lint)...)
	return pack
}

func (l *loader) loadModules() []*Module {
	entries, err := fs.ReadDir(l.fsys, "modules")
	if errors.Is(err, fs.ErrNotExist) {
		l.errorf("modules", 0, "courses.modules_missing")
		return nil
	}
	if err != nil {
		l.fatal = cannotRead("modules", err)
		return nil
	}
	var modules []*Module
	for _, e := range entries {
		name := path.Join("modules", e.Name())
		if hidden(e.Name()) {
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			l.errorf(name, 0, "courses.module_symlink")
			continue
		}
		if !e.IsDir() {
			l.warnf(name, 0, "courses.stray_file")
			continue
		}
		if m := l.loadModule(name, e.Name()); m != nil {
			modules = append(modules, m)
		}
		if l.fatal != nil {
			return nil
		}
	}
	if len(modules) == 0 && len(entries) > 0 {
		l.errorf("modules", 0, "courses.no_module")
	} else if len(entries) == 0 {
		l.errorf("modules", 0, "courses.modules_empty")
	}
	byID := map[string]*Module{}
	byOrder := map[int]*Module{}
	for _, m := range modules {
		key := strings.ToLower(m.ID)
		if other, dup := byID[key]; dup {
			l.errorf(m.Dir, 0, "courses.module_same_name", "ID", m.ID, "Other", other.ID)
		}
		byID[key] = m
		if m.Order == 0 {
			continue
		}
		if other, dup := byOrder[m.Order]; dup {
			l.errorf(path.Join(m.Dir, "module.toml"), 0, "courses.order_taken", "Order", m.Order, "Other", other.ID)
		}
		byOrder[m.Order] = m
	}
	sort.SliceStable(modules, func(i, j int) bool {
		if modules[i].Order != modules[j].Order {
			return modules[i].Order < modules[j].Order
		}
		return modules[i].ID < modules[j].ID
	})
	return modules
}

var levels = []Level{Beginner, Intermediate, Advanced}

func (l *loader) loadModule(dir, id string) *Module {
	file := path.Join(dir, "module.toml")
	m := &Module{ID: id, Dir: dir}
	if !slugID.MatchString(id) {
		l.warnf(dir, 0, "courses.module_folder_name", "ID", id)
	}
	data, exists, ok := l.readFile(file, MaxManifestBytes)
	switch {
	case !exists:
		if l.fatal == nil {
			l.errorf(file, 0, "courses.module_toml_missing")
		}
	case ok && l.checkUTF8(file, data) && l.decodeTOML(file, 1, data, m):
		l.checkModule(file, data, m)
	}
	if l.fatal != nil {
		return nil
	}
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		l.fatal = cannotRead(dir, err)
		return nil
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || hidden(e.Name()) {
			continue
		}
		lessonFile := path.Join(dir, e.Name())
		if e.Type()&fs.ModeSymlink != 0 {
			l.errorf(lessonFile, 0, "courses.lesson_symlink")
			continue
		}
		src, _, ok := l.readFile(lessonFile, MaxLessonBytes)
		if l.fatal != nil {
			return nil
		}
		if !ok {
			continue
		}
		lesson, problems := ParseLesson(lessonFile, src)
		l.problems = append(l.problems, problems...)
		if lesson != nil {
			l.checkLessonImages(lesson)
			if l.fatal != nil {
				return nil
			}
			m.Lessons = append(m.Lessons, lesson)
		}
	}
	if len(m.Lessons) == 0 {
		l.errorf(dir, 0, "courses.module_no_lesson", "ID", id, "Example", dir+"/01-premiers-pas.md")
	}
	finals := 0
	for _, ls := range m.Lessons {
		if ls.Final {
			finals++
		}
	}
	if finals > 1 {
		l.errorf(dir, 0, "courses.module_many_finals", "ID", id, "Count", finals)
	}
	l.checkFinalPractice(m)
	return m
}

// checkFinalPractice warns when a module's final check holds questions only: the
// module is then mastered by answering about a gesture, never by doing it.
func (l *loader) checkFinalPractice(m *Module) {
	for _, ls := range m.Lessons {
		if !ls.Final {
			continue
		}
		for _, st := range ls.Steps {
			for _, b := range st.Blocks {
				if a, ok := b.(Activity); ok && IsPractice(a.Kind) {
					return
				}
			}
		}
		l.warnf(ls.File, 1, "courses.final_without_practice", "Kinds", PracticeKinds)
		return
	}
}

func (l *loader) checkModule(file string, data []byte, m *Module) {
	line := func(key string) int { return keyLine(data, key) }
	if strings.TrimSpace(m.Title) == "" {
		l.errorf(file, line("title"), "courses.module_title_missing")
	}
	if strings.TrimSpace(m.Summary) == "" {
		l.warnf(file, 0, "courses.summary_missing")
	}
	if m.Level == "" {
		l.errorf(file, 0, "courses.level_missing")
	} else if !containsLevel(m.Level) {
		l.errorf(file, line("level"), "courses.level_unknown", "Level", string(m.Level))
	}
	if len(m.Competencies) == 0 {
		l.warnf(file, 0, "courses.competencies_missing")
	}
	for _, c := range m.Competencies {
		if !ValidCompetency(c) {
			l.errorf(file, line("competencies"), "courses.competency_unknown", "Code", c)
		}
	}
	m.hoursLine = line("hours")
	if m.Hours <= 0 || m.Hours > MaxHours {
		if m.Hours == 0 && m.hoursLine == 0 {
			l.errorf(file, 0, "courses.hours_missing")
		} else {
			l.errorf(file, m.hoursLine, "courses.hours_range", "Hours", formatNumber(m.Hours), "Max", MaxHours)
		}
	}
	if m.Order <= 0 {
		if line("order") == 0 {
			l.errorf(file, 0, "courses.order_missing")
		} else {
			l.errorf(file, line("order"), "courses.order_invalid", "Order", m.Order)
		}
	}
	if line("pass_mark") == 0 {
		m.PassMark = DefaultPassMark
	} else if m.PassMark <= 0 || m.PassMark > 1 {
		l.errorf(file, line("pass_mark"), "courses.pass_mark_range", "PassMark", formatNumber(m.PassMark))
	}
	for i, g := range m.Goals {
		if strings.TrimSpace(g) == "" {
			l.warnf(file, line("goals"), "courses.goal_empty", "Number", i+1)
		}
	}
}

// hidden reports names that editors and archivers leave behind (".DS_Store",
// "._01-lecon.md", ".git"): they are not part of the pack and are skipped.
func hidden(name string) bool { return strings.HasPrefix(name, ".") }

func containsLevel(v Level) bool {
	for _, x := range levels {
		if v == x {
			return true
		}
	}
	return false
}
