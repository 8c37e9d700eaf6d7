package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"declic/courses"
)

// The benchmarks build a synthetic corpus of 10,000 steps of about 100 words
// of French-like text (real French words drawn with a Zipf law, the way word
// frequencies fall in real text): 10 packs × 10 modules × 10 lessons × 10 steps.
//
//	CGO_ENABLED=0 go test ./search/ -run XXX -bench . -benchtime 1x

const (
	benchPacks   = 10
	benchModules = 10
	benchLessons = 10
	benchSteps   = 10
	benchWords   = 100
)

// benchVocabulary is drawn from with a Zipf law: the first words are the most frequent.
var benchVocabulary = strings.Fields(`
de la le les et à un une des vous est pour sur dans ce votre qui en pas avec
cliquez ordinateur souris clavier écran fenêtre bouton page site internet
adresse e-mail message mot passe fichier dossier document photo image
envoyer recevoir ouvrir fermer écrire lire copier coller enregistrer
télécharger imprimer chercher trouver choisir remplir valider annuler
compte formulaire démarche caf impôts santé emploi travail offre cv lettre
téléphone portable application réseau wifi navigateur moteur recherche
lien onglet barre menu icône bureau corbeille clé usb disque mémoire
sécurité arnaque piège faux vrai officiel gouv banque paiement carte code
secret identifiant connexion déconnexion franceconnect justificatif attestation
rendez-vous agenda calendrier date heure jour semaine mois année
famille enfant parent ami voisin médecin pharmacie hôpital mairie préfecture
allocation aide droit dossier demande réponse question conseil exemple
touche entrée espace majuscule minuscule chiffre lettre signe point virgule
gauche droite haut bas milieu début fin suivant précédent retour accueil
clic double-clic glisser déposer molette défiler pointeur curseur flèche
allumer éteindre démarrer redémarrer brancher débrancher charger batterie
sauvegarder supprimer effacer renommer déplacer trier classer ranger
lentement doucement calmement ensemble souvent toujours jamais parfois
facile difficile simple solide fragile rapide nouveau ancien grand petit
appel vidéo caméra micro son volume casque écouteurs haut-parleur
vie privée donnée cookie accepter refuser paramètre réglage option mise jour
`)

// benchCorpus builds the synthetic packs; the same seed gives the same corpus.
func benchCorpus() []*courses.Pack {
	r := rand.New(rand.NewPCG(7, 11))
	zipf := rand.NewZipf(r, 1.1, 4, uint64(len(benchVocabulary)-1))
	words := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = benchVocabulary[zipf.Uint64()]
		}
		s := strings.Join(ws, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	var packs []*courses.Pack
	for p := 0; p < benchPacks; p++ {
		pack := &courses.Pack{ID: fmt.Sprintf("bench.pack%02d", p), Version: "1.0.0", Language: "fr", Title: words(3)}
		for m := 0; m < benchModules; m++ {
			mod := &courses.Module{ID: fmt.Sprintf("%02d-module", m+1), Title: words(3), Summary: words(12),
				Level: courses.Beginner, Order: m + 1, Goals: []string{words(6), words(6)}}
			for l := 0; l < benchLessons; l++ {
				les := &courses.Lesson{ID: fmt.Sprintf("%02d-lecon", l+1), Title: words(4)}
				for s := 0; s < benchSteps; s++ {
					var blocks []courses.Block
					for n := 0; n < benchWords; n += 10 {
						blocks = append(blocks, courses.Paragraph{Inlines: []courses.Inline{{Text: words(10)}}})
					}
					les.Steps = append(les.Steps, &courses.Step{Title: words(3), Blocks: blocks})
				}
				mod.Lessons = append(mod.Lessons, les)
			}
			pack.Modules = append(pack.Modules, mod)
		}
		packs = append(packs, pack)
	}
	return packs
}

// typedQueries are what learners type, one keystroke at a time from the
// third letter, with typos and words missing their accents.
var typedQueries = []string{"souri", "clavié", "telechargr", "envoyer un couriel", "demarche caf",
	"mot de pase", "imprimante", "rendez vous medecin", "securite arnaque", "franceconect"}

func keystrokes() []string {
	var out []string
	for _, q := range typedQueries {
		for i := 3; i <= len(q); i++ {
			if q[i-1] != ' ' && (i == len(q) || q[i]&0xC0 != 0x80) {
				out = append(out, q[:i])
			}
		}
	}
	return out
}

// BenchmarkBuild measures a full build of the 10,000-step index (index-s),
// then closes and reopens it (reopen-ms) and reports its size on disk (MB, 10^6 bytes).
func BenchmarkBuild(b *testing.B) {
	packs := benchCorpus()
	var build, buildCPU, reopen time.Duration
	var size int64
	for b.Loop() {
		dir := b.TempDir()
		start, startCPU := time.Now(), cpuTime()
		idx, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := idx.Sync(context.Background(), packs); err != nil {
			b.Fatal(err)
		}
		if err := idx.Close(); err != nil {
			b.Fatal(err)
		}
		build, buildCPU = time.Since(start), cpuTime()-startCPU

		start = time.Now()
		idx, err = Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		reopen = time.Since(start)
		if idx.rebuiltBy != nil || idx.State() != Ready || len(idx.Packs()) != benchPacks {
			b.Fatalf("reopened index: rebuilt %v, state %v, %d packs", idx.rebuiltBy, idx.State(), len(idx.Packs()))
		}
		idx.Close()
		size = dirSize(b, dir)
	}
	b.ReportMetric(build.Seconds(), "index-s")
	b.ReportMetric(buildCPU.Seconds(), "index-cpu-s")
	b.ReportMetric(float64(reopen.Microseconds())/1000, "reopen-ms")
	b.ReportMetric(float64(size)/1e6, "MB")
}

// BenchmarkSearchAsYouType measures each keystroke's search (typo correction,
// completion, synonyms, 20 results with stored fields and highlighted
// snippets) on the 10,000-step index, and reports the median and 95th
// percentile latencies. The index is built, closed and reopened first, as the
// app finds it at start-up (and without the merges that follow a build).
func BenchmarkSearchAsYouType(b *testing.B) {
	dir := b.TempDir()
	idx, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	if err := idx.Sync(context.Background(), benchCorpus()); err != nil {
		b.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		b.Fatal(err)
	}
	if idx, err = Open(dir); err != nil {
		b.Fatal(err)
	}
	defer idx.Close()
	queries := keystrokes()
	var took []time.Duration
	hits := 0
	startCPU := cpuTime()
	for b.Loop() {
		for _, q := range queries {
			start := time.Now()
			res, err := idx.Search(context.Background(), q, "fr", 20)
			took = append(took, time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
			hits += len(res.Hits)
		}
	}
	spentCPU := cpuTime() - startCPU
	if hits == 0 {
		b.Fatal("no query found anything")
	}
	slices.Sort(took)
	pct := func(p float64) float64 {
		return float64(took[int(p*float64(len(took)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(float64(len(queries)), "keystrokes/op")
	b.ReportMetric(float64(spentCPU.Microseconds())/1000/float64(len(took)), "cpu-ms/query")
}

func dirSize(tb testing.TB, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// cpuTime is the CPU time this process has used so far (user + system). The
// benchmarks report it beside wall-clock time because the machine is shared:
// wall time grows with other people's load, CPU time much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
