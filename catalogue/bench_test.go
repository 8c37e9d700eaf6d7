package catalogue

import "testing"

// BenchmarkLoadEmbedded reads the catalogue of the packs embedded in Déclic, as every
// crediting or verifying command of declic-centre does.
func BenchmarkLoadEmbedded(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		c, _ := Load(Options{})
		if len(c.modules) == 0 {
			b.Fatalf("catalogue of %d modules", len(c.modules))
		}
	}
}
