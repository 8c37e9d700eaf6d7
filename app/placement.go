package app

import (
	"context"
	"image"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"declic/courses"
	"declic/learner"
	"declic/plugins"
	"declic/plugins/view"
)

// placementQuestion is one question of « Que savez-vous déjà faire ? ». A
// question the learner cannot answer "yes" to (or fails, for a practical one)
// points at the starter-pack module that teaches it.
type placementQuestion struct {
	id     string // message ids learner.placement.q.<id>…
	module string // starter-pack module id
	image  string // picture from the starter pack, empty for none
	kind   string // "" for a yes / a little / no question, else an activity kind
}

// placementQuestions go from the first module to the last: the suggestion is the
// module of the first question the learner does not master yet.
var placementQuestions = []placementQuestion{
	{id: "computer", module: "01-l-ordinateur", image: "modules/01-l-ordinateur/images/ordinateur-fixe.svg"},
	{id: "click", module: "02-la-souris", kind: "mouse"},
	{id: "double_click", module: "02-la-souris", image: "modules/02-la-souris/images/souris-double-clic.svg"},
	{id: "type", module: "03-le-clavier", kind: "keyboard"},
	{id: "files", module: "04-fichiers-et-dossiers", image: "modules/04-fichiers-et-dossiers/images/dossier-fichiers.svg"},
	{id: "address_bar", module: "05-internet", kind: "quiz"},
	{id: "email_address", module: "06-mon-adresse-e-mail", image: "modules/06-mon-adresse-e-mail/images/adresse-parties.svg"},
	{id: "send_email", module: "07-ecrire-des-e-mails", image: "modules/07-ecrire-des-e-mails/images/bouton-envoyer.svg"},
	{id: "scam", module: "08-les-arnaques", kind: "quiz"},
	{id: "procedures", module: "09-les-demarches-en-ligne", image: "modules/09-les-demarches-en-ligne/images/batiment-public.svg"},
}

// placementAllKnown is suggested when the learner knows everything asked.
const placementAllKnown = "10-chercher-un-emploi"

// placementRun is one pass through the questionnaire.
type placementRun struct {
	index int
	known []bool
}

// ShowPlacement starts the placement questionnaire: an introduction, then the
// questions one per screen; it can be skipped at any time.
func (u *ui) ShowPlacement() {
	if u.profile == nil || len(u.opts.Packs) == 0 {
		u.ShowHome()
		return
	}
	u.player = nil
	tr := u.tr
	start := view.NewPushButton(tr.T("learner.placement.start"), theme.NavigateNextIcon(), func() {
		u.placement = &placementRun{}
		u.showPlacementQuestion()
	})
	start.Importance = widget.HighImportance
	u.show(container.NewBorder(nil, container.NewPadded(container.NewHBox(sized(start, 0, 56), u.skipPlacementButton())), nil, nil,
		view.ScrollPage(container.NewVBox(
			heading(tr.T("learner.placement.title")),
			container.NewCenter(sized(u.placementPicture("modules/01-l-ordinateur/images/ordinateur-portable.svg"), 280, 190)),
			wrapped(tr.T("learner.placement.intro1")),
			wrapped(tr.T("learner.placement.intro2", map[string]any{"Count": len(placementQuestions)})),
			wrapped(tr.T("learner.placement.intro3")),
		))))
	u.mainControl(start)
}

func (u *ui) skipPlacementButton() fyne.CanvasObject {
	return view.NewPushButton(u.tr.T("learner.placement.skip"), theme.MediaSkipNextIcon(), u.SkipPlacement)
}

// SkipPlacement records that the learner skipped the questionnaire and goes home.
func (u *ui) SkipPlacement() {
	u.placement = nil
	u.savePlacement(learner.Placement{State: learner.PlacementSkipped})
	u.ShowHome()
}

// savePlacement stores the outcome in the profile.
func (u *ui) savePlacement(p learner.Placement) {
	p.At = u.opts.Now()
	if err := u.store.SetPlacement(context.Background(), u.profile.ID, p); err != nil {
		u.storeFailed(err)
		return
	}
	u.profile.Placement = p
}

