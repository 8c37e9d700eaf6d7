// Package builtin registers every built-in activity kind (parsing and grading only,
// no widgets): the CLI and pack validation import it for its side effects.
//
//	import _ "declic/plugins/builtin"
package builtin

import (
	_ "declic/plugins/form"     // form: simulated web forms
	_ "declic/plugins/keyboard" // keyboard: type a text, press keys
	_ "declic/plugins/mouse"    // mouse: click, drag, scroll targets
	_ "declic/plugins/order"    // order: put steps in order
	_ "declic/plugins/quiz"     // quiz: single or multiple choice
	_ "declic/plugins/site"     // site: a simulated website or app of several pages
	_ "declic/plugins/spot"     // spot: find the traps
)
