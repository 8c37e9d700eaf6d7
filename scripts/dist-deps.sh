#!/usr/bin/env bash
# Installs the Debian packages `make dist` needs to build every release artefact from
# Linux: the mingw-w64 cross compiler (Windows build), NSIS (Windows installer),
# librsvg (icons from the SVG), osslsigncode (Authenticode), dpkg-dev (.deb
# dependencies), xz, zip and 7-Zip, and wine + Xvfb to try the Windows build.
# Does nothing when everything is there; same pattern as scripts/install-deps.sh.
# DECLIC_DIST_NO_WINE=1 skips wine (the check under wine is then skipped too).
# DECLIC_DIST_LINUX_ONLY=1 installs only what the .deb and .tar.xz need.
set -euo pipefail
cd "$(dirname "$0")/.."

# Linux artefacts: icons, .deb (dpkg-shlibdeps, strings), .tar.xz, the signature check.
needed=(librsvg2-bin dpkg-dev binutils xz-utils openssl)
if [[ "${DECLIC_DIST_LINUX_ONLY:-}" != 1 ]]; then
  needed+=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis osslsigncode zip unzip p7zip-full imagemagick)
  if [[ "${DECLIC_DIST_NO_WINE:-}" != 1 ]]; then
    needed+=(wine wine64)
  fi
fi
exec scripts/install-deps.sh "${needed[@]}"
