package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/term"

	"declic/centre"
	"declic/i18n"
	"declic/internal/cli"
	"declic/keys"
	"declic/ledger"
)

// keygenCommand creates (or shows) the centre's key.
type keygenCommand struct {
	dir  string
	seal bool
}

func (*keygenCommand) Name() string { return "keygen" }

func (c *keygenCommand) Flags(f *cli.Flags) {
	f.String(&c.dir, "dir", "", "declicentre.value.folder", "declicentre.keygen.flag_dir")
	f.Bool(&c.seal, "seal", "", "declicentre.keygen.flag_seal")
}

func (c *keygenCommand) Run(_ context.Context, env *cli.Env, _ []string) error {
	if c.dir == "" {
		return cli.Usage("declicentre.keygen.no_dir")
	}
	path := filepath.Join(c.dir, keys.FileName)
	k, created, err := keygen(env, path, c.seal)
	if err != nil {
		return err
	}
	state := i18n.M("declicentre.keygen.existing")
	if created {
		state = i18n.M("declicentre.keygen.created")
		if c.seal {
			state = i18n.M("declicentre.keygen.created_sealed")
		}
	}
	say(env, i18n.M("declicentre.keygen.done", "State", state, "Path", centre.Clean(path), "DID", k.DID(), "Code", k.Fingerprint()))
	return nil
}

