package courses

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2"
	"golang.org/x/text/language"

	"declic/svgtext"
)

// AppVersion is the version of the Déclic app this code belongs to; a pack whose
// min_app_version is newer is refused. Release builds may set it with
// -ldflags "-X declic/courses.AppVersion=1.2.3".
var AppVersion = "0.1.0"

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
		return nil, nil, fmt.Errorf("%s: %w", source, l.fatal)
	}
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
// quickly at start-up. The error lists every problem of the manifest.
func LoadManifest(fsys fs.FS, source string) (*Pack, error) {
	l := &loader{fsys: fsys}
	pack := l.loadManifest()
	if l.fatal != nil {
		return nil, fmt.Errorf("%s: %w", source, l.fatal)
	}
	pack.FS = fsys
	pack.Source = source
	var errs []error
	for _, p := range l.problems {
		if p.Severity == SeverityError {
			errs = append(errs, errors.New(p.String()))
		}
	}
	if len(errs) > 0 {
		return pack, fmt.Errorf("%s: %w", source, errors.Join(errs...))
	}
	return pack, nil
}

// loader gathers problems while reading one pack.
type loader struct {
	fsys     fs.FS
	problems Problems
	// imageFiles caches the verdict on each image file: "" when fine, or the
	// problem to report.
	imageFiles map[string]string
	// fatal is an I/O failure: the input cannot be read, so loading stops.
	fatal error
	// words checks the words of SVG pictures; made at the first picture with words.
	words *svgtext.Converter
}

func (l *loader) errorf(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Severity: SeverityError, Message: fmt.Sprintf(format, args...)})
}

func (l *loader) warnf(file string, line int, format string, args ...any) {
	l.problems = append(l.problems, Problem{File: file, Line: line, Severity: SeverityWarning, Message: fmt.Sprintf(format, args...)})
}

// readFile reads name, refusing files larger than limit. ok is false when the
// file is missing, too large, or unreadable (l.fatal is then set).
func (l *loader) readFile(name string, limit int64) (data []byte, exists, ok bool) {
	f, err := l.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, false
	}
	if err != nil {
		l.fatal = fmt.Errorf("cannot read %s: %w", name, err)
		return nil, true, false
	}
	defer f.Close()
	data, err = io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		l.fatal = fmt.Errorf("cannot read %s: %w", name, err)
		return nil, true, false
	}
	if int64(len(data)) > limit {
		l.errorf(name, 0, "the file is larger than %s; split it into smaller files", byteSize(limit))
		return nil, true, false
	}
	return data, true, true
}

// checkUTF8 reports the line of the first invalid UTF-8 byte.
func (l *loader) checkUTF8(file string, data []byte) bool {
	if utf8.Valid(data) {
		return true
	}
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	l.errorf(file, line, "the file is not valid UTF-8 text; save it as UTF-8 in your editor")
	return false
}

// decodeTOML decodes a strict TOML document (unknown keys are errors) and turns
// decoding errors into file:line problems; firstLine is the file line of the
// document's first line.
func (l *loader) decodeTOML(file string, firstLine int, data []byte, v any) bool {
	problems := decodeTOMLProblems(file, firstLine, data, v)
	l.problems = append(l.problems, problems...)
	return len(problems) == 0
}

func decodeTOMLProblems(file string, firstLine int, data []byte, v any) Problems {
	err := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields().Decode(v)
	if err == nil {
		return nil
	}
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var out Problems
		for _, e := range strict.Errors {
			row, _ := e.Position()
			out = append(out, Problem{File: file, Line: firstLine + row - 1, Message: fmt.Sprintf("unknown field %q; check its spelling (see docs/pack-format.md)", strings.Join(e.Key(), "."))})
		}
		return out
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		line := firstLine + row - 1
		if m := wrongType.FindStringSubmatch(de.Error()); m != nil && len(de.Key()) > 0 {
			key := de.Key()[len(de.Key())-1]
			return Problems{{File: file, Line: line, Message: fmt.Sprintf("%s has the wrong type; write %s", key, typeHint(m[1]))}}
		}
		return Problems{{File: file, Line: line, Message: "invalid TOML: " + strings.TrimPrefix(de.Error(), "toml: ") + "; check the quotes, brackets and = signs on this line"}}
	}
	return Problems{{File: file, Line: firstLine, Message: "invalid TOML: " + err.Error()}}
}

var wrongType = regexp.MustCompile(`cannot decode TOML \w+ into .* of type (\S+)`)

// typeHint says in plain words how to write a value of a Go type.
func typeHint(goType string) string {
	switch goType {
	case "float64":
		return "a number, such as 1.5"
	case "int", "int64":
		return "a whole number, such as 2"
	case "bool":
		return "true or false"
	case "string", "courses.Level":
		return "a text between double quotes"
	case "[]string":
		return `a list of texts, such as ["un", "deux"]`
	case "[][]string":
		return `a list of lists of texts, such as [["CAF", "allocations"]]`
	}
	return "a value of type " + goType
}

