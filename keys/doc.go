// Package keys holds the Ed25519 keys Déclic signs with — a learner profile's key, a
// centre's key, a trainer's pack-signing key — and the forms they travel in: did:key
// identifiers, Multikey strings, key files (plain or sealed with a passphrase) and the
// short fingerprint a trainer reads aloud to check a learner's card. Records, packs,
// bundles and the ledger all use it, so none of them depends on another's format.
package keys
