// Package site is the "site" activity kind: a simulated website or phone app of
// several pages, to practise a whole online procedure safely — links, buttons, text
// fields, check boxes, a list to choose from, a file picker with fake documents, a
// cookie banner, a code received by SMS — towards a goal (« Envoyez votre
// justificatif »). A wrong step keeps the learner on the page with a message and the
// page's hint; reaching a goal page completes the activity. This package parses,
// validates the page graph and plays a learner's run in pure Go (run.go); the widget
// lives in site/siteview.
package site

import (
	"slices"
	"strings"
	"unicode"

	"declic/plugins"
)

// Name is the kind's registry name and fenced-block info string.
const Name = "site"

// Frames around the pages.
const (
	// Browser draws an address bar with the site's address and a back button.
	Browser = "browser"
	// Phone draws a phone-shaped frame with a status bar, for app screens.
	Phone = "phone"
	// Desktop draws a window of the computer's desktop: a title bar with the
	// window's title and no address bar, for the computer's own screens (the
	// Start menu, « Enregistrer sous »). A page with an address is a browser's
	// window: its address bar and back button stand under the title bar.
	Desktop = "desktop"
)

// Frames lists the allowed values of frame.
var Frames = []string{Browser, Phone, Desktop}

// Item types.
const (
	Link    = "link"
	Button  = "button"
	Field   = "field"
	Check   = "check"
	Choice  = "choice"
	File    = "file"
	Cookies = "cookies"
)

// Types lists the allowed item types.
var Types = []string{Link, Button, Field, Check, Choice, File, Cookies}

// Field inputs.
const (
	Text     = "text"
	Email    = "email"
	Password = "password"
	Number   = "number"
	Date     = "date"
	Code     = "code"
)

// Inputs lists the allowed values of a field's input.
var Inputs = []string{Text, Email, Password, Number, Date, Code}

// Answers to a cookie banner, as written in a cookies item's expect.
const (
	Refuse = "refuse"
	Accept = "accept"
	Any    = "any"
)

// CookieAnswers lists the allowed values of a cookies item's expect.
var CookieAnswers = []string{Refuse, Accept, Any}

// Looks of links and buttons, as written in an item's style. A link or a button
// looks the way the real site draws it, whatever the step is worth: the learner
// must read the words, not pick the highlighted one.
const (
	// StylePrimary is the button a real site highlights, filled with its main
	// colour (« Valider », « Se connecter »).
	StylePrimary = "primary"
	// StylePlain is an ordinary framed button: the default for buttons.
	StylePlain = "plain"
	// StyleLink is underlined words in the link colour: the default for links.
	StyleLink = "link"
)

// Styles lists the allowed values of style.
var Styles = []string{StylePrimary, StylePlain, StyleLink}

// Limits that keep a simulation on one screen and a procedure short.
const (
	MaxPages = 12
	MaxItems = 10
	MinFiles = 2
	MaxFiles = 8
)

func init() { plugins.Register(Kind{}) }

// Kind parses ```site blocks.
type Kind struct{}

// Name returns "site".
func (Kind) Name() string { return Name }

// Item is one thing on a page, in reading order.
type Item struct {
	Type     string   `toml:"type"`
	Text     string   `toml:"text"`
	Label    string   `toml:"label"`
	Go       string   `toml:"go"`
	Wrong    string   `toml:"wrong"`
	Input    string   `toml:"input"`
	Required bool     `toml:"required"`
	Expect   string   `toml:"expect"`
	Hint     string   `toml:"hint"`
	Options  []string `toml:"options"`
	Files    []string `toml:"files"`
	Style    string   `toml:"style"`
}

// Words returns what the learner reads on the item: its text, or its label.
func (it Item) Words() string {
	if it.Text != "" {
		return it.Text
	}
	return it.Label
}

// Look is how a link or a button is drawn: its style, or by default plain for a
// button and link for a link ("" for the other types).
func (it Item) Look() string {
	switch {
	case it.Style != "":
		return it.Style
	case it.Type == Button:
		return StylePlain
	case it.Type == Link:
		return StyleLink
	}
	return ""
}

