// Package records turns a completed module into a signed completion record and checks
// such records: an Open Badges 3.0 OpenBadgeCredential (W3C VC Data Model 2.0) secured
// with a Data Integrity proof (eddsa-rdfc-2022 to sign; eddsa-rdfc-2022 and
// eddsa-jcs-2022 to verify), issued by the installation's Ed25519 key as a did:key.
//
// Everything works offline: the two JSON-LD contexts a record uses are embedded, and the
// JSON-LD document loader refuses every other URL.
//
// Canonicalisation (RDFC-1.0) of a record in the shape Déclic issues writes its N-Quads
// directly from a table of the two contexts' terms (shape.go) and labels its blank
// nodes, which never link to each other, by their first-degree hashes (rdfc.go): about
// ten times cheaper than generic JSON-LD processing. json-gold stays the reference: it
// handles every other document, and tests and fuzz targets check both give the same
// canonical N-Quads byte for byte.
package records
