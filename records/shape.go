package records

import (
	"slices"
	"strconv"
	"strings"

	"github.com/piprate/json-gold/ld"
)

// The records Déclic issues and a centre credits have one shape: the two known
// contexts, and the fields Issue writes. For them, the N-Quads of the JSON-LD
// document are written here directly from a table of what each field means in that
// place (the terms of the VC 2.0 and OB 3.0.3 contexts, with their type-scoped
// contexts), instead of running generic JSON-LD expansion: the result is the same
// dataset, byte for byte, at a small fraction of the cost. Tests and a fuzz target
// compare it with json-gold on every shape the app issues and on mutated ones.
//
// Anything the table does not describe exactly — another key, another type, an array
// where one value is expected, a number where text is expected, an id that is not a
// plain urn: or did: IRI, an id used twice — makes knownShapeQuads report false, and
// the document goes through json-gold.

// The vocabularies of the two contexts, as IRIs open in N-Quads ("<…#" + term + ">").
const (
	ob          = "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
	cred        = "<https://www.w3.org/2018/credentials#"
	schema      = "<https://schema.org/"
	xsd         = "^^<http://www.w3.org/2001/XMLSchema#"  // VC 2.0's datatypes
	xsdOB       = "^^<https://www.w3.org/2001/XMLSchema#" // OB 3.0.3's (https)
	rdfTypeTerm = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
	// maxShapeList is more entries in one list than a record needs: leave it to json-gold.
	maxShapeList = 64
)

// valueKind is how a field's JSON value becomes an RDF term.
type valueKind int

const (
	plainText  valueKind = iota // a string: a plain literal
	typedText                   // a string: a literal of the field's datatype
	number                      // a number: a literal of the field's datatype, as JSON-LD writes numbers
	boolean                     // true or false: a literal of the field's datatype
	namedNode                   // one object with an id: a node of the field's shape
	namedNodes                  // objects with ids (a list or one)
	blankNode                   // one object without id: a blank node
	blankNodes                  // objects without ids (a list or one)
)

// field is one key of a node shape.
type field struct {
	predicate string // as written in N-Quads: <iri>
	kind      valueKind
	datatype  string     // typedText, number, boolean: the literal's suffix ^^<iri>
	shape     *nodeShape // namedNode(s), blankNode(s)
}

// nodeShape is one kind of node of a record: the types it must have (exactly, as
// type-scoped contexts change what its keys mean) and the keys it may have.
type nodeShape struct {
	types  map[string]string // type term → class, as written in N-Quads (<iri>); empty: no type
	fields map[string]field
}

