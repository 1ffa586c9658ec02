#!/usr/bin/env bash
# Regenerates the Studio screenshots in docs/images/ from the bundled lessons, offscreen.
#   scripts/screenshots.sh            (after scripts/setup.sh build)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
mkdir -p docs/images
export QT_QPA_PLATFORM=offscreen
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
shoot() {  # scenario step image
  "$BUILD_DIR/bin/tideline-studio" "scenarios/dstream/$1.yaml" --step "$2" --screenshot "docs/images/$3.png" 2>/dev/null
  echo "docs/images/$3.png"
}
shoot reduce-by-key-and-window-inverse end studio-inverse-windows
shoot update-state-vs-map-with-state end studio-map-with-state-timeouts
shoot word-count end studio-word-count
