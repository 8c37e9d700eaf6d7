package courses

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"declic/i18n"
	"declic/packsign"
	"declic/version"
)

// ErrNotNewer is wrapped when an install would replace a pack by the same or an
// older version without Force.
var ErrNotNewer = errors.New("the installed version is the same or newer")

// ErrUntrusted is wrapped when a pack is unsigned or signed by an unknown key and
// the caller did not accept that.
var ErrUntrusted = errors.New("the pack is not signed by a trusted centre")

// ErrLibrary is wrapped when the library folder cannot be created or written:
// the pack itself may be fine.
var ErrLibrary = errors.New("the library cannot be written")

// InstallOptions tune Install.
type InstallOptions struct {
	// Force replaces an installed pack even with the same or an older version.
	Force bool
	// AcceptUntrusted installs an unsigned pack or one signed by an unknown key;
	// the app sets it only after the learner or trainer confirmed.
	AcceptUntrusted bool
	// Trust is the store of centre keys; nil trusts nobody.
	Trust *packsign.TrustStore
}

// InstallResult says what Install did.
type InstallResult struct {
	// Pack is the installed pack, loaded from its new folder.
	Pack *Pack
	// Dir is the pack's folder in the library.
	Dir string
	// Report is the signer status and manifest check.
	Report packsign.Report
	// Previous is the version replaced, or "" for a first install.
	Previous string
	// Warnings are the pack's warnings (it installs despite them).
	Warnings Problems
}

// Candidate describes a pack before it is installed: what the "Ajouter un cours"
// screen shows (title, version, size, signer).
type Candidate struct {
	Path     string
	Pack     *Pack
	Problems Problems
	Report   packsign.Report
	// Size is the file size of a .declic, or the total of a folder's files.
	Size int64
}

// Inspect loads and checks a pack (a .declic file or a folder) without
// installing it. The error is non-nil when the pack cannot be read or does not
// match its manifest or signature; Problems lists what Load found.
func Inspect(src string, trust *packsign.TrustStore) (*Candidate, error) {
	fsys, size, err := sourceFS(src, nil)
	if err != nil {
		return nil, err
	}
	report, err := packsign.Verify(fsys, trust)
	if err != nil {
		return nil, inPack(src, err)
	}
	pack, problems, err := Load(fsys, src)
	if err != nil {
		return nil, err
	}
	return &Candidate{Path: src, Pack: pack, Problems: problems, Report: report, Size: size}, nil
}

// sourceFS opens a .declic with the zip limits, or a folder, checking a
// folder's files against the same limits. With file == nil an archive is read
// into memory (its FS outlives the call); otherwise it is read from the open
// file stored in *file, which the caller closes: memory stays small.
func sourceFS(src string, file **os.File) (fs.FS, int64, error) {
	info, err := os.Stat(src)
	if err != nil {
		return nil, 0, cannotOpen(src, err)
	}
	if !info.IsDir() && file != nil {
		f, err := os.Open(src)
		if err != nil {
			return nil, 0, cannotOpen(src, err)
		}
		*file = f
		fsys, err := OpenZip(f, info.Size(), DefaultZipLimits)
		if err != nil {
			return nil, 0, inPack(src, err)
		}
		return fsys, info.Size(), nil
	}
	if !info.IsDir() {
		fsys, err := openArchive(src)
		return fsys, info.Size(), err
	}
	fsys := os.DirFS(src)
	total, err := checkFolder(fsys, DefaultZipLimits)
	if err != nil {
		return nil, 0, inPack(src, err)
	}
	return fsys, total, nil
}

// checkFolder applies the archive limits to a folder pack (plain files only, file
// count, sizes), so that a folder cannot smuggle in what an archive could not.
func checkFolder(fsys fs.FS, limits ZipLimits) (int64, error) {
	files, err := packFiles(fsys)
	if err != nil {
		return 0, err
	}
	if len(files) > limits.MaxFiles {
		return 0, refuse("courses.zip_too_many_files", "Count", len(files), "Max", limits.MaxFiles)
	}
	var total int64
	for _, f := range files {
		info, err := fs.Stat(fsys, f)
		if err != nil {
			return 0, err
		}
		n := info.Size()
		if err := checkEntrySize(f, uint64(n), uint64(n), limits); err != nil {
			return 0, err
		}
		total += n
		if total > limits.MaxTotalBytes {
			return 0, refuse("courses.zip_too_big_total", "Max", byteSize(limits.MaxTotalBytes))
		}
	}
	return total, nil
}

// packFiles lists every file to copy: the manifest's files plus the manifest and
// signature themselves when present.
func packFiles(fsys fs.FS) ([]string, error) {
	files, err := packsign.Files(fsys)
	if err != nil {
		return nil, i18n.NewError(ErrHostileArchive, err, "courses.pack_files")
	}
	for _, extra := range []string{packsign.ManifestName, packsign.SignatureName} {
		if info, err := fs.Stat(fsys, extra); err == nil && info.Mode().IsRegular() {
			files = append(files, extra)
		}
	}
	return files, nil
}