var (
	shapeCriteria = &nodeShape{fields: map[string]field{
		"narrative": {predicate: ob + "narrative>"},
	}}
	shapeIdentity = &nodeShape{types: map[string]string{"IdentityObject": ob + "IdentityObject>"}, fields: map[string]field{
		"identityHash": {predicate: ob + "identityHash>"},
		"identityType": {predicate: ob + "identityType>"},
		"hashed":       {predicate: ob + "hashed>", kind: boolean, datatype: xsdOB + "boolean>"},
	}}
	shapeResult = &nodeShape{types: map[string]string{"Result": ob + "Result>"}, fields: map[string]field{
		"resultDescription": {predicate: ob + "resultDescription>", kind: typedText, datatype: xsdOB + "anyURI>"},
		"value":             {predicate: schema + "value>"},
	}}
	shapeAlignment = &nodeShape{types: map[string]string{"Alignment": schema + "AlignmentObject>"}, fields: map[string]field{
		"targetName":      {predicate: schema + "targetName>"},
		"targetCode":      {predicate: ob + "targetCode>"},
		"targetFramework": {predicate: schema + "targetFramework>"},
		"targetUrl":       {predicate: schema + "targetUrl>", kind: typedText, datatype: xsdOB + "anyURI>"},
	}}
	shapeResultDescription = &nodeShape{types: map[string]string{"ResultDescription": ob + "ResultDescription>"}, fields: map[string]field{
		"name":       {predicate: schema + "name>"},
		"resultType": {predicate: ob + "resultType>"},
		"valueMin":   {predicate: ob + "valueMin>"},
		"valueMax":   {predicate: ob + "valueMax>"},
	}}
	shapeAchievement = &nodeShape{types: map[string]string{"Achievement": ob + "Achievement>"}, fields: map[string]field{
		"achievementType":   {predicate: ob + "achievementType>"},
		"name":              {predicate: schema + "name>"},
		"description":       {predicate: schema + "description>"},
		"criteria":          {predicate: ob + "Criteria>", kind: blankNode, shape: shapeCriteria},
		"creditsAvailable":  {predicate: ob + "creditsAvailable>", kind: number, datatype: xsdOB + "float>"},
		"version":           {predicate: ob + "version>"},
		"humanCode":         {predicate: ob + "humanCode>"},
		"alignment":         {predicate: ob + "alignment>", kind: blankNodes, shape: shapeAlignment},
		"resultDescription": {predicate: ob + "resultDescription>", kind: namedNodes, shape: shapeResultDescription},
	}}
	shapeSubject = &nodeShape{types: map[string]string{"AchievementSubject": ob + "AchievementSubject>"}, fields: map[string]field{
		"identifier":        {predicate: ob + "identifier>", kind: blankNodes, shape: shapeIdentity},
		"activityStartDate": {predicate: ob + "activityStartDate>", kind: typedText, datatype: xsdOB + "date>"},
		"activityEndDate":   {predicate: ob + "activityEndDate>", kind: typedText, datatype: xsdOB + "date>"},
		"creditsEarned":     {predicate: ob + "creditsEarned>", kind: number, datatype: xsdOB + "float>"},
		"result":            {predicate: ob + "result>", kind: blankNodes, shape: shapeResult},
		"achievement":       {predicate: ob + "achievement>", kind: namedNode, shape: shapeAchievement},
	}}
	shapeProfile = &nodeShape{types: map[string]string{"Profile": ob + "Profile>"}, fields: map[string]field{
		"name": {predicate: schema + "name>"},
	}}
	shapeCredential = &nodeShape{types: map[string]string{
		"VerifiableCredential": cred + "VerifiableCredential>",
		"OpenBadgeCredential":  ob + "OpenBadgeCredential>",
	}, fields: map[string]field{
		"name":              {predicate: schema + "name>"},
		"description":       {predicate: schema + "description>"},
		"issuer":            {predicate: cred + "issuer>", kind: namedNode, shape: shapeProfile},
		"validFrom":         {predicate: cred + "validFrom>", kind: typedText, datatype: xsd + "dateTime>"},
		"validUntil":        {predicate: cred + "validUntil>", kind: typedText, datatype: xsd + "dateTime>"},
		"credentialSubject": {predicate: cred + "credentialSubject>", kind: namedNode, shape: shapeSubject},
	}}
)

// termKind says how a term is written in N-Quads.
type termKind uint8

const (
	written termKind = iota // text is the term as written (<iri> of the tables)
	iri                     // text is an IRI: <text>
	literal                 // text is a literal's value: "text" (escaped) and datatype
	blank                   // a blank node, numbered bnode
)

// term is an RDF term; terms keep the document's strings as they are, and are written
// out only once, into the canonical text.
type term struct {
	kind     termKind
	text     string
	datatype string // literal: ^^<iri>, or "" for a plain string
	bnode    int
}

// shapeQuad is one statement of the default graph.
type shapeQuad struct {
	subject   term
	predicate string // already written as <iri>
	object    term
}

// shapeWriter turns a document of the known shape into quads.
type shapeWriter struct {
	quads  []shapeQuad
	bnodes int
	ids    []string // the node ids met so far: each may name one node only
}

// knownShapeQuads returns the RDF statements of doc (a credential without its proof)
// and the number of blank nodes, numbered from 0, or false when doc is not exactly of
// the shape Déclic issues.
// The statements are appended to into[:0] (a buffer to reuse, or nil).
func knownShapeQuads(doc map[string]any, into []shapeQuad) ([]shapeQuad, int, bool) {
	if !isKnownContext(doc["@context"]) {
		return nil, 0, false
	}
	if into == nil {
		into = make([]shapeQuad, 0, 64)
	}
	w := shapeWriter{quads: into[:0], ids: make([]string, 0, 8)}
	if _, ok := w.node(doc, shapeCredential, true, "@context"); !ok {
		return nil, 0, false
	}
	return w.quads, w.bnodes, true
}

