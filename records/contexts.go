package records

import (
	_ "embed"
	"encoding/json"
	"fmt"

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
	return l, nil
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
