package main

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"declic/internal/prereq"
)

// versionNode encodes one VS_VERSIONINFO node the way windres does.
func versionNode(key string, value []byte, text bool, children ...[]byte) []byte {
	var b bytes.Buffer
	b.Write(make([]byte, 6))
	for _, c := range utf16.Encode([]rune(key)) {
		binary.Write(&b, binary.LittleEndian, c)
	}
	b.Write([]byte{0, 0})
	for b.Len()%4 != 0 {
		b.WriteByte(0)
	}
	b.Write(value)
	for b.Len()%4 != 0 {
		b.WriteByte(0)
	}
	for _, c := range children {
		b.Write(c)
		for b.Len()%4 != 0 {
			b.WriteByte(0)
		}
	}
	out := b.Bytes()
	valueLen := len(value)
	if text {
		valueLen /= 2
	}
	binary.LittleEndian.PutUint16(out, uint16(len(out)))
	binary.LittleEndian.PutUint16(out[2:], uint16(valueLen))
	if text {
		binary.LittleEndian.PutUint16(out[4:], 1)
	}
	return out
}

func utf16z(s string) []byte {
	var b bytes.Buffer
	for _, c := range utf16.Encode([]rune(s + "\x00")) {
		binary.Write(&b, binary.LittleEndian, c)
	}
	return b.Bytes()
}

func fixedInfo(a, b, c, d uint16) []byte {
	v := make([]byte, 52)
	binary.LittleEndian.PutUint32(v, 0xFEEF04BD)
	binary.LittleEndian.PutUint32(v[8:], uint32(a)<<16|uint32(b))
	binary.LittleEndian.PutUint32(v[12:], uint32(c)<<16|uint32(d))
	return v
}

func sampleVersion() []byte {
	table := versionNode("040C04B0", nil, true,
		versionNode("ProductName", utf16z("Déclic"), true),
		versionNode("ProductVersion", utf16z("0.1.0"), true))
	return versionNode("VS_VERSION_INFO", fixedInfo(0, 1, 0, 7), false,
		versionNode("StringFileInfo", nil, true, table))
}

func TestParseVersionInfo(t *testing.T) {
	fixed, strs, err := ParseVersionInfo(sampleVersion())
	if err != nil {
		t.Fatal(err)
	}
	if fixed != "0.1.0.7" || strs["ProductVersion"] != "0.1.0" || strs["ProductName"] != "Déclic" {
		t.Fatalf("got %s %v", fixed, strs)
	}
}

func TestParseVersionInfoRefusesBadBlocks(t *testing.T) {
	good := sampleVersion()
	wrongKey := versionNode("VS_VERSION_INFX", fixedInfo(1, 0, 0, 0), false)
	noFixed := versionNode("VS_VERSION_INFO", nil, false)
	long := append([]byte(nil), good...)
	binary.LittleEndian.PutUint16(long, uint16(len(good)+10))
	cases := map[string][]byte{
		"empty": nil, "truncated": good[:5], "length past the end": long,
		"wrong key": wrongKey, "no fixed info": noFixed,
	}
	for name, b := range cases {
		if _, _, err := ParseVersionInfo(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestCheck(t *testing.T) {
	ok := Info{Machine: "amd64", Subsystem: "windows-gui", Icons: 1, Manifest: true, FileVersion: "0.1.0.1",
		Strings: map[string]string{"ProductVersion": "0.1.0"}}
	if err := ok.Check("0.1.0"); err != nil {
		t.Fatal(err)
	}
	bad := Info{Machine: "386", Subsystem: "console", Strings: map[string]string{"ProductVersion": "0.0.9"}}
	err := bad.Check("0.1.0")
	for _, want := range []string{"machine 386", "console", "no icon", "no manifest", "no version resource", `ProductVersion "0.0.9"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check: %v, want it to mention %q", err, want)
		}
	}
}

// TestRealExecutable links a small Windows program with mingw-w64 and the release's
// resource script, then reads it back; skipped where mingw-w64 is not installed.
func TestRealExecutable(t *testing.T) {
	gcc := prereq.Program(t, "x86_64-w64-mingw32-gcc", "gcc-mingw-w64-x86-64-win32")
	windres := prereq.Program(t, "x86_64-w64-mingw32-windres", "binutils-mingw-w64-x86-64")
	convert := prereq.Program(t, "convert", "imagemagick")
	dir := t.TempDir()
	rc, err := os.ReadFile("../windows/declic.rc.in")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("@V1@", "0", "@V2@", "1", "@V3@", "0", "@BUILD@", "3", "@VERSION@", "0.1.0").Replace(string(rc))
	os.WriteFile(filepath.Join(dir, "declic.rc"), []byte(s), 0o644)
	manifest, _ := os.ReadFile("../windows/declic.exe.manifest")
	os.WriteFile(filepath.Join(dir, "declic.exe.manifest"), bytes.ReplaceAll(manifest, []byte("@VERSION4@"), []byte("0.1.0.3")), 0o644)
	os.WriteFile(filepath.Join(dir, "main.c"), []byte("#include <windows.h>\nint WINAPI WinMain(HINSTANCE a, HINSTANCE b, LPSTR c, int d) { return 0; }\n"), 0o644)
	steps := [][]string{
		{convert, "../../Icon.png", "-define", "icon:auto-resize=16,32,48", filepath.Join(dir, "declic.ico")},
		{windres, "-O", "coff", "-i", "declic.rc", "-o", "rsrc.o"},
		{gcc, "-mwindows", "-o", "with.exe", "main.c", "rsrc.o"},
		{gcc, "-o", "without.exe", "main.c"},
	}
	for _, s := range steps {
		cmd := exec.Command(s[0], s[1:]...)
		cmd.Dir = dir
		if strings.HasSuffix(s[0], "convert") {
			cmd.Dir = ""
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", s, err, out)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"-version", "0.1.0", filepath.Join(dir, "with.exe")}, &out, &errb); code != 0 {
		t.Fatalf("with resources: code %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "FileVersion 0.1.0.3") || !strings.Contains(out.String(), `ProductName "Déclic"`) {
		t.Errorf("output: %s", out.String())
	}
	errb.Reset()
	if code := run([]string{"-version", "0.1.0", filepath.Join(dir, "without.exe")}, &out, &errb); code != 1 ||
		!strings.Contains(errb.String(), "console") || !strings.Contains(errb.String(), "no version resource") {
		t.Errorf("without resources: code %d: %s", code, errb.String())
	}
}

func FuzzParseVersionInfo(f *testing.F) {
	f.Add(sampleVersion())
	f.Add([]byte{6, 0, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		fixed, strs, err := ParseVersionInfo(b)
		if err == nil && (fixed == "" || strs == nil) {
			t.Fatalf("accepted without a version: %q %v", fixed, strs)
		}
	})
}
