package courses

import (
	_ "embed"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// Competency is one competence of the CRCN framework (the one Pix certifies),
// with its labels in each language the table provides.
type Competency struct {
	// Code is the CRCN code, e.g. "2.1".
	Code string
	// Domain is the domain number, e.g. "2".
	Domain string
	// Labels maps a language ("fr", "en") to the competence's name.
	Labels map[string]string
	// DomainLabels maps a language to the domain's name.
	DomainLabels map[string]string
}

//go:embed competencies.toml
var competencyTable []byte

type competencyFile struct {
	Domains      map[string]map[string]string `toml:"domains"`
	Competencies []struct {
		Code string `toml:"code"`
		FR   string `toml:"fr"`
		EN   string `toml:"en"`
	} `toml:"competencies"`
}

var competencies = mustLoadCompetencies(competencyTable)

func mustLoadCompetencies(data []byte) map[string]Competency {
	var f competencyFile
	if err := toml.Unmarshal(data, &f); err != nil {
		panic(fmt.Sprintf("courses: embedded competencies.toml: %v", err)) // a build-time file
	}
	out := make(map[string]Competency, len(f.Competencies))
	for _, c := range f.Competencies {
		domain, _, _ := strings.Cut(c.Code, ".")
		out[c.Code] = Competency{
			Code:         c.Code,
			Domain:       domain,
			Labels:       map[string]string{"fr": c.FR, "en": c.EN},
			DomainLabels: f.Domains[domain],
		}
	}
	return out
}

// Competencies returns the CRCN table sorted by code.
func Competencies() []Competency {
	out := make([]Competency, 0, len(competencies))
	for _, c := range competencies {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// CompetencyLabel returns the name of a CRCN competence in lang ("fr", "en";
// a region such as "fr-FR" is ignored; unknown languages fall back to French).
// Pack-defined "socle." codes have no label here: ok is false for them.
func CompetencyLabel(code, lang string) (string, bool) {
	c, ok := competencies[code]
	if !ok {
		return "", false
	}
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	base, _, _ = strings.Cut(base, "_")
	if l, ok := c.Labels[base]; ok && l != "" {
		return l, true
	}
	return c.Labels["fr"], true
}

var socleCode = regexp.MustCompile(`^socle\.[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidCompetency reports whether code is a CRCN code from the table or a
// pack-defined beginner's code of the form "socle.xxx".
func ValidCompetency(code string) bool {
	if _, ok := competencies[code]; ok {
		return true
	}
	return socleCode.MatchString(code)
}
