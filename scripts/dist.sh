#!/usr/bin/env bash
# Builds every release artefact of Déclic from Linux, in one command (`make dist`):
#   dist/declic_VERSION_amd64.deb                        Debian/Ubuntu package
#   dist/declic-VERSION-linux-amd64.tar.xz               Linux, installs in the user's home
#   dist/declic-VERSION-windows-amd64-setup.exe          Windows installer (NSIS, per user)
#   dist/declic-VERSION-windows-amd64-portable.zip       Windows, portable (USB stick)
#   dist/SHA256SUMS, SHA256SUMS.sig, release-key*.pem    checksums, Ed25519-signed
# VERSION and the build number come from FyneApp.toml.
#
# Environment (all optional):
#   DECLIC_DIST_DIR=dir         output folder (default dist)
#   DECLIC_RELEASE_KEY=file     Ed25519 release key (records key-file format, e.g. from
#                               `declic-centre keygen` or `releasetool keygen`). Without it a
#                               THROWAWAY key is made in DIR/build/test-keys and named so.
#   DECLIC_SIGN_PFX=file.pfx    Authenticode: sign the .exe files with this PKCS#12 certificate;
#   DECLIC_SIGN_PASS_FILE=file  its password (a file, so it never shows in `ps`).
#   DECLIC_SIGN_TEST=1          Authenticode with a throwaway self-signed test certificate.
#   DECLIC_SIGN_TIMESTAMP=url   RFC 3161 time-stamping server (needs Internet).
#   DECLIC_BUNDLE=dir           a centre bundle folder (branding.Build) to ship beside the
#                               program in every artefact.
#   DECLIC_DIST_FROM_WORKTREE=1 build the uncommitted working tree; by default the binaries
#                               are built from a snapshot of the last commit (git archive HEAD),
#                               so a release never picks up half-done work.
#   DECLIC_DIST_PACKAGE_ONLY=1  reuse the binaries already in DIR/build (no Go build):
#                               what scripts/dist-bundle.sh does for a centre's installer.
#   DECLIC_DIST_LINUX_ONLY=1    the two Linux artefacts only (.deb and .tar.xz, with their
#                               signed SHA256SUMS): no mingw-w64, NSIS or wine needed.
#                               `make dist-linux`; the test command runs it too.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

say() { printf '== %s\n' "$*"; }
die() { printf 'dist: %s\n' "$*" >&2; exit 1; }

linux_only=${DECLIC_DIST_LINUX_ONLY:-}
scripts/install-deps.sh
DECLIC_DIST_LINUX_ONLY=$linux_only scripts/dist-deps.sh

