package packsign

import (
	"io/fs"

	"declic/i18n"
)

// Status says who vouches for a pack.
type Status int

// The three signer statuses shown before a pack is installed.
const (
	// Unsigned: the pack carries no signature.
	Unsigned Status = iota
	// UnknownSigner: the signature is valid but its key is not in the trust store.
	UnknownSigner
	// Trusted: the signature is valid and made by a centre of the trust store.
	Trusted
)

func (s Status) String() string {
	switch s {
	case Trusted:
		return "trusted"
	case UnknownSigner:
		return "unknown signer"
	}
	return "unsigned"
}

// Message names the status in words, to translate.
func (s Status) Message() i18n.Message {
	switch s {
	case Trusted:
		return i18n.M("packsign.status.trusted")
	case UnknownSigner:
		return i18n.M("packsign.status.unknown")
	}
	return i18n.M("packsign.status.unsigned")
}

// Report is what Verify found out about a pack.
type Report struct {
	Status Status
	// HasManifest is true when the pack carries MANIFEST.sha256 (built packs do).
	HasManifest bool
	// Files is the number of files the manifest lists.
	Files int
	// Signer is the signing key as a did:key; empty when unsigned.
	Signer string
	// Fingerprint is the signer's short fingerprint (see Fingerprint).
	Fingerprint string
	// Name is the centre's name from the trust store (Trusted only).
	Name string
	// ClaimedName is the name written in the signature by the signer; not verified.
	ClaimedName string
}

// Verify checks a pack's manifest and signature against its files. A pack with no
// manifest and no signature is Unsigned (a folder being written). Any mismatch — a
// changed, added or missing file, a signature over another manifest or made with
// another key — is an error wrapping ErrManifest that names the problem.
func Verify(fsys fs.FS, trust *TrustStore) (Report, error) {
	var r Report
	m, raw, found, err := ReadManifest(fsys)
	if err != nil {
		return r, err
	}
	sig, sigFound, err := readLimited(fsys, SignatureName, MaxSignatureBytes)
	if err != nil {
		return r, err
	}
	if !found {
		if sigFound {
			return r, i18n.NewError(ErrManifest, nil, "packsign.signature_without_manifest", "Signature", SignatureName, "Manifest", ManifestName)
		}
		return r, nil
	}
	r.HasManifest = true
	r.Files = len(m.Entries)
	diffs, err := m.Check(fsys)
	if err != nil {
		return r, err
	}
	if len(diffs) > 0 {
		return r, MismatchError(diffs)
	}
	if !sigFound {
		return r, nil
	}
	s, pub, err := VerifySignature(raw, sig)
	if s != nil && pub != nil {
		r.Signer, r.Fingerprint, r.ClaimedName = s.Signer, Fingerprint(pub), s.Name
	}
	if err != nil {
		return r, err
	}
	r.Status = UnknownSigner
	if k, ok := trust.Lookup(pub); ok {
		r.Status, r.Name = Trusted, k.Name
	}
	return r, nil
}
