package view

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Role is what kind of control something is, as the read-aloud names it
// (« Bouton », « Case à cocher »…). The app says it in the interface language:
// its messages are a11y.role.<role>.
type Role string

// The roles of Déclic's controls.
const (
	RoleButton       Role = "button"        // a button, a module card, a picture to choose
	RoleChoice       Role = "choice"        // an answer of a quiz
	RoleCheck        Role = "check"         // a check box
	RoleField        Role = "field"         // a text field
	RolePassword     Role = "password"      // a password field
	RoleShowPassword Role = "show_password" // the eye button of a password field
	RoleList         Role = "list"          // a drop-down list
	RoleLink         Role = "link"          // a link of a simulated page
	RoleTarget       Role = "target"        // a target of a mouse drill
	RoleScrollArea   Role = "scroll_area"   // the page to scroll in a mouse drill
	RoleKeyArea      Role = "key_area"      // the area that takes the keys in a keyboard drill
	RolePart         Role = "part"          // a part of a message where a trap may hide
	RoleResult       Role = "result"        // a search result
	RoleFile         Role = "file"          // a document in a simulated « Ouvrir un fichier » window
)

// State is what the read-aloud says of a control's state, after its role
// (« Case à cocher, cochée »). Messages: a11y.state.<state>.
type State string

// The states the read-aloud says.
const (
	StateNone        State = ""
	StateChecked     State = "checked"
	StateUnchecked   State = "unchecked"
	StateSelected    State = "selected"
	StateNotSelected State = "not_selected"
	StateUnavailable State = "unavailable"
)

// Description is what the read-aloud says of a control that takes the focus:
// its role, its state, its name and, for a list, the value chosen.
type Description struct {
	Role  Role
	State State
	Name  string
	Value string
}

// Described is a control that says what it is when the focus reaches it.
type Described interface {
	Describe() Description
}

// Describe says what obj is: its own Description, or one read from a plain Fyne
// widget. ok is false for something Déclic does not know how to name.
func Describe(obj fyne.CanvasObject) (d Description, ok bool) {
	switch x := obj.(type) {
	case Described:
		return x.Describe(), true
	case *widget.Button:
		d = Description{Role: RoleButton, Name: x.Text}
		if x.Disabled() {
			d.State = StateUnavailable
		}
		return d, true
	case *widget.Check:
		d = Description{Role: RoleCheck, Name: x.Text, State: StateUnchecked}
		if x.Checked {
			d.State = StateChecked
		}
		return d, true
	case *widget.Entry:
		return Description{Role: RoleField, Name: x.PlaceHolder}, true
	case *widget.Select:
		return Description{Role: RoleList, Name: x.PlaceHolder, Value: x.Selected}, true
	case *widget.Hyperlink:
		return Description{Role: RoleLink, Name: x.Text}, true
	}
	return Description{}, false
}
