package attest

import (
	"strings"
	"testing"

	"declic/learner"
)

// FuzzFileName: pack and module ids come from trainers' packs; whatever they hold,
// a record's file name stays one plain name inside the chosen folder.
func FuzzFileName(f *testing.F) {
	for _, seed := range [][2]string{{"declic-starter", "02-la-souris"}, {"../..", "/etc/passwd"}, {"Été", "CON"}, {"", ""}, {"a\x00b", "c\\d:e"}} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, pack, module string) {
		name := FileName(Credential{Module: learner.CompletedModule{PackID: pack, ModuleID: module}})
		if !strings.HasPrefix(name, "attestation-") || !strings.HasSuffix(name, ".json") {
			t.Fatalf("%q", name)
		}
		if strings.ContainsAny(name, `/\:*?"<>|`) || strings.Contains(name, "..") {
			t.Fatalf("unsafe file name %q from %q, %q", name, pack, module)
		}
		for _, r := range name {
			if r < 0x20 || r > 0x7e {
				t.Fatalf("non-ASCII or control character in %q", name)
			}
		}
	})
}
