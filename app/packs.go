package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/courses"
	"declic/packsign"
	"declic/plugins/view"
)

// packManagerOptions tell the pack manager where packs and trusted keys live.
type packManagerOptions struct {
	// Library is the folder of installed packs (datadir.Dirs.Library).
	Library string
	// TrustDirs are the folders of trusted centre keys
	// (packsign.TrustDirs(datadir.Dirs.Root)).
	TrustDirs []string
	// BundleTrust are the keys the centre's bundle asks to trust (branding.Bundle.
	// Trusted); BundleCentre names the centre, for a key it did not name.
	BundleTrust  []packsign.TrustedKey
	BundleCentre string
	// UserTrustDir is where keys the user adds are copied; empty means the first
	// of TrustDirs (Root/trust).
	UserTrustDir string
	// SearchDirs lists the folders searched for .declic files; nil means
	// removableDirs (USB sticks and other removable drives).
	SearchDirs func() []string
	// OnChange is called after a pack is installed, upgraded or removed, with the
	// packs now installed; nil replaces the packs of the home screen
	// (see UI.ReplaceInstalledPacks).
	OnChange func(installed []*courses.Pack)
}

// packManager is the « Mes cours » screen: add a course from a file or a USB
// stick, see the installed ones with their signer, upgrade or remove them.
type packManager struct {
	u    *ui
	opts packManagerOptions
	// found are the .declic files seen on removable drives at the last search.
	found []*courses.Candidate
	// status is the line under the title (last action, in FALC French).
	status *widget.Label
}

// NewPackManager prepares the pack manager of u; call Show to open it.
func (u *ui) NewPackManager(opts packManagerOptions) *packManager {
	if opts.SearchDirs == nil {
		opts.SearchDirs = removableDirs
	}
	return &packManager{u: u, opts: opts, status: widget.NewLabel("")}
}

// ReplaceInstalledPacks puts installed in place of the packs read from the
// library, keeping the built-in packs first, and shows the home screen.
func (u *ui) ReplaceInstalledPacks(installed []*courses.Pack) {
	u.replaceLibrary(installed)
	u.ResyncSearch()
	u.ShowHome()
}

// setInstalledPacks puts installed in place of the library's packs. The home
// screen is redrawn only when the learner is looking at it: a pack arriving never
// pulls them out of a lesson.
func (u *ui) setInstalledPacks(installed []*courses.Pack) {
	u.replaceLibrary(installed)
	if u.onHome {
		u.ShowHome()
	}
}

// replaceLibrary swaps the packs read from the library, keeping the
// built-in packs first.
func (u *ui) replaceLibrary(installed []*courses.Pack) {
	var packs []*courses.Pack
	for _, p := range u.opts.Packs {
		if strings.HasPrefix(p.Source, "embedded:") {
			packs = append(packs, p)
		}
	}
	u.opts.Packs = append(packs, installed...)
}

// addBuiltIn puts built-in packs read after the first frame right after the
// built-in packs already there, before the installed ones.
func (u *ui) addBuiltIn(packs []*courses.Pack) {
	var builtIn, installed []*courses.Pack
	for _, p := range u.opts.Packs {
		if strings.HasPrefix(p.Source, "embedded:") {
			builtIn = append(builtIn, p)
		} else {
			installed = append(installed, p)
		}
	}
	u.opts.Packs = append(append(builtIn, packs...), installed...)
}

// trust is the trust store of this installation: the keys of the key folders, then
// those of the centre bundle. Read afresh each time, in the current language.
func (m *packManager) trust() *packsign.TrustStore {
	ts, _ := packsign.LoadTrustStore(m.opts.TrustDirs...)
	extra := make([]packsign.TrustedKey, len(m.opts.BundleTrust))
	for i, k := range m.opts.BundleTrust {
		if k.Name == "" {
			k.Name = m.u.tr.T("packs.signer_vouched", map[string]any{"Centre": m.opts.BundleCentre})
		}
		extra[i] = k
	}
	return ts.With(extra...)
}

// Show searches the removable drives and shows the screen.
func (m *packManager) Show() {
	m.Search()
	m.render()
}

// Search looks for .declic files on the removable drives (SearchDirs).
func (m *packManager) Search() {
	m.found = nil
	trust := m.trust()
	for _, f := range findPackFiles(m.opts.SearchDirs()) {
		c, err := courses.Inspect(f, trust)
		if err != nil || c.Problems.HasErrors() {
			continue // a damaged file on a stick is not offered
		}
		m.found = append(m.found, c)
	}
}

