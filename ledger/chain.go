package ledger

// ChainProblem is an entry whose stored hash, link or signature does not hold, or a
// chain that no longer extends a signed head or checkpoint.
type ChainProblem struct {
	Centre string
	Seq    int64
	Code   Code
	// Want is the count or key expected (a checkpoint's entries, the chain's signer).
	Want string
}

// Problems of a chain, as ChainProblem codes.
const (
	// CodeMissingLine: the numbering skips Seq: a line was deleted.
	CodeMissingLine Code = "missing-line"
	// CodeBrokenLink: the entry does not link to the previous one's hash.
	CodeBrokenLink Code = "broken-link"
	// CodeAltered: the entry's content no longer matches its hash.
	CodeAltered Code = "altered"
	// CodeBadSignature: the entry's signature is not the centre key's over its hash:
	// someone rewrote it (and its hash) without the key.
	CodeBadSignature Code = "bad-signature"
	// CodeOtherSigner: the entry is signed by another key than the chain's (Want).
	CodeOtherSigner Code = "other-signer"
	// CodeUnsigned: an unsigned entry after signed ones.
	CodeUnsigned Code = "unsigned"
	// CodeRecordChanged: the record JSON kept with a credit is not the one hashed.
	CodeRecordChanged Code = "record-changed"
	// CodeShorterThanHead: the chain has fewer entries than a signed head or checkpoint
	// says (Want): its last entries were dropped.
	CodeShorterThanHead Code = "shorter-than-head"
	// CodeHeadDiffers: the chain's entry at a signed head's count is not the one signed:
	// the chain was rewritten since.
	CodeHeadDiffers Code = "head-differs"
	// CodeHeadSigner: a checkpoint or head is signed by another key than the chain's.
	CodeHeadSigner Code = "head-signer"
	// CodeBadHead: a signed head of the network is damaged (signature, link).
	CodeBadHead Code = "bad-head"
	// CodeLongerThanHead: the chain has entries its last signed head does not cover:
	// they were added without the centre's tool.
	CodeLongerThanHead Code = "longer-than-head"
)

// CheckChainOf checks one chain, given in order: numbering from 1 without gaps, each
// link to the previous hash, each hash against the content, each signature against the
// chain's key (the first signer's), and the record JSON kept with each credit.
func CheckChainOf(chain []Entry) []ChainProblem {
	var problems []ChainProblem
	prev := GenesisHash
	signer := ""
	for i, e := range chain {
		add := func(c Code, want string) { problems = append(problems, ChainProblem{e.Centre, e.Seq, c, want}) }
		if e.Seq != int64(i+1) {
			add(CodeMissingLine, "")
		}
		if e.PrevHash != prev {
			add(CodeBrokenLink, "")
		}
		if Hash(e) != e.Hash {
			add(CodeAltered, "")
		}
		switch {
		case e.Signer == "" && signer != "":
			add(CodeUnsigned, signer)
		case e.Signer != "" && signer != "" && e.Signer != signer:
			add(CodeOtherSigner, signer)
		case e.Signer != "" && !verifyText(e.Signer, entryMessage(e.Hash), e.Signature):
			add(CodeBadSignature, "")
		}
		if signer == "" {
			signer = e.Signer
		}
		if e.RecordJSON != nil && RecordHash(e.RecordJSON) != e.RecordHash {
			add(CodeRecordChanged, "")
		}
		prev = e.Hash
	}
	return problems
}

// ChainSigner returns the key that signs a chain: the first entry's signer ("" for a
// chain with no signed entry).
func ChainSigner(chain []Entry) string {
	for _, e := range chain {
		if e.Signer != "" {
			return e.Signer
		}
	}
	return ""
}
