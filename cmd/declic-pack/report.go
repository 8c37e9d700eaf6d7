package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"declic/courses"
	"declic/datadir"
	"declic/internal/cli"
	"declic/packsign"
)

// printProblem prints a problem of the pack at root, its file named from the
// current folder so that editors open it.
func printProblem(env *cli.Env, root string, p courses.Problem) {
	p.File = filepath.Join(root, filepath.FromSlash(p.File))
	fmt.Fprintln(env.Stdout, p.Text(env.Tr))
}

// count is "3 modules", "1 module", "0 erreur" in the user's language: id is a
// plural message of the catalogue.
func count(env *cli.Env, id string, n int) string {
	return env.Tr.N(id, n)
}

// decimal writes a number with one decimal, with a comma in French.
func decimal(env *cli.Env, f float64) string {
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if base, _ := env.Tr.Language().Base(); base.String() == "fr" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// languageCode is the user's language as "fr", "en"…, for tables that name
// things in a few languages (competencies).
func languageCode(env *cli.Env) string {
	base, _ := env.Tr.Language().Base()
	if base == language.MustParseBase("en") {
		return "en"
	}
	return "fr"
}

// trustStore reads the trust folders of the data folder, next to the program,
// and extra ones; a damaged key file is reported and skipped.
func trustStore(env *cli.Env, extra []string) *packsign.TrustStore {
	var dirs []string
	if d, err := datadir.Resolve(); err == nil {
		dirs = packsign.TrustDirs(d.Root)
	}
	dirs = append(dirs, extra...)
	ts, errs := packsign.LoadTrustStore(dirs...)
	for _, err := range errs {
		env.Warn("declicpack.trust_skipped", "Text", env.Tr.Error(err))
	}
	return ts
}

// statusText is a signer status in words.
func statusText(env *cli.Env, r packsign.Report) string {
	if r.Status == packsign.Trusted {
		return env.T("declicpack.status_trusted", "Name", r.Name)
	}
	return env.Tr.Message(r.Status.Message())
}
