package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"declic/centre"
	"declic/i18n"
	"declic/internal/cli"
	"declic/records"
)

// verifyResult is verify's JSON line for one file.
type verifyResult struct {
	File          string  `json:"file"`
	Valid         bool    `json:"valid"`
	Skipped       bool    `json:"skipped,omitempty"`
	Hours         float64 `json:"hours"`
	Reason        string  `json:"reason,omitempty"`
	Message       string  `json:"message,omitempty"`
	RecordID      string  `json:"recordId,omitempty"`
	Issuer        string  `json:"issuer,omitempty"`
	AchievementID string  `json:"achievementId,omitempty"`
	Module        string  `json:"module,omitempty"`
	ActiveMinutes int     `json:"activeMinutes,omitempty"`
	Cryptosuite   string  `json:"cryptosuite,omitempty"`
}

func verifyResultOf(env *cli.Env, c centre.Checked) verifyResult {
	v := verifyResult{File: c.File, Valid: c.Err == nil && !c.Card && !c.Bilan, Skipped: c.Card || c.Bilan}
	if r := c.Record; r != nil {
		v.RecordID, v.Issuer, v.AchievementID, v.ActiveMinutes, v.Cryptosuite = r.ID, r.IssuerDID, r.AchievementID, r.ActiveMinutes, r.Cryptosuite
		v.Module = r.ModuleTitle
	}
	switch {
	case c.Card:
		v.Reason, v.Message = centre.CodeCard, env.Tr.Message(centre.CardSkipped())
	case c.Bilan:
		v.Reason, v.Message = centre.CodeBilan, env.Tr.Message(centre.BilanSkipped())
	case c.Err != nil:
		v.Reason, v.Message = explain(env, c.Err, "")
	default:
		v.Hours, v.Module = c.Credit.Hours, c.Credit.Module.Title
	}
	return v
}

// verifyCommand checks records and says why each is valid or not.
type verifyCommand struct {
	catalogueOptions
	json bool
}

func (*verifyCommand) Name() string { return "verify" }

func (c *verifyCommand) Flags(f *cli.Flags) {
	c.catalogueOptions.flags(f)
	f.Bool(&c.json, "json", "", "declicentre.flag.json")
}

func (c *verifyCommand) Run(_ context.Context, env *cli.Env, paths []string) error {
	if len(paths) == 0 {
		return cli.Usage("declicentre.verify.no_path")
	}
	files, err := centre.RecordFiles(paths)
	if err != nil {
		return failed(i18n.M("centre.reason.error", "Text", centre.Clean(err.Error())))
	}
	cat, err := c.catalogueOptions.load(env, c.json)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(env.Stdout)
	code := exitOK
	centre.CheckEach(files, env.Now(), cat, func(ch centre.Checked) {
		v := verifyResultOf(env, ch)
		switch {
		case v.Reason == centre.CodeUnreadable || v.Reason == centre.CodeNotRegular || v.Reason == centre.CodeTooLarge:
			code = exitBadInput
		case !v.Valid && !v.Skipped && code == exitOK:
			code = exitRefused
		}
		if c.json {
			enc.Encode(v)
			return
		}
		switch {
		case v.Valid:
			suite := ""
			if v.Cryptosuite == records.SuiteJCS {
				suite = env.T("declicentre.verify.jcs")
			}
			say(env, i18n.M("declicentre.verify.valid", "File", centre.Clean(v.File), "Module", centre.Clean(v.Module), "Hours", centre.Number(v.Hours),
				"Minutes", v.ActiveMinutes, "End", centre.Day(ch.Record.End), "Suite", suite))
		case v.Skipped:
			say(env, i18n.M("declicentre.skipped_line", "File", centre.Clean(v.File), "Text", v.Message))
		default:
			say(env, i18n.M("declicentre.verify.invalid", "File", centre.Clean(v.File), "Text", v.Message))
		}
	})
	if len(files) == 0 && !c.json {
		say(env, i18n.M("declicentre.verify.none"))
	}
	if code != exitOK {
		return cli.Quiet(code)
	}
	return nil
}

