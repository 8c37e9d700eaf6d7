package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"declic/plugins/view"
)

// themePalette is the set of colours a Déclic theme uses. Text colours are chosen so that
// their contrast with every background they sit on meets WCAG AA (4.5:1) in the calm
// palette and AAA (7:1) in the high-contrast one; theme_a11y_test.go computes it.
type themePalette struct {
	Background, Foreground, Primary, OnPrimary     color.NRGBA
	Button, Input, Border, Callout, Success, Error color.NRGBA
	Disabled                                       color.NRGBA
	// Focus is laid over the focused button, check or field (Fyne blends it with
	// the background), under the focus outline.
	Focus color.NRGBA
	// FocusOutline is the focus outline's ring around the focused control (see
	// view.Outline): 3:1 or more against every background the app draws.
	FocusOutline color.NRGBA
	// FocusHalo is the thin light ring outside FocusOutline: the outline shows on
	// a dark background too.
	FocusHalo color.NRGBA
	// CalloutBorder frames the « À retenir » box.
	CalloutBorder color.NRGBA
	// Warning is the text colour of a caution (not an error).
	Warning color.NRGBA
}

// calmPalette is the default: warm off-white, near-black text, a deep blue.
var calmPalette = themePalette{
	Background: color.NRGBA{0xF7, 0xF5, 0xEF, 0xFF},
	Foreground: color.NRGBA{0x1C, 0x1F, 0x24, 0xFF},
	Primary:    color.NRGBA{0x1D, 0x55, 0x9A, 0xFF},
	OnPrimary:  color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF},
	Button:     color.NRGBA{0xE2, 0xE8, 0xF1, 0xFF},
	Input:      color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF},
	Border:     color.NRGBA{0x6B, 0x72, 0x80, 0xFF},
	Callout:    color.NRGBA{0xFF, 0xF1, 0xC7, 0xFF},
	Success:    color.NRGBA{0x1B, 0x6E, 0x2F, 0xFF},
	Error:      color.NRGBA{0xA4, 0x22, 0x1A, 0xFF},
	Disabled:   color.NRGBA{0x5F, 0x64, 0x6D, 0xFF},
	// A translucent navy: it darkens a light button and a blue one alike, so the
	// focus shows on both while their text stays readable.
	Focus:         color.NRGBA{0x0B, 0x1F, 0x3A, 0x59},
	FocusOutline:  color.NRGBA{0x0B, 0x1F, 0x3A, 0xFF},
	FocusHalo:     color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF},
	CalloutBorder: color.NRGBA{0x8C, 0x6A, 0x00, 0xFF},
	Warning:       color.NRGBA{0x85, 0x4D, 0x00, 0xFF},
}

// highContrastPalette is for learners who see poorly: pure black on white, dark
// blue and black controls, every text at 7:1 or more.
var highContrastPalette = themePalette{
	Background:    color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF},
	Foreground:    color.NRGBA{0x00, 0x00, 0x00, 0xFF},
	Primary:       color.NRGBA{0x00, 0x2A, 0x7A, 0xFF},
	OnPrimary:     color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF},
	Button:        color.NRGBA{0xE8, 0xE8, 0xE8, 0xFF},
	Input:         color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF},
	Border:        color.NRGBA{0x00, 0x00, 0x00, 0xFF},
	Callout:       color.NRGBA{0xFF, 0xF4, 0xB0, 0xFF},
	Success:       color.NRGBA{0x00, 0x52, 0x1F, 0xFF},
	Error:         color.NRGBA{0x8A, 0x00, 0x00, 0xFF},
	Disabled:      color.NRGBA{0x4A, 0x4A, 0x4A, 0xFF},
	Focus:         color.NRGBA{0x00, 0x00, 0x00, 0x4D},
	FocusOutline:  color.NRGBA{0x00, 0x00, 0x00, 0xFF},
	FocusHalo:     color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF},
	CalloutBorder: color.NRGBA{0x00, 0x00, 0x00, 0xFF},
	Warning:       color.NRGBA{0x66, 0x3C, 0x00, 0xFF},
}

// appTheme names stored in a profile's preferences (learner.Preferences.Theme).
const (
	themeCalm         = ""
	themeHighContrast = "contraste"
)

// paletteNamed returns the palette of a theme name; unknown names give the calm one.
func paletteNamed(name string) themePalette {
	if name == themeHighContrast {
		return highContrastPalette
	}
	return calmPalette
}

