#!/usr/bin/env bash
# Regenerates the Studio screenshots in docs/images/ from the bundled lessons, offscreen
# (the window at 1600x1000, light theme; the presentation pictures at 1280x720, in English
# and in Korean). One command:
#   scripts/screenshots.sh            (after scripts/setup.sh build; BUILD_DIR=... for another build)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
mkdir -p docs/images
export QT_QPA_PLATFORM=offscreen
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/runtime" "$scratch/config"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$scratch/runtime}"
# Settings (the theme, recent files) of a throwaway user, so the pictures never depend on yours.
export XDG_CONFIG_HOME="$scratch/config"
shoot() {  # scenario step image [options...]
  local file="$1" step="$2" image="$3"
  shift 3
  "$BUILD_DIR/bin/tideline-studio" "scenarios/$file.yaml" --step "$step" --lang en "$@" \
    --screenshot "docs/images/$image.png" 2>/dev/null
  echo "docs/images/$image.png"
}
# For a projector: presentation mode at 1280x720, in English and in Korean.
present() {  # scenario step image
  for lang in en ko; do
    "$BUILD_DIR/bin/tideline-studio" "scenarios/$1.yaml" --step "$2" --presentation --size 1280x720 --lang "$lang" \
      --screenshot "docs/images/$3-$lang.png" 2>/dev/null
    echo "docs/images/$3-$lang.png"
  done
}
# Sliding windows with an inverse reduce: step 18 runs the batch at 5 s, where batch 2 s leaves the window.
shoot dstream/reduce-by-key-and-window-inverse 18 studio-inverse-windows
# mapWithState timeouts: step 30 runs the batches up to 20 s, where ann and bob time out.
shoot dstream/update-state-vs-map-with-state 30 studio-map-with-state-timeouts
# Late data and the watermark: step 17 runs batch 6, which drops the donkey and part of the fox.
shoot structured/late-data-watermark 17 studio-late-data-watermark
shoot dstream/word-count end studio-word-count
# Presentation mode, at the notes that explain each concept:
# the word count's sliding window at 2000 ms, still covering batch 1000 ms;
present dstream/word-count 8 present-word-count
# the inverse reduce at 5000 ms: batch 5000 ms enters, batch 2000 ms leaves;
present dstream/reduce-by-key-and-window-inverse 19 present-inverse-windows
# mapWithState at 10 s, a checkpointed batch, where idle keys time out;
present dstream/update-state-vs-map-with-state 22 present-map-with-state
# the late-data lesson when batch 6 drops the donkey and part of the fox;
present structured/late-data-watermark 15 present-late-data
# the restart lesson's recovery: the crashed batch run again.
present structured/restart-from-checkpoint 20 present-restart
# Tools > Verify Idempotence: the matrix, then the run that crashes after the append of batch 1000 ms.
"$BUILD_DIR/bin/tideline-studio" tests/verify/dstream-append-and-print.yaml --lang en --verify \
  --screenshot docs/images/studio-verify.png 2>/dev/null && echo docs/images/studio-verify.png
"$BUILD_DIR/bin/tideline-studio" tests/verify/dstream-append-and-print.yaml --lang en --verify --crash 1000:afterOutput1 \
  --screenshot docs/images/studio-verify-crash.png 2>/dev/null && echo docs/images/studio-verify-crash.png
# File > Compare: running counts against counts doubled, at their first divergence.
"$BUILD_DIR/bin/tideline-studio" tests/diff/counts.yaml --lang en --compare tests/diff/counts-doubled.yaml \
  --screenshot docs/images/studio-compare.png 2>/dev/null && echo docs/images/studio-compare.png
