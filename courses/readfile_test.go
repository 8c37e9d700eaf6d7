package courses

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"
)

// keyLineByPattern is how keyLine used to find a key: the reference it must agree with.
func keyLineByPattern(data []byte, key string) int {
	re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	for i, line := range strings.Split(strings.TrimPrefix(string(data), string(bom)), "\n") {
		if re.MatchString(line) {
			return i + 1
		}
	}
	return 0
}

func TestKeyLineFindsTheLineThatSetsAKey(t *testing.T) {
	for _, c := range []struct {
		name, text, key string
		want            int
	}{
		{"a plain key on the first line", "hours = 2\n", "hours", 1},
		{"a key after others", "title = \"La souris\"\norder = 1\nhours = 1.5\n", "hours", 3},
		{"a quoted key with spaces around", "title = \"x\"\n  \"pass_mark\"  = 0.8\n", "pass_mark", 2},
		{"a tab before the key", "\thours=1", "hours", 1},
		{"a byte order mark before the first line", "\ufeffhours = 1", "hours", 1},
		{"Windows line ends", "title = \"x\"\r\nhours = 1\r\n", "hours", 2},
		{"a key that only starts like it", "hours_per_week = 2\n", "hours", 0},
		{"the key in a value", "title = \"hours = 2\"\n", "hours", 0},
		{"a missing key", "title = \"x\"\n", "order", 0},
		{"an empty file", "", "hours", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := keyLine([]byte(c.text), c.key); got != c.want {
				t.Errorf("keyLine(%q, %q) = %d, want %d", c.text, c.key, got, c.want)
			}
			if ref := keyLineByPattern([]byte(c.text), c.key); ref != c.want {
				t.Errorf("the pattern finds line %d, the case says %d", ref, c.want)
			}
		})
	}
}

// FuzzKeyLine checks that keyLine finds the same line as the pattern it replaced, on
// any module.toml text and any key.
func FuzzKeyLine(f *testing.F) {
	f.Add("title = \"La souris\"\n\"hours\" = 1.5\n", "hours")
	f.Add("\ufeff  order=2\r\n", "order")
	f.Add("pass_mark\v= 0.5\n", "pass_mark")
	f.Fuzz(func(t *testing.T, text, key string) {
		if key == "" || strings.ContainsAny(key, "\n") || !utf8.ValidString(key) {
			return // keys are names written in the code
		}
		if got, want := keyLine([]byte(text), key), keyLineByPattern([]byte(text), key); got != want {
			t.Fatalf("keyLine(%q, %q) = %d, the pattern says %d", text, key, got, want)
		}
	})
}

// sizedFile is a file whose Stat gives the size it claims, true or not.
type sizedFile struct {
	*strings.Reader
	claimed int64
}

func (f sizedFile) Stat() (fs.FileInfo, error) { return sizedInfo(f.claimed), nil }
func (sizedFile) Close() error                 { return nil }

type sizedInfo int64

func (i sizedInfo) Name() string     { return "f" }
func (i sizedInfo) Size() int64      { return int64(i) }
func (sizedInfo) Mode() fs.FileMode  { return 0o644 }
func (sizedInfo) ModTime() time.Time { return time.Time{} }
func (sizedInfo) IsDir() bool        { return false }
func (sizedInfo) Sys() any           { return nil }

func TestReadUpToReadsTheWholeFileWhateverItsStatSays(t *testing.T) {
	text := strings.Repeat("Une ligne de leçon.\n", 300) // 6,000 bytes
	for _, c := range []struct {
		name    string
		claimed int64
		max     int64
		want    int
	}{
		{"a file that says its true size", int64(len(text)), 10000, len(text)},
		{"a file that says it is smaller", 10, 10000, len(text)},
		{"a file that says it is larger", 9000, 10000, len(text)},
		{"a file that says nothing useful", -1, 10000, len(text)},
		{"a file larger than the limit stops at the limit", int64(len(text)), 4001, 4001},
		{"a file that hides being larger than the limit", 10, 4001, 4001},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, err := readUpTo(sizedFile{strings.NewReader(text), c.claimed}, c.max)
			if err != nil {
				t.Fatal(err)
			}
			if len(data) != c.want || string(data) != text[:c.want] {
				t.Errorf("read %d bytes, want the first %d of the file", len(data), c.want)
			}
		})
	}
}

func TestAFileOverTheLimitIsRefusedWithItsName(t *testing.T) {
	l := &loader{fsys: fstest.MapFS{"pack.toml": {Data: []byte(strings.Repeat("#", 200))}}, imageFiles: map[string]string{}}
	if _, exists, ok := l.readFile("pack.toml", 100); !exists || ok {
		t.Fatalf("exists %v, ok %v: a file over the limit must be found and refused", exists, ok)
	}
	if len(l.problems) != 1 || l.problems[0].File != "pack.toml" {
		t.Fatalf("problems %v, want one about pack.toml", l.problems)
	}
	data, _, ok := l.readFile("pack.toml", 200)
	if !ok || len(data) != 200 {
		t.Fatalf("a file at the limit: ok %v, %d bytes", ok, len(data))
	}
}
