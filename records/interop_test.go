package records_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"declic/internal/prereq"
	"declic/records"
)

// interopDir holds the Node.js script and the pinned package-lock.json.
const interopDir = "interop"

// nodeReady returns the node binary when it and the pinned libraries are available,
// running `npm ci` once if node_modules is missing; otherwise it skips the test (fails it in CI).
func nodeReady(t *testing.T) string {
	t.Helper()
	node := prereq.Program(t, "node", "nodejs")
	if _, err := os.Stat(filepath.Join(interopDir, "node_modules", "@digitalbazaar", "vc")); err != nil {
		npm := prereq.Program(t, "npm", "npm")
		cmd := exec.Command(npm, "ci", "--prefer-offline", "--no-audit", "--no-fund")
		cmd.Dir = interopDir
		if out, err := cmd.CombinedOutput(); err != nil {
			prereq.Missing(t, "interop: `npm ci` failed in records/interop (offline?): %v\n%s", err, out)
		}
	}
	return node
}

type nodeResult struct {
	File     string `json:"file"`
	Verified bool   `json:"verified"`
	Error    string `json:"error"`
}

func runNodeVerify(t *testing.T, node string, files ...string) map[string]nodeResult {
	t.Helper()
	cmd := exec.Command(node, append([]string{"interop.mjs", "verify"}, files...)...)
	cmd.Dir = interopDir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node verify: %v\n%s", err, out)
	}
	results := map[string]nodeResult{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r nodeResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("node output %q: %v", sc.Text(), err)
		}
		results[filepath.Base(r.File)] = r
	}
	return results
}

func TestInteropDigitalBazaarVerifiesDeclicRecords(t *testing.T) {
	node := nodeReady(t)
	dir := t.TempDir()
	// Two learner profiles, each with its own key, as on a shared EPN PC.
	key, other := mustKey(t), mustKey(t)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := sampleInput()
	named := sampleInput()
	named.DisplayName = "Zoé Exemple-Œuvre"
	named.ModuleTitle = "Les e-mails 📧 « pas à pas »"
	named.Hours = 0.75
	named.FinalScore = 66.6
	named.ActiveMinutes = 40
	noCompetency := sampleInput()
	noCompetency.Competencies = nil
	noCompetency.IssuerName = ""
	good := map[string][]byte{
		"plain.json":         mustIssue(t, key, plain),
		"named.json":         mustIssue(t, other, named),
		"no-competency.json": mustIssue(t, key, noCompetency),
		"jcs.json":           jcsCredential(key, 2, 2),
	}
	tampered := mutate(t, good["plain.json"], func(d map[string]any) { sub(d, "credentialSubject")["creditsEarned"] = 1.0 })
	var files []string
	for name, data := range good {
		files = append(files, write(name, data))
	}
	files = append(files, write("tampered.json", tampered))
	results := runNodeVerify(t, node, files...)
	for name := range good {
		r, ok := results[name]
		if !ok || !r.Verified {
			t.Errorf("%s: the reference verifier says %+v", name, r)
		}
	}
	if r := results["tampered.json"]; r.Verified {
		t.Error("the reference verifier accepted a tampered Déclic record")
	}
}

func TestInteropDeclicVerifiesDigitalBazaarRecords(t *testing.T) {
	node := nodeReady(t)
	dir := t.TempDir()
	for _, suite := range []string{records.SuiteRDFC, records.SuiteJCS} {
		t.Run(suite, func(t *testing.T) {
			out := filepath.Join(dir, suite+".json")
			cmd := exec.Command(node, "interop.mjs", "issue", suite, out)
			cmd.Dir = interopDir
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("node issue: %v\n%s", err, msg)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			rec, err := records.Verify(data, records.VerifyOptions{Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)})
			if err != nil {
				t.Fatalf("Déclic verifier refuses the reference record: %v", err)
			}
			if rec.Cryptosuite != suite || rec.CreditsEarned != 2 || rec.ModuleTitle != "Le clavier" {
				t.Errorf("record read as %+v", rec)
			}
			changed := mutate(t, data, func(d map[string]any) { d["name"] = "Autre" })
			if _, err := records.Verify(changed, records.VerifyOptions{Now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}); records.ReasonOf(err) != records.ReasonTampered {
				t.Errorf("changed reference record: %v", err)
			}
		})
	}
}
