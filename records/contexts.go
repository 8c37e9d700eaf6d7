package records

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/piprate/json-gold/ld"
)

// ContextCredentialsV2 is the URL of the W3C Verifiable Credentials 2.0 JSON-LD context.
const ContextCredentialsV2 = "https://www.w3.org/ns/credentials/v2"

// ContextOpenBadges303 is the URL of the Open Badges 3.0.3 JSON-LD context.
const ContextOpenBadges303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

//go:embed contexts/credentials-v2.jsonld
var credentialsV2Context []byte

//go:embed contexts/ob-context-3.0.3.json
var openBadges303Context []byte

// EmbeddedContexts returns the exact bytes of the two JSON-LD contexts Déclic serves
// offline, keyed by URL, so other tools (tests, the interoperability script) use the same.
func EmbeddedContexts() map[string][]byte {
	return map[string][]byte{
		ContextCredentialsV2: append([]byte(nil), credentialsV2Context...),
		ContextOpenBadges303: append([]byte(nil), openBadges303Context...),
	}
}

// offlineLoader is a JSON-LD document loader that serves only a fixed set of documents
// and fails on any other URL, so canonicalisation never touches the network.
type offlineLoader struct {
	docs map[string]any
	// embedded is true when the loader serves the two contexts exactly as embedded:
	// records of the known shape are then canonicalised without json-gold (shape.go).
	embedded bool
	// active caches processed top-level @context values (JSON text → *ld.Context).
	active sync.Map
	// templates caches canonical proof options (see proofcache.go).
	templates proofTemplates
	// buffers keeps the direct path's working space (*shapeBuffers) between records.
	buffers sync.Pool
}

// newOfflineLoader parses the given documents (URL → JSON bytes) once.
func newOfflineLoader(raw map[string][]byte) (*offlineLoader, error) {
	l := &offlineLoader{docs: make(map[string]any, len(raw))}
	for url, data := range raw {
		var doc any
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("records: embedded context %s: %w", url, err)
		}
		l.docs[url] = doc
	}
	l.embedded = bytes.Equal(raw[ContextCredentialsV2], credentialsV2Context) &&
		bytes.Equal(raw[ContextOpenBadges303], openBadges303Context)
	return l, nil
}

// options returns fresh JSON-LD options for canonicalisation with this loader:
// JSON-LD 1.1, safe mode, URDNA2015.
func (l *offlineLoader) options() *ld.JsonLdOptions {
	opts := ld.NewJsonLdOptions("")
	opts.DocumentLoader = l
	opts.SafeMode = true
	opts.Algorithm = ld.AlgorithmURDNA2015
	opts.ProcessingMode = ld.JsonLd_1_1
	return opts
}

// activeContext returns the active context after processing the @context value ctx,
// from the cache when this value was seen before. A processed context is never changed
// by expansion (which copies it before any change), so sharing it is safe.
func (l *offlineLoader) activeContext(ctx any) (*ld.Context, error) {
	key, err := json.Marshal(ctx)
	if err != nil {
		return nil, err
	}
	if c, ok := l.active.Load(string(key)); ok {
		return c.(*ld.Context), nil
	}
	c, err := ld.NewContext(nil, l.options()).Parse(ctx)
	if err != nil {
		return nil, err
	}
	// Only lists of served URLs are cached: a handful of values at most, whereas inline
	// context objects in hostile files could grow the cache without bound.
	if onlyURLs(ctx) {
		l.active.Store(string(key), c)
	}
	return c, nil
}

func onlyURLs(ctx any) bool {
	list, ok := ctx.([]any)
	if !ok {
		list = []any{ctx}
	}
	if len(list) > 4 {
		return false
	}
	for _, e := range list {
		if _, isString := e.(string); !isString {
			return false
		}
	}
	return true
}

// ErrUnknownContext is returned (wrapped) when a document refers to a JSON-LD context
// other than the embedded ones.
var ErrUnknownContext = fmt.Errorf("records: JSON-LD context not available offline")

// LoadDocument implements ld.DocumentLoader.
func (l *offlineLoader) LoadDocument(url string) (*ld.RemoteDocument, error) {
	doc, ok := l.docs[url]
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownContext, url)
	}
	return &ld.RemoteDocument{DocumentURL: url, Document: doc}, nil
}

// defaultLoader serves the VC 2.0 and OB 3.0.3 contexts and nothing else.
var defaultLoader = mustLoader(EmbeddedContexts())

func mustLoader(raw map[string][]byte) *offlineLoader {
	l, err := newOfflineLoader(raw)
	if err != nil {
		panic(err)
	}
	return l
}
