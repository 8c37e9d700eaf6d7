// Package records turns a completed module into a signed completion record and checks
// such records: an Open Badges 3.0 OpenBadgeCredential (W3C VC Data Model 2.0) secured
// with a Data Integrity proof (eddsa-rdfc-2022 to sign; eddsa-rdfc-2022 and
// eddsa-jcs-2022 to verify), issued by the installation's Ed25519 key as a did:key.
//
// Everything works offline: the two JSON-LD contexts a record uses are embedded, and the
// JSON-LD document loader refuses every other URL.
package records
