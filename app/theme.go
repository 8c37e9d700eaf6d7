package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Palette is the set of colours a Déclic theme uses. Text colours are chosen so that
// their contrast with the background meets WCAG AA (4.5:1) for the calm palette.
type Palette struct {
	Background, Foreground, Primary, OnPrimary     color.NRGBA
	Button, Input, Border, Callout, Success, Error color.NRGBA
	Disabled                                       color.NRGBA
}

// CalmPalette is the default: warm off-white, near-black text, a deep blue.
var CalmPalette = Palette{
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
}

// Theme is Déclic's look: large text, calm colours, big controls. Scale enlarges
// every size (1 = default, 2 = twice as large) for learners who see poorly.
type Theme struct {
	Palette Palette
	Scale   float32
}

// NewTheme returns the calm theme at the default size.
func NewTheme() *Theme { return &Theme{Palette: CalmPalette, Scale: 1} }

var _ fyne.Theme = (*Theme)(nil)

// Color returns the palette colour for a Fyne colour name; the variant is ignored
// because Déclic always shows its own light palette (dark themes are hard to read
// on the cheap, dim screens many learners have).
func (t *Theme) Color(name fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	p := t.Palette
	switch name {
	case theme.ColorNameBackground, theme.ColorNameOverlayBackground, theme.ColorNameMenuBackground:
		return p.Background
	case theme.ColorNameForeground, theme.ColorNameHyperlink:
		return p.Foreground
	case theme.ColorNamePrimary, theme.ColorNameFocus:
		return p.Primary
	case theme.ColorNameForegroundOnPrimary:
		return p.OnPrimary
	case theme.ColorNameButton:
		return p.Button
	case theme.ColorNameInputBackground:
		return p.Input
	case theme.ColorNameInputBorder, theme.ColorNameSeparator:
		return p.Border
	case theme.ColorNameSuccess:
		return p.Success
	case theme.ColorNameError:
		return p.Error
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
func (t *Theme) Font(style fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(style) }

// Icon uses Fyne's icons.
func (t *Theme) Icon(name fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(name) }

// Size makes text about 40% larger than Fyne's default and controls roomier.
func (t *Theme) Size(name fyne.ThemeSizeName) float32 {
	s := t.Scale
	if s <= 0 {
		s = 1
	}
	switch name {
	case theme.SizeNameText:
		return 20 * s
	case theme.SizeNameHeadingText:
		return 32 * s
	case theme.SizeNameSubHeadingText:
		return 26 * s
	case theme.SizeNameCaptionText:
		return 16 * s
	case theme.SizeNamePadding:
		return 6 * s
	case theme.SizeNameInnerPadding:
		return 12 * s
	case theme.SizeNameInlineIcon:
		return 28 * s
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