// node writes the statements of one node object and returns its term. named says
// whether the node has an id (an IRI) or is a blank node; skip is a key to ignore.
func (w *shapeWriter) node(obj map[string]any, shape *nodeShape, named bool, skip string) (term, bool) {
	var self term
	if named {
		id, ok := obj["id"].(string)
		if !ok || !plainIRI(id) || slices.Contains(w.ids, id) {
			return self, false
		}
		w.ids = append(w.ids, id)
		self = term{kind: iri, text: id}
	} else {
		if _, has := obj["id"]; has {
			return self, false
		}
		self = term{kind: blank, bnode: w.bnodes}
		w.bnodes++
	}
	if !w.types(self, obj["type"], shape) {
		return self, false
	}
	for key, value := range obj {
		if key == "id" || key == "type" || key == skip {
			continue
		}
		f, known := shape.fields[key]
		if !known || !w.value(self, f, value) {
			return self, false
		}
	}
	return self, true
}

// types writes the node's rdf:type statements: exactly the shape's types, each once.
func (w *shapeWriter) types(self term, value any, shape *nodeShape) bool {
	if len(shape.types) == 0 {
		return value == nil
	}
	var names []string
	switch t := value.(type) {
	case string:
		names = []string{t}
	case []any:
		for _, e := range t {
			s, ok := e.(string)
			if !ok {
				return false
			}
			names = append(names, s)
		}
	default:
		return false
	}
	if len(names) != len(shape.types) {
		return false
	}
	for i, n := range names {
		class, known := shape.types[n]
		if !known || slices.Contains(names[:i], n) {
			return false
		}
		w.quads = append(w.quads, shapeQuad{self, rdfTypeTerm, term{kind: written, text: class}})
	}
	return true
}

// value writes the statements of one field of a node.
func (w *shapeWriter) value(self term, f field, value any) bool {
	var object term
	switch f.kind {
	case plainText, typedText:
		s, ok := value.(string)
		if !ok {
			return false
		}
		object = term{kind: literal, text: s}
		if f.kind == typedText {
			object.datatype = f.datatype
		}
	case number:
		v, ok := value.(float64)
		if !ok {
			return false
		}
		object = term{kind: literal, text: jsonLDNumber(v), datatype: f.datatype}
	case boolean:
		v, ok := value.(bool)
		if !ok {
			return false
		}
		object = term{kind: literal, text: strconv.FormatBool(v), datatype: f.datatype}
	case namedNode, blankNode:
		obj, ok := value.(map[string]any)
		if !ok {
			return false
		}
		return w.child(self, f, obj)
	case namedNodes, blankNodes:
		list, isList := value.([]any)
		if !isList {
			obj, ok := value.(map[string]any)
			if !ok {
				return false
			}
			return w.child(self, f, obj)
		}
		if len(list) > maxShapeList {
			return false
		}
		for _, e := range list {
			obj, ok := e.(map[string]any)
			if !ok || !w.child(self, f, obj) {
				return false
			}
		}
		return true
	}
	w.quads = append(w.quads, shapeQuad{self, f.predicate, object})
	return true
}

// child writes a nested node and the statement that links it to its parent.
func (w *shapeWriter) child(self term, f field, obj map[string]any) bool {
	object, ok := w.node(obj, f.shape, f.kind == namedNode || f.kind == namedNodes, "")
	if !ok {
		return false
	}
	w.quads = append(w.quads, shapeQuad{self, f.predicate, object})
	return true
}

// plainIRI accepts the ids a record uses, urn: and did: IRIs, when JSON-LD keeps them
// exactly as written (no prefix of the contexts, nothing N-Quads would escape) and
// json-gold keeps their statements (its URL check applies to http: and https: only).
func plainIRI(s string) bool {
	return (strings.HasPrefix(s, "urn:") || strings.HasPrefix(s, "did:")) && len(s) > 4 && isAbsoluteIRI(s)
}

// jsonLDNumber writes a number as JSON-LD's RDF conversion does: an integral value as
// an integer, any other with json-gold's canonical double form.
func jsonLDNumber(v float64) string {
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10)
	}
	return ld.GetCanonicalDouble(v)
}
