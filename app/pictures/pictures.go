// Package pictures holds the 12 pictures a learner profile is shown with, and
// which its picture password is made of: simple, high-contrast drawings without
// text, so learners who read with effort recognise their profile at a glance.
package pictures

import (
	"embed"

	"fyne.io/fyne/v2"
)

//go:embed *.svg
var files embed.FS

// IDs are the pictures in the order of the grid; a picture password stores
// indexes into this list, so it never changes order (new pictures go at the end).
var IDs = []string{
	"soleil", "arbre", "chat", "maison", "velo", "fleur",
	"poisson", "etoile", "lune", "tasse", "cle", "bateau",
}

// Resource returns the picture named id, or the first picture for an unknown id
// (a profile made by a newer Déclic with more pictures still shows one).
func Resource(id string) fyne.Resource {
	if Index(id) < 0 {
		id = IDs[0]
	}
	data, err := files.ReadFile(id + ".svg")
	if err != nil {
		panic("pictures: embedded picture missing: " + id)
	}
	return fyne.NewStaticResource(id+".svg", data)
}

// Index returns the position of id in IDs, or -1.
func Index(id string) int {
	for i, x := range IDs {
		if x == id {
			return i
		}
	}
	return -1
}
