// Package views registers the widget of every built-in activity kind (and, through
// their imports, the kinds themselves). main.go imports it for its side effects:
//
//	import _ "declic/plugins/views"
package views

import (
	_ "declic/plugins/form/formview"         // form: fake browser with field checks
	_ "declic/plugins/keyboard/keyboardview" // keyboard: typing box, key capture, drawn keyboard
	_ "declic/plugins/mouse/mouseview"       // mouse: shrinking targets, drag zone, scroll box
	_ "declic/plugins/order/orderview"       // order: rows with Monter / Descendre
	_ "declic/plugins/quiz/quizview"         // quiz: big toggle buttons
	_ "declic/plugins/site/siteview"         // site: browser or phone frame, pages, replay
	_ "declic/plugins/spot/spotview"         // spot: tappable fake message
)