// showPlacementQuestion shows the current question.
func (u *ui) showPlacementQuestion() {
	run := u.placement
	if run.index >= len(placementQuestions) {
		u.finishPlacement()
		return
	}
	q := placementQuestions[run.index]
	tr := u.tr
	answer := func(known bool) {
		if u.placement != run || len(run.known) > run.index {
			return // answered already (an activity's Done after a button, or a late callback)
		}
		run.known = append(run.known, known)
		run.index++
		u.showPlacementQuestion()
	}
	count := widget.NewLabel(tr.T("learner.placement.count", map[string]any{"Number": run.index + 1, "Total": len(placementQuestions)}))
	bar := newStepBar(u.theme.Palette.Button, u.theme.Palette.Primary)
	bar.SetValue(float64(run.index+1) / float64(len(placementQuestions)))
	top := container.NewVBox(container.NewBorder(nil, nil, nil, count, bar.object()))
	if q.kind != "quiz" { // a quiz shows its own question
		top.Add(heading(tr.T("learner.placement.q." + q.id)))
	}

	var body fyne.CanvasObject
	var answers []fyne.CanvasObject
	if q.kind == "" {
		yes := view.NewPushButton(tr.T("learner.placement.yes"), theme.ConfirmIcon(), func() { answer(true) })
		some := view.NewPushButton(tr.T("learner.placement.a_little"), theme.QuestionIcon(), func() { answer(false) })
		no := view.NewPushButton(tr.T("learner.placement.no"), theme.CancelIcon(), func() { answer(false) })
		answers = []fyne.CanvasObject{yes, some, no}
		body = container.NewCenter(sized(u.placementPicture(q.image), 360, 240))
	} else {
		first := -1 // first attempt: 1 passed, 0 failed
		act, err := u.placementActivity(q)
		var obj fyne.CanvasObject
		ok := false
		if err == nil {
			env := view.Env{T: tr, Window: u.win, Hands: u.access.hands, Clock: u.access.clock,
				Image: func(p string) (fyne.Resource, error) {
					return loadResource(u.opts.Packs[0].FS, p, u.pictures.converter())
				},
				Bitmap: func(p string, size fyne.Size) (image.Image, error) {
					return u.pictures.bitmap(u.opts.Packs[0], p, size, u.win.Canvas().Scale())
				},
				Attempt: func(r plugins.Result, _ time.Duration) {
					u.touch()
					if first < 0 {
						first = 0
						if r.Passed {
							first = 1
						}
					}
				},
				Done: func(r plugins.Result) {
					if first < 0 && r.Passed {
						first = 1
					}
					answer(first == 1)
				},
			}
			obj, ok = view.Build(act, env)
		}
		if !ok {
			// The activity cannot show (a plug-in missing): ask in words instead.
			obj = wrapped(tr.T("learner.placement.q." + q.id + ".plain"))
			yes := view.NewPushButton(tr.T("learner.placement.yes"), theme.ConfirmIcon(), func() { answer(true) })
			answers = append(answers, yes)
		}
		body = obj
		answers = append(answers, view.NewPushButton(tr.T("learner.placement.dont_know"), theme.QuestionIcon(), func() { answer(false) }))
	}
	buttons := container.NewHBox(answers...)
	footer := container.NewBorder(nil, nil, nil, u.skipPlacementButton(), buttons)
	u.show(container.NewBorder(container.NewPadded(top), container.NewPadded(footer), nil, nil,
		view.ScrollPage(body)))
	// Going back would drop an answer: Échap says so and stays.
	u.escapeTo(func() {}, func() string { return tr.T("a11y.escape.questions") })
}

