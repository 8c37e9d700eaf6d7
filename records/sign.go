package records

// Sign signs data with the key's Ed25519 private half. Other signed artefacts
// (course packs) use it so that one key format serves everything Déclic signs.
func (k *Key) Sign(data []byte) []byte { return k.sign(data) }
