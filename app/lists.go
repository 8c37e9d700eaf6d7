package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// titledList is a bold heading above a bulleted list of sentences (a module's
// goals, what the learner has learnt).
func titledList(heading string, items []string) fyne.CanvasObject {
	title := widget.NewLabelWithStyle(heading, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Wrapping = fyne.TextWrapWord
	list := &widget.ListSegment{}
	for _, it := range items {
		list.Items = append(list.Items, &widget.ParagraphSegment{Texts: []widget.RichTextSegment{
			&widget.TextSegment{Style: widget.RichTextStyleInline, Text: it}}})
	}
	body := widget.NewRichText(list)
	body.Wrapping = fyne.TextWrapWord
	return container.NewVBox(title, body)
}