version=$(sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
buildno=$(sed -n 's/^Build = \([0-9]*\)/\1/p' FyneApp.toml)
[[ $version =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]] || die "FyneApp.toml: Version \"$version\" is not MAJOR.MINOR.PATCH"
v1=${BASH_REMATCH[1]} v2=${BASH_REMATCH[2]} v3=${BASH_REMATCH[3]}
[[ -n $buildno ]] || die "FyneApp.toml: no Build number"
version4="$v1.$v2.$v3.$buildno"

out=${DECLIC_DIST_DIR:-dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$out/build
export DECLIC_SIGN_TEST_DIR=${DECLIC_SIGN_TEST_DIR:-$work/test-keys}
bundle=${DECLIC_BUNDLE:-}
if [[ -n $bundle ]]; then
  bundle=$(cd "$bundle" && pwd)
  [[ $(basename "$bundle") == declic-bundle ]] || die "DECLIC_BUNDLE must be a folder named declic-bundle"
  [[ -f $bundle/bundle.toml && -f $bundle/bundle.sig ]] || die "$bundle: no bundle.toml/bundle.sig"
fi
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
ldflags="-s -w $(scripts/ldflags.sh)"
svg=packaging/icons/declic.svg
icon_sizes=(16 22 24 32 48 64 128 256 512)

# Artefacts of an earlier run go; the build folder (binaries) stays for package-only runs.
rm -f "$out"/declic_*.deb "$out"/declic-*.tar.xz "$out"/declic-*-setup.exe "$out"/declic-*.zip \
  "$out"/SHA256SUMS* "$out"/release-key*.pem

build_binaries() {
  rm -rf "$work/icons" "$work/linux" "$work/windows" "$work/tools"
  mkdir -p "$work"/{icons,linux,windows,tools}
  say "icons from $svg"
  for s in "${icon_sizes[@]}"; do
    mkdir -p "$work/icons/${s}x${s}"
    rsvg-convert -w "$s" -h "$s" "$svg" -o "$work/icons/${s}x${s}/declic.png"
  done
  mkdir -p "$work/icons/scalable"
  cp "$svg" "$work/icons/scalable/declic.svg"

  say "tools (pure Go)"
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$work/tools/releasetool" ./packaging/releasetool
  src=$work/src
  rm -rf "$src" && mkdir -p "$src"
  if [[ ${DECLIC_DIST_FROM_WORKTREE:-} == 1 || ! -d .git ]]; then
    say "source: the working tree"
    { git ls-files -z --cached --others --exclude-standard 2>/dev/null || find . -type f -print0; } |
      tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$src" -xf -
  else
    say "source: commit $(git rev-parse --short HEAD) (git archive HEAD)"
    git archive --format=tar HEAD | tar -C "$src" -xf -
  fi

  say "Linux amd64 binary"
  (cd "$src" && CGO_ENABLED=1 GOOS=linux GOARCH=amd64 go build -trimpath -tags no_emoji -ldflags "$ldflags" -o "$work/linux/declic" .)
  if [[ $linux_only == 1 ]]; then return 0; fi

  convert "$work"/icons/{16x16,24x24,32x32,48x48,64x64,128x128,256x256}/declic.png "$work/windows/declic.ico"
  say "Windows amd64 resources (icon, version, manifest)"
  sed -e "s/@V1@/$v1/g; s/@V2@/$v2/g; s/@V3@/$v3/g; s/@BUILD@/$buildno/g; s/@VERSION@/$version/g" \
    packaging/windows/declic.rc.in > "$work/windows/declic.rc"
  sed -e "s/@VERSION4@/$version4/g" packaging/windows/declic.exe.manifest > "$work/windows/declic.exe.manifest"
  (cd "$work/windows" && x86_64-w64-mingw32-windres --input-format=rc -O coff -i declic.rc -o rsrc.o)

  say "Windows amd64 binary (cgo, mingw-w64: takes minutes the first time)"
  # The resources go in as a .syso beside main.go, in the build snapshot only.
  cp "$work/windows/rsrc.o" "$src/zz_declic_windows_amd64.syso"
  (cd "$src" && CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++ \
    go build -trimpath -tags no_emoji -ldflags "$ldflags -H=windowsgui" -o "$work/windows/declic.exe" .)
}

if [[ ${DECLIC_DIST_PACKAGE_ONLY:-} == 1 ]]; then
  [[ -x $work/linux/declic && -x $work/tools/releasetool ]] || die "no binaries in $work: run make dist once first"
  [[ $linux_only == 1 || -f $work/windows/declic.exe ]] || die "no Windows binary in $work: run make dist once first"
else
  build_binaries
fi

with_bundle() { # copies the centre bundle, if any, into the folder $1
  if [[ -n $bundle ]]; then cp -R "$bundle" "$1/declic-bundle"; fi
}

say "Debian package"
deb=$work/deb
rm -rf "$deb" && mkdir -p "$deb/root/DEBIAN" "$deb/shlibs/debian"
r=$deb/root
install -D -m 0755 "$work/linux/declic" "$r/usr/lib/declic/declic"
with_bundle "$r/usr/lib/declic"
mkdir -p "$r/usr/bin" && ln -s ../lib/declic/declic "$r/usr/bin/declic" # the app finds its bundle through the link
install -D -m 0644 packaging/linux/declic.desktop "$r/usr/share/applications/declic.desktop"
for d in "$work"/icons/*; do
  install -D -m 0644 "$d"/declic.* -t "$r/usr/share/icons/hicolor/$(basename "$d")/apps/"
done
install -D -m 0644 packaging/deb/copyright "$r/usr/share/doc/declic/copyright"
printf 'declic (%s-1) unstable; urgency=medium\n\n  * Release %s.\n\n -- Déclic project <maintainers@declic.example.org>  %s\n' \
  "$version" "$version" "$(date -u -R -d "@$SOURCE_DATE_EPOCH")" | gzip -9n > "$r/usr/share/doc/declic/changelog.Debian.gz"
chmod 0644 "$r/usr/share/doc/declic/changelog.Debian.gz"
# Depends: the shared libraries the binary links against, mapped to packages by dpkg-shlibdeps.
printf 'Source: declic\n\nPackage: declic\nArchitecture: amd64\n' > "$deb/shlibs/debian/control"
depends=$(cd "$deb/shlibs" && dpkg-shlibdeps -O "$r/usr/lib/declic/declic" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[[ -n $depends ]] || die "dpkg-shlibdeps found no dependencies"
# GLFW also opens X extension libraries at run time (dlopen), which dpkg-shlibdeps cannot
# see: find their names in the binary and the packages that ship them here.
for lib in $(strings "$r/usr/lib/declic/declic" | grep -E '^libX[A-Za-z0-9-]*\.so\.[0-9]+$' | sort -u); do
  # Both filters read their whole input: stopping early would kill the writer with
  # SIGPIPE, which pipefail turns into a failed build on machines with many libraries.
  path=$(/sbin/ldconfig -p | awk -v l="$lib" '!found && $1 == l && /x86-64/ {print $NF; found = 1}')
  pkg=$([[ -n $path ]] && dpkg -S "$(readlink -f "$path")" 2>/dev/null | awk -F: 'NR == 1 {print $1}' || true)
  if [[ -z $pkg ]]; then
    echo "   note: $lib (opened at run time) is not installed here; not declared"
  elif [[ ", $depends," != *", $pkg "* && ", $depends," != *", $pkg,"* ]]; then
    depends+=", $pkg"
  fi
done
size=$(du -sk --exclude=DEBIAN "$r" | cut -f1)
sed -e "s/@VERSION@/$version/; s/@INSTALLED_SIZE@/$size/; s/@DEPENDS@/$depends/" packaging/deb/control.in > "$r/DEBIAN/control"
find "$r" -type d -exec chmod 0755 {} +
dpkg-deb --root-owner-group -Zxz --build "$r" "$out/declic_${version}_amd64.deb" >/dev/null

say "Linux tar.xz"
name=declic-$version-linux-amd64
t=$work/tar/$name
rm -rf "$work/tar" && mkdir -p "$t/icons"
install -m 0755 "$work/linux/declic" "$t/declic"
install -m 0755 packaging/linux/install.sh "$t/install.sh"
install -m 0644 packaging/linux/declic.desktop "$t/declic.desktop"
cp -R "$work"/icons/* "$t/icons/"
cp packaging/linux/LISEZMOI.txt "$t/LISEZMOI.txt"
with_bundle "$t"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  -C "$work/tar" -cf - "$name" | xz -9e -T1 > "$out/$name.tar.xz"

if [[ $linux_only != 1 ]]; then
  # The Windows program as shipped: Authenticode-signed when a certificate is configured.
  rm -rf "$work/windows/release" && mkdir -p "$work/windows/release"
  winexe=$work/windows/release/declic.exe
  cp "$work/windows/declic.exe" "$winexe"
  scripts/dist-sign.sh "$winexe"

  say "Windows portable zip"
  z=$work/zip/Declic
  rm -rf "$work/zip" && mkdir -p "$z/declic-data"
  cp "$winexe" "$z/"
  cp packaging/windows/LISEZMOI.txt "$z/LISEZMOI.txt"
  with_bundle "$z"
  find "$work/zip" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  (cd "$work/zip" && zip -q -r -9 -X "$out/declic-$version-windows-amd64-portable.zip" Declic)

  say "Windows installer (NSIS)"
  n=$work/nsis
  rm -rf "$n" && mkdir -p "$n"
  cp "$winexe" "$work/windows/declic.ico" "$n/"
  with_bundle "$n"
  nsis_sign=()
  if [[ -n ${DECLIC_SIGN_PFX:-} || ${DECLIC_SIGN_TEST:-} == 1 ]]; then
    nsis_sign=(-DSIGNCMD="$root/scripts/dist-sign.sh")
  fi
  setup=$out/declic-$version-windows-amd64-setup.exe
  makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DVERSION4="$version4" -DSRCDIR="$n" \
    -DOUTFILE="$setup" "${nsis_sign[@]}" packaging/windows/declic.nsi
  scripts/dist-sign.sh "$setup"
fi

say "SHA256SUMS, signed"
artefacts=("declic_${version}_amd64.deb" "declic-$version-linux-amd64.tar.xz")
[[ $linux_only == 1 ]] || artefacts+=("declic-$version-windows-amd64-setup.exe" "declic-$version-windows-amd64-portable.zip")
(cd "$out" && sha256sum -- "${artefacts[@]}" > SHA256SUMS)
key=${DECLIC_RELEASE_KEY:-}
pem=$out/release-key.pem
if [[ -z $key ]]; then
  key=$work/test-keys/THROWAWAY-release-key.json
  pem=$out/release-key-THROWAWAY-TEST.pem
  if [[ ! -f $key ]]; then
    mkdir -p "$work/test-keys" && chmod 0700 "$work/test-keys"
    "$work/tools/releasetool" keygen --key "$key" >/dev/null
  fi
  echo "   WARNING: no DECLIC_RELEASE_KEY: SHA256SUMS is signed with a THROWAWAY test key ($key)"
fi
did=$("$work/tools/releasetool" sign --key "$key" --pem "$pem" "$out/SHA256SUMS")
"$work/tools/releasetool" verify --pub "$did" "$out/SHA256SUMS" >/dev/null
openssl pkeyutl -verify -pubin -inkey "$pem" -rawin -in "$out/SHA256SUMS" -sigfile "$out/SHA256SUMS.sig" >/dev/null
(cd "$out" && sha256sum --quiet -c SHA256SUMS)
echo "$did" > "$out/SHA256SUMS.signer"

say "done: $out"
(cd "$out" && ls -l --time-style=+ "${artefacts[@]}" SHA256SUMS* release-key*.pem |
  awk '{printf "   %-52s %10d bytes  %6.1f MB\n", $NF, $5, $5/1048576}')
echo "   signer of SHA256SUMS: $did"
