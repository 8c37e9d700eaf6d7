package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"declic/courses"
)

var (
	girafe = stepSpec{"La girafe", "La girafe mange les feuilles des arbres."}
	zebre  = stepSpec{"Le zèbre", "Le zèbre a des rayures noires et blanches."}
	ours   = stepSpec{"L'ours", "L'ours dort tout l'hiver dans sa grotte."}
)

func TestANewIndexIsPreparingUntilItsFirstSync(t *testing.T) {
	idx, err := Open(filepath.Join(t.TempDir(), "cache", "search"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if idx.State() != Preparing || idx.rebuiltBy == nil {
		t.Fatalf("new index: state %v, rebuilt %v; want preparing and a reason", idx.State(), idx.rebuiltBy)
	}
	if _, err := idx.Search(context.Background(), "girafe", "fr", 5); !isNotReady(err) {
		t.Fatalf("Search before the first Sync: err = %v, want ErrNotReady", err)
	}
	if _, err := idx.Suggest("girafe", "fr"); !isNotReady(err) {
		t.Fatalf("Suggest before the first Sync: err = %v, want ErrNotReady", err)
	}
	if err := idx.Sync(context.Background(), []*courses.Pack{handPack("a", "1.0.0", "fr", "Les animaux", girafe)}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-idx.ready:
	default:
		t.Fatal("the ready channel is not closed after the first Sync")
	}
	if idx.State() != Ready {
		t.Fatalf("state after Sync = %v", idx.State())
	}
	if res := search(t, idx, "girafe", "fr"); len(res.Hits) != 1 || res.Hits[0].StepTitle != "La girafe" {
		t.Fatalf("girafe: %v", stepTitles(res))
	}
}

func TestAReopenedIndexKeepsItsPacksAndIsReadyAtOnce(t *testing.T) {
	dir := t.TempDir()
	idx, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Sync(context.Background(), []*courses.Pack{handPack("a", "1.2.0", "fr", "Les animaux", girafe, zebre)}); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}

	idx, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	if idx.rebuiltBy != nil || idx.State() != Ready {
		t.Fatalf("reopened: rebuilt %v, state %v; want a ready index, not rebuilt", idx.rebuiltBy, idx.State())
	}
	packs := idx.Packs()
	if len(packs) != 1 || packs[0].ID != "a" || packs[0].Version != "1.2.0" || packs[0].Steps != 2 {
		t.Fatalf("Packs() = %+v", packs)
	}
	if res := search(t, idx, "zebre", "fr"); len(res.Hits) != 1 {
		t.Fatalf("zebre after reopen: %v", stepTitles(res))
	}
	var applied []string
	idx.onApply = func(id string) { applied = append(applied, id) }
	if err := idx.Sync(context.Background(), []*courses.Pack{handPack("a", "1.2.0", "fr", "Les animaux", girafe, zebre)}); err != nil {
		t.Fatal(err)
	}
	if len(applied) != 0 {
		t.Fatalf("Sync of an unchanged pack re-indexed %v", applied)
	}
}

func TestSyncReindexesOnlyThePacksThatChanged(t *testing.T) {
	idx := openSynced(t, handPack("a", "1.0.0", "fr", "Les animaux", girafe))
	var applied []string
	idx.onApply = func(id string) { applied = append(applied, id) }

	// Add pack b: only b is indexed.
	a := handPack("a", "1.0.0", "fr", "Les animaux", girafe)
	b := handPack("b", "1.0.0", "fr", "La forêt", ours)
	if err := idx.Sync(context.Background(), []*courses.Pack{a, b}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied, []string{"b"}) {
		t.Fatalf("adding b applied %v, want [b]", applied)
	}
	if res := search(t, idx, "ours", "fr"); len(res.Hits) != 1 || res.Hits[0].PackID != "b" {
		t.Fatalf("ours: %v", stepTitles(res))
	}

	// Upgrade a: the old step is gone, the new one is found, b is not touched.
	applied = nil
	a2 := handPack("a", "2.0.0", "fr", "Les animaux", zebre)
	if err := idx.Sync(context.Background(), []*courses.Pack{a2, b}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied, []string{"a"}) {
		t.Fatalf("upgrading a applied %v, want [a]", applied)
	}
	if res := search(t, idx, "girafe", "fr"); len(res.Hits) != 0 {
		t.Fatalf("girafe still found after the upgrade: %v", stepTitles(res))
	}
	if res := search(t, idx, "zebre", "fr"); len(res.Hits) != 1 {
		t.Fatalf("zebre after the upgrade: %v", stepTitles(res))
	}

	// Same version, content edited in place: re-indexed too.
	applied = nil
	a2edited := handPack("a", "2.0.0", "fr", "Les animaux", zebre, girafe)
	if err := idx.Sync(context.Background(), []*courses.Pack{a2edited, b}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied, []string{"a"}) {
		t.Fatalf("editing a applied %v, want [a]", applied)
	}
	if res := search(t, idx, "girafe", "fr"); len(res.Hits) != 1 {
		t.Fatalf("girafe after the edit: %v", stepTitles(res))
	}

	// Remove b.
	applied = nil
	if err := idx.Sync(context.Background(), []*courses.Pack{a2edited}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(applied, []string{"b"}) {
		t.Fatalf("removing b applied %v, want [b]", applied)
	}
	if res := search(t, idx, "ours", "fr"); len(res.Hits) != 0 {
		t.Fatalf("ours still found after removing b: %v", stepTitles(res))
	}
	if packs := idx.Packs(); len(packs) != 1 || packs[0].ID != "a" {
		t.Fatalf("Packs() after removing b = %+v", packs)
	}
}

func TestACorruptIndexIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	idx, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := idx.Sync(context.Background(), []*courses.Pack{handPack("a", "1.0.0", "fr", "Les animaux", girafe)}); err != nil {
		t.Fatal(err)
	}
	idx.Close()
	// Scramble every file Bleve wrote.
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.WriteFile(path, []byte("this is not an index"), 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}

	idx, err = Open(dir)
	if err != nil {
		t.Fatalf("Open of a corrupt index: %v", err)
	}
	defer idx.Close()
	if idx.rebuiltBy == nil || idx.State() != Preparing || len(idx.Packs()) != 0 {
		t.Fatalf("corrupt index: rebuilt %v, state %v, packs %v; want an empty rebuilt index", idx.rebuiltBy, idx.State(), idx.Packs())
	}
	if err := idx.Sync(context.Background(), []*courses.Pack{handPack("a", "1.0.0", "fr", "Les animaux", girafe)}); err != nil {
		t.Fatal(err)
	}
	if res := search(t, idx, "girafe", "fr"); len(res.Hits) != 1 {
		t.Fatalf("girafe after the rebuild: %v", stepTitles(res))
	}
}

func TestAnIndexMissingItsMetadataIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	idx := mustOpen(t, dir)
	idx.Sync(context.Background(), nil)
	idx.Close()
	if err := os.Remove(filepath.Join(dir, "index_meta.json")); err != nil {
		t.Fatal(err)
	}
	idx = mustOpen(t, dir)
	defer idx.Close()
	if idx.rebuiltBy == nil {
		t.Fatal("an index without index_meta.json was not rebuilt")
	}
}

