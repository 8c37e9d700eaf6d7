// Command pecheck checks a Windows executable built by scripts/dist.sh: a 64-bit GUI
// program whose resources hold an icon, a manifest and a version block matching the
// release. It reads the file with debug/pe, so the check runs on Linux without wine.
//
//	pecheck -version 0.1.0 declic.exe
package main

import (
	"debug/pe"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf16"
)

// Resource types (winuser.h).
const (
	rtIcon      = 3
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("pecheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	want := fs.String("version", "", "expected ProductVersion (e.g. 0.1.0)")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: pecheck -version X.Y.Z FILE.exe")
		return 2
	}
	info, err := Inspect(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "pecheck:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: %s, subsystem %s, resources: %d icon(s), manifest %v, FileVersion %s, ProductVersion %q, ProductName %q\n",
		fs.Arg(0), info.Machine, info.Subsystem, info.Icons, info.Manifest, info.FileVersion, info.Strings["ProductVersion"], info.Strings["ProductName"])
	if err := info.Check(*want); err != nil {
		fmt.Fprintln(stderr, "pecheck:", fs.Arg(0)+":", err)
		return 1
	}
	return 0
}

// Info is what pecheck learns from an executable.
type Info struct {
	Machine     string
	Subsystem   string
	Icons       int               // RT_GROUP_ICON entries
	Manifest    bool              // an RT_MANIFEST resource is present
	FileVersion string            // from VS_FIXEDFILEINFO, "a.b.c.d"
	Strings     map[string]string // StringFileInfo values (ProductVersion, ProductName…)
}