// creditCommand verifies records then credits them, once each, to one dossier.
type creditCommand struct {
	ledgerOptions
	identityOptions
	keyOptions
	catalogueOptions
	learner, pass, policy, profile string
	json, dryRun, newLedger        bool
}

func (*creditCommand) Name() string { return "credit" }

func (c *creditCommand) Flags(f *cli.Flags) {
	c.ledgerOptions.flags(f)
	f.String(&c.learner, "learner", "", "declicentre.value.dossier", "declicentre.flag.learner")
	f.String(&c.pass, "pass", "", "declicentre.value.pass", "declicentre.credit.flag_pass")
	f.String(&c.profile, "profile", "", "declicentre.value.code", "declicentre.credit.flag_profile")
	f.Bool(&c.dryRun, "dry-run", "n", "declicentre.credit.flag_dry_run")
	f.Bool(&c.newLedger, "new-ledger", "", "declicentre.flag.new_ledger")
	c.identityOptions.flags(f)
	c.keyOptions.flags(f)
	c.catalogueOptions.flags(f)
	f.String(&c.policy, "policy", "", "declicentre.value.file", "declicentre.flag.policy")
	f.Bool(&c.json, "json", "", "declicentre.flag.json")
}

// profileOf returns the profiles (learner keys) of valid records, with their counts.
func profilesOf(checked []centre.Checked) map[string]int {
	out := map[string]int{}
	for _, ch := range checked {
		if ch.Record != nil && ch.Record.IssuerDID != "" && ch.Err == nil {
			out[ch.Record.IssuerDID]++
		}
	}
	return out
}

// chooseProfile decides which profile of several to credit: --profile (a card's code
// or did:key), else the answer typed on a terminal; without either, nothing.
func (c *creditCommand) chooseProfile(env *cli.Env, profiles map[string]int) (string, error) {
	var dids []string
	for did := range profiles {
		dids = append(dids, did)
	}
	sort.Strings(dids)
	match := func(typed string) string {
		for _, did := range dids {
			if typed == did {
				return did
			}
			if _, _, err := centre.LearnerKey(nil, did, typed); err == nil {
				return did
			}
		}
		return ""
	}
	if c.profile != "" {
		if did := match(strings.TrimSpace(c.profile)); did != "" {
			return did, nil
		}
		return "", refused(i18n.M("declicentre.credit.profile_unknown", "Code", centre.Clean(c.profile)))
	}
	var list []string
	for _, did := range dids {
		list = append(list, env.Tr.Message(i18n.M("declicentre.credit.profile_line", "Code", centre.CodeOf(did), "N", profiles[did])))
	}
	say(env, i18n.M("declicentre.credit.several", "N", len(dids), "List", strings.Join(list, "\n")))
	if _, ok := terminal(env); ok {
		for range 3 {
			fmt.Fprint(env.Stderr, env.T("declicentre.credit.ask_profile"))
			var typed string
			fmt.Fscanln(env.Stdin, &typed)
			if did := match(strings.TrimSpace(typed)); did != "" {
				return did, nil
			}
		}
	}
	return "", refused(i18n.M("declicentre.credit.say_profile"))
}

