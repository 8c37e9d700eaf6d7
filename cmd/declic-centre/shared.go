package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"declic/catalogue"
	"declic/centre"
	"declic/i18n"
	"declic/internal/cli"
	"declic/keys"
	"declic/ledger"
	"declic/ledger/postgres"
	"declic/packsign"
)

// Environment variables that stand for flags, so a centre's machine is set up once.
const (
	envLedger     = "DECLIC_LEDGER_URL"            // --ledger
	envCentre     = "DECLIC_CENTRE"                // --centre
	envOperator   = "DECLIC_OPERATOR"              // --operator
	envKey        = "DECLIC_CENTRE_KEY"            // --centre-key
	envPassphrase = "DECLIC_CENTRE_KEY_PASSPHRASE" // passphrase of a sealed key
	envPacks      = "DECLIC_CENTRE_PACKS"          // --packs
	envTrust      = "DECLIC_CENTRE_TRUST"          // --trust
)

// say prints a message of the catalogue on the standard output.
func say(env *cli.Env, m i18n.Message) { fmt.Fprintln(env.Stdout, env.Tr.Message(m)) }

// warn prints a message of the catalogue on the error output.
func warn(env *cli.Env, m i18n.Message) { fmt.Fprintln(env.Stderr, env.Tr.Message(m)) }

// num writes a number as the reader does.
func num(env *cli.Env, v float64) string { return env.Tr.Message(centre.Number(v)) }

// failed is an error whose message is already in the catalogue: Main prints it.
func failed(m i18n.Message) error { return &i18n.Error{Message: m} }

// refused is a refusal of the input: Main prints it and exits with 1.
func refused(m i18n.Message) error { return cli.Refused(failed(m)) }

// ledgerOptions are the flags that name the ledger.
type ledgerOptions struct{ ledger string }

func (o *ledgerOptions) flags(f *cli.Flags) {
	f.String(&o.ledger, "ledger", "", "declicentre.value.ledger", "declicentre.flag.ledger")
}

// where is --ledger, or the environment's ledger.
func (o *ledgerOptions) where(env *cli.Env) string {
	if o.ledger != "" {
		return o.ledger
	}
	return env.Getenv(envLedger)
}

// identityOptions are who writes: the centre's id and the operator's name.
type identityOptions struct{ centre, operator string }

func (o *identityOptions) flags(f *cli.Flags) {
	f.String(&o.centre, "centre", "", "declicentre.value.id", "declicentre.flag.centre")
	f.String(&o.operator, "operator", "", "declicentre.value.name", "declicentre.flag.operator")
}

// resolve returns the centre and operator from the flags, then the environment, then
// (for the operator) the system user.
func (o *identityOptions) resolve(env *cli.Env) (string, string) {
	c, op := strings.TrimSpace(o.centre), strings.TrimSpace(o.operator)
	if c == "" {
		c = strings.TrimSpace(env.Getenv(envCentre))
	}
	if op == "" {
		op = strings.TrimSpace(env.Getenv(envOperator))
	}
	if op == "" {
		if u, err := user.Current(); err == nil {
			op = u.Username
		}
	}
	return c, op
}

// openLedger opens the ledger at where. A file that does not exist is created only
// when create says so, or when the person at the terminal answers yes: a typo such as
// cnetre.db must not start a new, empty ledger.
func openLedger(ctx context.Context, env *cli.Env, where string, create, mayCreate bool) (ledger.Store, error) {
	if where == "" {
		return nil, cli.Usage("declicentre.no_ledger", "Env", envLedger)
	}
	if mayCreate && !create && !centre.LedgerExists(where) {
		create = askYes(env, i18n.M("declicentre.ask_create", "Path", centre.Clean(where)))
	}
	st, err := centre.OpenLedger(ctx, where, create)
	var nl *centre.NoLedgerError
	switch {
	case errors.As(err, &nl) && mayCreate:
		return nil, failed(i18n.M("declicentre.ledger_missing_create", "Path", centre.Clean(where)))
	case errors.As(err, &nl):
		return nil, failed(i18n.M("declicentre.ledger_missing", "Path", centre.Clean(where)))
	case err != nil:
		return nil, failed(i18n.M("declicentre.ledger_error", "Where", redact(where), "Text", centre.LedgerError(err)))
	}
	return st, nil
}

func redact(where string) string {
	if postgres.IsURL(where) {
		return postgres.Redact(where)
	}
	return centre.Clean(where)
}

// terminal returns the standard input when it is a terminal.
func terminal(env *cli.Env) (*os.File, bool) {
	f, ok := env.Stdin.(*os.File)
	return f, ok && term.IsTerminal(int(f.Fd()))
}

