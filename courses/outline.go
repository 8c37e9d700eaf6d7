package courses

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
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

// readLessonHead reads a lesson up to the end of its front matter, which is all an
// outline needs: a centre reads the catalogue on every command, and the screens are
// most of each lesson. A lesson without front matter, or whose front matter never
// closes, is read whole (up to limit), as readFile does.
func (l *loader) readLessonHead(name string, limit int64) (data []byte, exists, ok bool) {
	f, err := l.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, false
	}
	if err != nil {
		l.fatal = cannotRead(name, err)
		return nil, true, false
	}
	defer f.Close()
	// Front matters are a few hundred bytes: read 1 kB at a time, into one buffer.
	r := io.LimitReader(f, limit+1)
	data = make([]byte, 0, 1024)
	for {
		if len(data) == cap(data) {
			data = slices.Grow(data, cap(data))
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if end := frontMatterEnd(data); end > 0 {
			return data[:end], true, true
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			l.fatal = cannotRead(name, err)
			return nil, true, false
		}
	}
	if int64(len(data)) > limit {
		l.errorf(name, 0, "courses.file_too_large", "Limit", byteSize(limit))
		return nil, true, false
	}
	return data, true, true
}

// frontMatterEnd returns the length of src's front matter, its closing line
// included, or 0 when src does not hold a whole front matter (yet).
func frontMatterEnd(src []byte) int {
	first, rest, found := bytes.Cut(bytes.TrimPrefix(src, bom), []byte("\n"))
	if !found {
		return 0
	}
	delim := bytes.TrimRight(first, " \t\r")
	if string(delim) != "+++" && string(delim) != "---" {
		return 0
	}
	off := len(src) - len(rest)
	for {
		line, after, found := bytes.Cut(src[off:], []byte("\n"))
		if !found {
			return 0 // the line may go on in the next read
		}
		off = len(src) - len(after)
		if bytes.Equal(bytes.TrimRight(line, " \t\r"), delim) {
			return off
		}
	}
}