func (c *creditCommand) Run(ctx context.Context, env *cli.Env, paths []string) error {
	where := c.where(env)
	if where == "" || strings.TrimSpace(c.learner) == "" || len(paths) == 0 {
		return cli.Usage("declicentre.credit.usage")
	}
	policy, err := loadPolicy(c.policy)
	if err != nil {
		return err
	}
	key, err := c.keyOptions.load(env, where)
	if err != nil {
		return err
	}
	files, err := centre.RecordFiles(paths)
	if err != nil {
		return failed(i18n.M("centre.reason.error", "Text", centre.Clean(err.Error())))
	}
	cat, err := c.catalogueOptions.load(env, c.json)
	if err != nil {
		return err
	}
	var checked []centre.Checked
	centre.CheckEach(files, env.Now(), cat, func(ch centre.Checked) { checked = append(checked, ch) })
	chosen := ""
	if profiles := profilesOf(checked); len(profiles) > 1 {
		if chosen, err = c.chooseProfile(env, profiles); err != nil {
			return err
		}
	}
	store, err := openLedger(ctx, env, where, c.newLedger, !c.dryRun)
	if err != nil {
		return err
	}
	defer store.Close()
	centreID, operator := c.resolve(env)
	in := centre.CreditInput{Centre: centreID, Operator: operator, Learner: strings.TrimSpace(c.learner), Pass: strings.TrimSpace(c.pass),
		Key: key, Policy: policy, Now: env.Now()}
	enc := json.NewEncoder(env.Stdout)
	code := exitOK
	var total float64
	unenrolled := 0
	// The files of another profile are left aside; the others are credited in one
	// transaction of the ledger (or each asked about, in a dry run).
	results := make([]centre.CreditResult, len(checked))
	var toCredit []centre.Checked
	var at []int
	for i, ch := range checked {
		switch {
		case chosen != "" && ch.Record != nil && ch.Record.IssuerDID != chosen && ch.Err == nil:
			results[i] = centre.CreditResult{File: ch.File, Skipped: true}
			results[i].Refuse("other-profile", i18n.M("declicentre.credit.other_profile", "Code", centre.CodeOf(ch.Record.IssuerDID)))
		case c.dryRun:
			results[i] = centre.CreditChecked(ctx, store, in, ch, true)
		default:
			toCredit, at = append(toCredit, ch), append(at, i)
		}
	}
	for j, res := range centre.CreditEach(ctx, store, in, toCredit) {
		results[at[j]] = res
	}
	for _, res := range results {
		res.Message = env.Tr.Message(res.Why)
		if !res.Credited && !res.Skipped {
			code = exitRefused
		}
		total += res.Hours
		if res.Credited && !res.Enrolled {
			unenrolled++
		}
		if c.json {
			if res.Reduced.ID != "" {
				res.Note = env.Tr.Message(res.Reduced)
			}
			enc.Encode(res)
			continue
		}
		printCredit(env, res, c.dryRun)
	}
	if !c.json {
		if c.dryRun {
			say(env, i18n.M("declicentre.credit.total_dry", "Hours", centre.Number(total)))
		} else {
			say(env, i18n.M("declicentre.credit.total", "Hours", centre.Number(total)))
		}
		if unenrolled > 0 {
			say(env, i18n.M("declicentre.credit.unenrolled", "N", unenrolled))
		}
	}
	if code != exitOK {
		return cli.Quiet(code)
	}
	return nil
}

func printCredit(env *cli.Env, res centre.CreditResult, dryRun bool) {
	switch {
	case res.Credited:
		note := ""
		if res.Reduced.ID != "" {
			note = env.Tr.Message(i18n.M("declicentre.credit.reduced", "Claimed", centre.Number(res.Claimed), "Why", res.Reduced))
		}
		card := i18n.M("declicentre.credit.card_enrolled")
		if !res.Enrolled {
			card = i18n.M("declicentre.credit.card_unenrolled")
		}
		id := "declicentre.credit.credited"
		if dryRun {
			id = "declicentre.credit.would_credit"
		}
		say(env, i18n.M(id, "File", centre.Clean(res.File), "Hours", centre.Number(res.Hours), "Word", creditedWord(res.Hours), "Note", note,
			"Learner", centre.Clean(res.Learner), "Module", centre.Clean(res.Module), "Card", card, "Seq", res.Entry))
	case res.Skipped:
		say(env, i18n.M("declicentre.skipped_line", "File", centre.Clean(res.File), "Text", res.Message))
	default:
		say(env, i18n.M("declicentre.credit.refused", "File", centre.Clean(res.File), "Text", res.Message))
	}
}

// creditedWord agrees « créditée(s) » with a number of hours, as French does (below 2,
// singular).
func creditedWord(h float64) i18n.Message {
	if h < 2 {
		return i18n.M("declicentre.credit.word_one")
	}
	return i18n.M("declicentre.credit.word_many")
}
