package courses

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
)

// LoadOutline reads a pack as Load does, but only its manifests and its lessons' front
// matter: each module with its title, hours and competencies, and its lessons with
// their title, duration and final flag, without their screens. It is what a centre's
// catalogue needs of the packs embedded in Déclic, whose lessons the tests of this
// build have already checked in full, at a small part of Load's cost: the centre's
// tools read the catalogue on every command.
func LoadOutline(fsys fs.FS, source string) (*Pack, Problems, error) {
	l := &loader{fsys: fsys, imageFiles: map[string]string{}, outline: true}
	pack := l.loadManifest()
	pack.FS = fsys
	pack.Source = source
	if l.fatal == nil {
		pack.Modules = l.loadModules()
	}
	if l.fatal != nil {
		return nil, nil, inPack(source, l.fatal)
	}
	return pack, l.problems, nil
}

// parseLessonOutline reads a lesson's front matter only (see LoadOutline).
func parseLessonOutline(file string, src []byte) (*Lesson, Problems) {
	p := &lessonParser{file: file, dir: path.Dir(file)}
	if len(src) > MaxLessonBytes {
		p.errorf(0, "courses.lesson_too_large", "Limit", byteSize(MaxLessonBytes))
		return nil, p.problems
	}
	if pr, ok := utf8Problem(p.file, src); !ok {
		p.add(pr)
		return nil, p.problems
	}
	lesson := &Lesson{ID: strings.TrimSuffix(path.Base(file), ".md"), File: file}
	p.frontMatter(bytes.TrimPrefix(src, bom), lesson)
	if strings.TrimSpace(lesson.Title) == "" && !p.badFrontMatter {
		p.errorf(1, "courses.lesson_no_title")
	}
	return lesson, p.problems
}
