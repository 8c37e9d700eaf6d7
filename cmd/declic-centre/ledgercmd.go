package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strconv"
	"time"

	"declic/centre"
	"declic/i18n"
	"declic/internal/cli"
	"declic/ledger"
)

// ledgerCommand lists the ledger's entries.
type ledgerCommand struct {
	ledgerOptions
	centre, learner, pass string
	csv                   bool
}

func (*ledgerCommand) Name() string { return "ledger" }

func (c *ledgerCommand) Flags(f *cli.Flags) {
	c.ledgerOptions.flags(f)
	f.String(&c.centre, "centre", "", "declicentre.value.id", "declicentre.ledger.flag_centre")
	f.String(&c.learner, "learner", "", "declicentre.value.dossier", "declicentre.ledger.flag_learner")
	f.String(&c.pass, "pass", "", "declicentre.value.pass", "declicentre.ledger.flag_pass")
	f.Bool(&c.csv, "csv", "", "declicentre.flag.csv")
}

func (c *ledgerCommand) Run(ctx context.Context, env *cli.Env, _ []string) error {
	store, err := openLedger(ctx, env, c.where(env), false, false)
	if err != nil {
		return err
	}
	defer store.Close()
	entries, err := store.Entries(ctx, ledger.Filter{Centre: c.centre, Learner: c.learner, Pass: c.pass})
	if err != nil {
		return failed(centre.LedgerError(err))
	}
	t := env.T
	header := []string{t("declicentre.col.centre"), t("declicentre.col.line"), t("declicentre.col.date"), t("declicentre.col.kind"),
		t("declicentre.col.person"), t("declicentre.col.pass"), t("declicentre.col.module"), t("declicentre.col.hours"),
		t("declicentre.col.record"), t("declicentre.col.card"), t("declicentre.col.operator"), t("declicentre.col.reason")}
	var rows [][]string
	var total float64
	for _, e := range entries {
		h := num(env, e.HoursCredited)
		if c.csv {
			h = centre.CommaNumber(e.HoursCredited)
		}
		rows = append(rows, []string{e.Centre, strconv.FormatInt(e.Seq, 10), e.CreatedAt.Local().Format("2006-01-02 15:04"),
			env.Tr.Message(centre.KindText(e)), e.Learner, e.Pass, e.Module, h, e.RecordID, centre.CodeOf(e.LearnerKey), e.Operator, e.Reason})
		total += e.HoursCredited
	}
	if c.csv {
		return centre.WriteCSV(env.Stdout, header, rows)
	}
	centre.WriteTable(env.Stdout, header, rows)
	say(env, i18n.M("declicentre.ledger.total", "N", len(rows), "Hours", centre.Number(total)))
	return nil
}

// reportCommand adds up a period: by module, competency, operator, pass, centre, month.
type reportCommand struct {
	ledgerOptions
	catalogueOptions
	centre, from, to string
	csv, json        bool
}

func (*reportCommand) Name() string { return "report" }

func (c *reportCommand) Flags(f *cli.Flags) {
	c.ledgerOptions.flags(f)
	f.String(&c.from, "from", "", "declicentre.value.date", "declicentre.report.flag_from")
	f.String(&c.to, "to", "", "declicentre.value.date", "declicentre.report.flag_to")
	f.String(&c.centre, "centre", "", "declicentre.value.id", "declicentre.report.flag_centre")
	f.Bool(&c.csv, "csv", "", "declicentre.report.flag_csv")
	f.Bool(&c.json, "json", "", "declicentre.report.flag_json")
	c.catalogueOptions.flags(f)
}

// reportJSON is report --json: the totals of a period.
type reportJSON struct {
	From       string             `json:"from"`
	To         string             `json:"to"`
	Credits    int                `json:"credits"`
	Cancels    int                `json:"cancels"`
	Hours      float64            `json:"hours"`
	People     int                `json:"people"`
	Unenrolled reportGroup        `json:"unenrolled"`
	ByCentre   map[string]float64 `json:"byCentre"`
	ByModule   map[string]float64 `json:"byModule"`
	ByOperator map[string]float64 `json:"byOperator"`
	ByPass     map[string]float64 `json:"byPass"`
	ByMonth    map[string]float64 `json:"byMonth"`
	Heads      []centre.Head      `json:"heads"`
}