// keygen loads the key at path, or creates it (sealed with a passphrase when seal).
func keygen(env *cli.Env, path string, seal bool) (*keys.Key, bool, error) {
	if _, err := os.Stat(path); err == nil {
		k, err := loadKey(env, path)
		return k, false, err
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, false, err
	}
	pass := ""
	if seal {
		pass = env.Getenv(envPassphrase)
		if f, ok := terminal(env); pass == "" && ok {
			fmt.Fprint(env.Stderr, env.T("declicentre.keygen.ask"))
			p1, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprint(env.Stderr, "\n"+env.T("declicentre.keygen.ask_again"))
			p2, err2 := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(env.Stderr)
			if err != nil || err2 != nil || string(p1) != string(p2) {
				return nil, false, failed(i18n.M("declicentre.keygen.differ"))
			}
			pass = string(p1)
		}
		if len([]rune(pass)) < 12 {
			return nil, false, failed(i18n.M("declicentre.keygen.short", "Env", envPassphrase))
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, false, err
	}
	k, err := keys.Generate()
	if err != nil {
		return nil, false, err
	}
	if err := keys.Save(path, k, pass); err != nil {
		return nil, false, err
	}
	return k, true, nil
}

// enrolCommand binds a learner's carte Déclic to her dossier, in person.
type enrolCommand struct {
	ledgerOptions
	identityOptions
	keyOptions
	card, did, code, learner string
	newLedger                bool
}

func (*enrolCommand) Name() string { return "enrol" }

func (c *enrolCommand) Flags(f *cli.Flags) {
	c.ledgerOptions.flags(f)
	f.String(&c.learner, "learner", "", "declicentre.value.dossier", "declicentre.flag.learner")
	f.String(&c.card, "card", "", "declicentre.value.file", "declicentre.enrol.flag_card")
	f.String(&c.did, "key", "", "declicentre.value.did", "declicentre.enrol.flag_key")
	f.String(&c.code, "code", "", "declicentre.value.code", "declicentre.enrol.flag_code")
	c.identityOptions.flags(f)
	c.keyOptions.flags(f)
	f.Bool(&c.newLedger, "new-ledger", "", "declicentre.flag.new_ledger")
}

func (c *enrolCommand) Run(ctx context.Context, env *cli.Env, _ []string) error {
	where := c.where(env)
	if where == "" || strings.TrimSpace(c.learner) == "" || (c.card == "") == (c.did == "") {
		return cli.Usage("declicentre.enrol.usage")
	}
	var cardData []byte
	if c.card != "" {
		data, err := centre.ReadInput(c.card)
		if err != nil {
			_, msg := explain(env, err, "")
			say(env, i18n.M("declicentre.enrol.refused", "Text", msg))
			return cli.ErrProblems
		}
		cardData = data
	}
	learnerKey, fingerprint, err := centre.LearnerKey(cardData, c.did, c.code)
	switch {
	case errors.Is(err, centre.ErrCodeMismatch):
		say(env, i18n.M("declicentre.enrol.code_mismatch", "Typed", centre.Clean(c.code), "Code", fingerprint))
		return cli.ErrProblems
	case err != nil:
		_, msg := explain(env, err, "")
		say(env, i18n.M("declicentre.enrol.refused", "Text", msg))
		return cli.ErrProblems
	}
	key, err := c.keyOptions.load(env, where)
	if err != nil {
		return err
	}
	store, err := openLedger(ctx, env, where, c.newLedger, true)
	if err != nil {
		return err
	}
	defer store.Close()
	centreID, operator := c.resolve(env)
	how := "clé"
	if c.card != "" {
		how = "carte"
	}
	if c.code != "" {
		how += ", code comparé"
	}
	e, err := store.Enrol(ctx, ledger.EnrolRequest{Centre: centreID, Operator: operator, CentreKey: key,
		LearnerKey: learnerKey, Learner: strings.TrimSpace(c.learner), Reason: how, Now: env.Now()})
	if err != nil {
		_, msg := explain(env, err, centreID)
		say(env, i18n.M("declicentre.refused_line", "Text", msg))
		return cli.ErrProblems
	}
	say(env, i18n.M("declicentre.enrol.done", "Learner", centre.Clean(e.Learner), "Seq", e.Seq, "Code", fingerprint))
	if c.code == "" {
		say(env, i18n.M("declicentre.enrol.compare", "Seq", e.Seq))
	} else {
		say(env, i18n.M("declicentre.enrol.code_ok"))
	}
	return nil
}

// cancelCommand undoes an entry with a signed entry; nothing is erased.
type cancelCommand struct {
	ledgerOptions
	identityOptions
	keyOptions
	entry  int
	reason string
}

func (*cancelCommand) Name() string { return "cancel" }

func (c *cancelCommand) Flags(f *cli.Flags) {
	c.ledgerOptions.flags(f)
	f.Int(&c.entry, "entry", "", "declicentre.value.number", "declicentre.cancel.flag_entry")
	f.String(&c.reason, "reason", "", "declicentre.value.text", "declicentre.cancel.flag_reason")
	c.identityOptions.flags(f)
	c.keyOptions.flags(f)
}

func (c *cancelCommand) Run(ctx context.Context, env *cli.Env, _ []string) error {
	where := c.where(env)
	if where == "" || c.entry <= 0 || strings.TrimSpace(c.reason) == "" {
		return cli.Usage("declicentre.cancel.usage")
	}
	key, err := c.keyOptions.load(env, where)
	if err != nil {
		return err
	}
	store, err := openLedger(ctx, env, where, false, false)
	if err != nil {
		return err
	}
	defer store.Close()
	centreID, operator := c.resolve(env)
	e, err := store.Cancel(ctx, ledger.CancelRequest{Centre: centreID, Operator: operator, CentreKey: key,
		Seq: int64(c.entry), Reason: strings.TrimSpace(c.reason), Now: env.Now()})
	if err != nil {
		_, msg := explain(env, err, centreID)
		say(env, i18n.M("declicentre.refused_line", "Text", msg))
		return cli.ErrProblems
	}
	what := i18n.M("declicentre.cancel.what_enrol")
	if e.RecordID != "" {
		what = i18n.M("declicentre.cancel.what_credit", "Hours", centre.Number(-e.HoursCredited), "Module", centre.Clean(e.Module), "Learner", centre.Clean(e.Learner))
	}
	say(env, i18n.M("declicentre.cancel.done", "Target", e.Target, "Seq", e.Seq, "What", what))
	return nil
}
