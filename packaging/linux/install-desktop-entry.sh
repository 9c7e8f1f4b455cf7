#!/bin/sh
# Add bcigui to the desktop's application menu (Linux), for the current user; no root needed.
#
#   ./install-desktop-entry.sh            install (run it from the unpacked bcigui folder)
#   ./install-desktop-entry.sh --remove   remove the menu entry and icons again
#
# Writes ~/.local/share/applications/bcigui.desktop (Exec= the bcigui executable beside this
# script) and the icons under ~/.local/share/icons/hicolor/<N>x<N>/apps/bcigui.png. Moving the
# folder later? Run the script again from the new place.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
apps="$data/applications"
icons="$data/icons/hicolor"
sizes="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$apps/bcigui.desktop"
    for n in $sizes; do rm -f "$icons/${n}x${n}/apps/bcigui.png"; done
    rm -f "$icons/scalable/apps/bcigui.svg"
    echo "bcigui removed from the application menu"
    exit 0
fi

exe="$here/bcigui"
[ -x "$exe" ] || { echo "error: $exe not found: run this script from the bcigui folder" >&2; exit 1; }
res="$here/_internal/resources/icons"
[ -d "$res" ] || res="$here/resources/icons"

mkdir -p "$apps"
for n in $sizes; do
    if [ -f "$res/bcigui-$n.png" ]; then
        mkdir -p "$icons/${n}x${n}/apps"
        cp "$res/bcigui-$n.png" "$icons/${n}x${n}/apps/bcigui.png"
    fi
done
mkdir -p "$icons/scalable/apps"
cp "$res/bcigui.svg" "$icons/scalable/apps/bcigui.svg"

template="$here/_internal/bcigui.desktop"
[ -f "$template" ] || template="$here/bcigui.desktop"
# quote the path for the Exec key (spaces allowed)
sed "s|^Exec=.*|Exec=\"$exe\"|" "$template" > "$apps/bcigui.desktop"
chmod 644 "$apps/bcigui.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "bcigui added to the application menu: $apps/bcigui.desktop"