type reportGroup struct {
	Credits int     `json:"credits"`
	Hours   float64 `json:"hours"`
}

func hoursBy(lines []centre.Line) map[string]float64 {
	m := map[string]float64{}
	for _, l := range lines {
		m[l.Key] = l.Hours
	}
	return m
}

func (c *reportCommand) Run(ctx context.Context, env *cli.Env, _ []string) error {
	first, last := centre.MonthOf(env.Now())
	parse := func(v string, def time.Time) (time.Time, bool) {
		if v == "" {
			return def, true
		}
		t, err := time.ParseInLocation(time.DateOnly, v, time.Local)
		return t, err == nil
	}
	start, ok1 := parse(c.from, first)
	end, ok2 := parse(c.to, last)
	if c.from != "" && c.to == "" {
		_, end = centre.MonthOf(start)
	}
	if !ok1 || !ok2 || end.Before(start) {
		return cli.Usage("declicentre.report.bad_dates")
	}
	cat, err := c.catalogueOptions.load(env, true)
	if err != nil {
		return err
	}
	store, err := openLedger(ctx, env, c.where(env), false, false)
	if err != nil {
		return err
	}
	defer store.Close()
	f := centre.Period(start, end)
	f.Centre = c.centre
	entries, err := centre.PeriodEntries(ctx, store, f)
	if err != nil {
		return failed(centre.LedgerError(err))
	}
	rep := centre.Summarise(entries, start, end, cat, env.Tr.Language().String())
	if rep.Heads, err = centre.Heads(ctx, store, c.centre); err != nil {
		return failed(centre.LedgerError(err))
	}
	switch {
	case c.json:
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(reportJSON{From: start.Format(time.DateOnly), To: end.Format(time.DateOnly), Credits: rep.Credits, Cancels: rep.Cancels,
			Hours: rep.Hours, People: rep.People, Unenrolled: reportGroup{rep.Unenrolled.Credits, rep.Unenrolled.Hours},
			ByCentre: hoursBy(rep.ByCentre), ByModule: hoursBy(rep.ByModule), ByOperator: hoursBy(rep.ByOperator), ByPass: hoursBy(rep.ByPass),
			ByMonth: hoursBy(rep.ByMonth), Heads: rep.Heads})
	case c.csv:
		header, rows := rep.CSV(env.Tr)
		return centre.WriteCSV(env.Stdout, header, rows)
	}
	header, rows := rep.CSV(env.Tr)
	for _, r := range rows {
		if len(r) == 6 && r[5] != "" {
			r[5] = env.Tr.Message(i18n.M("centre.number", "Point", pointOf(r[5]), "Comma", r[5]))
		}
	}
	centre.WriteTable(env.Stdout, header, rows)
	return nil
}

// pointOf turns a number written with a comma back into its point form.
func pointOf(comma string) string {
	out := []rune(comma)
	for i, r := range out {
		if r == ',' {
			out[i] = '.'
		}
	}
	return string(out)
}

// chainOf returns centre's chain: the whole file for SQLite, that centre's entries in
// PostgreSQL.
func chainOf(ctx context.Context, store ledger.Store, centreID string, network bool) ([]ledger.Entry, error) {
	if !network {
		return store.Entries(ctx, ledger.Filter{})
	}
	return store.Entries(ctx, ledger.Filter{Centre: centreID})
}

// checkpointCommand writes the ledger's signed checkpoint for the funder.
type checkpointCommand struct {
	ledgerOptions
	identityOptions
	keyOptions
	out string
}

func (*checkpointCommand) Name() string { return "checkpoint" }

func (c *checkpointCommand) Flags(f *cli.Flags) {
	c.ledgerOptions.flags(f)
	f.String(&c.out, "out", "o", "declicentre.value.file", "declicentre.checkpoint.flag_out")
	c.identityOptions.flags(f)
	c.keyOptions.flags(f)
}

