package search

import "declic/courses"

// competencyWords returns the words indexed for a module's competency codes:
// each code ("2.1") and, for CRCN codes, its name in the pack's language
// ("Interagir"), so a learner can find a module by what it teaches.
func competencyWords(codes []string, lang string) []string {
	out := make([]string, 0, 2*len(codes))
	for _, c := range codes {
		out = append(out, c)
		if label, ok := courses.CompetencyLabel(c, lang); ok {
			out = append(out, label)
		}
	}
	return out
}
