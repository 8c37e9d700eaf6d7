package speech

import "testing"

// BenchmarkClean cleans a typical screen (title, text, keys, an address, a unit).
func BenchmarkClean(b *testing.B) {
	screen := screens["email"] + "\n" + screens["site"] + "\n" + screens["souris"]
	b.ReportAllocs()
	for b.Loop() {
		Clean(screen, "fr")
	}
}