// Check returns an error unless the executable is a 64-bit GUI program with an icon,
// a manifest and a version block whose ProductVersion is want (when want is set).
func (i *Info) Check(want string) error {
	var problems []string
	if i.Machine != "amd64" {
		problems = append(problems, "machine "+i.Machine+", want amd64")
	}
	if i.Subsystem != "windows-gui" {
		problems = append(problems, "subsystem "+i.Subsystem+", want windows-gui (-H=windowsgui)")
	}
	if i.Icons == 0 {
		problems = append(problems, "no icon resource")
	}
	if !i.Manifest {
		problems = append(problems, "no manifest resource")
	}
	if i.FileVersion == "" {
		problems = append(problems, "no version resource")
	}
	if want != "" && i.Strings["ProductVersion"] != want {
		problems = append(problems, fmt.Sprintf("ProductVersion %q, want %q", i.Strings["ProductVersion"], want))
	}
	if want != "" && !strings.HasPrefix(i.FileVersion, want+".") {
		problems = append(problems, fmt.Sprintf("FileVersion %s, want %s.N", i.FileVersion, want))
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Inspect reads the headers and resources of a PE file.
func Inspect(path string) (*Info, error) {
	f, err := pe.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info := &Info{Strings: map[string]string{}}
	switch f.Machine {
	case pe.IMAGE_FILE_MACHINE_AMD64:
		info.Machine = "amd64"
	case pe.IMAGE_FILE_MACHINE_I386:
		info.Machine = "386"
	default:
		info.Machine = fmt.Sprintf("0x%x", f.Machine)
	}
	var subsystem uint16
	switch h := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		subsystem = h.Subsystem
	case *pe.OptionalHeader32:
		subsystem = h.Subsystem
	}
	switch subsystem {
	case pe.IMAGE_SUBSYSTEM_WINDOWS_GUI:
		info.Subsystem = "windows-gui"
	case pe.IMAGE_SUBSYSTEM_WINDOWS_CUI:
		info.Subsystem = "console"
	default:
		info.Subsystem = fmt.Sprint(subsystem)
	}
	sec := f.Section(".rsrc")
	if sec == nil {
		return info, nil
	}
	data, err := sec.Data()
	if err != nil {
		return nil, fmt.Errorf("%s: .rsrc: %w", path, err)
	}
	res := resources{data: data, base: sec.VirtualAddress}
	leaves, err := res.walk()
	if err != nil {
		return nil, fmt.Errorf("%s: .rsrc: %w", path, err)
	}
	for _, l := range leaves {
		switch l.typ {
		case rtGroupIcon:
			info.Icons++
		case rtManifest:
			info.Manifest = true
		case rtVersion:
			fixed, strs, err := ParseVersionInfo(l.data)
			if err != nil {
				return nil, fmt.Errorf("%s: version resource: %w", path, err)
			}
			info.FileVersion = fixed
			for k, v := range strs {
				info.Strings[k] = v
			}
		}
	}
	return info, nil
}

// resources walks a .rsrc section: type → name → language directories.
type resources struct {
	data []byte
	base uint32 // the section's virtual address: data entries hold RVAs
}

type leaf struct {
	typ  uint32
	data []byte
}

func (r resources) u16(off uint32) (uint16, error) {
	if int(off)+2 > len(r.data) {
		return 0, errors.New("truncated")
	}
	return binary.LittleEndian.Uint16(r.data[off:]), nil
}

func (r resources) u32(off uint32) (uint32, error) {
	if int(off)+4 > len(r.data) {
		return 0, errors.New("truncated")
	}
	return binary.LittleEndian.Uint32(r.data[off:]), nil
}

func (r resources) walk() ([]leaf, error) {
	var out []leaf
	var visit func(off uint32, depth int, typ uint32) error
	visit = func(off uint32, depth int, typ uint32) error {
		if depth > 3 {
			return errors.New("directory nested too deep")
		}
		named, err := r.u16(off + 12)
		if err != nil {
			return err
		}
		ids, err := r.u16(off + 14)
		if err != nil {
			return err
		}
		for i := uint32(0); i < uint32(named)+uint32(ids); i++ {
			e := off + 16 + 8*i
			name, err := r.u32(e)
			if err != nil {
				return err
			}
			target, err := r.u32(e + 4)
			if err != nil {
				return err
			}
			t := typ
			if depth == 0 {
				t = name & 0x7fffffff
			}
			if target&0x80000000 != 0 {
				if err := visit(target&0x7fffffff, depth+1, t); err != nil {
					return err
				}
				continue
			}
			rva, err := r.u32(target)
			if err != nil {
				return err
			}
			size, err := r.u32(target + 4)
			if err != nil {
				return err
			}
			start := int64(rva) - int64(r.base)
			if start < 0 || start+int64(size) > int64(len(r.data)) {
				return errors.New("resource data outside the section")
			}
			out = append(out, leaf{typ: t, data: r.data[start : start+int64(size)]})
		}
		return nil
	}
	return out, visit(0, 0, 0)
}

// ParseVersionInfo reads a VS_VERSIONINFO block: the fixed file version ("a.b.c.d")
// and the StringFileInfo values of its first string table.
func ParseVersionInfo(b []byte) (string, map[string]string, error) {
	root, err := parseNode(b)
	if err != nil {
		return "", nil, err
	}
	if root.key != "VS_VERSION_INFO" {
		return "", nil, fmt.Errorf("root key %q, want VS_VERSION_INFO", root.key)
	}
	if len(root.value) < 52 || binary.LittleEndian.Uint32(root.value) != 0xFEEF04BD {
		return "", nil, errors.New("no VS_FIXEDFILEINFO")
	}
	ms := binary.LittleEndian.Uint32(root.value[8:])
	ls := binary.LittleEndian.Uint32(root.value[12:])
	fixed := fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
	strs := map[string]string{}
	for _, c := range root.children {
		if c.key != "StringFileInfo" {
			continue
		}
		for _, table := range c.children {
			for _, s := range table.children {
				strs[s.key] = strings.TrimRight(utf16String(s.value), "\x00")
			}
		}
	}
	return fixed, strs, nil
}

type node struct {
	key      string
	value    []byte
	children []node
}

// parseNode reads one version-resource node: wLength, wValueLength, wType, szKey,
// padding, Value, padding, Children (all 32-bit aligned).
func parseNode(b []byte) (node, error) {
	if len(b) < 6 {
		return node{}, errors.New("version node truncated")
	}
	length := int(binary.LittleEndian.Uint16(b))
	valueLen := int(binary.LittleEndian.Uint16(b[2:]))
	text := binary.LittleEndian.Uint16(b[4:]) == 1
	if length < 6 || length > len(b) {
		return node{}, fmt.Errorf("version node length %d outside %d bytes", length, len(b))
	}
	b = b[:length]
	pos := 6
	var key []uint16
	for {
		if pos+2 > len(b) {
			return node{}, errors.New("version node key not terminated")
		}
		c := binary.LittleEndian.Uint16(b[pos:])
		pos += 2
		if c == 0 {
			break
		}
		key = append(key, c)
	}
	pos = align4(pos)
	n := node{key: string(utf16.Decode(key))}
	if text {
		valueLen *= 2 // in characters for text values
	}
	if pos+valueLen > len(b) {
		return node{}, errors.New("version node value truncated")
	}
	n.value = b[pos : pos+valueLen]
	pos = align4(pos + valueLen)
	for pos < len(b) {
		child, err := parseNode(b[pos:])
		if err != nil {
			return node{}, err
		}
		n.children = append(n.children, child)
		pos = align4(pos + int(binary.LittleEndian.Uint16(b[pos:])))
	}
	return n, nil
}

func align4(n int) int { return (n + 3) &^ 3 }

func utf16String(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}
