package courses

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"declic/packsign"
)

// ErrNotNewer is wrapped when an install would replace a pack by the same or an
// older version without Force.
var ErrNotNewer = errors.New("the installed version is the same or newer")

// ErrUntrusted is wrapped when a pack is unsigned or signed by an unknown key and
// the caller did not accept that.
var ErrUntrusted = errors.New("the pack is not signed by a trusted centre")

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
		return nil, fmt.Errorf("%s: %w", src, err)
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
		return nil, 0, fmt.Errorf("cannot open pack %s: %w", src, err)
	}
	if !info.IsDir() && file != nil {
		f, err := os.Open(src)
		if err != nil {
			return nil, 0, fmt.Errorf("cannot open pack %s: %w", src, err)
		}
		*file = f
		fsys, err := OpenZip(f, info.Size(), DefaultZipLimits)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", src, err)
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
		return nil, 0, fmt.Errorf("%s: %w", src, err)
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
		return 0, refuse("it holds %d files, more than the limit of %d", len(files), limits.MaxFiles)
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
			return 0, refuse("its files add up to more than %s", byteSize(limits.MaxTotalBytes))
		}
	}
	return total, nil
}

// packFiles lists every file to copy: the manifest's files plus the manifest and
// signature themselves when present.
func packFiles(fsys fs.FS) ([]string, error) {
	files, err := packsign.Files(fsys)
	if err != nil {
		return nil, refuse("%v", err)
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
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	if err := os.MkdirAll(library, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the library %s: %w", library, err)
	}
	tmp, err := os.MkdirTemp(library, ".install-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write in the library %s: %w", library, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	if err := copyFiles(fsys, files, tmp); err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	copied := os.DirFS(tmp)
	report, err := packsign.Verify(copied, opts.Trust)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	pack, problems, err := Load(copied, src)
	if err != nil {
		return nil, err
	}
	if problems.HasErrors() {
		return nil, &InvalidPackError{Source: src, Problems: problems}
	}
	if report.Status != packsign.Trusted && !opts.AcceptUntrusted {
		return nil, fmt.Errorf("%s: %w (%s)", src, ErrUntrusted, report.Status)
	}
	if strings.ContainsAny(pack.ID, `/\`) || pack.ID == "." || pack.ID == ".." {
		return nil, fmt.Errorf("%s: the pack id %q cannot name a folder", src, pack.ID)
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
		if oldVersion != "" && semverRE.MatchString(oldVersion) && compareSemver(pack.Version, oldVersion) <= 0 && !opts.Force {
			return nil, fmt.Errorf("%s: %w: %s %s is installed, this pack is %s (use --force to replace it anyway)", src, ErrNotNewer, pack.ID, oldVersion, pack.Version)
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
			return refuse("the name %q is not a valid path", name)
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
		return fmt.Errorf("%s: %w", name, err)
	}
	if n > DefaultZipLimits.MaxFileBytes {
		return refuse("%q is larger than %s", name, byteSize(DefaultZipLimits.MaxFileBytes))
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
			if err != nil && !semverRE.MatchString(pack.Version) {
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
			return fmt.Errorf("cannot install into %s: %w", dest, err)
		}
		return nil
	}
	aside, err := os.MkdirTemp(library, ".previous-*")
	if err != nil {
		return fmt.Errorf("cannot write in the library %s: %w", library, err)
	}
	old := filepath.Join(aside, filepath.Base(existing))
	if err := os.Rename(existing, old); err != nil {
		os.Remove(aside)
		return fmt.Errorf("cannot replace %s: %w", existing, err)
	}
	if err := os.Rename(tmp, dest); err != nil {
		if rerr := os.Rename(old, existing); rerr != nil {
			return fmt.Errorf("cannot install into %s (%v), and the previous version stays in %s: %w", dest, err, old, rerr)
		}
		os.Remove(aside)
		return fmt.Errorf("cannot install into %s: %w", dest, err)
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
		return fmt.Errorf("%s is not a pack of the library %s", packPath, library)
	}
	aside, err := os.MkdirTemp(library, ".removing-*")
	if err != nil {
		return fmt.Errorf("cannot remove %s: %w", packPath, err)
	}
	if err := os.Rename(packPath, filepath.Join(aside, rel)); err != nil {
		os.Remove(aside)
		return fmt.Errorf("cannot remove %s: %w", packPath, err)
	}
	return os.RemoveAll(aside)
}
