package centreweb

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"mime/multipart"
	"os"
	"path/filepath"
	"strings"

	"declic/centre"
	"declic/i18n"
)

// inFile is one file received: its name as the person sees it, and its bytes.
type inFile struct {
	Name string
	Data []byte
}

// ignored is a file left out of a deposit, and why.
type ignored struct {
	Name string
	Why  i18n.Message
}

// Why an upload or a folder is refused as a whole.
var (
	errTooManyFiles = errors.New("centreweb: too many files")
	errOutside      = errors.New("centreweb: path outside the allowed folders")
	errNoFolder     = errors.New("centreweb: no such folder")
)

// acceptedExt reports whether a file name is one a deposit reads: a record (.json, or
// .txt holding a QR code's text) or a zip archive of them.
func acceptedExt(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json", ".txt", ".zip":
		return true
	}
	return false
}

// readUploads reads the files of a multipart form: each at most centre.MaxInputBytes,
// zip archives expanded within limits, other types left out with their reason.
func readUploads(headers []*multipart.FileHeader) ([]inFile, []ignored, error) {
	var got []inFile
	var left []ignored
	for _, h := range headers {
		name := centre.Clean(h.Filename)
		if name == "" {
			continue
		}
		if !acceptedExt(name) {
			left = append(left, ignored{name, i18n.M("centreweb.deposit.wrong_type")})
			continue
		}
		isZip := strings.EqualFold(filepath.Ext(name), ".zip")
		if !isZip && h.Size > centre.MaxInputBytes {
			left = append(left, ignored{name, i18n.M("centre.reason.too_large")})
			continue
		}
		f, err := h.Open()
		if err != nil {
			left = append(left, ignored{name, i18n.M("centre.reason.unreadable")})
			continue
		}
		limit := int64(centre.MaxInputBytes)
		if isZip {
			limit = MaxUpload
		}
		data, err := io.ReadAll(io.LimitReader(f, limit+1))
		f.Close()
		if err != nil || int64(len(data)) > limit {
			left = append(left, ignored{name, i18n.M("centre.reason.too_large")})
			continue
		}
		if isZip {
			files, why := unzip(name, data)
			if why != nil {
				left = append(left, ignored{name, *why})
				continue
			}
			got = append(got, files...)
		} else {
			got = append(got, inFile{name, data})
		}
		if len(got) > MaxFiles {
			return nil, nil, errTooManyFiles
		}
	}
	return got, left, nil
}

// unzip expands a zip archive of records in memory. It refuses the whole archive when
// it holds too many files, expands to more than MaxUnzipped, has a file that expands
// more than MaxZipRatio times (a decompression bomb), or holds another archive; files
// that are not records are left out silently (a USB stick's archive holds all sorts).
func unzip(name string, data []byte) ([]inFile, *i18n.Message) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		m := i18n.M("centreweb.deposit.zip_unreadable")
		return nil, &m
	}
	if len(zr.File) > MaxFiles {
		m := i18n.M("centreweb.deposit.zip_too_many", "Max", MaxFiles)
		return nil, &m
	}
	var out []inFile
	var total int64
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		inner := centre.Clean(f.Name)
		ext := strings.ToLower(filepath.Ext(inner))
		if ext == ".zip" {
			m := i18n.M("centreweb.deposit.zip_nested")
			return nil, &m
		}
		if ext != ".json" && ext != ".txt" {
			continue
		}
		if f.CompressedSize64 > 0 && f.UncompressedSize64/f.CompressedSize64 > MaxZipRatio && f.UncompressedSize64 > 1<<20 {
			m := i18n.M("centreweb.deposit.zip_bomb")
			return nil, &m
		}
		rc, err := f.Open()
		if err != nil {
			m := i18n.M("centreweb.deposit.zip_unreadable")
			return nil, &m
		}
		// The headers may lie: read at most what is left of the budget, plus one byte.
		b, err := io.ReadAll(io.LimitReader(rc, min(int64(centre.MaxInputBytes), MaxUnzipped-total)+1))
		rc.Close()
		total += int64(len(b))
		if total > MaxUnzipped || (err == nil && len(b) > centre.MaxInputBytes) {
			m := i18n.M("centreweb.deposit.zip_bomb")
			return nil, &m
		}
		if err != nil {
			m := i18n.M("centreweb.deposit.zip_unreadable")
			return nil, &m
		}
		out = append(out, inFile{name + " › " + inner, b})
	}
	return out, nil
}

// allowedFolder resolves path (symbolic links followed) and checks it lies inside one
// of roots; it returns the resolved path.
func allowedFolder(path string, roots []string) (string, error) {
	if strings.TrimSpace(path) == "" || !filepath.IsAbs(path) {
		return "", errOutside
	}
	real, err := filepath.EvalSymlinks(filepath.Clean(path))
	if err != nil {
		return "", errNoFolder
	}
	info, err := os.Stat(real)
	if err != nil || !info.IsDir() {
		return "", errNoFolder
	}
	for _, root := range roots {
		r, err := filepath.EvalSymlinks(root)
		if err != nil {
			continue
		}
		rel, err := filepath.Rel(r, real)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return real, nil
		}
	}
	return "", errOutside
}

// readFolder reads the records of a folder (and its sub-folders) the way credit does.
func readFolder(dir string) ([]inFile, []ignored, error) {
	paths, err := centre.RecordFiles([]string{dir})
	if err != nil {
		return nil, nil, err
	}
	if len(paths) > MaxFiles {
		return nil, nil, errTooManyFiles
	}
	var got []inFile
	var left []ignored
	for _, p := range paths {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			rel = p
		}
		data, err := centre.ReadInput(p)
		if err != nil {
			_, why := centre.Explain(err, "")
			left = append(left, ignored{centre.Clean(rel), why})
			continue
		}
		got = append(got, inFile{centre.Clean(rel), data})
	}
	return got, left, nil
}
