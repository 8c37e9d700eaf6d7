package app

import (
	"errors"
	"fmt"
	"image/color"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/fsnotify/fsnotify"

	"declic/courses"
	"declic/i18n"
)

// previewDebounce is how long the preview waits after the last change before
// reloading: editors write a file in several steps.
const previewDebounce = 250 * time.Millisecond

// Banner colours: pale, so the theme's dark text stays readable on them.
var (
	bannerOK    = color.NRGBA{R: 0xe3, G: 0xf1, B: 0xe3, A: 0xff}
	bannerError = color.NRGBA{R: 0xfd, G: 0xe2, B: 0xe1, A: 0xff}
)

// maxBannerProblems is how many problems the preview banner lists.
const maxBannerProblems = 6

// packPreview shows a pack folder in the app and reloads it when a file is saved,
// keeping the screen being viewed. Problems appear in a banner above the app;
// while the pack has errors the last correct version stays on screen.
type packPreview struct {
	UI  *ui
	dir string
	win fyne.Window

	banner     *fyne.Container
	page       *fyne.Container
	bannerText *widget.Label
	bannerBg   *canvas.Rectangle

	watcher *fsnotify.Watcher
	mu      sync.Mutex
	timer   *time.Timer
	closed  bool
	// reloaded is called after each reload (tests wait on it).
	reloaded func()
}

// runPreview opens the pack folder dir in a new window of a and runs the app
// until the window is closed: `declic --preview DIR`.
func runPreview(a fyne.App, dir string, tr *i18n.Translator) error {
	w := a.NewWindow(tr.T("app.title"))
	w.Resize(defaultWindowSize)
	p, err := newPreview(a, w, dir, tr)
	if err != nil {
		return err
	}
	defer p.Close()
	w.ShowAndRun()
	return nil
}

// newPreview builds the app inside win on the pack folder dir and starts
// watching it (every sub-folder too). The folder must exist; a pack with errors
// opens with the errors in the banner.
func newPreview(a fyne.App, win fyne.Window, dir string, tr *i18n.Translator) (*packPreview, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("preview: %w", err)
	}
	if !info.IsDir() {
		return nil, i18n.NewError(nil, nil, "courses.not_folder_nor_file", "Path", dir)
	}
	p := &packPreview{dir: dir, win: win}
	pack, problems, loadErr := courses.LoadPath(dir)
	var packs []*courses.Pack
	if loadErr == nil && !problems.HasErrors() {
		packs = []*courses.Pack{pack}
	}
	p.UI = buildUI(a, win, uiOptions{Packs: packs, Tr: tr})
	if pack != nil && pack.Title != "" {
		win.SetTitle(tr.T("packs.preview_title", map[string]any{"Title": pack.Title}))
	}
	p.bannerText = widget.NewLabel("")
	p.bannerText.Wrapping = fyne.TextWrapWord
	p.bannerBg = canvas.NewRectangle(bannerOK)
	p.banner = container.NewStack(p.bannerBg, container.NewPadded(p.bannerText))
	p.page = container.NewBorder(p.banner, nil, nil, nil, win.Content())
	win.SetContent(p.page)
	p.showProblems(problems, loadErr)

	if p.watcher, err = fsnotify.NewWatcher(); err != nil {
		return nil, fmt.Errorf("preview: cannot watch %s: %w", dir, err)
	}
	if err := p.watchTree(dir); err != nil {
		p.watcher.Close()
		return nil, err
	}
	go p.loop()
	return p, nil
}

// watchTree watches dir and every folder below it (fsnotify is not recursive).
func (p *packPreview) watchTree(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // a folder removed meanwhile
		}
		if !d.IsDir() {
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := p.watcher.Add(path); err != nil {
			return fmt.Errorf("preview: cannot watch %s: %w", path, err)
		}
		return nil
	})
}

func (p *packPreview) loop() {
	for {
		select {
		case ev, ok := <-p.watcher.Events:
			if !ok {
				return
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Stat(ev.Name); err == nil && info.IsDir() {
					p.watchTree(ev.Name)
				}
			}
			p.schedule()
		case _, ok := <-p.watcher.Errors:
			if !ok {
				return
			}
			p.schedule()
		}
	}
}

// schedule reloads once the files have been quiet for previewDebounce.
func (p *packPreview) schedule() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	if p.timer != nil {
		p.timer.Stop()
	}
	p.timer = time.AfterFunc(previewDebounce, func() { fyne.Do(p.Reload) })
}

// Reload reads the pack again and shows it at the same module, lesson and step
// (the nearest one if they no longer exist). With errors, the banner lists them
// as file:line and the screen keeps the last correct version.
func (p *packPreview) Reload() {
	defer func() {
		if p.reloaded != nil {
			p.reloaded()
		}
	}()
	pack, problems, err := courses.LoadPath(p.dir)
	p.showProblems(problems, err)
	if err != nil || problems.HasErrors() {
		return
	}
	u := p.UI
	moduleID, lessonIdx, stepIdx, inLesson := "", 0, 0, false
	if pl := u.player; pl != nil {
		moduleID, lessonIdx, stepIdx, inLesson = pl.module.ID, pl.lessonIdx, pl.stepIdx, true
	}
	u.opts.Packs = []*courses.Pack{pack}
	p.win.SetTitle(u.tr.T("packs.preview_title", map[string]any{"Title": pack.Title}))
	u.player = nil
	if !inLesson {
		u.ShowHome()
		return
	}
	for _, m := range pack.Modules {
		if m.ID != moduleID || len(m.Lessons) == 0 {
			continue
		}
		li := min(lessonIdx, len(m.Lessons)-1)
		si := min(stepIdx, max(len(m.Lessons[li].Steps)-1, 0))
		u.OpenLesson(pack, m, li, si)
		return
	}
	u.ShowHome()
}

// showProblems fills the banner: the errors as file:line with what to do, in
// the interface's language (French where the trainers' messages are not
// translated), or a short "up to date" line when there is none.
func (p *packPreview) showProblems(problems courses.Problems, err error) {
	tr := p.UI.tr
	var lines []string
	if err != nil {
		lines = append(lines, tr.T("packs.preview_errors"), tr.Error(err))
	} else if problems.HasErrors() {
		lines = append(lines, tr.T("packs.preview_errors"))
		for _, pr := range problems {
			if pr.Severity == courses.SeverityError && len(lines) <= maxBannerProblems {
				pr.File = filepath.Join(filepath.Base(p.dir), filepath.FromSlash(pr.File))
				lines = append(lines, pr.Text(tr))
			}
		}
		if n := problems.Errors(); n > maxBannerProblems {
			lines = append(lines, fmt.Sprintf("… (+%d)", n-maxBannerProblems))
		}
	}
	if len(lines) == 0 {
		p.bannerText.SetText(tr.T("packs.preview_ok"))
		p.bannerBg.FillColor = bannerOK
	} else {
		p.bannerText.SetText(strings.Join(lines, "\n"))
		p.bannerBg.FillColor = bannerError
	}
	p.bannerBg.Refresh()
	if p.page != nil {
		p.page.Refresh() // the banner's height changed with its text
	}
}

// BannerText is the banner's text (tests read it).
func (p *packPreview) BannerText() string { return p.bannerText.Text }

// Close stops watching the folder.
func (p *packPreview) Close() error {
	p.mu.Lock()
	p.closed = true
	if p.timer != nil {
		p.timer.Stop()
	}
	p.mu.Unlock()
	if p.watcher == nil {
		return nil
	}
	return errors.Join(p.watcher.Close())
}
