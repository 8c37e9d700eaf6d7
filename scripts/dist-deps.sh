#!/usr/bin/env bash
# Installs the Debian packages `make dist` needs to build every release artefact from
# Linux: the mingw-w64 cross compiler (Windows build), NSIS (Windows installer),
# librsvg (icons from the SVG), osslsigncode (Authenticode), dpkg-dev (.deb
# dependencies), xz, zip and 7-Zip, and wine + Xvfb to try the Windows build.
# Does nothing when everything is there; same pattern as scripts/install-deps.sh.
# DECLIC_DIST_NO_WINE=1 skips wine (the check under wine is then skipped too).
set -euo pipefail
cd "$(dirname "$0")/.."

needed=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis librsvg2-bin osslsigncode
  dpkg-dev fakeroot xz-utils zip unzip p7zip-full openssl file imagemagick)
if [[ "${DECLIC_DIST_NO_WINE:-}" != 1 ]]; then
  needed+=(wine wine64)
fi
exec scripts/install-deps.sh "${needed[@]}"