func (c *checkpointCommand) Run(ctx context.Context, env *cli.Env, _ []string) error {
	where := c.where(env)
	if where == "" || c.out == "" {
		return cli.Usage("declicentre.checkpoint.usage")
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
	centreID, _ := c.resolve(env)
	network := centre.IsNetwork(where)
	if network && centreID == "" {
		return cli.Usage("declicentre.checkpoint.no_centre")
	}
	chain, err := chainOf(ctx, store, centreID, network)
	if err != nil {
		return failed(centre.LedgerError(err))
	}
	if problems := ledger.CheckChainOf(chain); len(problems) > 0 {
		return refused(i18n.M("declicentre.checkpoint.altered", "Where", centre.ChainPlace(problems[0]), "What", centre.ChainText(problems[0])))
	}
	if s := ledger.ChainSigner(chain); s != "" && s != key.DID() {
		return refused(i18n.M("declicentre.checkpoint.other_key", "Signer", s))
	}
	if !network && len(chain) > 0 {
		centreID = chain[len(chain)-1].Centre
	}
	cp := ledger.HeadOf(centreID, chain, env.Now(), key)
	f, err := os.OpenFile(c.out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return failed(i18n.M("declicentre.checkpoint.exists", "Path", centre.Clean(c.out)))
		}
		return err
	}
	_, err = f.Write(cp.Marshal())
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(c.out)
		return err
	}
	say(env, i18n.M("declicentre.checkpoint.done", "Path", centre.Clean(c.out), "Entries", cp.Entries, "Head", cp.Head, "When", centre.When(cp.Time), "Signer", cp.Signer))
	return nil
}

// checkLedgerCommand checks every entry, its signature, and the checkpoints given.
type checkLedgerCommand struct {
	ledgerOptions
	checkpoints []string
}

func (*checkLedgerCommand) Name() string { return "check-ledger" }

func (c *checkLedgerCommand) Flags(f *cli.Flags) {
	c.ledgerOptions.flags(f)
	f.Strings(&c.checkpoints, "checkpoint", "", "declicentre.value.file", "declicentre.check.flag_checkpoint")
}

func (c *checkLedgerCommand) Run(ctx context.Context, env *cli.Env, _ []string) error {
	var cps []ledger.Checkpoint
	for _, p := range c.checkpoints {
		data, err := centre.ReadInput(p)
		if err != nil {
			_, msg := explain(env, err, "")
			return failed(i18n.M("declicentre.file_problem", "Path", centre.Clean(p), "Text", msg))
		}
		cp, err := ledger.ParseCheckpoint(data)
		if err != nil {
			say(env, i18n.M("declicentre.check.bad_checkpoint", "Path", centre.Clean(p)))
			return cli.ErrProblems
		}
		cps = append(cps, cp)
	}
	where := c.where(env)
	store, err := openLedger(ctx, env, where, false, false)
	if err != nil {
		return err
	}
	defer store.Close()
	problems, err := store.CheckChain(ctx)
	if err != nil {
		return failed(centre.LedgerError(err))
	}
	network := centre.IsNetwork(where)
	for _, cp := range cps {
		chain, err := chainOf(ctx, store, cp.Centre, network)
		if err != nil {
			return failed(centre.LedgerError(err))
		}
		problems = append(problems, cp.Extends(chain)...)
	}
	for _, p := range problems {
		say(env, i18n.M("declicentre.check.problem", "Where", centre.ChainPlace(p), "What", centre.ChainText(p)))
	}
	if len(problems) > 0 {
		return cli.ErrProblems
	}
	say(env, i18n.M("declicentre.check.ok"))
	for _, cp := range cps {
		say(env, i18n.M("declicentre.check.extends", "When", centre.When(cp.Time), "Entries", cp.Entries, "Centre", centre.Clean(cp.Centre), "Signer", cp.Signer))
	}
	return nil
}
