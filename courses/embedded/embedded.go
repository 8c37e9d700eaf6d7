// Package embedded lists the course packs built into Déclic — « Premiers pas
// numériques » and « Mes démarches en ligne » — and loads them in the order the
// home screen shows them. Every installation has them, even with no internet and
// no USB stick.
package embedded

import (
	"fmt"
	"io/fs"
	"sync"

	"declic/courses"
	"declic/courses/demarches"
	"declic/courses/starter"
)

// Pack is one built-in pack: where its files are and how messages name it.
type Pack struct {
	// Source names the pack in messages and marks it as built in; it starts with
	// "embedded:" (the app keeps such packs when the library changes).
	Source string
	// FS returns the pack's files, rooted at the folder holding pack.toml.
	FS func() fs.FS
}

// Packs returns the built-in packs in home-screen order: the starter pack first,
// then « Mes démarches en ligne ».
func Packs() []Pack {
	return []Pack{
		{Source: starter.Source, FS: starter.FS},
		{Source: demarches.Source, FS: demarches.FS},
	}
}

// Load reads and checks every built-in pack, in the order of Packs. The activity
// kinds must be registered first (plugins/builtin or plugins/views). A built-in
// pack with errors is a bug of this build: Load then fails (see LoadPacks).
func Load() ([]*courses.Pack, error) { return LoadPacks(Packs()) }

// LoadPacks reads and checks the packs of list at the same time (start-up waits
// for the slowest, not for their sum) and returns them in list's order. It fails
// on the first pack, in that order, that cannot be read or has errors, naming it,
// how many problems it has and the first error (file:line), and when two packs
// share an id: records and progress tell packs apart by id.
func LoadPacks(list []Pack) ([]*courses.Pack, error) {
	type loaded struct {
		pack     *courses.Pack
		problems courses.Problems
		err      error
	}
	results := make([]loaded, len(list))
	var wg sync.WaitGroup
	for i, p := range list {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pack, problems, err := courses.Load(p.FS(), p.Source)
			results[i] = loaded{pack, problems, err}
		}()
	}
	wg.Wait()
	packs := make([]*courses.Pack, 0, len(list))
	seen := map[string]string{}
	for i, r := range results {
		source := list[i].Source
		if r.err != nil {
			return nil, fmt.Errorf("built-in pack: %w", r.err)
		}
		if r.problems.HasErrors() {
			return nil, fmt.Errorf("built-in pack %s: %d problems, first: %s", source, len(r.problems), firstError(r.problems))
		}
		if other, ok := seen[r.pack.ID]; ok {
			return nil, fmt.Errorf("built-in packs %s and %s share the id %q", other, source, r.pack.ID)
		}
		seen[r.pack.ID] = source
		packs = append(packs, r.pack)
	}
	return packs, nil
}

// firstError is the first problem of severity error (problems come sorted by
// file and line, warnings mixed in).
func firstError(problems courses.Problems) courses.Problem {
	for _, p := range problems {
		if p.Severity == courses.SeverityError {
			return p
		}
	}
	return problems[0]
}