func TestAnIndexFromAnotherSchemaIsRebuilt(t *testing.T) {
	dir := t.TempDir()
	idx := mustOpen(t, dir)
	if err := idx.Sync(context.Background(), []*courses.Pack{handPack("a", "1.0.0", "fr", "Les animaux", girafe)}); err != nil {
		t.Fatal(err)
	}
	if err := idx.bidx.SetInternal(keySchema, []byte("0")); err != nil {
		t.Fatal(err)
	}
	idx.Close()

	idx = mustOpen(t, dir)
	defer idx.Close()
	if idx.rebuiltBy == nil || !strings.Contains(idx.rebuiltBy.Error(), "schema") {
		t.Fatalf("older schema: Rebuilt() = %v", idx.rebuiltBy)
	}
	if len(idx.Packs()) != 0 || idx.State() != Preparing {
		t.Fatalf("older schema: packs %v, state %v; want an empty preparing index", idx.Packs(), idx.State())
	}
}

func TestOpenRefusesToDeleteAFolderThatIsNotAnIndex(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("mes notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), "not a search index folder") {
		t.Fatalf("Open of a folder with other files: err = %v", err)
	}
	if data, err := os.ReadFile(notes); err != nil || string(data) != "mes notes" {
		t.Fatalf("notes.txt was touched: %q, %v", data, err)
	}
}

func TestOpenReportsAFolderItCannotCreate(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(file, "search")); err == nil {
		t.Fatal("Open below a regular file succeeded")
	}
}

func TestSyncReportsBadPacksAndIndexesTheOthers(t *testing.T) {
	idx := mustOpen(t, t.TempDir())
	defer idx.Close()
	first := handPack("a", "1.0.0", "fr", "Les animaux", girafe)
	second := handPack("a", "1.0.0", "fr", "Les animaux", zebre)
	noID := handPack("", "1.0.0", "fr", "Sans nom", ours)
	err := idx.Sync(context.Background(), []*courses.Pack{first, nil, second, noID})
	if err == nil {
		t.Fatal("Sync with a nil pack, a duplicate id and a missing id returned no error")
	}
	for _, want := range []string{"nil", `"a" given twice`, "has no id"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Sync error %q does not mention %q", err, want)
		}
	}
	if idx.State() != Ready {
		t.Fatal("the index is not ready after a Sync with some bad packs")
	}
	if res := search(t, idx, "girafe", "fr"); len(res.Hits) != 1 {
		t.Fatalf("the first pack a was not indexed: %v", stepTitles(res))
	}
	if res := search(t, idx, "zebre", "fr"); len(res.Hits) != 0 {
		t.Fatalf("the duplicate pack a was indexed: %v", stepTitles(res))
	}
}

