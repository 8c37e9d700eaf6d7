// Package catalogue is the centre's list of the modules it credits: achievement id →
// title, hours, length and competencies, read from course packs the centre trusts (the
// packs embedded in Déclic, and packs signed by a key of the centre's trust store). A
// record says which module it is for; its title and hours are never taken from it.
package catalogue

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"declic/courses"
	"declic/packsign"
	_ "declic/plugins/builtin" // packs are validated as the app reads them: activity kinds must be known
	"declic/records"
)

// Module is one creditable module of a trusted pack.
type Module struct {
	// AchievementID is the module's id in records: urn:declic:achievement:<pack>:<module>.
	AchievementID string `json:"achievementId"`
	PackID        string `json:"packId"`
	PackVersion   string `json:"packVersion"`
	ModuleID      string `json:"moduleId"`
	Title         string `json:"title"`
	// Hours is what the module is worth: the most a centre credits for it.
	Hours float64 `json:"hours"`
	// Minutes is the module's length: the sum of its lessons' durations (hours × 60 when
	// its lessons declare none).
	Minutes      int      `json:"minutes"`
	Competencies []string `json:"competencies"`
	// Source is where the pack was read: "embedded:starter", or a file or folder path.
	Source string `json:"source"`
	// Signer is the did:key of the pack's signer ("" for an embedded pack), SignerName the
	// name the centre's trust store gives it.
	Signer     string `json:"signer,omitempty"`
	SignerName string `json:"signerName,omitempty"`
}

// Catalogue is the set of modules of the trusted packs, by achievement id.
type Catalogue struct {
	modules map[string]Module
	// packVersion is the version kept for each pack id; embedded packs are fixed.
	packVersion map[string]string
	embedded    map[string]bool
}

// ProblemCode says, in one word a program can test, why a pack was left out.
type ProblemCode string

// Why a pack of the centre's folder is not in the catalogue.
const (
	// ProblemUnreadable: the pack cannot be read, or has errors.
	ProblemUnreadable ProblemCode = "unreadable"
	// ProblemUnsigned: the pack carries no signature.
	ProblemUnsigned ProblemCode = "unsigned"
	// ProblemUnknownSigner: the pack is signed by a key the trust store does not hold.
	ProblemUnknownSigner ProblemCode = "unknown-signer"
	// ProblemTampered: the pack's files do not match its signed manifest.
	ProblemTampered ProblemCode = "tampered"
	// ProblemEmbeddedID: the pack claims the id of a pack embedded in Déclic.
	ProblemEmbeddedID ProblemCode = "embedded-id"
	// ProblemOlder: a newer version of the same pack is already in the catalogue.
	ProblemOlder ProblemCode = "older"
)

// Problem is a pack left out of the catalogue, and why.
type Problem struct {
	Path   string
	Code   ProblemCode
	PackID string
	Signer string
	Err    error
}

// Error says where and why, in English (the CLI says it in French from Code).
func (p Problem) Error() string {
	if p.Err != nil {
		return fmt.Sprintf("%s: %s: %v", p.Path, p.Code, p.Err)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Code)
}

// Options says where a centre keeps the packs it installs and the keys it trusts.
type Options struct {
	// PacksDir holds .declic files and pack folders; "" means embedded packs only.
	PacksDir string
	// Trust is the centre's trust store (packsign.LoadTrustStore); nil trusts no signer.
	Trust *packsign.TrustStore
}

