package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"golang.org/x/text/language"

	"declic/branding"
	"declic/courses"
	"declic/courses/embedded"
	"declic/datadir"
	"declic/i18n"
	"declic/packsign"
	"declic/version"
)

// defaultWindowSize fits the smallest screens learners commonly have (1280×720 or
// a 1366×768 laptop); the window can be resized and maximised.
var defaultWindowSize = fyne.NewSize(1280, 720)

// runFlags are the command-line options of the desktop app.
type runFlags struct {
	// packPreview opens a pack folder for its author and reloads it on every save.
	Preview string
	// MeasureStartup prints "startup-ms N" when the first frame is drawn, and quits.
	MeasureStartup bool
	// MeasureMemory opens a lesson screen with a picture after the first frame,
	// prints "rss-mb N" and quits.
	MeasureMemory bool
	// MeasureSearch types words into the search field once the index is ready,
	// prints "search-frame-ms N" for each key (key pressed → answer drawn) and quits.
	MeasureSearch bool
	// Version prints the version (package version) and quits.
	Version bool
}

// ErrUsage is returned for command-line arguments the app does not understand.
var ErrUsage = errors.New("usage: declic [--preview PACK_FOLDER] [--measure-startup] [--measure-memory] [--measure-search] [--version]")

// parseFlags reads the command line (without the program name).
func parseFlags(args []string) (runFlags, error) {
	var f runFlags
	fs := flag.NewFlagSet("declic", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&f.Preview, "preview", "", "pack folder to preview")
	fs.BoolVar(&f.MeasureStartup, "measure-startup", false, "print start-up time and quit")
	fs.BoolVar(&f.MeasureMemory, "measure-memory", false, "print resident memory on a lesson and quit")
	fs.BoolVar(&f.MeasureSearch, "measure-search", false, "print key-to-drawn-answer times of the search and quit")
	fs.BoolVar(&f.Version, "version", false, "print the version and quit")
	if err := fs.Parse(args); err != nil {
		return f, fmt.Errorf("%w (%v)", ErrUsage, err)
	}
	if fs.NArg() > 0 {
		return f, fmt.Errorf("%w (unexpected %q)", ErrUsage, fs.Arg(0))
	}
	return f, nil
}

// Run opens the main window on the built-in packs (the starter pack, then « Mes
// démarches en ligne » a moment later) and the installed packs, and blocks until
// it is closed.
func Run(a fyne.App, icon []byte, lang language.Tag, args []string) error {
	begun := time.Now()
	flags, err := parseFlags(args)
	if err != nil {
		return err
	}
	if flags.Version {
		fmt.Println("declic", version.String())
		return nil
	}
	if len(icon) > 0 {
		a.SetIcon(fyne.NewStaticResource("Icon.png", icon))
	}
	tr := i18n.New(lang)
	if flags.Preview != "" {
		return runPreview(a, flags.Preview, tr)
	}
	measuring := flags.MeasureStartup || flags.MeasureMemory || flags.MeasureSearch
	var marks *startupMarks
	if measuring {
		marks = newStartupMarks(processStart(begun))
	}
	stopTrace := startTrace(os.Getenv("DECLIC_TRACE"))
	defer stopTrace()
	marks.mark("run")
	// Only the starter pack is read before the first frame: the other built-in
	// packs and the installed ones load in the background, so start-up grows
	// with neither.
	builtIn := embedded.Packs()
	first, err := embedded.LoadPacks(builtIn[:1])
	if err != nil {
		return err
	}
	marks.mark("starter-pack")
	opts := uiOptions{Packs: first, Tr: tr, Branding: loadBranding(), startup: marks}
	dirs, dirsErr := datadir.Resolve()
	if dirsErr != nil {
		fmt.Fprintln(os.Stderr, "declic:", dirsErr)
	} else {
		if err := dirs.Ensure(); err != nil {
			fmt.Fprintln(os.Stderr, "declic:", err) // the learner store says it kindly
		}
		opts.databaseLater = dirs.Database
	}
	win := a.NewWindow(tr.T("app.title"))
	win.Resize(defaultWindowSize)
	marks.mark("window")
	u := buildUI(a, win, opts)
	marks.mark("interface")
	if dirsErr == nil {
		// Everything the opening screen does not show waits for its first frame:
		// the learner database (the profile chooser appears when it is open), the
		// search index (until then it answers « préparation… ») and the installed
		// packs.
		u.prepareSearch()
		u.afterFirstFrame(func() {
			tightenGC(os.Getenv)
			u.openDatabaseInBackground(dirs.Database)
			u.openSearch(filepath.Join(dirs.Cache, "search"))
			u.usePackManager(dirs)
			u.loadLater(builtIn[1:], dirs.Library)
		})
	} else {
		u.afterFirstFrame(func() { tightenGC(os.Getenv) })
		u.loadLater(builtIn[1:], "")
	}
	if measuring {
		u.measure(flags, marks, stopTrace)
	}
	// Closing the window records the last active time and writes every event.
	win.SetOnClosed(func() {
		u.StopSearch()
		if err := u.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "declic: closing the learner store:", err)
		}
	})
	// Logging out or shutting the PC down sends SIGTERM (Ctrl+C in a terminal,
	// SIGINT): quit like a closed window, so the last active time is written.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	go func() {
		if _, ok := <-stop; ok {
			fyne.Do(a.Quit)
		}
	}()
	win.ShowAndRun()
	signal.Stop(stop)
	close(stop)
	u.StopSearch()
	return u.Close()
}

// firstFrameWait is how long afterFirstFrame waits for a frame before going on all
// the same (a window opened minimised may not be drawn at once).
const firstFrameWait = 2 * time.Second

