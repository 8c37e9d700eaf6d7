package main

import (
	"context"
	"os"

	"declic/centre"
	"declic/i18n"
	"declic/internal/cli"
	"declic/ledger"
	"declic/ledger/postgres"
	"declic/ledger/sqlite"
)

// syncCommand sends a centre's local SQLite ledger to the shared PostgreSQL ledger.
type syncCommand struct {
	identityOptions
	keyOptions
	catalogueOptions
	from, to, policy string
}

func (*syncCommand) Name() string { return "sync" }

func (c *syncCommand) Flags(f *cli.Flags) {
	f.String(&c.from, "from", "", "declicentre.value.file", "declicentre.sync.flag_from")
	f.String(&c.to, "to", "", "declicentre.value.ledger", "declicentre.sync.flag_to")
	c.identityOptions.flags(f)
	c.keyOptions.flags(f)
	c.catalogueOptions.flags(f)
	f.String(&c.policy, "policy", "", "declicentre.value.file", "declicentre.flag.policy")
}

func (c *syncCommand) Run(ctx context.Context, env *cli.Env, _ []string) error {
	target := c.to
	if target == "" {
		target = env.Getenv(envLedger)
	}
	if c.from == "" || !postgres.IsURL(target) {
		return cli.Usage("declicentre.sync.usage")
	}
	if _, err := os.Stat(c.from); err != nil {
		return failed(i18n.M("declicentre.ledger_missing", "Path", centre.Clean(c.from)))
	}
	policy, err := loadPolicy(c.policy)
	if err != nil {
		return err
	}
	local, err := sqlite.Open(c.from)
	if err != nil {
		return failed(i18n.M("declicentre.ledger_error", "Where", centre.Clean(c.from), "Text", centre.LedgerError(err)))
	}
	defer local.Close()
	entries, err := local.Entries(ctx, ledger.Filter{})
	if err != nil {
		return failed(centre.LedgerError(err))
	}
	if problems := ledger.CheckChainOf(entries); len(problems) > 0 {
		warn(env, i18n.M("declicentre.sync.altered", "Path", centre.Clean(c.from), "Where", centre.ChainPlace(problems[0]), "What", centre.ChainText(problems[0])))
		return cli.ErrProblems
	}
	centreID, _ := c.resolve(env)
	for _, e := range entries {
		if centreID == "" {
			centreID = e.Centre
		}
		if e.Centre != "" && e.Centre != centreID {
			return failed(i18n.M("declicentre.sync.other_centre", "Seq", e.Seq, "Path", centre.Clean(c.from), "Other", centre.Clean(e.Centre), "Centre", centre.Clean(centreID)))
		}
	}
	if centreID == "" {
		return cli.Usage("declicentre.sync.no_centre", "Env", envCentre)
	}
	key, err := c.keyOptions.load(env, c.from)
	if err != nil {
		return err
	}
	if s := ledger.ChainSigner(entries); s != "" && s != key.DID() {
		warn(env, i18n.M("declicentre.sync.other_key", "Path", centre.Clean(c.from), "Signer", s))
		return cli.ErrProblems
	}
	cat, err := c.catalogueOptions.load(env, false)
	if err != nil {
		return err
	}
	shared, err := openLedger(ctx, env, target, false, false)
	if err != nil {
		return err
	}
	defer shared.Close()
	store := shared.(*postgres.Store)
	hashes := make([]string, len(entries))
	for i, e := range entries {
		hashes[i] = e.Hash
	}
	known, err := store.Known(ctx, hashes)
	if err != nil {
		return failed(centre.LedgerError(err))
	}
	rep, err := store.Import(ctx, centreID, key, centre.SyncItems(entries, known, centreID, key, policy, cat), postgres.ImportOptions{})
	for _, r := range rep.Refused {
		l := r.Local
		what := i18n.M("centre.kind.enrol")
		switch l.Kind {
		case ledger.KindCredit:
			what = i18n.M("declicentre.sync.what_credit", "Hours", centre.Number(l.HoursCredited), "Learner", centre.Clean(l.Learner), "Module", centre.Clean(l.Module))
		case ledger.KindCancel:
			what = i18n.M("centre.kind.cancel", "Target", l.Target)
		}
		say(env, i18n.M("declicentre.sync.refused", "Seq", l.Seq, "What", what, "Why", centre.SyncReason(r.Err, centreID)))
	}
	say(env, i18n.M("declicentre.sync.done", "From", centre.Clean(c.from), "Centre", centre.Clean(centreID), "Added", rep.Added, "Already", rep.Already, "Refused", len(rep.Refused)))
	if err != nil {
		warn(env, i18n.M("declicentre.sync.stopped", "Text", centre.LedgerError(err)))
		return cli.Quiet(exitBadInput)
	}
	if len(rep.Refused) > 0 {
		return cli.ErrProblems
	}
	return nil
}
