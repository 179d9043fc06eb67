#!/usr/bin/env bash
# Copies the front-end packages Genie serves itself into static/vendor and
# compiles NHS.UK frontend with our own styles (no CDN; the one web font is served
# from here too).
set -euo pipefail
cd "$(dirname "$0")/.."
out=static/vendor
rm -rf "$out"
mkdir -p "$out/nhsuk/images" "$out/fonts" "$out/leaflet" "$out/axe" "$out/jquery"
nhs=node_modules/nhsuk-frontend/dist/nhsuk
cp "$nhs/nhsuk-frontend.min.js" "$out/nhsuk/nhsuk-frontend.min.js"
cp "$nhs"/assets/images/*.svg "$nhs"/assets/images/favicon.ico "$out/nhsuk/images/"
# The source maps go too: the scripts name them, and collectstatic's manifest
# storage refuses to finish (`make serve`) when a named file is missing.
cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
      node_modules/leaflet/dist/leaflet.css node_modules/leaflet/dist/images "$out/leaflet/"
cp node_modules/axe-core/axe.min.js "$out/axe/axe.min.js"
# Atkinson Hyperlegible (OFL, see NOTICE), Latin and Latin Extended, as woff2:
# static/scss/_fonts.scss declares them.
cp node_modules/@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-latin*-[47]00-*.woff2 \
   node_modules/@fontsource/atkinson-hyperlegible/LICENSE "$out/fonts/"
# Folium renders popups through jQuery.
cp node_modules/jquery/dist/jquery.min.js "$out/jquery/jquery.min.js"
node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map \
    --quiet-deps --silence-deprecation=import static/scss/genie.scss "$out/genie.css"
# The standalone map page (Folium) loads only this small stylesheet.
node_modules/.bin/sass --style=compressed --no-source-map static/scss/map.scss "$out/genie-map.css"
