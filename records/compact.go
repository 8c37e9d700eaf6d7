package records

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// CompactPrefix starts the compact text form of a record (for QR codes).
const CompactPrefix = "DCL1."

// Compact returns a record in a short text form for a QR code: the credential's JSON
// without spaces, DEFLATE-compressed, base64url-encoded, after CompactPrefix. An RDF
// proof protects the data, not the layout, so the expanded record still verifies.
func Compact(credential []byte) (string, error) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, credential); err != nil {
		return "", fmt.Errorf("records: compact: %w", err)
	}
	var z bytes.Buffer
	w, err := flate.NewWriter(&z, flate.BestCompression)
	if err != nil {
		return "", fmt.Errorf("records: compact: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return "", fmt.Errorf("records: compact: %w", err)
	}
	if err := w.Close(); err != nil {
		return "", fmt.Errorf("records: compact: %w", err)
	}
	return CompactPrefix + base64.RawURLEncoding.EncodeToString(z.Bytes()), nil
}

// IsCompact reports whether data holds a compact record (surrounding spaces allowed).
func IsCompact(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimSpace(data), []byte(CompactPrefix))
}

// Expand turns a compact record back into credential JSON, refusing anything that
// would expand beyond the size limit of a record.
func Expand(compact string) ([]byte, error) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(compact), CompactPrefix)
	if !ok {
		return nil, errors.New("records: not a compact record (must start with " + CompactPrefix + ")")
	}
	raw, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil {
		return nil, fmt.Errorf("records: compact record: %w", err)
	}
	r := flate.NewReader(bytes.NewReader(raw))
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, maxDocumentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("records: compact record: %w", err)
	}
	if len(out) > maxDocumentBytes {
		return nil, fmt.Errorf("records: compact record expands beyond %d bytes", maxDocumentBytes)
	}
	return out, nil
}
