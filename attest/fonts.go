package attest

// Fonts returns the TrueType files of DejaVu Sans, regular and bold, that the
// printable attestation uses: other printable documents of Déclic (a centre's report)
// use the same, so accents and « » print everywhere alike.
func Fonts() (regular, bold []byte) { return fontRegular, fontBold }
