package courses

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"declic/plugins"
	"declic/svgtext"
)

// checkLessonImages checks that every picture a lesson shows, directly or
// through an activity, is a real PNG, JPEG or SVG file inside the pack.
func (l *loader) checkLessonImages(lesson *Lesson) {
	var walk func([]Block)
	walk = func(blocks []Block) {
		for _, b := range blocks {
			switch b := b.(type) {
			case Image:
				if b.Src != "" {
					written := strings.TrimPrefix(b.Src, path.Dir(lesson.File)+"/")
					l.checkImage(lesson.File, b.Line, written, b.Src)
				}
			case Activity:
				users, ok := b.Parsed.(plugins.ImageUser)
				if !ok {
					continue
				}
				for _, src := range users.Images() {
					resolved, problem := resolvePackPath(path.Dir(lesson.File), src)
					if problem.ID != "" {
						l.errorf(lesson.File, b.Line, "courses.activity_error", "Kind", b.Kind, "Text", problem)
						continue
					}
					l.checkImage(lesson.File, b.Line, src, resolved)
				}
			case List:
				for _, item := range b.Items {
					walk(item)
				}
			case Callout:
				walk(b.Blocks)
			}
		}
	}
	for _, s := range lesson.Steps {
		walk(s.Blocks)
		if l.fatal != nil {
			return
		}
	}
}

// checkImage reports a missing picture at each use, and a picture that is not
// a real PNG/JPEG/SVG once, at the picture file itself.
func (l *loader) checkImage(file string, line int, written, resolved string) {
	verdict, seen := l.imageFiles[resolved]
	if !seen {
		var problem Problem
		verdict, problem = l.inspectImage(resolved)
		l.imageFiles[resolved] = verdict
		if verdict != "" && verdict != missingImage {
			l.problems = append(l.problems, problem)
		}
		if verdict == "" && strings.EqualFold(path.Ext(resolved), ".svg") {
			l.checkPictureWords(resolved)
		}
	}
	if verdict == missingImage {
		l.errorf(file, line, "courses.image_missing", "Src", written, "Dir", path.Dir(resolved)+"/")
	}
}

const missingImage = "missing"

// inspectImage returns "" when the file is a PNG, JPEG or SVG whose extension
// matches its content, missingImage when it does not exist, or the code of the
// problem to report at the file, with the problem.
func (l *loader) inspectImage(name string) (string, Problem) {
	bad := func(code string, pairs ...any) (string, Problem) {
		return code, newProblem(name, 0, SeverityError, code, pairs...)
	}
	if info, err := fs.Lstat(l.fsys, name); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return bad("courses.image_symlink")
	}
	f, err := l.fsys.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return missingImage, Problem{}
	}
	if err != nil {
		l.fatal = cannotRead(name, err)
		return "", Problem{}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return bad("courses.image_is_folder")
	}
	head := make([]byte, 4096)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		l.fatal = cannotRead(name, err)
		return "", Problem{}
	}
	kind := sniffImage(head[:n])
	ext := strings.ToLower(path.Ext(name))
	want := map[string]string{".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}[ext]
	switch {
	case kind == "":
		return bad("courses.image_not_picture")
	case want == "":
		return bad("courses.image_bad_extension", "Kind", kind, "Ext", ext)
	case want != kind:
		return bad("courses.image_wrong_extension", "Ext", ext, "Kind", kind, "Want", want)
	}
	return "", Problem{}
}

// sniffImage recognises PNG and JPEG by their signature and SVG by an <svg
// element near the start of a text file.
func sniffImage(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "PNG"
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "JPEG"
	}
	text := bytes.TrimPrefix(head, []byte("\ufeff"))
	text = bytes.TrimLeft(text, " \t\r\n")
	if !bytes.HasPrefix(text, []byte("<")) || bytes.IndexByte(text, 0) >= 0 {
		return ""
	}
	if bytes.Contains(text, []byte("<svg")) {
		return "SVG"
	}
	return ""
}

// checkPictureWords reports, at their line of the SVG file, the words of a picture
// the app cannot draw: <text> features outside the supported subset (svgtext), and
// letters DejaVu Sans lacks.
func (l *loader) checkPictureWords(name string) {
	data, _, ok := l.readFile(name, DefaultZipLimits.MaxFileBytes)
	if !ok || !bytes.Contains(data, []byte("<text")) {
		return
	}
	if l.words == nil {
		words, err := svgtext.NewConverter()
		if err != nil {
			l.fatal = fmt.Errorf("the fonts for the words of pictures: %w", err)
			return
		}
		l.words = words
	}
	for _, p := range l.words.Check(data) {
		l.problems = append(l.problems, Problem{File: name, Line: p.Line, Severity: SeverityError, Code: p.Msg.ID, Args: p.Msg.Args})
	}
}
