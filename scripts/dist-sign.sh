#!/usr/bin/env bash
# Authenticode-signs a Windows .exe in place with osslsigncode, then verifies it.
# Does nothing (exit 0) when no certificate is configured. scripts/dist.sh calls it for
# declic.exe and the installer; makensis calls it for the uninstaller (!uninstfinalize).
#   DECLIC_SIGN_PFX=cert.pfx  DECLIC_SIGN_PASS_FILE=password.txt   a real code-signing certificate
#   DECLIC_SIGN_TEST=1        a throwaway self-signed certificate, made on first use in
#                             DECLIC_SIGN_TEST_DIR (default dist/build/test-keys); for tests only
#   DECLIC_SIGN_TIMESTAMP=url an RFC 3161 time-stamping server (optional, needs Internet)
set -euo pipefail
file=${1:?usage: dist-sign.sh FILE.exe}

if [[ -z ${DECLIC_SIGN_PFX:-} && ${DECLIC_SIGN_TEST:-} != 1 ]]; then
  exit 0
fi
command -v osslsigncode >/dev/null || { echo "dist-sign: osslsigncode is missing (scripts/dist-deps.sh)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(sign -h sha256 -n "Déclic" -i "https://declic.example.org")
if [[ -n ${DECLIC_SIGN_TIMESTAMP:-} ]]; then
  args+=(-ts "$DECLIC_SIGN_TIMESTAMP")
fi

if [[ -n ${DECLIC_SIGN_PFX:-} ]]; then
  pass=()
  [[ -n ${DECLIC_SIGN_PASS_FILE:-} ]] && pass=(-readpass "$DECLIC_SIGN_PASS_FILE")
  args+=(-pkcs12 "$DECLIC_SIGN_PFX" "${pass[@]}")
  # The certificates inside the .pfx, to verify the result against.
  passin=(-passin pass:)
  [[ -n ${DECLIC_SIGN_PASS_FILE:-} ]] && passin=(-passin "file:$DECLIC_SIGN_PASS_FILE")
  openssl pkcs12 -in "$DECLIC_SIGN_PFX" "${passin[@]}" -nokeys -out "$tmp/ca.pem" 2>/dev/null
  ca=$tmp/ca.pem
else
  dir=${DECLIC_SIGN_TEST_DIR:-$(cd "$(dirname "$0")/.." && pwd)/dist/build/test-keys}
  mkdir -p "$dir" && chmod 0700 "$dir"
  cert=$dir/THROWAWAY-authenticode-test-cert.pem
  key=$dir/THROWAWAY-authenticode-test-key.pem
  if [[ ! -f $cert ]]; then
    openssl req -x509 -newkey rsa:3072 -sha256 -days 30 -nodes -keyout "$key" -out "$cert" \
      -subj "/CN=Declic THROWAWAY test code signing/O=Declic test (not trusted)" \
      -addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=codeSigning" 2>/dev/null
  fi
  args+=(-certs "$cert" -key "$key")
  ca=$cert
fi

osslsigncode "${args[@]}" -in "$file" -out "$tmp/signed.exe" >/dev/null
osslsigncode verify -CAfile "$ca" -in "$tmp/signed.exe" > "$tmp/verify.log" 2>&1 || {
  cat "$tmp/verify.log" >&2
  echo "dist-sign: $file: the new signature does not verify" >&2
  exit 1
}
cat "$tmp/signed.exe" > "$file" # in place, keeping the file's mode
echo "   signed (Authenticode) and verified: $(basename "$file")"