// Found returns the packs found at the last search (tests use it).
func (m *packManager) Found() []*courses.Candidate { return m.found }

// Status is the last message shown under the title (tests use it).
func (m *packManager) Status() string { return m.status.Text }

// setStatus shows a message under the title; an empty one takes no room.
func (m *packManager) setStatus(s string) {
	m.status.SetText(s)
	if s == "" {
		m.status.Hide()
	} else {
		m.status.Show()
	}
}

func (m *packManager) render() {
	tr := m.u.tr
	title := widget.NewLabelWithStyle(tr.T("packs.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	m.status.Wrapping = fyne.TextWrapWord
	m.setStatus("")
	items := []fyne.CanvasObject{title, m.status}

	add := widget.NewLabelWithStyle(tr.T("packs.add"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	add.SizeName = theme.SizeNameSubHeadingText
	pick := view.NewPushButton(tr.T("packs.pick_file"), theme.FolderOpenIcon(), m.pickFile)
	again := view.NewPushButton(tr.T("packs.search_again"), theme.ViewRefreshIcon(), m.Show)
	trustKey := view.NewPushButton(tr.T("packs.trust_add"), theme.AccountIcon(), m.pickTrustedKey)
	items = append(items, add, container.NewHBox(pick, again, trustKey))
	installed := courses.ListInstalled(m.opts.Library, m.trust())
	versions := map[string]string{}
	for _, ip := range installed {
		if ip.Pack != nil {
			versions[ip.Pack.ID] = ip.Pack.Version
		}
	}
	// Offered: the packs of the stick that are not installed, or newer than the installed copy.
	var offers []fyne.CanvasObject
	for _, c := range m.found {
		label := tr.T("packs.install")
		if v, ok := versions[c.Pack.ID]; ok {
			if courses.CompareVersions(c.Pack.Version, v) <= 0 {
				continue // already installed, same or newer
			}
			label = tr.T("packs.upgrade")
		}
		btn := view.NewPushButton(label, theme.DownloadIcon(), func() { m.Install(c) })
		btn.Importance = widget.HighImportance
		offers = append(offers, m.row(c.Pack.Title, c.Pack.Version, c.Size, c.Report, btn))
	}
	heading := "packs.found_on_drive"
	switch {
	case len(m.found) == 0:
		heading = "packs.none_found"
	case len(offers) == 0:
		heading = "packs.all_installed"
	}
	found := widget.NewLabel(tr.T(heading))
	found.Wrapping = fyne.TextWrapWord
	items = append(items, found)
	items = append(items, offers...)

	mine := widget.NewLabelWithStyle(tr.T("packs.installed"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	mine.SizeName = theme.SizeNameSubHeadingText
	items = append(items, widget.NewSeparator(), mine)
	if len(installed) == 0 {
		items = append(items, widget.NewLabel(tr.T("packs.none_installed")))
	}
	for _, ip := range installed {
		remove := view.NewPushButton(tr.T("packs.remove"), theme.DeleteIcon(), func() { m.confirmRemove(ip) })
		if ip.Err != nil {
			name := filepath.Base(ip.Path)
			items = append(items, m.brokenRow(name, remove))
			continue
		}
		items = append(items, m.row(ip.Pack.Title, ip.Pack.Version, ip.Size, ip.Report, remove))
	}
	m.u.show(view.ScrollPage(container.NewVBox(items...)))
	m.u.escapeTo(m.u.ShowHome, nil)
}

// row is one pack: title, then version · size · signer, then its button.
func (m *packManager) row(title, version string, size int64, r packsign.Report, action *view.PushButton) fyne.CanvasObject {
	tr := m.u.tr
	name := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Wrapping = fyne.TextWrapWord
	meta := widget.NewLabel(tr.T("packs.version", map[string]any{"Version": version}) + " · " + sizeText(tr.Language().String(), size) + " · " + m.signerText(r))
	meta.Wrapping = fyne.TextWrapWord
	icon := theme.ConfirmIcon()
	if r.Status != packsign.Trusted {
		icon = theme.WarningIcon()
	}
	return container.NewBorder(nil, nil, widget.NewIcon(icon), container.NewCenter(action), container.NewVBox(name, meta))
}

func (m *packManager) brokenRow(name string, remove *view.PushButton) fyne.CanvasObject {
	label := widget.NewLabel(m.u.tr.T("packs.broken", map[string]any{"Name": name}))
	label.Wrapping = fyne.TextWrapWord
	return container.NewBorder(nil, nil, widget.NewIcon(theme.ErrorIcon()), container.NewCenter(remove), label)
}

// signerText says who vouches for a pack, in the learner's words.
func (m *packManager) signerText(r packsign.Report) string {
	switch r.Status {
	case packsign.Trusted:
		return m.u.tr.T("packs.signer_trusted", map[string]any{"Name": r.Name})
	case packsign.UnknownSigner:
		return m.u.tr.T("packs.signer_unknown")
	}
	return m.u.tr.T("packs.signer_none")
}

// sizeText writes a size in Ko or Mo, with a decimal comma in French.
func sizeText(lang string, n int64) string {
	fr := !strings.HasPrefix(lang, "en")
	unitK, unitM := "Ko", "Mo"
	if !fr {
		unitK, unitM = "KB", "MB"
	}
	if n < 1<<20 {
		return fmt.Sprintf("%d %s", max(1, (n+1023)/1024), unitK)
	}
	s := fmt.Sprintf("%.1f", float64(n)/(1<<20))
	if fr {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " " + unitM
}

func (m *packManager) pickFile() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		p := rc.URI().Path()
		rc.Close()
		m.InspectAndInstall(p)
	}, m.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{courses.PackExt}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// InspectAndInstall checks the .declic file at p and installs it, asking first
// when it is not signed by a trusted centre.
func (m *packManager) InspectAndInstall(p string) {
	c, err := courses.Inspect(p, m.trust())
	if err == nil && c.Problems.HasErrors() {
		err = &courses.InvalidPackError{Source: p, Problems: c.Problems}
	}
	if err != nil {
		m.showError(err)
		return
	}
	m.Install(c)
}

// Install installs a candidate; an unsigned pack or an unknown signer needs the
// user's confirmation first.
func (m *packManager) Install(c *courses.Candidate) {
	if c.Report.Status == packsign.Trusted {
		m.install(c, false)
		return
	}
	tr := m.u.tr
	key := "packs.warn_unsigned"
	if c.Report.Status == packsign.UnknownSigner {
		key = "packs.warn_unknown"
	}
	msg := widget.NewLabel(tr.T(key, map[string]any{"Title": c.Pack.Title}))
	msg.Wrapping = fyne.TextWrapWord
	m.u.showDialog(tr.T("packs.warn_title"), container.NewGridWrap(fyne.NewSize(520, 160), msg),
		dialogChoice{label: tr.T("packs.cancel"), safe: true},
		dialogChoice{label: tr.T("packs.install_anyway"), main: true, do: func() { m.install(c, true) }})
}

func (m *packManager) install(c *courses.Candidate, accepted bool) {
	res, err := courses.Install(c.Path, m.opts.Library, courses.InstallOptions{AcceptUntrusted: accepted, Trust: m.trust()})
	if err != nil {
		m.showError(err)
		return
	}
	key := "packs.installed_ok"
	if res.Previous != "" {
		key = "packs.upgraded_ok"
	}
	m.changed()
	m.Show()
	m.setStatus(m.u.tr.T(key, map[string]any{"Title": res.Pack.Title, "Version": res.Pack.Version}))
}

func (m *packManager) confirmRemove(ip courses.InstalledPack) {
	tr := m.u.tr
	title := filepath.Base(ip.Path)
	if ip.Pack != nil {
		title = ip.Pack.Title
	}
	msg := widget.NewLabel(tr.T("packs.remove_question", map[string]any{"Title": title}))
	msg.Wrapping = fyne.TextWrapWord
	m.u.showDialog(tr.T("packs.remove"), container.NewGridWrap(fyne.NewSize(520, 120), msg),
		dialogChoice{label: tr.T("packs.cancel"), safe: true},
		dialogChoice{label: tr.T("packs.remove"), main: true, do: func() { m.Remove(ip) }})
}

// Remove removes an installed pack; the learner's progress stays in the learner
// database.
func (m *packManager) Remove(ip courses.InstalledPack) {
	if err := courses.Remove(m.opts.Library, ip.Path); err != nil {
		m.showError(err)
		return
	}
	m.changed()
	m.Show()
	title := filepath.Base(ip.Path)
	if ip.Pack != nil {
		title = ip.Pack.Title
	}
	m.setStatus(m.u.tr.T("packs.removed_ok", map[string]any{"Title": title}))
}

func (m *packManager) changed() {
	packs, _ := courses.Installed(m.opts.Library)
	if m.opts.OnChange != nil {
		m.opts.OnChange(packs)
	}
}

// showError explains a refusal in plain words, with the technical detail below
// for the trainer.
func (m *packManager) showError(err error) {
	tr := m.u.tr
	key := "packs.error_unreadable"
	switch {
	case errors.Is(err, courses.ErrNotNewer):
		key = "packs.error_not_newer"
	case errors.Is(err, packsign.ErrManifest):
		key = "packs.error_tampered"
	case errors.Is(err, courses.ErrInvalidPack):
		key = "packs.error_invalid"
	case errors.Is(err, courses.ErrHostileArchive):
		key = "packs.error_refused"
	}
	m.setStatus(tr.T(key))
	msg := widget.NewLabel(tr.T(key))
	msg.Wrapping = fyne.TextWrapWord
	detail := widget.NewLabel(tr.Error(err))
	detail.Wrapping = fyne.TextWrapBreak
	detail.SizeName = theme.SizeNameCaptionText
	m.u.showDialog(tr.T("packs.error_title"), container.NewGridWrap(fyne.NewSize(560, 200), container.NewVBox(msg, detail)),
		dialogChoice{label: tr.T("packs.ok"), main: true, safe: true})
}

// maxFoundFiles bounds how many .declic files a drive search returns.
const maxFoundFiles = 200

// findPackFiles lists the .declic files at the top of each folder and one
// level below (a stick's root or a folder on it), sorted, at most 200.
func findPackFiles(dirs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, d := range dirs {
		for _, pattern := range []string{"*", filepath.Join("*", "*")} {
			matches, _ := filepath.Glob(filepath.Join(d, pattern))
			for _, f := range matches {
				if !strings.EqualFold(filepath.Ext(f), courses.PackExt) || seen[f] || strings.HasPrefix(filepath.Base(f), ".") {
					continue
				}
				if info, err := os.Stat(f); err != nil || !info.Mode().IsRegular() {
					continue
				}
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	sort.Strings(out)
	if len(out) > maxFoundFiles {
		out = out[:maxFoundFiles]
	}
	return out
}

func (m *packManager) pickTrustedKey() {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil || rc == nil {
			return
		}
		p := rc.URI().Path()
		rc.Close()
		m.ConfirmTrustedKey(p)
	}, m.u.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".toml"}))
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// ConfirmTrustedKey reads a centre's public key file (NAME.pub.toml) and, after
// a warning that shows the centre's name and fingerprint, adds it to the trust
// store: that centre's packs then install without a question.
func (m *packManager) ConfirmTrustedKey(p string) {
	tr := m.u.tr
	k, err := packsign.ReadPublicKeyFile(p)
	if err != nil {
		m.showError(err)
		return
	}
	msg := widget.NewLabel(tr.T("packs.trust_warning", map[string]any{"Name": k.Name, "Fingerprint": packsign.Fingerprint(k.Key)}))
	msg.Wrapping = fyne.TextWrapWord
	m.u.showDialog(tr.T("packs.warn_title"), container.NewGridWrap(fyne.NewSize(520, 200), msg),
		dialogChoice{label: tr.T("packs.cancel"), safe: true},
		dialogChoice{label: tr.T("packs.trust_confirm"), main: true, do: func() {
			dir := m.opts.UserTrustDir
			if dir == "" && len(m.opts.TrustDirs) > 0 {
				dir = m.opts.TrustDirs[0]
			}
			if _, err := packsign.AddTrustedKey(dir, p); err != nil {
				m.showError(err)
				return
			}
			m.Show()
			m.setStatus(tr.T("packs.trust_added", map[string]any{"Name": k.Name}))
		}})
}

// Button is the « Ajouter un cours » button that opens the pack manager, for
// the home screen or the top bar.
func (m *packManager) Button() *view.PushButton {
	return view.NewPushButton(m.u.tr.T("packs.open"), theme.ContentAddIcon(), m.Show)
}
