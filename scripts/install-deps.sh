#!/usr/bin/env bash
# Installs the system packages Déclic needs to build and test on Debian or Ubuntu:
# a C compiler and the OpenGL/X11 headers Fyne links against, and Xvfb for screen
# tests. Does nothing when everything is there. Uses sudo only when not root.
set -euo pipefail

needed=(gcc pkg-config libgl1-mesa-dev xorg-dev xvfb)
# Extra packages for some tests, named by the caller: e.g. `install-deps.sh espeak-ng`.
needed+=("$@")

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${needed[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$p")
  done
else
  cat >&2 <<'MSG'
This system has no dpkg: install these yourself, then run the command again.
  Fedora:  sudo dnf install gcc pkgconf libXcursor-devel libXrandr-devel mesa-libGL-devel libXi-devel libXinerama-devel libXxf86vm-devel xorg-x11-server-Xvfb
  Arch:    sudo pacman -S gcc pkgconf libxcursor libxrandr mesa libxi libxinerama libxxf86vm xorg-server-xvfb
  macOS:   xcode-select --install   (Xcode command line tools; no other package is needed)
  Windows: install a MinGW-w64 gcc (e.g. from MSYS2) and put it on PATH.
MSG
  exit 1
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing system packages: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "Please run as root, or install sudo: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
