#!/bin/sh
# Installs Déclic for the current user only (no administrator rights needed):
#   the program in ~/.local/share/declic, the "declic", "declic-centre" and "declic-pack"
#   commands in ~/.local/bin, the icons and two menu entries (Déclic, and Déclic – Espace
#   centre for centre staff). Run it again to update.
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
  rm -f "$bin/declic" "$bin/declic-centre" "$bin/declic-pack" "$apps/declic.desktop" "$apps/declic-espace-centre.desktop"
  for f in "$icons"/*/apps/declic.png "$icons"/scalable/apps/declic.svg "$icons"/*/apps/declic-espace-centre.png "$icons"/scalable/apps/declic-espace-centre.svg; do rm -f "$f"; done
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
for tool in declic-centre declic-pack; do
  install -m 0755 "$here/$tool" "$prog/$tool.new"
  mv -f "$prog/$tool.new" "$prog/$tool"
  ln -sf "$prog/$tool" "$bin/$tool"
done
for dir in "$here"/icons/*; do
  size=$(basename "$dir")
  mkdir -p "$icons/$size/apps"
  cp "$dir"/declic.* "$dir"/declic-espace-centre.* "$icons/$size/apps/"
done
sed "s|^Exec=.*|Exec=\"$prog/declic\"|" "$here/declic.desktop" > "$apps/declic.desktop"
chmod 0644 "$apps/declic.desktop"
sed "s|^Exec=.*|Exec=\"$prog/declic-centre\" serve|" "$here/declic-espace-centre.desktop" > "$apps/declic-espace-centre.desktop"
chmod 0644 "$apps/declic-espace-centre.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
echo "Déclic est installé. Cherchez « Déclic » dans le menu, ou tapez : declic"
echo "Pour les centres : « Déclic – Espace centre » dans le menu, ou tapez : declic-centre serve"
echo "Déclic is installed. Look for \"Déclic\" in the menu, or type: declic"
echo "For centres: \"Déclic – Espace centre\" in the menu, or type: declic-centre serve"
