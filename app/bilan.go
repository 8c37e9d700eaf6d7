package app

import (
	"context"
	"path/filepath"

	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/attest"
	"declic/learner"
	"declic/plugins/view"
)

// bilanFileName is the name of a « Mon bilan » file:
// bilan-declic-<prénom>-<the first group of the card code>-<date>.json.
func (u *ui) bilanFileName(firstName, code string) string {
	return "bilan-declic-" + fileSafe(firstName) + "-" + codeGroup(code) + "-" + u.opts.Now().Format("2006-01-02") + ".json"
}

// saveBilan asks where to save « Mon bilan » — the progress file signed by the
// profile's key that a centre reads for its diagnostic view — and writes it there.
// The first name is in it only when withName is true.
func (u *ui) saveBilan(withName bool) {
	if u.profile == nil || u.store == nil {
		u.ShowHome()
		return
	}
	tr := u.tr
	p := *u.profile
	u.showSavePlaces(saveRequest{
		title: tr.T("bilan.where"),
		files: func() ([]attest.File, error) {
			if err := u.Flush(); err != nil { // the last events belong in the bilan
				return nil, err
			}
			data, err := u.store.SignedBilan(context.Background(), p.ID, learner.ModulesOf(u.opts.Packs...), withName)
			if err != nil {
				return nil, err
			}
			key, err := u.store.ProfileKey(context.Background(), p.ID)
			if err != nil {
				return nil, err
			}
			return []attest.File{{Name: u.bilanFileName(p.FirstName, key.Fingerprint()), Data: data}}, nil
		},
		done: func(stick, dir string, paths []string) {
			done := view.NewPushButton(tr.T("learner.mydata.title"), theme.NavigateBackIcon(), u.ShowMyData)
			done.Importance = widget.HighImportance
			next := tr.T("bilan.next_stick")
			if stick == "" {
				next = tr.T("bilan.next_folder")
			}
			u.showSaved(tr.T("bilan.done"), stick, dir, []string{
				tr.T("bilan.file", map[string]any{"File": filepath.Base(paths[0])}), next,
			}, done)
		},
		back: u.ShowMyData,
	})
}
