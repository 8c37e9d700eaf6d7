// Package search finds the steps of installed course packs that match what a
// learner types — "courriel", "demarche caf", "sourie" — with one persistent
// Bleve (scorch) index kept in the data folder's cache. It imports no GUI
// toolkit and builds with CGO_ENABLED=0.
//
// # Use
//
//	idx, err := search.Open(filepath.Join(dirs.Cache, "search"))
//	go idx.Sync(ctx, packs)              // first time: seconds; later: only changed packs
//	idx.State() == search.Ready          // the screen says "préparation…" until then
//	res, err := idx.Search(ctx, "sourie", "fr", 20)
//	for _, g := range res.Groups() { … g.ModuleTitle, g.Results[i].Snippet … }
//	if len(res.Hits) == 0 { sug, _ := idx.Suggest("sourie", "fr") }
//
// # Documents and fields
//
// Each step is one document, with stored fields for display and for opening
// the step (pack, module, lesson ids and titles, step index and title, level,
// text) and searched fields per language: the step title (boost 3); the
// lesson and module titles (one field, boost 2); the step text (boost 1:
// paragraphs, headings, lists, "À retenir" boxes, image descriptions, activity
// prompts and plugins.Texter texts, or the string values of an activity body
// whose kind is not registered); and "about" (boost 0.8: module summary,
// goals, level, competency codes and CRCN names). The pack title is the same
// for every step of a pack, so it is shown but not searched.
//
// # Languages: a field per language
//
// French packs fill "fr_*" fields analysed with elision, ASCII folding, French
// stop words and the light French stemmer; English packs fill "en_*" fields
// (possessives, folding, stop words, Porter); other languages fill "xx_*" fields
// (folding only). One index with a field per language, rather than an index per
// language, keeps one folder, one manifest, one atomic batch per pack and one
// fast reopen, while term statistics stay per language because fields are
// separate. Search(…, lang) queries the fields of that language only, with that
// language's analyzer; lang "" queries every language held.
//
// Accents never matter: folding is a token filter (Bleve only ships it as a
// char filter, which would shift highlight offsets), applied before stop words
// and stemming on both the text and the query.
//
// # Synonyms: query expansion, not Bleve's synonym index
//
// Bleve 2.5+ can index synonym collections (SynonymSource), but it keeps only
// definitions that analyse to a single token (document.SynonymField drops the
// others), while beginners' synonyms are mostly phrases: "mot de passe",
// "clé USB", "page internet", "allocations familiales", and even "e-mail",
// which the tokenizer splits in two. So the package expands queries itself:
// synonyms/<lang>.txt (embedded; one group per line, comma-separated) plus the
// `synonyms` groups of the indexed packs in that language. The longest phrase
// of the query found in a group is replaced by a disjunction of the group's
// phrases (phrase queries for multi-word ones), the phrase typed weighing 1 and
// the others 0.8. Changing a list needs no re-indexing.
//
// # Typos and search as you type
//
// Each indexed word is also kept, unstemmed and folded, in a "plain" dictionary
// field. A typed word unknown to it is replaced by its nearest indexed words —
// within 1 edit for 4–6 letters, 2 edits from 7 — the most frequent first
// ("sourie" → "souris", not the rarer "souriez" that Bleve's fuzzy scoring
// would prefer). The last word, unless followed by a space, also stands for the
// most frequent indexed words it starts, from its third letter.
//
// # Index life
//
// The index records, inside Bleve (internal keys written in the same batch as
// the documents), its SchemaVersion and, per pack, the version, a digest of the
// indexed steps, the pack's synonyms and its modules. Sync re-indexes only the
// packs whose version or digest changed, removes packs no longer installed, and
// applies each pack in one atomic batch. Open rebuilds an index that is
// missing, unreadable or of another schema (deleting only Bleve's own files),
// and returns ErrInUse, deleting nothing, when another program holds it open.
//
// # Snippets
//
// Snippets and titles come as []Fragment (text runs, highlighted or not), not
// HTML: the screen styles them and read-aloud uses SnippetText. The words
// highlighted are those whose stemmed form is one of the query's terms —
// typed, synonym, correction or completion — found by analysing the stored
// text again (a small cache keeps the latest steps for the next keystroke).
// When nothing is found, Suggest offers close indexed words, spelled as the
// packs write them, and beginners' modules to start from.
//
// # Concurrency and readiness
//
// Every method is safe for concurrent use. Until the first Sync of a new or
// rebuilt index finishes, State is Preparing and Search returns ErrNotReady
// (the screen says "préparation…"); a reopened index is Ready at once. While a
// later Sync runs, Search answers from the packs already indexed; a pack being
// re-indexed shows its old or its new version, never a mix.
package search