// afterFirstFrame runs then on the UI goroutine once the window's first frame is
// drawn (or after firstFrameWait), once.
func (u *ui) afterFirstFrame(then func()) {
	var once sync.Once
	run := func() { once.Do(func() { fyne.Do(then) }) }
	probe := firstFrameProbe(func() { go run() })
	probe.Resize(fyne.NewSize(1, 1))
	u.win.SetContent(container.NewStack(u.win.Content(), container.NewWithoutLayout(probe)))
	time.AfterFunc(firstFrameWait, run)
}

// usePackManager connects the interface to the library of installed packs
// through the pack manager (« Ajouter un cours »).
func (u *ui) usePackManager(dirs datadir.Dirs) {
	opts := packManagerOptions{Library: dirs.Library, TrustDirs: packsign.TrustDirs(dirs.Root)}
	if b := u.opts.Branding; b != nil {
		opts.BundleTrust, opts.BundleCentre = b.Trusted, b.Name
	}
	u.packs = u.NewPackManager(opts)
	if u.onHome {
		u.ShowHome() // the home toolbar gains « Ajouter un cours »
	}
}

// loadLater reads in the background the packs not needed for the first frame
// (see readLater) and then, on the UI goroutine, joins them (see joinLater).
func (u *ui) loadLater(later []embedded.Pack, library string) {
	go func() {
		r := readLater(later, library, u.opts.Branding)
		fyne.Do(func() { u.joinLater(r) })
	}()
}

// laterPacks are the packs read after the first frame.
type laterPacks struct {
	builtIn   []*courses.Pack // the other built-in packs, in home-screen order
	installed []*courses.Pack // the centre bundle's packs, then the library's
}

// readLater reads, at the same time, the built-in packs of later and, unless
// library is "", the centre bundle's packs and the packs installed in library.
// A built-in pack with errors is a bug of this build: it is left out and said
// on stderr, like an installed pack that cannot be read.
func readLater(later []embedded.Pack, library string, bundle *branding.Bundle) laterPacks {
	var r laterPacks
	var builtInErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		r.builtIn, builtInErr = embedded.LoadPacks(later)
	}()
	if library != "" {
		installed, failed := courses.Installed(library)
		r.installed = append(bundlePacks(bundle), installed...)
		for _, f := range failed {
			fmt.Fprintln(os.Stderr, "declic: pack left out:", f)
		}
	}
	wg.Wait()
	if builtInErr != nil {
		fmt.Fprintln(os.Stderr, "declic:", builtInErr)
	}
	return r
}

// joinLater adds the packs read after the first frame in one step: the built-in
// packs after those already shown, the installed ones last. The home screen is
// redrawn if the learner looks at it (a lesson is never interrupted), and the
// search index is brought to exactly these packs. One step, because syncing the
// index with only some of them would drop the others from a kept index, to index
// them again a moment later.
func (u *ui) joinLater(r laterPacks) {
	u.addBuiltIn(r.builtIn)
	if len(r.installed) > 0 {
		u.replaceLibrary(r.installed)
	}
	if u.onHome {
		u.ShowHome()
	}
	u.ResyncSearch()
}

// measure adds the first-frame probe behind the measurement flags.
func (u *ui) measure(flags runFlags, marks *startupMarks, stopTrace func()) {
	quit := func() {
		// A measurement ends the process at once, after writing the learner
		// store: tearing the GL window down right after its first frame, with
		// the pointer inside it, can crash Fyne 2.7's GLFW driver (fyne#5981).
		if err := u.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "declic:", err)
		}
		os.Exit(0)
	}
	search := newDrawProbe()
	probe := firstFrameProbe(func() {
		marks.mark("first-frame")
		cpu := processCPU()
		reportStartup(os.Stdout, marks.start, time.Now())
		fmt.Printf("startup-cpu-ms %d\n", cpu.Milliseconds())
		go func() {
			// The learner's first screen (profiles) may come after the first frame.
			marks.wait("learner-screen", 10*time.Second)
			stopTrace()
			marks.report(os.Stdout)
			switch {
			case flags.MeasureMemory:
				// The start's background work done (the search index open and in
				// step with the packs), a learner opens a lesson: what stays then.
				u.waitSearchReady(time.Minute)
				fyne.Do(u.openMeasuredLesson)
				time.Sleep(2 * time.Second) // let the lesson and its picture be drawn
				if split, err := os.ReadFile("/proc/self/smaps"); err == nil {
					r := splitResident(string(split))
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					fmt.Printf("rss-mb %.1f\nrenderer-mb %.1f\nown-mb %.1f\ngo-heap-mb %.1f\n",
						r.total, r.renderer, r.own(), float64(ms.HeapInuse)/1e6)
				}
				writeHeapProfile(os.Getenv("DECLIC_HEAPPROFILE"))
			case flags.MeasureSearch:
				u.measureSearch(search, quit)
			}
			quit()
		}()
	})
	// Without a layout the probes keep their 1×1 size: a stretched raster would be
	// generated for every pixel of the window and slow the very frame it measures.
	probe.Resize(fyne.NewSize(1, 1))
	u.win.SetContent(container.NewStack(u.win.Content(), container.NewWithoutLayout(probe, search.raster)))
}

// openMeasuredLesson opens the first screen with a picture of the starter pack's
// mouse module: the lesson budget of docs/benchmarks.md is measured there.
func (u *ui) openMeasuredLesson() {
	pack := u.opts.Packs[0]
	for _, m := range pack.Modules {
		for li, l := range m.Lessons {
			for si, s := range l.Steps {
				if _, _, ok := pictureBesideText(s.Blocks); ok {
					u.OpenLesson(pack, m, li, si)
					return
				}
			}
		}
	}
}