// Load builds the catalogue: the embedded packs (a pack with no module yet adds
// nothing), then each trusted pack of opts.PacksDir. Packs left out are listed with
// their reason.
func Load(opts Options) (*Catalogue, []Problem) {
	c := &Catalogue{modules: map[string]Module{}, packVersion: map[string]string{}, embedded: map[string]bool{}}
	// The embedded packs' modules were read from the packs when this build was made
	// (embedded_modules.go): every command reads the catalogue, and reading the packs
	// cost more than the rest of a small command.
	for _, id := range embeddedPackIDs {
		c.embedded[id] = true // a pack with no module yet keeps its id too
	}
	for _, m := range embeddedModules {
		m.Competencies = append([]string(nil), m.Competencies...)
		c.modules[m.AchievementID] = m
		c.packVersion[m.PackID] = m.PackVersion
	}
	if opts.PacksDir == "" {
		return c, nil
	}
	entries, err := os.ReadDir(opts.PacksDir)
	if err != nil {
		return c, []Problem{{Path: opts.PacksDir, Code: ProblemUnreadable, Err: err}}
	}
	type candidate struct {
		pack   *courses.Pack
		report packsign.Report
		path   string
	}
	var found []candidate
	var problems []Problem
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(opts.PacksDir, name)
		isDir := e.IsDir() && fileExists(filepath.Join(path, "pack.toml"))
		if strings.HasPrefix(name, ".") || (!isDir && !strings.EqualFold(filepath.Ext(name), ".declic")) {
			continue
		}
		pack, packProblems, report, err := courses.VerifyPath(path, opts.Trust)
		switch {
		case errors.Is(err, packsign.ErrManifest):
			problems = append(problems, Problem{Path: path, Code: ProblemTampered, Signer: report.Signer, Err: err})
			continue
		case err != nil || packProblems.HasErrors():
			if err == nil {
				err = errors.New(firstError(packProblems))
			}
			problems = append(problems, Problem{Path: path, Code: ProblemUnreadable, Err: err})
			continue
		}
		switch report.Status {
		case packsign.Unsigned:
			problems = append(problems, Problem{Path: path, Code: ProblemUnsigned, PackID: pack.ID})
		case packsign.UnknownSigner:
			problems = append(problems, Problem{Path: path, Code: ProblemUnknownSigner, PackID: pack.ID, Signer: report.Signer})
		case packsign.Trusted:
			if c.embedded[pack.ID] {
				problems = append(problems, Problem{Path: path, Code: ProblemEmbeddedID, PackID: pack.ID, Signer: report.Signer})
				continue
			}
			found = append(found, candidate{pack, report, path})
		}
	}
	// Newest version of each pack id first; older ones are reported, not merged.
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].pack.ID != found[j].pack.ID {
			return found[i].pack.ID < found[j].pack.ID
		}
		return courses.CompareVersions(found[i].pack.Version, found[j].pack.Version) > 0
	})
	for _, f := range found {
		if v, seen := c.packVersion[f.pack.ID]; seen {
			problems = append(problems, Problem{Path: f.path, Code: ProblemOlder, PackID: f.pack.ID, Signer: f.report.Signer,
				Err: fmt.Errorf("version %s kept, %s left out", v, f.pack.Version)})
			continue
		}
		c.add(f.pack, f.report.Signer, f.report.Name)
	}
	return c, problems
}

func firstError(p courses.Problems) string {
	for _, x := range p {
		if x.Severity == courses.SeverityError {
			return x.String()
		}
	}
	return "the pack has errors"
}

func fileExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// add puts a pack's modules in the catalogue.
func (c *Catalogue) add(p *courses.Pack, signer, signerName string) {
	c.packVersion[p.ID] = p.Version
	for _, m := range p.Modules {
		minutes := 0
		for _, l := range m.Lessons {
			minutes += l.DurationMinutes
		}
		if minutes == 0 {
			minutes = int(math.Round(m.Hours * 60))
		}
		id := records.AchievementID(p.ID, m.ID)
		c.modules[id] = Module{
			AchievementID: id, PackID: p.ID, PackVersion: p.Version, ModuleID: m.ID, Title: m.Title,
			Hours: m.Hours, Minutes: minutes, Competencies: append([]string(nil), m.Competencies...),
			Source: p.Source, Signer: signer, SignerName: signerName,
		}
	}
}

// Lookup returns the module a record's achievement id names.
func (c *Catalogue) Lookup(achievementID string) (Module, bool) {
	m, ok := c.modules[achievementID]
	return m, ok
}

// Modules returns every module, by pack id then module id.
func (c *Catalogue) Modules() []Module {
	out := make([]Module, 0, len(c.modules))
	for _, m := range c.modules {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].PackID != out[j].PackID {
			return out[i].PackID < out[j].PackID
		}
		return out[i].ModuleID < out[j].ModuleID
	})
	return out
}