// textScales are the text sizes a learner can choose, from large to very large:
// 100 %, 125 %, 150 % and 200 % of Déclic's already large default.
var textScales = []float32{1, 1.25, 1.5, 2}

// appTheme is Déclic's look: large text, calm colours, big controls. Scale enlarges
// every size (1 = default, 2 = twice as large) for learners who see poorly.
type appTheme struct {
	Palette themePalette
	Scale   float32
}

// newTheme returns the calm theme at the default size.
func newTheme() *appTheme { return &appTheme{Palette: calmPalette, Scale: 1} }

var _ fyne.Theme = (*appTheme)(nil)

// Color returns the palette colour for a Fyne colour name; the variant is ignored
// because Déclic always shows its own light palette (dark themes are hard to read
// on the cheap, dim screens many learners have).
func (t *appTheme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	p := t.Palette
	switch name {
	case theme.ColorNameBackground, theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground:
		return p.Background
	case theme.ColorNameForeground, theme.ColorNameHyperlink:
		return p.Foreground
	case theme.ColorNamePrimary:
		return p.Primary
	case theme.ColorNameFocus:
		return p.Focus
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError, theme.ColorNameForegroundOnSuccess:
		return p.OnPrimary
	case theme.ColorNameButton, theme.ColorNameDisabledButton:
		return p.Button
	case theme.ColorNameInputBackground:
		return p.Input
	case theme.ColorNameInputBorder, theme.ColorNameSeparator:
		return p.Border
	case theme.ColorNameScrollBar:
		return withAlpha(p.Border, 0xC0)
	case theme.ColorNameSuccess:
		return p.Success
	case theme.ColorNameError:
		return p.Error
	case theme.ColorNameWarning:
		return p.Warning
	case theme.ColorNameForegroundOnWarning:
		return p.OnPrimary
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return p.Disabled
	case theme.ColorNameHover:
		return withAlpha(p.Primary, 0x22)
	case theme.ColorNamePressed:
		return withAlpha(p.Primary, 0x44)
	case theme.ColorNameSelection:
		return withAlpha(p.Primary, 0x33)
	case theme.ColorNameHeaderBackground:
		return p.Button
	}
	return theme.DefaultTheme().Color(name, theme.VariantLight)
}

func withAlpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

// Font uses Fyne's bundled fonts, which cover French, and most Latin, Cyrillic and
// Greek text.
func (t *appTheme) Font(style fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(style) }

// Icon uses Fyne's icons.
func (t *appTheme) Icon(name fyne.ThemeIconName) fyne.Resource {
	return theme.DefaultTheme().Icon(name)
}

// Size makes text about 40% larger than Fyne's default and controls roomier;
// Scale multiplies the reading text (see TextScales).
func (t *appTheme) Size(name fyne.ThemeSizeName) float32 {
	s := t.Scale
	if s <= 0 {
		s = 1
	}
	// Reading text grows with the scale; headings, spaces and icons, already
	// large, grow half as much, so that a screen at 200 % still holds its text.
	half := 1 + (s-1)/2
	switch name {
	case theme.SizeNameText:
		return 20 * s
	case theme.SizeNameHeadingText:
		return max(32*half, 20*s*1.2)
	case theme.SizeNameSubHeadingText:
		return max(26*half, 20*s*1.05)
	case theme.SizeNameCaptionText:
		return 16 * s
	case theme.SizeNamePadding:
		return 6 * half
	case theme.SizeNameInnerPadding:
		return 12 * half
	case theme.SizeNameInlineIcon:
		return 28 * half
	case theme.SizeNameScrollBar:
		return 18
	case theme.SizeNameScrollBarSmall:
		return 8
	case theme.SizeNameInputBorder:
		return 2
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 8
	}
	return theme.DefaultTheme().Size(name) * s
}

var _ view.OutlineTheme = (*appTheme)(nil)

// OutlineColors are the focus outline's colours: the palette's dark ring and
// light halo.
func (t *appTheme) OutlineColors(fyne.ThemeVariant) (dark, halo color.Color) {
	return t.Palette.FocusOutline, t.Palette.FocusHalo
}

// OutlineWidths grow like spaces, half as fast as the text: with the 1-unit gap,
// the outline fills the padding between two controls, 6 units at 100 % and 8 of
// 9 at 200 %.
func (t *appTheme) OutlineWidths() (dark, halo float32) {
	s := t.Scale
	if s <= 0 {
		s = 1
	}
	half := 1 + (s-1)/2
	return 3 * half, 2 * half
}
