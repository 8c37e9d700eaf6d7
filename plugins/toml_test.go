package plugins

import (
	"errors"
	"strings"
	"testing"
)

type sample struct {
	Title string `toml:"title"`
	Count int    `toml:"count"`
	Items []struct {
		Name string `toml:"name"`
		On   bool   `toml:"on"`
	} `toml:"items"`
}

var start = Position{File: "m/l.md", Line: 10}

func TestDecodeBodyPointsAtThePackLine(t *testing.T) {
	cases := []struct {
		name, body string
		line       int
		want       string
	}{
		{"unknown top-level key", "title = \"a\"\ntitel = \"b\"\n", 11, `unknown key "titel": check its spelling; the keys allowed here are count, items, title`},
		{"unknown key in a section", "[[items]]\nname = \"a\"\n[[items]]\nnmae = \"b\"\n", 13, `unknown key "nmae": check its spelling; the keys allowed here are name, on`},
		{"text instead of number", "count = \"3\"\n", 10, "count has the wrong type: write a whole number, e.g. count = 3"},
		{"number instead of text", "\ntitle = 4\n", 11, "title has the wrong type: write a text in double quotes"},
		{"text instead of sections", "items = \"a\"\n", 10, "items has the wrong type: write one [[items]] section per item"},
		{"broken syntax", "title = \"a\"\ncount 3\n", 11, "this line is not valid TOML"},
		{"duplicate key", "title = \"a\"\ntitle = \"b\"\n", 11, "not valid TOML"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s sample
			err := DecodeBody([]byte(c.body), start, &s)
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("want *Error, got %v", err)
			}
			if pe.Pos.File != "m/l.md" || pe.Pos.Line != c.line || !strings.Contains(pe.Msg, c.want) {
				t.Errorf("got %v; want line %d with %q", err, c.line, c.want)
			}
			if !strings.HasPrefix(err.Error(), pe.Pos.String()+": ") {
				t.Errorf("Error() should start with file:line, got %q", err.Error())
			}
		})
	}
	var s sample
	if err := DecodeBody([]byte("title = \"ok\"\n[[items]]\nname = \"x\"\non = true\n"), start, &s); err != nil || s.Title != "ok" || !s.Items[0].On {
		t.Fatalf("good body: %v %+v", err, s)
	}
}

func TestLocatorFindsSectionsAndKeys(t *testing.T) {
	body := []byte("prompt = \"p\"\n[[choices]]\ntext = \"a\"\n[[ choices ]] # second\ntext = \"b\"\ncorrect = true\n")
	l := NewLocator(body, start)
	for _, c := range []struct {
		got  Position
		line int
	}{
		{l.Key("", 0, "prompt"), 10},
		{l.Section("choices", 0), 11},
		{l.Section("choices", 1), 13},
		{l.Key("choices", 1, "correct"), 15},
		{l.Key("choices", 0, "correct"), 11}, // absent: falls back to the section
		{l.Key("", 0, "text"), 10},           // keys inside sections are not top-level
		{l.Section("choices", 5), 10},
	} {
		if c.got.Line != c.line {
			t.Errorf("got line %d, want %d", c.got.Line, c.line)
		}
	}
}

func TestCheckImage(t *testing.T) {
	for p, want := range map[string]string{
		"images/souris.svg":         "",
		"../images/Photo.JPEG":      "",
		"":                          "empty",
		"https://example.org/a.png": "not web addresses",
		"/home/marie/a.png":         "relative",
		`images\a.png`:              "relative",
		"C:/a.png":                  "relative",
		"images/anim.gif":           "PNG, JPEG or SVG",
	} {
		got := CheckImage(p)
		if (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("CheckImage(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestMessagesFallsBackToFrench(t *testing.T) {
	if got := Messages(nil).T("activity.check"); got != "Vérifier" {
		t.Errorf("activity.check = %q", got)
	}
}