// askYes asks a yes-or-no question on a terminal; without one, the answer is no.
func askYes(env *cli.Env, question i18n.Message) bool {
	f, ok := terminal(env)
	if !ok {
		return false
	}
	fmt.Fprint(env.Stderr, env.Tr.Message(question)+" ")
	line, _ := bufio.NewReader(f).ReadString('\n')
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "o" || a == "oui" || a == "y" || a == "yes"
}

// keyOptions name the centre's key.
type keyOptions struct{ key string }

func (o *keyOptions) flags(f *cli.Flags) {
	f.String(&o.key, "centre-key", "", "declicentre.value.key", "declicentre.flag.centre_key")
}

// path resolves --centre-key: a key file, or the folder keygen made.
func (o *keyOptions) path(env *cli.Env) string {
	p := o.key
	if p == "" {
		p = env.Getenv(envKey)
	}
	if p == "" {
		return ""
	}
	if info, err := os.Stat(p); err == nil && info.IsDir() {
		p = filepath.Join(p, keys.FileName)
	}
	return p
}

// load loads the centre's signing key, refusing one kept in the ledger's folder
// (whoever copies the ledger would take the key along). A sealed key's passphrase comes
// from the environment or, on a terminal, is asked without echo.
func (o *keyOptions) load(env *cli.Env, ledgerWhere string) (*keys.Key, error) {
	p := o.path(env)
	if p == "" {
		return nil, cli.Usage("declicentre.no_key", "Env", envKey)
	}
	if ledgerWhere != "" && !postgres.IsURL(ledgerWhere) {
		kd, _ := filepath.Abs(filepath.Dir(p))
		ld, _ := filepath.Abs(filepath.Dir(ledgerWhere))
		if kd == ld {
			return nil, failed(i18n.M("declicentre.key_beside_ledger", "Path", centre.Clean(p)))
		}
	}
	return loadKey(env, p)
}

func loadKey(env *cli.Env, p string) (*keys.Key, error) {
	sealed, err := keys.NeedsPassphrase(p)
	if err != nil {
		return nil, failed(i18n.M("declicentre.key_unreadable", "Path", centre.Clean(p), "Text", centre.Clean(err.Error())))
	}
	pass := ""
	if sealed {
		pass = env.Getenv(envPassphrase)
		if f, ok := terminal(env); pass == "" && ok {
			fmt.Fprint(env.Stderr, env.T("declicentre.ask_passphrase"))
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(env.Stderr)
			if err != nil {
				return nil, err
			}
			pass = string(b)
		}
	}
	k, err := keys.Load(p, pass)
	switch {
	case errors.Is(err, keys.ErrPassphrase):
		return nil, failed(i18n.M("declicentre.key_sealed", "Path", centre.Clean(p), "Env", envPassphrase))
	case err != nil:
		return nil, failed(i18n.M("declicentre.key_unreadable", "Path", centre.Clean(p), "Text", centre.Clean(err.Error())))
	}
	return k, nil
}

// catalogueOptions are where the centre keeps the signed packs it installed and the
// keys it trusts to sign them.
type catalogueOptions struct{ packs, trust string }

func (o *catalogueOptions) flags(f *cli.Flags) {
	f.String(&o.packs, "packs", "", "declicentre.value.folder", "declicentre.flag.packs")
	f.String(&o.trust, "trust", "", "declicentre.value.folder", "declicentre.flag.trust")
}

// load loads the centre's catalogue; packs left out are listed on the error output
// unless quiet.
func (o *catalogueOptions) load(env *cli.Env, quiet bool) (*catalogue.Catalogue, error) {
	packs, trustDir := strings.TrimSpace(o.packs), strings.TrimSpace(o.trust)
	if packs == "" {
		packs = env.Getenv(envPacks)
	}
	if trustDir == "" {
		trustDir = env.Getenv(envTrust)
	}
	var trust *packsign.TrustStore
	if trustDir != "" {
		var errs []error
		trust, errs = packsign.LoadTrustStore(trustDir)
		for _, err := range errs {
			warn(env, i18n.M("declicentre.trust_skipped", "Text", env.Tr.Error(err)))
		}
	}
	cat, problems := catalogue.Load(catalogue.Options{PacksDir: packs, Trust: trust})
	if !quiet {
		for _, p := range problems {
			warn(env, i18n.M("declicentre.pack_left_out", "Path", centre.Clean(p.Path), "Why", centre.ProblemText(p)))
		}
	}
	return cat, nil
}

// loadPolicy reads --policy, or gives the default policy.
func loadPolicy(path string) (ledger.Policy, error) {
	if path == "" {
		return ledger.DefaultPolicy(), nil
	}
	p, err := ledger.LoadPolicy(path)
	if err != nil {
		return p, cli.Usage("declicentre.policy_error", "Text", centre.Clean(err.Error()))
	}
	return p, nil
}

// explain is the message of a refusal, for a line of output.
func explain(env *cli.Env, err error, centreID string) (string, string) {
	code, m := centre.Explain(err, centreID)
	return code, env.Tr.Message(m)
}
