#!/usr/bin/env bash
# How src/backgrounds/photos/*.jpg were made (they are committed: a fresh machine can't fetch Debian
# packages from npm): each photo, and its 320-pixel thumbnail for the background tiles (a tile
# showing the photo itself made a first visit download all four before its first video). Needs
# apt-get and ffmpeg. Each photo's licence and credit is in public/backgrounds/LICENSE-<name>.txt
# (shipped beside it) and src/core/builtinBackgrounds.ts.
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/src/backgrounds/photos"
work=$(mktemp -d)
cd "$work"
apt-get download sddm-theme-maldives lomiri-wallpapers-16.04 palapeli-data
for deb in *.deb; do dpkg-deb -x "$deb" x; done
ffmpeg -v error -y -i x/usr/share/sddm/themes/maldives/background.jpg -vf scale=1600:-2:flags=lanczos -q:v 5 "$out/seaside.jpg"
ffmpeg -v error -y -i x/usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg -vf scale=1600:-2:flags=lanczos -q:v 5 "$out/meadow.jpg"
ffmpeg -v error -y -i x/usr/share/palapeli/collection/cincinnati-bridge.jpg -q:v 4 "$out/city-dusk.jpg"
ffmpeg -v error -y -i x/usr/share/backgrounds/Wine_by_Jakkub_Mede.jpg -vf scale=1000:-2:flags=lanczos -q:v 5 "$out/living-room.jpg"
for name in seaside meadow city-dusk living-room; do
  ffmpeg -v error -y -i "$out/$name.jpg" -vf "scale='if(gt(iw,ih),320,-2)':'if(gt(iw,ih),-2,320)':flags=lanczos" -q:v 4 "$out/$name.thumb.jpg"
done
rm -rf "$work"
