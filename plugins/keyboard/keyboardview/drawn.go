package keyboardview

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"declic/plugins/view"
)

// key is one key of the drawn French (AZERTY) keyboard.
type key struct {
	name  string  // canonical name ("A", "1", "Entrée") or the base character
	label string  // what is printed on it
	width float32 // in key units
}

// unit is the size of a letter key, in Fyne units.
const unit float32 = 44

var rows = [][]key{
	{{"Échap", "Échap", 1.5}, {"²", "²", 1}, {"1", "1 &", 1}, {"2", "2 é", 1}, {"3", "3 \"", 1}, {"4", "4 '", 1}, {"5", "5 (", 1},
		{"6", "6 -", 1}, {"7", "7 è", 1}, {"8", "8 _", 1}, {"9", "9 ç", 1}, {"0", "0 à @", 1.2}, {")", ")", 1}, {"=", "= +", 1}, {"Effacer", "Effacer", 2}},
	{{"Tab", "Tab", 1.5}, {"A", "A", 1}, {"Z", "Z", 1}, {"E", "E", 1}, {"R", "R", 1}, {"T", "T", 1}, {"Y", "Y", 1}, {"U", "U", 1},
		{"I", "I", 1}, {"O", "O", 1}, {"P", "P", 1}, {"^", "^", 1}, {"$", "$", 1}, {"Entrée", "Entrée", 2.2}},
	{{"Verr Maj", "Verr Maj", 1.8}, {"Q", "Q", 1}, {"S", "S", 1}, {"D", "D", 1}, {"F", "F", 1}, {"G", "G", 1}, {"H", "H", 1}, {"J", "J", 1},
		{"K", "K", 1}, {"L", "L", 1}, {"M", "M", 1}, {"ù", "ù %", 1}, {"*", "*", 1}},
	{{"Maj", "Maj", 1.4}, {"<", "<", 1}, {"W", "W", 1}, {"X", "X", 1}, {"C", "C", 1}, {"V", "V", 1}, {"B", "B", 1}, {"N", "N", 1},
		{",", ", ?", 1}, {";", "; .", 1}, {":", ": /", 1}, {"!", "! §", 1}, {"Maj", "Maj", 2.4}},
	{{"Ctrl", "Ctrl", 1.5}, {"Windows", "Win", 1.2}, {"Alt", "Alt", 1.2}, {"Espace", "Espace", 6}, {"AltGr", "AltGr", 1.4},
		{"Flèche gauche", "←", 1}, {"Flèche haut", "↑", 1}, {"Flèche bas", "↓", 1}, {"Flèche droite", "→", 1}},
}

// layout of a character on a French keyboard: the key and whether Maj or AltGr is needed.
type stroke struct {
	key          string
	shift, altGr bool
}

var strokes = map[rune]stroke{}

func init() {
	base := map[rune]string{'&': "1", 'é': "2", '"': "3", '\'': "4", '(': "5", '-': "6", 'è': "7", '_': "8", 'ç': "9", 'à': "0",
		')': ")", '=': "=", '^': "^", '$': "$", 'ù': "ù", '*': "*", '<': "<", ',': ",", ';': ";", ':': ":", '!': "!", ' ': "Espace", '²': "²"}
	for r, k := range base {
		strokes[r] = stroke{key: k}
	}
	shifted := map[rune]string{'1': "1", '2': "2", '3': "3", '4': "4", '5': "5", '6': "6", '7': "7", '8': "8", '9': "9", '0': "0",
		'°': ")", '+': "=", '%': "ù", 'µ': "*", '>': "<", '?': ",", '.': ";", '/': ":", '§': "!", '£': "$"}
	for r, k := range shifted {
		strokes[r] = stroke{key: k, shift: true}
	}
	alt := map[rune]string{'~': "2", '#': "3", '{': "4", '[': "5", '|': "6", '`': "7", '\\': "8", '@': "0", ']': ")", '}': "="}
	for r, k := range alt {
		strokes[r] = stroke{key: k, altGr: true}
	}
	for r := 'a'; r <= 'z'; r++ {
		strokes[r] = stroke{key: string(r - 'a' + 'A')}
		strokes[r-'a'+'A'] = stroke{key: string(r - 'a' + 'A'), shift: true}
	}
}

// KeysFor returns the keys to press together for r on a French keyboard ("M" →
// Maj and M; "@" → AltGr and 0), or nil when the keyboard has no key for it
// (capital accented letters, for instance).
func KeysFor(r rune) []string {
	s, ok := strokes[r]
	if !ok {
		return nil
	}
	var out []string
	if s.shift {
		out = append(out, "Maj")
	}
	if s.altGr {
		out = append(out, "AltGr")
	}
	return append(out, s.key)
}

// drawnKeyboard is a picture of a French keyboard whose keys can be highlighted.
type drawnKeyboard struct {
	object fyne.CanvasObject
	keys   []drawnKey
}

type drawnKey struct {
	name  string
	rect  *canvas.Rectangle
	label *canvas.Text
}

func newDrawnKeyboard() *drawnKeyboard {
	d := &drawnKeyboard{}
	box := container.NewWithoutLayout()
	var width float32
	for r, row := range rows {
		x := float32(0)
		for _, k := range row {
			w := k.width*unit - 4
			rect := canvas.NewRectangle(theme.Color(theme.ColorNameButton))
			rect.StrokeColor = theme.Color(theme.ColorNameInputBorder)
			rect.StrokeWidth = 1
			rect.CornerRadius = 5
			rect.Move(fyne.NewPos(x, float32(r)*unit))
			rect.Resize(fyne.NewSize(w, unit-4))
			label := canvas.NewText(k.label, theme.Color(theme.ColorNameForeground))
			label.TextSize = 15
			label.Alignment = fyne.TextAlignCenter
			label.Move(fyne.NewPos(x, float32(r)*unit+10))
			label.Resize(fyne.NewSize(w, 20))
			box.Add(rect)
			box.Add(label)
			d.keys = append(d.keys, drawnKey{name: k.name, rect: rect, label: label})
			x += k.width * unit
		}
		width = max(width, x)
	}
	d.object = view.MinSize(box, width, float32(len(rows))*unit)
	return d
}

// Highlight shows names (canonical key names) as pressed-looking keys with bold
// labels; all other keys go back to normal.
func (d *drawnKeyboard) Highlight(names ...string) {
	on := map[string]bool{}
	for _, n := range names {
		on[n] = true
	}
	normal := theme.Color(theme.ColorNameButton)
	for _, k := range d.keys {
		lit := on[k.name]
		var fill color.Color = normal
		k.label.TextStyle = fyne.TextStyle{}
		k.rect.StrokeWidth = 1
		if lit {
			fill = theme.Color(theme.ColorNamePrimary)
			k.label.TextStyle = fyne.TextStyle{Bold: true}
			k.rect.StrokeWidth = 3
			k.label.Color = theme.Color(theme.ColorNameForegroundOnPrimary)
		} else {
			k.label.Color = theme.Color(theme.ColorNameForeground)
		}
		k.rect.FillColor = fill
		k.rect.Refresh()
		k.label.Refresh()
	}
}

// Lit lists the highlighted keys, for tests and read-aloud.
func (d *drawnKeyboard) Lit() []string {
	var out []string
	for _, k := range d.keys {
		if k.rect.StrokeWidth == 3 {
			out = append(out, k.name)
		}
	}
	return out
}