// Install installs a pack (a .declic file or a folder) into the library folder,
// exactly as the app does: the files are copied into a hidden temporary folder
// inside the library, validated there (pack, manifest, signature), and only then
// renamed into place as library/<pack id>. An installed pack of the same id is
// replaced only by a higher version (unless opts.Force), and stays in place until
// the new one is ready. On any refusal nothing is left behind.
func Install(src, library string, opts InstallOptions) (*InstallResult, error) {
	var archive *os.File
	defer func() {
		if archive != nil {
			archive.Close()
		}
	}()
	fsys, _, err := sourceFS(src, &archive)
	if err != nil {
		return nil, err
	}
	files, err := packFiles(fsys)
	if err != nil {
		return nil, inPack(src, err)
	}
	// A library made here and left empty by a refusal is removed again: a
	// refused pack leaves nothing behind, not even a folder.
	made, err := mkdirAllNew(library)
	if err != nil {
		return nil, i18n.NewError(ErrLibrary, err, "courses.library_create", "Path", library)
	}
	tmp, err := os.MkdirTemp(library, ".install-*")
	if err != nil {
		removeNew(made)
		return nil, i18n.NewError(ErrLibrary, err, "courses.library_write", "Path", library)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
			removeNew(made)
		}
	}()
	if err := copyFiles(fsys, files, tmp); err != nil {
		return nil, inPack(src, err)
	}
	copied := os.DirFS(tmp)
	report, err := packsign.Verify(copied, opts.Trust)
	if err != nil {
		return nil, inPack(src, err)
	}
	pack, problems, err := Load(copied, src)
	if err != nil {
		return nil, err
	}
	if problems.HasErrors() {
		return nil, &InvalidPackError{Source: src, Problems: problems}
	}
	if report.Status != packsign.Trusted && !opts.AcceptUntrusted {
		return nil, i18n.NewError(ErrUntrusted, nil, "courses.untrusted", "Path", src, "Status", report.Status.Message())
	}
	if strings.ContainsAny(pack.ID, `/\`) || pack.ID == "." || pack.ID == ".." {
		return nil, i18n.NewError(ErrInvalidPack, nil, "courses.id_not_folder", "Path", src, "ID", pack.ID)
	}
	res := &InstallResult{Report: report}
	for _, p := range problems {
		if p.Severity == SeverityWarning {
			res.Warnings = append(res.Warnings, p)
		}
	}
	dest := filepath.Join(library, pack.ID)
	existing, oldVersion := findInstalled(library, pack.ID)
	if existing != "" {
		res.Previous = oldVersion
		if version.Valid(oldVersion) && version.Compare(pack.Version, oldVersion) <= 0 && !opts.Force {
			return nil, i18n.NewError(ErrNotNewer, nil, "courses.not_newer", "Path", src, "ID", pack.ID, "Installed", oldVersion, "Version", pack.Version)
		}
		if !strings.EqualFold(filepath.Ext(existing), PackExt) {
			dest = existing // an installed folder keeps its name
		}
	}
	if err := swapInto(tmp, dest, existing, library); err != nil {
		return nil, err
	}
	done = true
	res.Dir = dest
	res.Pack, _, err = LoadPath(dest)
	if err != nil {
		return nil, err
	}
	return res, nil
}

// copyFiles copies files from fsys into dir; each read stops at the zip limits.
func copyFiles(fsys fs.FS, files []string, dir string) error {
	for _, name := range files {
		if !fs.ValidPath(name) {
			return refuse("courses.zip_bad_path", "Name", name)
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := copyFile(fsys, name, dst); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(fsys fs.FS, name, dst string) error {
	in, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	n, err := io.Copy(out, io.LimitReader(in, DefaultZipLimits.MaxFileBytes+1))
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return cannotRead(name, err)
	}
	if n > DefaultZipLimits.MaxFileBytes {
		return refuse("courses.zip_file_too_big", "Name", name, "Size", byteSize(n), "Max", byteSize(DefaultZipLimits.MaxFileBytes))
	}
	return nil
}

// findInstalled returns the library entry holding the pack id (a folder or a
// .declic file) and its version, reading only pack.toml.
func findInstalled(library, id string) (string, string) {
	entries, err := os.ReadDir(library)
	if err != nil {
		return "", ""
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(library, e.Name())
		var fsys fs.FS
		switch {
		case e.IsDir():
			fsys = os.DirFS(p)
		case strings.EqualFold(filepath.Ext(e.Name()), PackExt):
			f, err := openArchive(p)
			if err != nil {
				continue
			}
			fsys = f
		default:
			continue
		}
		pack, err := LoadManifest(fsys, p)
		if pack != nil && pack.ID == id {
			if err != nil && !version.Valid(pack.Version) {
				return p, ""
			}
			return p, pack.Version
		}
	}
	return "", ""
}

// swapInto renames the validated folder tmp to dest. The previous install, if
// any, is first moved aside under a hidden name and put back if the rename fails,
// then removed: at every moment one complete version is in the library.
func swapInto(tmp, dest, existing, library string) error {
	if existing == "" {
		if err := os.Rename(tmp, dest); err != nil {
			return i18n.NewError(ErrLibrary, err, "courses.install_into", "Path", dest)
		}
		return nil
	}
	aside, err := os.MkdirTemp(library, ".previous-*")
	if err != nil {
		return i18n.NewError(ErrLibrary, err, "courses.library_write", "Path", library)
	}
	old := filepath.Join(aside, filepath.Base(existing))
	if err := os.Rename(existing, old); err != nil {
		os.Remove(aside)
		return i18n.NewError(ErrLibrary, err, "courses.replace", "Path", existing)
	}
	if err := os.Rename(tmp, dest); err != nil {
		if rerr := os.Rename(old, existing); rerr != nil {
			return i18n.NewError(ErrLibrary, rerr, "courses.install_rollback", "Path", dest, "Reason", err.Error(), "Kept", old)
		}
		os.Remove(aside)
		return i18n.NewError(ErrLibrary, err, "courses.install_into", "Path", dest)
	}
	os.RemoveAll(aside)
	return nil
}

// InstalledPack is one pack of a library, for the pack manager.
type InstalledPack struct {
	Pack   *Pack
	Path   string
	Size   int64
	Report packsign.Report
	// Err is set when the pack cannot be loaded or no longer matches its manifest.
	Err error
}

// ListInstalled lists the library's packs with their signer status and size,
// sorted by title; broken packs are listed too, with Err set, so they can be removed.
func ListInstalled(library string, trust *packsign.TrustStore) []InstalledPack {
	entries, err := os.ReadDir(library)
	if err != nil {
		return nil
	}
	var out []InstalledPack
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(library, name)
		isDir := e.IsDir() && fileExists(filepath.Join(p, "pack.toml"))
		if strings.HasPrefix(name, ".") || (!isDir && !strings.EqualFold(filepath.Ext(name), PackExt)) {
			continue
		}
		ip := InstalledPack{Path: p}
		c, err := Inspect(p, trust)
		switch {
		case err != nil:
			ip.Err = err
		case c.Problems.HasErrors():
			ip.Pack, ip.Err = c.Pack, &InvalidPackError{Source: p, Problems: c.Problems}
		default:
			ip.Pack, ip.Report, ip.Size = c.Pack, c.Report, c.Size
		}
		out = append(out, ip)
	}
	sort.SliceStable(out, func(i, j int) bool { return title(out[i]) < title(out[j]) })
	return out
}

func title(ip InstalledPack) string {
	if ip.Pack != nil && ip.Pack.Title != "" {
		return ip.Pack.Title
	}
	return path.Base(filepath.ToSlash(ip.Path))
}

// Remove deletes an installed pack from the library. The learner's progress
// lives in the learner database, not in the pack, so it is kept. The pack is
// first renamed to a hidden name, so a half-deleted pack never shows as installed.
func Remove(library, packPath string) error {
	rel, err := filepath.Rel(library, packPath)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") || strings.ContainsRune(rel, filepath.Separator) {
		return i18n.NewError(nil, nil, "courses.not_in_library", "Path", packPath, "Library", library)
	}
	aside, err := os.MkdirTemp(library, ".removing-*")
	if err != nil {
		return i18n.NewError(ErrLibrary, err, "courses.remove", "Path", packPath)
	}
	if err := os.Rename(packPath, filepath.Join(aside, rel)); err != nil {
		os.Remove(aside)
		return i18n.NewError(ErrLibrary, err, "courses.remove", "Path", packPath)
	}
	return os.RemoveAll(aside)
}

// mkdirAllNew creates dir and its missing parents; it returns the topmost
// folder it created ("" when dir existed), for removeNew.
func mkdirAllNew(dir string) (string, error) {
	top := ""
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil {
			break
		}
		top = d
		if parent := filepath.Dir(d); parent == d {
			break
		}
	}
	return top, os.MkdirAll(dir, 0o755)
}

// removeNew removes the folders mkdirAllNew made, when they are still empty.
func removeNew(top string) {
	if top == "" {
		return
	}
	// os.Remove refuses a folder that is not empty, so only what this install
	// made and left empty goes.
	var chain []string
	filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			chain = append(chain, p)
		}
		return nil
	})
	for i := len(chain) - 1; i >= 0; i-- {
		os.Remove(chain[i])
	}
}
