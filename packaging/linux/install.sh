#!/bin/sh
# Installs Déclic for the current user only (no administrator rights needed):
#   the program in ~/.local/share/declic, a "declic" command in ~/.local/bin,
#   the icon and a menu entry. Run it again to update.
#   ./install.sh            install
#   ./install.sh --remove   remove the program; your progress (~/.config/declic) stays
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
prog="$data/declic"
bin="$HOME/.local/bin"
apps="$data/applications"
icons="$data/icons/hicolor"

if [ "${1:-}" = "--remove" ] || [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$prog"
  rm -f "$bin/declic" "$apps/declic.desktop"
  for f in "$icons"/*/apps/declic.png "$icons"/scalable/apps/declic.svg; do rm -f "$f"; done
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
  echo "Déclic est désinstallé. Vos progrès restent dans ~/.config/declic."
  echo "Déclic is removed. Your progress stays in ~/.config/declic."
  exit 0
fi

mkdir -p "$prog" "$bin" "$apps"
install -m 0755 "$here/declic" "$prog/declic.new"
mv -f "$prog/declic.new" "$prog/declic"
if [ -d "$here/declic-bundle" ]; then # a centre's build: its signed bundle goes beside the program
  rm -rf "$prog/declic-bundle"
  cp -R "$here/declic-bundle" "$prog/declic-bundle"
fi
ln -sf "$prog/declic" "$bin/declic"
for dir in "$here"/icons/*; do
  size=$(basename "$dir")
  mkdir -p "$icons/$size/apps"
  cp "$dir"/declic.* "$icons/$size/apps/"
done
sed "s|^Exec=.*|Exec=\"$prog/declic\"|" "$here/declic.desktop" > "$apps/declic.desktop"
chmod 0644 "$apps/declic.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
echo "Déclic est installé. Cherchez « Déclic » dans le menu, ou tapez : declic"
echo "Déclic is installed. Look for \"Déclic\" in the menu, or type: declic"
