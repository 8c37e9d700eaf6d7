package attest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"declic/internal/prereq"
	"declic/learner"
)

// interopDir holds records' Node.js check against the Digital Bazaar libraries.
var interopDir = filepath.Join("..", "records", "interop")

// TestInteropDigitalBazaarVerifiesRecordsOfTwoProfiles issues records as the app does
// — two profiles of one PC, each with its own key, through a real learner store — and
// has the reference libraries (@digitalbazaar/vc, eddsa-rdfc-2022) verify them
// offline. A record changed after signing must be refused.
func TestInteropDigitalBazaarVerifiesRecordsOfTwoProfiles(t *testing.T) {
	node := prereq.Program(t, "node", "nodejs")
	if _, err := os.Stat(filepath.Join(interopDir, "node_modules", "@digitalbazaar", "vc")); err != nil {
		npm := prereq.Program(t, "npm", "npm")
		cmd := exec.Command(npm, "ci", "--prefer-offline", "--no-audit", "--no-fund")
		cmd.Dir = interopDir
		if out, err := cmd.CombinedOutput(); err != nil {
			prereq.Missing(t, "interop: `npm ci` failed in records/interop (offline?): %v\n%s", err, out)
		}
	}
	f := newFixture(t)
	f.complete(t, "02-la-souris", "La souris", 1.5, 0.9, day0)
	other, err := f.store.CreateProfile(ctx, learner.NewProfile{FirstName: "Bruno", Avatar: "soleil"})
	if err != nil {
		t.Fatal(err)
	}
	g := &fixture{store: f.store, profile: other}
	g.complete(t, "03-le-clavier", "Le clavier", 2, 0.85, day0)
	mine, err := f.issuer.Issue(ctx, f.profile.ID, f.modules(t), "Aïcha")
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := f.issuer.Issue(ctx, other.ID, g.modules(t), "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string][]byte{"aicha.json": mine[0].JSON, "bruno.json": theirs[0].JSON,
		"tampered.json": bytes.Replace(mine[0].JSON, []byte(`"creditsEarned": 1.5`), []byte(`"creditsEarned": 15`), 1)}
	if bytes.Equal(files["tampered.json"], mine[0].JSON) {
		t.Fatal("the tampering did not change the record")
	}
	var paths []string
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	cmd := exec.Command(node, append([]string{"interop.mjs", "verify"}, paths...)...)
	cmd.Dir = interopDir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node verify: %v\n%s", err, out)
	}
	verified := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r struct {
			File     string `json:"file"`
			Verified bool   `json:"verified"`
			Error    string `json:"error"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("node output %q: %v", sc.Text(), err)
		}
		verified[filepath.Base(r.File)] = r.Verified
		if r.Error != "" {
			t.Logf("%s: %s", filepath.Base(r.File), r.Error)
		}
	}
	if !verified["aicha.json"] || !verified["bruno.json"] {
		t.Errorf("the reference verifier refused a profile's record: %v", verified)
	}
	if verified["tampered.json"] {
		t.Error("the reference verifier accepted a tampered record")
	}
	if a, b := verifyAt(t, mine[0].JSON), verifyAt(t, theirs[0].JSON); a.IssuerDID == b.IssuerDID {
		t.Error("the two profiles' records have one issuer")
	}
}
