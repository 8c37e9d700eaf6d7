#!/usr/bin/env bash
# Checks the artefacts of `make dist` for real on this machine (Debian, as root or with sudo):
#  1. the .deb: dpkg -i, start /usr/bin/declic under Xvfb, screenshot, dpkg -r, nothing left;
#  2. the .tar.xz: install.sh into a scratch home, start the installed program, then --remove;
#  3. Windows: PE headers and version resource of declic.exe, the installer's file layout
#     (7z), the portable zip's layout, Authenticode signatures when present; then under
#     wine64 + Xvfb: silent install, shortcuts and registry, start the app, screenshot,
#     silent uninstall keeping the data, and /DELETEDATA removing it.
# Screenshots go to DECLIC_SHOTS (default dist/screenshots). Run after make dist.
#
# DECLIC_DIST_LINUX_ONLY=1   check the two Linux artefacts only (after make dist-linux).
# DECLIC_CHECK_NO_INSTALL=1  leave the system alone: the .deb is unpacked (dpkg-deb -x) and its
#                            dependencies resolved by apt in simulation instead of dpkg -i.
#                            What the test command runs.
# "Starts" means: the program draws its first frame under Xvfb, opens a lesson with a
# picture and quits cleanly (declic --measure-memory); plus a screenshot when ImageMagick
# is there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=$(cd "${DECLIC_DIST_DIR:-dist}" && pwd)
shots=${DECLIC_SHOTS:-$out/screenshots}
mkdir -p "$shots"
version=$(sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
deb=$out/declic_${version}_amd64.deb
tarball=$out/declic-$version-linux-amd64.tar.xz
setup=$out/declic-$version-windows-amd64-setup.exe
portable=$out/declic-$version-windows-amd64-portable.zip
linux_only=${DECLIC_DIST_LINUX_ONLY:-}
no_install=${DECLIC_CHECK_NO_INSTALL:-}
expected=("$deb" "$tarball")
[[ $linux_only == 1 ]] || expected+=("$setup" "$portable")
for f in "${expected[@]}"; do [[ -f $f ]] || { echo "missing $f: run make dist" >&2; exit 1; }; done

# Screenshots need ImageMagick's import; the no-install check does without them.
[[ $no_install == 1 ]] || scripts/install-deps.sh imagemagick
sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
ok() { printf 'ok   %s\n' "$*"; }
scratch=$(mktemp -d)
xvfb_pid=
app_pid=
cleanup() {
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# A private X server for the screenshots.
display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 2

# starts_and_draws NAME CMD… : runs CMD --measure-memory on the X server: the program must
# draw its first frame, open a lesson and quit by itself with status 0 within a minute.
starts_and_draws() {
  local name=$1
  shift
  if ! DISPLAY=$display timeout 60 "$@" --measure-memory > "$scratch/$name.measure" 2>&1; then
    cat "$scratch/$name.measure" >&2
    return 1
  fi
  grep -q '^startup-ms [0-9]' "$scratch/$name.measure" && grep -q '^rss-mb [0-9]' "$scratch/$name.measure" || {
    cat "$scratch/$name.measure" >&2
    return 1
  }
  ok "$name: first frame after $(sed -n 's/^startup-ms //p' "$scratch/$name.measure") ms, a lesson drawn, clean exit"
}

# start_and_shoot NAME SECONDS CMD… : runs CMD on the X server, screenshots the screen after
# SECONDS, and fails if the program died before that. Without ImageMagick, only checks
# that the program is still up.
start_and_shoot() {
  local name=$1 secs=$2
  shift 2
  DISPLAY=$display "$@" > "$scratch/$name.log" 2>&1 &
  app_pid=$!
  sleep "$secs"
  if ! kill -0 "$app_pid" 2>/dev/null; then
    cat "$scratch/$name.log" >&2
    app_pid=
    return 1
  fi
  local what="still running after $secs s"
  if command -v import >/dev/null; then
    DISPLAY=$display import -window root "$shots/$name.png"
    what="screenshot $shots/$name.png"
  fi
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=
  ok "$name: $what"
}

# check_tools DIR WHAT: declic-centre and declic-pack are in DIR, run, say their version and
# speak French; declic-centre serve answers on 127.0.0.1 with its login page.
check_tools() {
  local dir=$1 what=$2
  for tool in declic-centre declic-pack; do
    [[ -x $dir/$tool ]] || fail "$what: no $tool"
    [[ $("$dir/$tool" --version) == "$tool $version" ]] || fail "$what: $tool --version is not $version"
    local help # read whole, not piped into grep -q (pipefail and SIGPIPE)
    help=$(LANG=C.UTF-8 "$dir/$tool" --help) || fail "$what: $tool --help failed"
    grep -q '^Commandes :' <<<"$help" || fail "$what: $tool --help is not in French"
  done
  local conf=$scratch/serve-$RANDOM port
  port=$((20000 + RANDOM % 20000))
  DECLIC_NO_BROWSER=1 "$dir/declic-centre" serve --config "$conf" --listen "127.0.0.1:$port" > "$conf.log" 2>&1 &
  local pid=$!
  local up=
  for _ in $(seq 1 50); do
    local page
    page=$(curl -fsS "http://127.0.0.1:$port/connexion" 2>/dev/null) || page=
    if grep -q 'Espace centre' <<<"$page"; then up=1; break; fi
    sleep 0.2
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [[ -n $up ]] || { cat "$conf.log" >&2; fail "$what: declic-centre serve did not answer"; }
  ok "$what: declic-centre and declic-pack $version (French help), declic-centre serve answers on 127.0.0.1"
}

echo "== .deb: $deb"
dpkg-deb -f "$deb" Package Version Depends Recommends
if [[ $no_install == 1 ]]; then
  # The system stays as it is: unpack the package, check its files, let apt resolve its
  # Depends (simulation) and start the program from the unpacked tree.
  r=$scratch/deb-root
  dpkg-deb -x "$deb" "$r"
  [[ -L $r/usr/bin/declic && -x $r/usr/lib/declic/declic && -f $r/usr/share/applications/declic.desktop ]] || fail "files missing in the .deb"
  for s in 16 22 24 32 48 64 128 256 512; do
    [[ -f $r/usr/share/icons/hicolor/${s}x${s}/apps/declic.png ]] || fail "no ${s}x${s} icon in the .deb"
  done
  [[ -f $r/usr/share/doc/declic/copyright && -f $r/usr/share/doc/declic/changelog.Debian.gz ]] || fail "no copyright or changelog in the .deb"
  grep -q '^Name\[en\]=' "$r/usr/share/applications/declic.desktop" && grep -q '^Exec=declic' "$r/usr/share/applications/declic.desktop" ||
    fail "desktop entry lacks Name[en] or Exec=declic"
  owners=$(dpkg-deb -c "$deb" | awk '$2 != "root/root"')
  [[ -z $owners ]] || fail "files not owned by root in the .deb: $owners"
  apt-get -s -qq -o Debug::NoLocking=1 install "$deb" > "$scratch/apt-sim.txt" 2>&1 || { cat "$scratch/apt-sim.txt" >&2; fail "apt cannot resolve the .deb's Depends"; }
  ok ".deb unpacked: program, desktop entry, 9 icon sizes, copyright; Depends resolve (apt-get -s)"
  check_tools "$r/usr/bin" ".deb"
  [[ -f $r/usr/share/applications/declic-espace-centre.desktop ]] || fail "no « Déclic – Espace centre » entry in the .deb"
  grep -q '^Name=Déclic – Espace centre$' "$r/usr/share/applications/declic-espace-centre.desktop" &&
    grep -q '^Exec=declic-centre serve$' "$r/usr/share/applications/declic-espace-centre.desktop" || fail "the Espace centre entry lacks its name or Exec"
  [[ -f $r/usr/share/icons/hicolor/256x256/apps/declic-espace-centre.png ]] || fail "no Espace centre icon in the .deb"
  ok ".deb: « Déclic – Espace centre » menu entry (Exec=declic-centre serve) and its icon"
  DECLIC_DATA_DIR=$scratch/deb-data starts_and_draws linux-deb "$r/usr/bin/declic" || fail "the unpacked /usr/bin/declic did not start"
else
  "${sudo[@]}" dpkg -i "$deb" >/dev/null || fail "dpkg -i"
  [[ -x /usr/bin/declic && -f /usr/share/applications/declic.desktop && -f /usr/share/icons/hicolor/256x256/apps/declic.png ]] ||
    fail "installed files missing"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate /usr/share/applications/declic.desktop || fail "desktop entry"
  fi
  ok "dpkg -i: $(dpkg-query -W -f='${Package} ${Version} ${Status}' declic)"
  check_tools /usr/bin ".deb installed"
  [[ -f /usr/share/applications/declic-espace-centre.desktop ]] || fail "no « Déclic – Espace centre » entry installed"
  DECLIC_DATA_DIR=$scratch/deb-data starts_and_draws linux-deb /usr/bin/declic || fail "/usr/bin/declic did not start"
  DECLIC_DATA_DIR=$scratch/deb-data start_and_shoot install-linux-deb "${DECLIC_SHOT_WAIT:-12}" /usr/bin/declic || fail "/usr/bin/declic did not stay up"
  "${sudo[@]}" dpkg -r declic >/dev/null || fail "dpkg -r"
  [[ ! -e /usr/bin/declic && ! -e /usr/lib/declic && ! -e /usr/share/applications/declic.desktop ]] || fail "files left after dpkg -r"
  [[ -z $(dpkg-query -W -f='${Status}' declic 2>/dev/null | grep -v not-installed || true) ]] || fail "dpkg still lists declic"
  ok "dpkg -r: removed, nothing left"
fi

echo "== .tar.xz: $tarball"
mkdir -p "$scratch/tar" "$scratch/home"
tar -C "$scratch/tar" -xJf "$tarball"
HOME=$scratch/home XDG_DATA_HOME= "$scratch/tar/declic-$version-linux-amd64/install.sh" >/dev/null
[[ -x $scratch/home/.local/share/declic/declic && -L $scratch/home/.local/bin/declic &&
  -f $scratch/home/.local/share/applications/declic.desktop ]] || fail "install.sh: files missing"
grep -q "^Exec=\"$scratch/home/.local/share/declic/declic\"" "$scratch/home/.local/share/applications/declic.desktop" || fail "install.sh: Exec line"
grep -q "^Exec=\"$scratch/home/.local/share/declic/declic-centre\" serve" "$scratch/home/.local/share/applications/declic-espace-centre.desktop" ||
  fail "install.sh: no « Déclic – Espace centre » entry"
check_tools "$scratch/home/.local/bin" ".tar.xz (install.sh)"
HOME=$scratch/home DECLIC_DATA_DIR=$scratch/tar-data starts_and_draws linux-tar "$scratch/home/.local/bin/declic" || fail "the program installed by install.sh did not start"
HOME=$scratch/home XDG_DATA_HOME= "$scratch/tar/declic-$version-linux-amd64/install.sh" --remove >/dev/null
[[ ! -e $scratch/home/.local/share/declic && ! -e $scratch/home/.local/bin/declic && ! -e $scratch/home/.local/bin/declic-centre &&
  ! -e $scratch/home/.local/share/applications/declic-espace-centre.desktop ]] || fail "install.sh --remove left files"
ok "install.sh into a home folder, then --remove"

if [[ $linux_only == 1 ]]; then
  echo "Windows: skipped (DECLIC_DIST_LINUX_ONLY=1)"
  exit 0
fi

echo "== Windows: PE headers and resources"
exe=$scratch/win/declic.exe
mkdir -p "$scratch/win"
7z e -y -o"$scratch/win" "$setup" declic.exe >/dev/null
x86_64-w64-mingw32-objdump -p "$exe" > "$scratch/pe.txt"
grep -q "^Magic.*020b" "$scratch/pe.txt" || fail "not a PE32+ (64-bit) file"
grep -Eq "^Subsystem[[:space:]]+00000002" "$scratch/pe.txt" || fail "subsystem is not Windows GUI (-H=windowsgui)"
ok "PE32+ x86-64, subsystem Windows GUI"
go run ./packaging/pecheck -version "$version" "$exe" || fail "version resource"
7z l "$setup" > "$scratch/nsis.txt"
for f in declic.exe declic.ico uninstall.exe declic-centre.exe declic-pack.exe declic-espace-centre.ico; do grep -q " $f\$" "$scratch/nsis.txt" || fail "installer lacks $f"; done
grep -q "NSIS-3 Unicode 64-bit" "$scratch/nsis.txt" || fail "installer is not a 64-bit NSIS 3 installer"
ok "installer layout: declic.exe, declic.ico, uninstall.exe (NSIS-3 Unicode 64-bit)"
listing=$(unzip -l "$portable") # whole, not piped into grep -q (pipefail and SIGPIPE)
grep -q "Declic/declic-data/" <<<"$listing" || fail "portable zip has no declic-data folder"
grep -q "Declic/declic.exe" <<<"$listing" || fail "portable zip has no declic.exe"
for f in declic-centre.exe declic-pack.exe "Déclic – Espace centre.cmd"; do grep -q "Declic/$f" <<<"$listing" || fail "portable zip has no $f"; done
ok "portable zip: Declic/declic.exe and the declic-data folder (portable mode)"
for f in "$exe" "$setup"; do
  if osslsigncode verify -in "$f" >/dev/null 2>&1 || osslsigncode extract-signature -in "$f" -out "$scratch/$(basename "$f").der" >/dev/null 2>&1; then
    ok "Authenticode signature present: $(basename "$f")"
  else
    echo "info $(basename "$f") is not Authenticode-signed (no certificate given)"
  fi
done

if [[ ${DECLIC_CHECK_NO_WINE:-} == 1 ]] || ! command -v wine >/dev/null; then
  echo "wine: skipped"
  exit 0
fi
echo "== Windows installer under wine64 + Xvfb"
# A scratch prefix and home: wine links the Windows desktop to $HOME, and winemenubuilder
# (off here) would add menu entries to the real user's desktop.
mkdir -p "$scratch/wine-home"
export HOME=$scratch/wine-home WINEPREFIX=${DECLIC_WINEPREFIX:-$scratch/wine} WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
DISPLAY=$display wineboot -i >/dev/null 2>&1 || true
sys32=$WINEPREFIX/drive_c/windows/system32
if [[ ! -f $sys32/bcryptprimitives.dll ]]; then
  # Go's runtime needs ProcessPrng (Windows 10+); this Wine lacks the DLL: add a test shim.
  echo "info wine has no bcryptprimitives.dll (Go programs stop at start-up): adding the test shim"
  x86_64-w64-mingw32-gcc -shared -O2 -o "$sys32/bcryptprimitives.dll" packaging/windows/wine-shim/bcryptprimitives.c \
    packaging/windows/wine-shim/bcryptprimitives.def -ladvapi32
fi
local_app=$(DISPLAY=$display wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')
roaming=$(DISPLAY=$display wine cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')
unix() { DISPLAY=$display winepath -u "$1" 2>/dev/null; }
instdir=$(unix "$local_app\\Programs\\Declic")
datadir=$(unix "$roaming\\declic")
DISPLAY=$display wine "$setup" /S || fail "silent install"
wineserver -w
[[ -f $instdir/declic.exe && -f $instdir/uninstall.exe ]] || fail "installed files missing in $instdir"
[[ -f "$(unix "$roaming\\Microsoft\\Windows\\Start Menu\\Programs")/Déclic.lnk" ]] || fail "no Start-menu shortcut"
profile=$(DISPLAY=$display wine cmd /c 'echo %USERPROFILE%' 2>/dev/null | tr -d '\r')
[[ -f $(unix "$profile\\Desktop")/Déclic.lnk ]] || fail "no desktop shortcut"
[[ -f "$(unix "$roaming\\Microsoft\\Windows\\Start Menu\\Programs")/Déclic – Espace centre.lnk" && -f "$(unix "$profile\\Desktop")/Déclic – Espace centre.lnk" ]] ||
  fail "no « Déclic – Espace centre » shortcut"
ok "silent install: $instdir (no administrator rights asked), Start-menu and desktop shortcuts"
entry=$(DISPLAY=$display wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Declic' /v DisplayVersion 2>/dev/null || true)
grep -q "$version" <<<"$entry" || fail "no uninstall entry in HKCU"
ok "uninstall entry in HKCU (per user)"
if start_and_shoot install-windows-wine "${DECLIC_WINE_SHOT_WAIT:-25}" wine "$instdir/declic.exe"; then
  ok "declic.exe runs under wine"
else
  echo "WINE: declic.exe exited early; its output is above (see docs/install.md, wine notes)"
fi
wineserver -k || true
mkdir -p "$datadir" && echo keep > "$datadir/learner.db.test"
DISPLAY=$display wine "$instdir/uninstall.exe" /S
wineserver -w
sleep 2
[[ ! -f $instdir/declic.exe ]] || fail "uninstall left declic.exe"
[[ -f $datadir/learner.db.test ]] || fail "uninstall deleted the learner data"
ok "silent uninstall: program gone, learner data kept"
DISPLAY=$display wine "$setup" /S && wineserver -w
DISPLAY=$display wine "$instdir/uninstall.exe" /S /DELETEDATA
wineserver -w
sleep 2
[[ ! -e $datadir ]] || fail "/DELETEDATA kept the data"
ok "silent uninstall with /DELETEDATA: data deleted too"
