package app

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// luminance is WCAG 2's relative luminance of an opaque colour.
func luminance(c color.Color) float64 {
	r, g, b, _ := color.NRGBAModel.Convert(c).(color.NRGBA).R, color.NRGBAModel.Convert(c).(color.NRGBA).G, color.NRGBAModel.Convert(c).(color.NRGBA).B, 0
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.03928 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2's contrast ratio between two opaque colours (1 to 21).
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// over lays a translucent colour on an opaque one, as Fyne does for focus, hover
// and selection.
func over(under, top color.Color) color.Color {
	u := color.NRGBAModel.Convert(under).(color.NRGBA)
	o := color.NRGBAModel.Convert(top).(color.NRGBA)
	a := float64(o.A) / 255
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-a) + float64(y)*a)) }
	return color.NRGBA{mix(u.R, o.R), mix(u.G, o.G), mix(u.B, o.B), 0xFF}
}

func TestContrastOfEveryTextAndBackgroundTheAppUses(t *testing.T) {
	for _, c := range []struct {
		name      string
		palette   themePalette
		text, dim float64 // minimum for text, for disabled text and placeholders
	}{
		{"calm", calmPalette, 4.5, 4.5},
		{"high contrast", highContrastPalette, 7, 4.5},
	} {
		th := &appTheme{Palette: c.palette, Scale: 1}
		for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
			col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, v) }
			bg, btn, input := col(theme.ColorNameBackground), col(theme.ColorNameButton), col(theme.ColorNameInputBackground)
			primary := col(theme.ColorNamePrimary)
			pairs := []struct {
				what     string
				fg, back color.Color
				min      float64
			}{
				{"text on the background", col(theme.ColorNameForeground), bg, c.text},
				{"text on a button", col(theme.ColorNameForeground), btn, c.text},
				{"text on a focused button", col(theme.ColorNameForeground), over(btn, col(theme.ColorNameFocus)), c.text},
				{"text on a hovered button", col(theme.ColorNameForeground), over(btn, col(theme.ColorNameHover)), c.text},
				{"text in a field", col(theme.ColorNameForeground), input, c.text},
				{"selected text in a field", col(theme.ColorNameForeground), over(input, col(theme.ColorNameSelection)), c.text},
				{"text in an « À retenir » box", col(theme.ColorNameForeground), c.palette.Callout, c.text},
				{"text of a main button", col(theme.ColorNameForegroundOnPrimary), primary, c.text},
				{"text of a focused main button", col(theme.ColorNameForegroundOnPrimary), over(primary, col(theme.ColorNameFocus)), c.text},
				{"text of a hovered main button", col(theme.ColorNameForegroundOnPrimary), over(primary, col(theme.ColorNameHover)), c.text},
				{"text of a danger button", col(theme.ColorNameForegroundOnError), col(theme.ColorNameError), c.text},
				{"text of a success button", col(theme.ColorNameForegroundOnSuccess), col(theme.ColorNameSuccess), c.text},
				{"primary text (keys, numbers) on the background", primary, bg, c.text},
				{"primary text in an « À retenir » box", primary, c.palette.Callout, c.text},
				{"primary text in a field", primary, input, c.text},
				{"success text on the background", col(theme.ColorNameSuccess), bg, c.text},
				{"error text on the background", col(theme.ColorNameError), bg, c.text},
				{"error text in a field", col(theme.ColorNameError), input, c.text},
				{"warning text on the background", col(theme.ColorNameWarning), bg, c.text},
				{"disabled text on the background", col(theme.ColorNameDisabled), bg, c.dim},
				{"disabled text on a button", col(theme.ColorNameDisabled), col(theme.ColorNameDisabledButton), c.dim},
				{"placeholder in a field", col(theme.ColorNamePlaceHolder), input, c.dim},
				// WCAG 1.4.11: the edges of fields and controls at 3:1.
				{"field border on the background", col(theme.ColorNameInputBorder), bg, 3},
				{"field border in a field", col(theme.ColorNameInputBorder), input, 3},
				{"« À retenir » frame on the background", c.palette.CalloutBorder, bg, 3},
			}
			for _, p := range pairs {
				got := contrast(p.fg, p.back)
				if got < p.min {
					t.Errorf("%s (%v): %s: %.2f:1, want at least %.1f:1", c.name, v, p.what, got, p.min)
				} else if v == theme.VariantLight {
					t.Logf("%s: %s: %.2f:1", c.name, p.what, got)
				}
			}
			// The focus must show: the focused button differs from the others.
			for _, b := range []struct {
				what string
				back color.Color
				min  float64
			}{{"button", btn, 1.5}, {"main button", primary, 1.2}} {
				if got := contrast(b.back, over(b.back, col(theme.ColorNameFocus))); got < b.min {
					t.Errorf("%s: a focused %s differs from an unfocused one by %.2f:1 only", c.name, b.what, got)
				}
			}
		}
	}
}

func TestContrastFormulaMatchesKnownValues(t *testing.T) {
	black, white := color.NRGBA{0, 0, 0, 255}, color.NRGBA{255, 255, 255, 255}
	if got := contrast(black, white); math.Abs(got-21) > 0.01 {
		t.Errorf("black on white = %.2f, want 21", got)
	}
	// #767676 on white is the classic 4.54:1 grey.
	if got := fmt.Sprintf("%.2f", contrast(color.NRGBA{0x76, 0x76, 0x76, 255}, white)); got != "4.54" {
		t.Errorf("#767676 on white = %s, want 4.54", got)
	}
	if got := over(white, color.NRGBA{0, 0, 0, 0x80}); luminance(got) > 0.25 || luminance(got) < 0.2 {
		t.Errorf("half black over white = %v", got)
	}
}

// TestTheFocusOutlineStandsOutFromEveryBackground: the outline's dark ring has
// 3:1 or more against every background a control sits on (WCAG 1.4.11), its light
// halo against the dark case of a simulated phone, in both palettes.
func TestTheFocusOutlineStandsOutFromEveryBackground(t *testing.T) {
	phoneCase := color.NRGBA{0x2b, 0x2b, 0x30, 0xff}
	for _, c := range []struct {
		name    string
		palette themePalette
	}{{"calm", calmPalette}, {"high contrast", highContrastPalette}} {
		th := &appTheme{Palette: c.palette, Scale: 1}
		dark, halo := th.OutlineColors(theme.VariantLight)
		p := c.palette
		tint := func(under color.Color, a uint8) color.Color { return over(under, withAlpha(p.Primary, a)) }
		lowest := 21.0
		for _, bg := range []struct {
			what string
			c    color.Color
		}{
			{"the page", p.Background},
			{"a button", p.Button},
			{"a field or a panel", p.Input},
			{"an « À retenir » box", p.Callout},
			{"a hovered row", over(p.Input, withAlpha(p.Primary, 0x22))},
			{"a mission banner", tint(p.Background, 45)},
			{"an SMS bubble", tint(p.Background, 40)},
			{"a chosen document", tint(p.Input, 90)},
		} {
			got := contrast(dark, bg.c)
			if got < 3 {
				t.Errorf("%s: the focus outline on %s: %.2f:1, want at least 3:1", c.name, bg.what, got)
			}
			lowest = min(lowest, got)
		}
		if got := contrast(halo, phoneCase); got < 3 {
			t.Errorf("%s: the outline's halo on a phone's dark case: %.2f:1, want at least 3:1", c.name, got)
		}
		t.Logf("%s: focus outline against its backgrounds: %.2f:1 at least", c.name, lowest)
	}
}