func TestACancelledSyncLeavesTheIndexPreparingAndTheNextOneFinishes(t *testing.T) {
	idx := mustOpen(t, t.TempDir())
	defer idx.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := idx.Sync(ctx, []*courses.Pack{handPack("a", "1.0.0", "fr", "Les animaux", girafe)})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Sync: err = %v", err)
	}
	if idx.State() != Preparing {
		t.Fatal("a cancelled first Sync made the index ready")
	}
	if err := idx.Sync(context.Background(), []*courses.Pack{handPack("a", "1.0.0", "fr", "Les animaux", girafe)}); err != nil {
		t.Fatal(err)
	}
	if res := search(t, idx, "girafe", "fr"); len(res.Hits) != 1 {
		t.Fatalf("girafe: %v", stepTitles(res))
	}
}

func TestAClosedIndexSaysSo(t *testing.T) {
	idx := openSynced(t, handPack("a", "1.0.0", "fr", "Les animaux", girafe))
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := idx.Search(context.Background(), "girafe", "fr", 5); !errors.Is(err, ErrClosed) {
		t.Fatalf("Search after Close: %v", err)
	}
	if _, err := idx.Suggest("girafe", "fr"); !errors.Is(err, ErrClosed) {
		t.Fatalf("Suggest after Close: %v", err)
	}
	if err := idx.Sync(context.Background(), nil); !errors.Is(err, ErrClosed) {
		t.Fatalf("Sync after Close: %v", err)
	}
}

// TestSearchWhileSyncing runs searches while a Sync builds the index: each
// answer is ErrNotReady or a consistent result, never a failure.
func TestSearchWhileSyncing(t *testing.T) {
	starterPack := loadStarter(t)
	idx := mustOpen(t, t.TempDir())
	defer idx.Close()
	done := make(chan error, 1)
	go func() {
		done <- idx.Sync(context.Background(), []*courses.Pack{
			handPack("a", "1.0.0", "fr", "Les animaux", girafe), starterPack})
	}()
	var wg sync.WaitGroup
	var mu sync.Mutex
	answered, notReady := 0, 0
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				res, err := idx.Search(context.Background(), "souris", "fr", 5)
				mu.Lock()
				switch {
				case isNotReady(err):
					notReady++
				case err != nil:
					mu.Unlock()
					t.Errorf("Search during Sync: %v", err)
					return
				default:
					answered++
					for _, h := range res.Hits {
						if h.PackID == "" || h.ModuleID == "" || h.LessonID == "" {
							t.Errorf("incomplete hit during Sync: %+v", h)
						}
					}
				}
				mu.Unlock()
				if idx.State() == Ready && !isNotReady(err) {
					return
				}
			}
		}()
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if answered == 0 {
		t.Fatalf("no search answered (not ready %d times)", notReady)
	}
	if res := search(t, idx, "souris", "fr"); len(res.Hits) == 0 {
		t.Fatal("souris not found once ready")
	}
}

func mustOpen(tb testing.TB, dir string) *Index {
	tb.Helper()
	idx, err := Open(dir)
	if err != nil {
		tb.Fatalf("Open(%s): %v", dir, err)
	}
	return idx
}

func TestAPackWithoutStepsIsRecordedOnce(t *testing.T) {
	empty := handPack("vide", "1.0.0", "fr", "Rien")
	idx := openSynced(t, empty)
	if packs := idx.Packs(); len(packs) != 1 || packs[0].Steps != 0 {
		t.Fatalf("Packs() = %+v, want the empty pack", packs)
	}
	var applied []string
	idx.onApply = func(id string) { applied = append(applied, id) }
	if err := idx.Sync(context.Background(), []*courses.Pack{empty}); err != nil {
		t.Fatal(err)
	}
	if len(applied) != 0 {
		t.Fatalf("the unchanged empty pack was indexed again: %v", applied)
	}
}

func TestAnIndexOpenElsewhereIsNotDeleted(t *testing.T) {
	dir := t.TempDir()
	first := mustOpen(t, dir)
	defer first.Close()
	if err := first.Sync(context.Background(), []*courses.Pack{handPack("a", "1.0.0", "fr", "Les animaux", girafe)}); err != nil {
		t.Fatal(err)
	}
	second, err := Open(dir)
	if !errors.Is(err, ErrInUse) {
		if second != nil {
			second.Close()
		}
		t.Fatalf("second Open of a held index: err = %v, want ErrInUse", err)
	}
	if res := search(t, first, "girafe", "fr"); len(res.Hits) != 1 {
		t.Fatalf("the first index lost its steps: %v", stepTitles(res))
	}
}
