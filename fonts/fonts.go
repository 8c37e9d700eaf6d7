// Package fonts embeds the typeface Déclic draws words with outside the screen:
// DejaVu Sans, regular and bold (DejaVu fonts 2.37, Bitstream Vera licence, see
// LICENSE). It covers French accents, « », – and ’, and the Latin, Greek and
// Cyrillic letters of learners' first names. The PDF attestation and summary
// sheets embed it, and the words of pack pictures are drawn with it.
package fonts

import _ "embed" // the font files below

var (
	//go:embed DejaVuSans.ttf
	regular []byte
	//go:embed DejaVuSans-Bold.ttf
	bold []byte
)

// Regular returns DejaVu Sans as a TrueType file. The bytes are shared: do not
// change them.
func Regular() []byte { return regular }

// Bold returns DejaVu Sans Bold as a TrueType file. The bytes are shared: do not
// change them.
func Bold() []byte { return bold }