// keyLine returns the line where key is set in a TOML file, or 0.
func keyLine(data []byte, key string) int {
	re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	for i, line := range strings.Split(string(data), "\n") {
		if re.MatchString(line) {
			return i + 1
		}
	}
	return 0
}

var (
	reverseDNS = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$`)
	slugID     = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	// semverRE is the official Semantic Versioning 2.0.0 expression.
	semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)
)

func (l *loader) loadManifest() *Pack {
	const file = "pack.toml"
	pack := &Pack{}
	data, exists, ok := l.readFile(file, MaxManifestBytes)
	if !exists {
		if nested, _ := fs.Glob(l.fsys, "*/pack.toml"); len(nested) == 1 && l.fatal == nil {
			l.errorf(file, 0, "pack.toml is inside the folder %q, not at the top of the pack; zip the content of that folder, not the folder itself", path.Dir(nested[0]))
			return pack
		}
		l.errorf(file, 0, "pack.toml not found; every pack needs a pack.toml at its root (see docs/pack-format.md)")
		return pack
	}
	if !ok || !l.checkUTF8(file, data) || !l.decodeTOML(file, 1, data, pack) {
		return pack
	}
	line := func(key string) int { return keyLine(data, key) }
	switch {
	case pack.ID == "":
		l.errorf(file, 0, `id is missing; add a unique id such as id = "fr.mon-centre.premiers-pas"`)
	case !reverseDNS.MatchString(pack.ID) && !slugID.MatchString(pack.ID):
		l.errorf(file, line("id"), "id %q is not valid; use lower-case letters, digits and dashes, like \"fr.mon-centre.premiers-pas\" or \"premiers-pas\"", pack.ID)
	}
	switch {
	case pack.Version == "":
		l.errorf(file, 0, `version is missing; add version = "1.0.0"`)
	case !semverRE.MatchString(pack.Version):
		l.errorf(file, line("version"), "version %q is not a semantic version; write three numbers like \"1.0.0\"", pack.Version)
	}
	if strings.TrimSpace(pack.Title) == "" {
		l.errorf(file, line("title"), `title is missing; add title = "The name learners see"`)
	}
	switch {
	case pack.Language == "":
		l.errorf(file, 0, `language is missing; add language = "fr"`)
	default:
		if _, err := language.Parse(pack.Language); err != nil {
			l.errorf(file, line("language"), "language %q is not a valid language tag; write \"fr\", \"en\" or \"fr-FR\"", pack.Language)
		}
	}
	if len(pack.Authors) == 0 {
		l.warnf(file, 0, `authors is missing; add authors = ["Your name or your centre"]`)
	}
	if pack.Licence == "" {
		l.warnf(file, 0, `licence is missing; add licence = "CC-BY-SA-4.0" or the licence you chose`)
	}
	if strings.TrimSpace(pack.Description) == "" {
		l.warnf(file, 0, `description is missing; add a sentence saying what the pack teaches`)
	}
	if v := pack.MinAppVersion; v != "" {
		switch {
		case !semverRE.MatchString(v):
			l.errorf(file, line("min_app_version"), "min_app_version %q is not a semantic version; write three numbers like \"0.1.0\"", v)
		case compareSemver(v, AppVersion) > 0:
			l.errorf(file, line("min_app_version"), "the pack needs Déclic %s or newer, and this is Déclic %s; lower min_app_version or update Déclic", v, AppVersion)
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
			l.warnf(file, line("synonyms"), "synonym group %d has fewer than two words; a group lists words that mean the same thing", i+1)
		}
	}
	return pack
}

// compareSemver compares two valid semantic versions by precedence.
func compareSemver(a, b string) int {
	pa, pb := semverRE.FindStringSubmatch(a), semverRE.FindStringSubmatch(b)
	for i := 1; i <= 3; i++ {
		if c := compareNumeric(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	switch {
	case pa[4] == pb[4]:
		return 0
	case pa[4] == "":
		return 1
	case pb[4] == "":
		return -1
	}
	xa, xb := strings.Split(pa[4], "."), strings.Split(pb[4], ".")
	for i := 0; i < len(xa) && i < len(xb); i++ {
		na, nb := isDigits(xa[i]), isDigits(xb[i])
		var c int
		switch {
		case na && nb:
			c = compareNumeric(xa[i], xb[i])
		case na:
			c = -1
		case nb:
			c = 1
		default:
			c = strings.Compare(xa[i], xb[i])
		}
		if c != 0 {
			return c
		}
	}
	return len(xa) - len(xb)
}

func compareNumeric(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func (l *loader) loadModules() []*Module {
	entries, err := fs.ReadDir(l.fsys, "modules")
	if errors.Is(err, fs.ErrNotExist) {
		l.errorf("modules", 0, "the modules folder is missing; put each module in modules/NN-name/")
		return nil
	}
	if err != nil {
		l.fatal = fmt.Errorf("cannot list modules: %w", err)
		return nil
	}
	var modules []*Module
	for _, e := range entries {
		name := path.Join("modules", e.Name())
		if hidden(e.Name()) {
			continue
		}
		if e.Type()&fs.ModeSymlink != 0 {
			l.errorf(name, 0, "this is a symbolic link; put the real folder in the pack instead")
			continue
		}
		if !e.IsDir() {
			l.warnf(name, 0, "this file is ignored; only module folders belong in modules/")
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
		l.errorf("modules", 0, "no module found; put each module in its own folder with a module.toml")
	} else if len(entries) == 0 {
		l.errorf("modules", 0, "the modules folder is empty; add at least one module")
	}
	byID := map[string]*Module{}
	byOrder := map[int]*Module{}
	for _, m := range modules {
		key := strings.ToLower(m.ID)
		if other, dup := byID[key]; dup {
			l.errorf(m.Dir, 0, "module folder %q has the same name as %q (upper/lower case do not count); rename one", m.ID, other.ID)
		}
		byID[key] = m
		if m.Order == 0 {
			continue
		}
		if other, dup := byOrder[m.Order]; dup {
			l.errorf(path.Join(m.Dir, "module.toml"), 0, "order = %d is also used by module %q; give each module its own order", m.Order, other.ID)
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
		l.warnf(dir, 0, "module folder name %q should use only lower-case letters, digits and dashes, like \"02-la-souris\": it becomes the module's id in records", id)
	}
	data, exists, ok := l.readFile(file, MaxManifestBytes)
	switch {
	case !exists:
		if l.fatal == nil {
			l.errorf(file, 0, "module.toml not found; every module folder needs one (title, level, hours, order…)")
		}
	case ok && l.checkUTF8(file, data) && l.decodeTOML(file, 1, data, m):
		l.checkModule(file, data, m)
	}
	if l.fatal != nil {
		return nil
	}
	entries, err := fs.ReadDir(l.fsys, dir)
	if err != nil {
		l.fatal = fmt.Errorf("cannot list %s: %w", dir, err)
		return nil
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".md") || hidden(e.Name()) {
			continue
		}
		lessonFile := path.Join(dir, e.Name())
		if e.Type()&fs.ModeSymlink != 0 {
			l.errorf(lessonFile, 0, "this lesson is a symbolic link; put the real file in the pack instead")
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
		l.errorf(dir, 0, "module %q has no lesson; add a lesson file such as %s/01-premiers-pas.md", id, dir)
	}
	finals := 0
	for _, ls := range m.Lessons {
		if ls.Final {
			finals++
		}
	}
	if finals > 1 {
		l.errorf(dir, 0, "module %q has %d final lessons; mark only one lesson with final = true", id, finals)
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
		l.warnf(ls.File, 1, "the final check (final = true) has no practice activity (%s) besides the questions: add one, so that mastering the module means doing the gesture, not only answering about it", PracticeKinds)
		return
	}
}

func (l *loader) checkModule(file string, data []byte, m *Module) {
	line := func(key string) int { return keyLine(data, key) }
	if strings.TrimSpace(m.Title) == "" {
		l.errorf(file, line("title"), `title is missing; add title = "La souris"`)
	}
	if strings.TrimSpace(m.Summary) == "" {
		l.warnf(file, 0, "summary is missing; add one sentence saying what the module teaches")
	}
	if m.Level == "" {
		l.errorf(file, 0, `level is missing; add level = "débutant", "intermédiaire" or "avancé"`)
	} else if !containsLevel(m.Level) {
		l.errorf(file, line("level"), `level %q is not known; write "débutant", "intermédiaire" or "avancé"`, m.Level)
	}
	if len(m.Competencies) == 0 {
		l.warnf(file, 0, `competencies is missing; add the CRCN codes the module trains, such as competencies = ["5.2"]`)
	}
	for _, c := range m.Competencies {
		if !ValidCompetency(c) {
			l.errorf(file, line("competencies"), "competency %q is not a CRCN code (1.1 to 5.2) nor a pack code like \"socle.souris\"; see docs/pack-format.md for the list", c)
		}
	}
	if m.Hours <= 0 || m.Hours > MaxHours {
		if m.Hours == 0 && line("hours") == 0 {
			l.errorf(file, 0, "hours is missing; add the training hours a centre may credit, such as hours = 1.5")
		} else {
			l.errorf(file, line("hours"), "hours = %v is out of range; write a number of hours above 0 and at most %d", m.Hours, MaxHours)
		}
	}
	if m.Order <= 0 {
		if line("order") == 0 {
			l.errorf(file, 0, "order is missing; add order = 1 for the first module, 2 for the next…")
		} else {
			l.errorf(file, line("order"), "order = %d is not valid; use 1 for the first module, 2 for the next…", m.Order)
		}
	}
	if line("pass_mark") == 0 {
		m.PassMark = DefaultPassMark
	} else if m.PassMark <= 0 || m.PassMark > 1 {
		l.errorf(file, line("pass_mark"), "pass_mark = %v is out of range; write a share above 0 and at most 1, such as 0.8 for 80 %%", m.PassMark)
	}
	for i, g := range m.Goals {
		if strings.TrimSpace(g) == "" {
			l.warnf(file, line("goals"), "goal %d is empty; remove it or write what the learner can do", i+1)
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
