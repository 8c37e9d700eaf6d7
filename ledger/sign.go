package ledger

import (
	"crypto/ed25519"
	"strings"

	"github.com/mr-tron/base58"

	"declic/keys"
)

// signText signs message with key: "z" + base58btc of the Ed25519 signature.
func signText(key *keys.Key, message []byte) string {
	return "z" + base58.Encode(key.Sign(message))
}

// verifyText checks a signature made by signText with the key of did.
func verifyText(did string, message []byte, signature string) bool {
	pub, err := keys.ParseDID(did)
	if err != nil || strings.Contains(did, "#") {
		return false
	}
	rest, ok := strings.CutPrefix(signature, "z")
	if !ok {
		return false
	}
	sig, err := base58.Decode(rest)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return false
	}
	return ed25519.Verify(pub, message, sig)
}