// placementActivity builds a practical question as a real activity, parsed by
// its plug-in from TOML like a lesson's, with the text in the learner's language.
func (u *ui) placementActivity(q placementQuestion) (plugins.Activity, error) {
	kind, ok := plugins.Lookup(q.kind)
	if !ok {
		return nil, plugins.NewError(plugins.Position{File: "placement"}, "courses.activity_unknown_kind", "Kind", q.kind, "Kinds", strings.Join(plugins.Kinds(), ", "))
	}
	tr := func(id string) string { return strconv.Quote(u.tr.T("learner.placement.q." + q.id + "." + id)) }
	var body string
	switch q.id {
	case "click": // the question's title is the instruction: no prompt repeats it
		body = "[[targets]]\naction = \"click\"\nlabel = " + tr("target") + "\n"
	case "type":
		body = "text = " + tr("text") + "\n"
	default: // a quiz: one right answer, then two wrong ones
		body = "question = " + tr("question") + "\n"
		if q.image != "" {
			body += "image = " + strconv.Quote(q.image) + "\n"
		}
		body += "[[choices]]\ntext = " + tr("right") + "\ncorrect = true\nfeedback = " + tr("right_feedback") + "\n"
		body += "[[choices]]\ntext = " + tr("wrong") + "\nfeedback = " + tr("wrong_feedback") + "\n"
	}
	return kind.Parse([]byte(body), plugins.Position{File: "placement/" + q.id, Line: 1})
}

// placementPicture is a picture of the starter pack, or nothing when missing.
func (u *ui) placementPicture(p string) fyne.CanvasObject {
	if p == "" || len(u.opts.Packs) == 0 {
		return container.NewStack()
	}
	res, err := loadResource(u.opts.Packs[0].FS, p, u.pictures.converter())
	if err != nil {
		return container.NewStack()
	}
	img := canvas.NewImageFromResource(res)
	img.FillMode = canvas.ImageFillContain
	return img
}

// placementSuggestion returns the module the answers point at: the module of the
// first question not mastered, or the one after the last question's when the
// learner knows everything. pack may lack some modules (another starter pack):
// then its first module.
func placementSuggestion(pack *courses.Pack, known []bool) *courses.Module {
	want := placementAllKnown
	for i, k := range known {
		if !k && i < len(placementQuestions) {
			want = placementQuestions[i].module
			break
		}
	}
	for _, m := range pack.Modules {
		if m.ID == want {
			return m
		}
	}
	if len(pack.Modules) == 0 {
		return nil
	}
	return pack.Modules[0]
}

// finishPlacement stores the suggestion and shows it with a big button to start.
func (u *ui) finishPlacement() {
	run := u.placement
	u.placement = nil
	pack := u.opts.Packs[0]
	m := placementSuggestion(pack, run.known)
	if m == nil {
		u.SkipPlacement()
		return
	}
	u.savePlacement(learner.Placement{State: learner.PlacementDone, PackID: pack.ID, ModuleID: m.ID})
	tr := u.tr
	known := 0
	for _, k := range run.known {
		if k {
			known++
		}
	}
	start := view.NewPushButton(tr.T("learner.placement.open", map[string]any{"Title": m.Title}), theme.NavigateNextIcon(), func() { u.OpenModule(pack, m) })
	start.Importance = widget.HighImportance
	all := view.NewPushButton(tr.T("learner.placement.all_modules"), theme.HomeIcon(), u.ShowHome)
	title := widget.NewLabelWithStyle(tr.T("module.number", map[string]any{"Number": moduleNumber(pack, m)})+" · "+m.Title,
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Wrapping = fyne.TextWrapWord
	u.show(view.ScrollPage(container.NewVBox(
		container.NewBorder(nil, nil, sized(widget.NewIcon(theme.ConfirmIcon()), 48, 48), nil, heading(tr.T("learner.placement.thanks"))),
		wrapped(tr.N("learner.placement.known", known, map[string]any{"Total": len(placementQuestions)})),
		wrapped(tr.T("learner.placement.suggest")),
		title,
		wrapped(m.Summary),
		container.NewHBox(sized(start, 0, 56), all),
		wrapped(tr.T("learner.placement.later")),
	)))
	u.escapeTo(u.ShowHome, nil)
	u.mainControl(start)
}
