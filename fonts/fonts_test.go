package fonts

import (
	"bytes"
	"testing"

	"golang.org/x/image/font/sfnt"
)

func TestBothFacesAreDejaVuSans(t *testing.T) {
	for name, data := range map[string][]byte{"DejaVu Sans": Regular(), "DejaVu Sans Bold": Bold()} {
		f, err := sfnt.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		full, err := f.Name(nil, sfnt.NameIDFull)
		if err != nil || full != name {
			t.Errorf("the font is named %q (%v), want %q", full, err, name)
		}
	}
	if bytes.Equal(Regular(), Bold()) {
		t.Error("the bold face is the regular one")
	}
}
