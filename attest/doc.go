// Package attest builds what the learner's "Mes attestations" screen hands out:
// one signed completion record (records.Issue) per finished module, issued on demand
// and always with the same id for the same module, written as .json files to a folder
// or a USB stick, and a printable one-page PDF in French with a QR code per record
// that the centre tool reads. It imports no GUI toolkit.
package attest