// Leads reports whether pressing the item can take the learner to another page.
func (it Item) Leads() bool { return (it.Type == Link || it.Type == Button) && it.Go != "" }

// Page is one screen of the site.
type Page struct {
	ID      string `toml:"id"`
	Address string `toml:"address"`
	Title   string `toml:"title"`
	Window  string `toml:"window"`
	Text    string `toml:"text"`
	Image   string `toml:"image"`
	Hint    string `toml:"hint"`
	SMS     string `toml:"sms"`
	Goal    bool   `toml:"goal"`
	Items   []Item `toml:"items"`
}

// WindowTitle is the words of the title bar in the desktop frame: the page's
// window, else its title.
func (p Page) WindowTitle() string {
	if p.Window != "" {
		return p.Window
	}
	return p.Title
}

// Paragraphs splits the page's text at blank lines. Inside a paragraph, each line
// of the text stays a line, without the spaces around it.
func (p Page) Paragraphs() []string {
	var out, lines []string
	flush := func() {
		if len(lines) > 0 {
			out = append(out, strings.Join(lines, "\n"))
			lines = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(p.Text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			flush()
		} else {
			lines = append(lines, line)
		}
	}
	flush()
	return out
}

// CookieItem returns the index of the page's cookie banner, or -1.
func (p Page) CookieItem() int {
	for i, it := range p.Items {
		if it.Type == Cookies {
			return i
		}
	}
	return -1
}

// Activity is a parsed site simulation.
type Activity struct {
	Instruction string `toml:"prompt"`
	Goal        string `toml:"goal"`
	Frame       string `toml:"frame"`
	Start       string `toml:"start"`
	Pages       []Page `toml:"pages"`

	// index maps a page id to its place in Pages.
	index map[string]int
}

var (
	_ plugins.Activity  = (*Activity)(nil)
	_ plugins.ImageUser = (*Activity)(nil)
	_ plugins.Texter    = (*Activity)(nil)
)

// keysOf says which item keys belong to which types; the others are errors.
var keysOf = map[string][]string{
	"text":     {Link, Button, Check},
	"label":    {Field, Choice, File},
	"go":       {Link, Button},
	"wrong":    {Link, Button, Cookies},
	"input":    {Field},
	"required": {Field, Check},
	"expect":   {Field, Choice, File, Cookies},
	"hint":     {Field},
	"options":  {Choice},
	"files":    {File},
	"style":    {Link, Button},
}

// Parse reads a site body and checks the pages make a procedure that can be done.
func (Kind) Parse(body []byte, at plugins.Position) (plugins.Activity, error) {
	var a Activity
	if err := plugins.DecodeBody(body, at, &a); err != nil {
		return nil, err
	}
	loc := plugins.NewLocator(body, at)
	if strings.TrimSpace(a.Goal) == "" {
		return nil, plugins.NewError(loc.Start(), "plugins.site.no_goal")
	}
	if a.Frame == "" {
		a.Frame = Browser
	}
	if !slices.Contains(Frames, a.Frame) {
		return nil, plugins.NewError(loc.Key("", 0, "frame"), "plugins.site.unknown_frame", "Frame", a.Frame, "Frames", strings.Join(Frames, ", "))
	}
	if len(a.Pages) == 0 {
		return nil, plugins.NewError(loc.Start(), "plugins.site.no_page")
	}
	if len(a.Pages) > MaxPages {
		return nil, plugins.NewError(loc.Section("pages", MaxPages), "plugins.site.too_many_pages", "Max", MaxPages, "Extra", len(a.Pages)-MaxPages)
	}
	a.index = map[string]int{}
	for i := range a.Pages {
		p := &a.Pages[i]
		pageKey := func(k string) plugins.Position { return loc.Key("pages", i, k) }
		switch {
		case strings.TrimSpace(p.ID) == "":
			return nil, plugins.NewError(loc.Section("pages", i), "plugins.site.page_no_id", "Number", i+1)
		case !validID(p.ID):
			return nil, plugins.NewError(pageKey("id"), "plugins.site.page_id_invalid", "ID", p.ID)
		}
		if j, dup := a.index[p.ID]; dup {
			return nil, plugins.NewError(pageKey("id"), "plugins.site.same_page_id", "First", j+1, "Second", i+1, "ID", p.ID)
		}
		a.index[p.ID] = i
		if p.Address != "" && (strings.Contains(p.Address, "://") || strings.ContainsAny(p.Address, " \t")) {
			return nil, plugins.NewError(pageKey("address"), "plugins.site.address", "Address", p.Address)
		}
		if p.Window != "" {
			switch {
			case a.Frame != Desktop:
				return nil, plugins.NewError(pageKey("window"), "plugins.site.window_not_desktop", "Frame", a.Frame)
			case strings.TrimSpace(p.Window) == "":
				return nil, plugins.NewError(pageKey("window"), "plugins.site.window_empty")
			case strings.ContainsAny(p.Window, "\r\n"):
				return nil, plugins.NewError(pageKey("window"), "plugins.site.window_lines")
			}
		}
		if p.Image != "" {
			if err := plugins.CheckImageAt(pageKey("image"), p.Image); err != nil {
				return nil, err
			}
		}
		if len(p.Items) > MaxItems {
			first := itemsBefore(a.Pages, i)
			return nil, plugins.NewError(loc.Section("pages.items", first+MaxItems), "plugins.site.too_many_items", "Max", MaxItems, "Page", p.ID)
		}
	}
	if a.Start == "" {
		a.Start = a.Pages[0].ID
	}
	if _, ok := a.index[a.Start]; !ok {
		return nil, plugins.NewError(loc.Key("", 0, "start"), "plugins.site.start_unknown", "Start", a.Start, "IDs", strings.Join(a.pageIDs(), ", "))
	}
	global := 0
	for i := range a.Pages {
		p := &a.Pages[i]
		cookies := -1
		for j := range p.Items {
			if err := a.checkItem(loc, p, j, global); err != nil {
				return nil, err
			}
			if p.Items[j].Type == Cookies {
				if cookies >= 0 {
					return nil, plugins.NewError(loc.Section("pages.items", global), "plugins.site.two_cookie_banners", "Page", p.ID)
				}
				cookies = j
			}
			global++
		}
	}
	goals := 0
	for _, p := range a.Pages {
		if p.Goal {
			goals++
		}
	}
	if goals == 0 {
		return nil, plugins.NewError(loc.Section("pages", len(a.Pages)-1), "plugins.site.no_goal_page")
	}
	reached := a.reachable()
	anyGoal := false
	for i, p := range a.Pages {
		if p.Goal && reached[i] {
			anyGoal = true
		}
	}
	if !anyGoal {
		last := 0
		for i, p := range a.Pages {
			if p.Goal {
				last = i
			}
		}
		return nil, plugins.NewError(loc.Key("pages", last, "goal"), "plugins.site.goal_unreachable", "Start", a.Start, "Goal", a.Pages[last].ID)
	}
	return &a, nil
}

// checkItem checks the j-th item of page p, the global-th [[pages.items]] of the body.
func (a *Activity) checkItem(loc plugins.Locator, p *Page, j, global int) error {
	it := &p.Items[j]
	at := func(k string) plugins.Position { return loc.Key("pages.items", global, k) }
	section := loc.Section("pages.items", global)
	if it.Type == "" {
		return plugins.NewError(section, "plugins.site.item_no_type", "Number", j+1, "Page", p.ID, "Types", strings.Join(Types, ", "))
	}
	if !slices.Contains(Types, it.Type) {
		return plugins.NewError(at("type"), "plugins.site.unknown_item_type", "Type", it.Type, "Types", strings.Join(Types, ", "))
	}
	set := map[string]bool{
		"text": it.Text != "", "label": it.Label != "", "go": it.Go != "", "wrong": it.Wrong != "",
		"input": it.Input != "", "required": it.Required, "expect": it.Expect != "", "hint": it.Hint != "",
		"options": it.Options != nil, "files": it.Files != nil, "style": it.Style != "",
	}
	for _, key := range []string{"text", "label", "go", "wrong", "input", "required", "expect", "hint", "options", "files", "style"} {
		if set[key] && !slices.Contains(keysOf[key], it.Type) {
			return plugins.NewError(at(key), "plugins.site.key_not_for_type", "Key", key, "Type", it.Type, "Types", strings.Join(keysOf[key], ", "))
		}
	}
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	switch it.Type {
	case Link, Button, Check:
		if blank(it.Text) {
			return plugins.NewError(section, "plugins.site.no_words", "Type", it.Type)
		}
	case Field, Choice, File:
		if blank(it.Label) {
			return plugins.NewError(section, "plugins.site.no_label", "Type", it.Type)
		}
	}
	switch it.Type {
	case Link, Button:
		switch {
		case it.Go == "" && it.Wrong == "":
			return plugins.NewError(section, "plugins.site.leads_nowhere", "Type", it.Type, "Text", it.Text)
		case it.Go != "" && it.Wrong != "":
			return plugins.NewError(at("wrong"), "plugins.site.go_and_wrong", "Type", it.Type, "Text", it.Text)
		case it.Go != "":
			if _, ok := a.index[it.Go]; !ok {
				return plugins.NewError(at("go"), "plugins.site.go_unknown", "Go", it.Go, "IDs", strings.Join(a.pageIDs(), ", "))
			}
		case blank(it.Wrong):
			return plugins.NewError(at("wrong"), "plugins.site.wrong_empty")
		}
		if it.Style != "" && !slices.Contains(Styles, it.Style) {
			return plugins.NewError(at("style"), "plugins.site.unknown_style", "Style", it.Style, "Styles", strings.Join(Styles, ", "))
		}
		it.Style = it.Look()
	case Field:
		if it.Input == "" {
			it.Input = Text
		}
		if !slices.Contains(Inputs, it.Input) {
			return plugins.NewError(at("input"), "plugins.site.unknown_input", "Input", it.Input, "Inputs", strings.Join(Inputs, ", "))
		}
		if it.Input == Code && it.Expect != "" && !digitsOnly(it.Expect) {
			return plugins.NewError(at("expect"), "plugins.site.code_digits", "Expect", it.Expect)
		}
	case Choice:
		if len(it.Options) < 2 {
			return plugins.NewError(section, "plugins.site.choice_options", "Label", it.Label)
		}
		if err := checkList(it.Options, at("options"), "plugins.site.option_empty", "plugins.site.option_twice"); err != nil {
			return err
		}
		if it.Expect != "" && !slices.Contains(it.Options, it.Expect) {
			return plugins.NewError(at("expect"), "plugins.site.expect_not_option", "Expect", it.Expect)
		}
	case File:
		if len(it.Files) < MinFiles || len(it.Files) > MaxFiles {
			return plugins.NewError(section, "plugins.site.files_count", "Min", MinFiles, "Max", MaxFiles)
		}
		if err := checkList(it.Files, at("files"), "plugins.site.file_empty", "plugins.site.file_twice"); err != nil {
			return err
		}
		for _, f := range it.Files {
			if strings.ContainsAny(f, `/\`) {
				return plugins.NewError(at("files"), "plugins.site.file_folder", "File", f)
			}
		}
		if it.Expect != "" && !slices.Contains(it.Files, it.Expect) {
			return plugins.NewError(at("expect"), "plugins.site.expect_not_file", "Expect", it.Expect)
		}
	case Cookies:
		if it.Expect == "" {
			it.Expect = Any
		}
		if !slices.Contains(CookieAnswers, it.Expect) {
			return plugins.NewError(at("expect"), "plugins.site.unknown_cookie_answer", "Expect", it.Expect, "Answers", strings.Join(CookieAnswers, ", "))
		}
		if it.Wrong != "" && it.Expect == Any {
			return plugins.NewError(at("wrong"), "plugins.site.wrong_with_any")
		}
		if it.Wrong != "" && blank(it.Wrong) {
			return plugins.NewError(at("wrong"), "plugins.site.cookie_wrong_empty")
		}
	}
	return nil
}

// checkList refuses empty and repeated entries in options or files, with the
// message empty or twice.
func checkList(list []string, at plugins.Position, empty, twice string) error {
	seen := map[string]int{}
	for i, s := range list {
		if strings.TrimSpace(s) == "" {
			return plugins.NewError(at, empty, "Number", i+1)
		}
		if j, dup := seen[s]; dup {
			return plugins.NewError(at, twice, "First", j+1, "Second", i+1, "Name", s)
		}
		seen[s] = i
	}
	return nil
}

func validID(id string) bool {
	for _, r := range id {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
			return false
		}
	}
	return id != ""
}

func digitsOnly(s string) bool {
	for _, r := range s {
		if (r < '0' || r > '9') && r != ' ' {
			return false
		}
	}
	return strings.TrimSpace(s) != ""
}

// itemsBefore counts the items of the pages before page i: the index of page i's
// first [[pages.items]] section in the body.
func itemsBefore(pages []Page, i int) int {
	n := 0
	for _, p := range pages[:i] {
		n += len(p.Items)
	}
	return n
}

func (a *Activity) pageIDs() []string {
	ids := make([]string, len(a.Pages))
	for i, p := range a.Pages {
		ids[i] = p.ID
	}
	return ids
}

// reachable marks the pages a learner can reach from the start page through the
// links and buttons that lead somewhere.
func (a *Activity) reachable() []bool {
	seen := make([]bool, len(a.Pages))
	queue := []int{a.index[a.Start]}
	seen[queue[0]] = true
	for len(queue) > 0 {
		p := a.Pages[queue[0]]
		queue = queue[1:]
		for _, it := range p.Items {
			if !it.Leads() {
				continue
			}
			if j := a.index[it.Go]; !seen[j] {
				seen[j] = true
				queue = append(queue, j)
			}
		}
	}
	return seen
}

// PageIndex returns the place in Pages of the page with id, or -1.
func (a *Activity) PageIndex(id string) int {
	if a.index == nil {
		a.index = map[string]int{}
		for i, p := range a.Pages {
			a.index[p.ID] = i
		}
	}
	if i, ok := a.index[id]; ok {
		return i
	}
	return -1
}

// Heading is the title drawn in large letters on page p: in the desktop frame,
// a page without window has its title in the title bar, not twice.
func (a *Activity) Heading(p Page) string {
	if a.Frame == Desktop && p.Window == "" {
		return ""
	}
	return p.Title
}

// Kind returns "site".
func (a *Activity) Kind() string { return Name }

// Prompt is the instruction above the simulation, or the goal when there is none.
func (a *Activity) Prompt() string {
	if a.Instruction != "" {
		return a.Instruction
	}
	return a.Goal
}

// Images lists the pages' pictures.
func (a *Activity) Images() []string {
	var out []string
	for _, p := range a.Pages {
		if p.Image != "" {
			out = append(out, p.Image)
		}
	}
	return out
}

// Text returns the goal and every word of every page, for search and read-aloud.
func (a *Activity) Text() []string {
	out := []string{a.Goal}
	add := func(ss ...string) {
		for _, s := range ss {
			if strings.TrimSpace(s) != "" {
				out = append(out, s)
			}
		}
	}
	for _, p := range a.Pages {
		add(p.Window, p.Title)
		add(p.Paragraphs()...)
		add(p.SMS, p.Hint)
		for _, it := range p.Items {
			add(it.Text, it.Label, it.Hint, it.Wrong)
			add(it.Options...)
		}
	}
	return out
}
