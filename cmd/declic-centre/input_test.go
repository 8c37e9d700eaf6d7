package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"declic/centre"
)

// finishes runs f and fails the test if it has not returned after a minute: the
// commands below must return at once, and a hang would otherwise only show as the whole
// test binary's timeout.
func finishes(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { f(); close(done) }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("the command did not return")
	}
}

func TestAFIFOAndADeviceAreRefusedWithoutBeingRead(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs in the Windows file system")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "tube.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	zero := filepath.Join(dir, "zero.json")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "gros.txt")
	os.WriteFile(big, make([]byte, 1_000_001), 0o600)
	c := newCentre(t)
	for _, args := range [][]string{{"verify", fifo, zero, big}, {"verify", dir}, {"credit", "--learner", "L", fifo, zero, big},
		{"enrol", "--card", zero, "--learner", "L"}, {"enrol", "--card", fifo, "--learner", "L"}, {"check-ledger", "--checkpoint", fifo}} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var code int
		var out, errOut string
		finishes(t, func() { code, out, errOut = c.run(t, args...) })
		runtime.ReadMemStats(&after)
		if grown := after.TotalAlloc - before.TotalAlloc; grown > 50e6 {
			t.Errorf("%v allocated %d bytes", args, grown)
		}
		text := out + errOut
		if code == exitOK || !strings.Contains(text, "pas un fichier ordinaire") {
			t.Errorf("%v: exit %d\n%s", args, code, text)
		}
		if args[0] == "verify" && !strings.Contains(text, "plus de 1 Mo") {
			t.Errorf("%v: the big file is not refused for its size\n%s", args, text)
		}
	}
}

func TestHoursWrittenAsTextGetAClearReason(t *testing.T) {
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	good := issueTo(t, dir, p, "r.json", souris(p))
	var doc map[string]any
	json.Unmarshal(mustRead(t, good), &doc)
	doc["credentialSubject"].(map[string]any)["creditsEarned"] = "20"
	data, _ := json.Marshal(doc)
	text := filepath.Join(dir, "texte.json")
	os.WriteFile(text, data, 0o600)
	code, out, _ := runCLI(t, "verify", text)
	if code != exitRefused || !strings.Contains(out, "le champ creditsEarned est écrit comme un texte (entre guillemets) : il doit être un nombre") {
		t.Fatalf("%d\n%s", code, out)
	}
}

func TestControlCharactersNeverReachTheTerminalAndCSVCellsAreNotFormulas(t *testing.T) {
	c := newCentre(t)
	dir := t.TempDir()
	p := newProfile(t, t.TempDir(), "Ana")
	c.enrol(t, p, "=HYPERLINK(\"http://x\")")
	rec := issueTo(t, dir, p, "a\x1b[2Jb\u202e.json", souris(p))
	code, out, _ := c.run(t, "credit", rec, "--learner", "=HYPERLINK(\"http://x\")", "--pass", "@SUM(A1)")
	if code != exitOK || strings.ContainsAny(out, "\x1b\u202e") || !strings.Contains(out, "a[2Jb.json") {
		t.Fatalf("%d %q", code, out)
	}
	_, out, _ = c.run(t, "ledger", "--csv")
	if !strings.Contains(out, `'=HYPERLINK(""http://x"")`) || !strings.Contains(out, ";'@SUM(A1);") || strings.Contains(out, ";=") {
		t.Fatalf("ledger --csv:\n%s", out)
	}
	_, out, _ = c.run(t, "report", "--from", monthFrom, "--to", monthTo, "--csv")
	if strings.Contains(out, ";=") || strings.Contains(out, ";@") || !strings.Contains(out, "'=HYPERLINK") {
		t.Fatalf("report --csv:\n%s", out)
	}
	for in, want := range map[string]string{"-2": "-2", "-1.5": "-1.5", "-cmd": "'-cmd", "+33 1": "'+33 1", "\tx": "'\tx", "Le\u009b31m clavier": "Le31m clavier"} {
		if got := centre.CSVCell(in); got != want && !(in == "\tx" && got == "x") {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}
