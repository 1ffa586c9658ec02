#!/usr/bin/env bash
# Tideline set-up on Debian 12: installs what is missing, builds, then
#   scripts/setup.sh run   runs the main job (the Studio on the default scenario when a
#                          display is available and the Studio is built; otherwise the
#                          default scenario in the terminal);
#   scripts/setup.sh test  runs the whole test suite.
# Environment: BUILD_DIR (default build), JOBS (default: number of cores),
#              TIDELINE_SANITIZE=ON for an AddressSanitizer/UBSan build,
#              TIDELINE_GUI=OFF to leave Tideline Studio out.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-run}"
case "$mode" in run|test|build) ;; *) echo "usage: scripts/setup.sh [run|test|build]" >&2; exit 2;; esac

BUILD_DIR="${BUILD_DIR:-build}"
JOBS="${JOBS:-$(nproc)}"
SANITIZE="${TIDELINE_SANITIZE:-OFF}"
GUI="${TIDELINE_GUI:-ON}"

packages=(build-essential cmake ninja-build pkg-config libfmt-dev libyaml-cpp-dev libgtest-dev libcli11-dev nettle-dev libpcre2-dev
          libsimdjson-dev
          clang libclang-rt-14-dev
          qt6-base-dev qt6-svg-dev libqcustomplot-dev qt6-l10n-tools qt6-tools-dev xvfb xauth fonts-dejavu-core
          fonts-noto-cjk)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${missing[@]}" > /dev/null
fi

echo "== configuring ($BUILD_DIR)"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIDELINE_SANITIZE="$SANITIZE" -DTIDELINE_BUILD_GUI="$GUI" > /dev/null
echo "== building"
cmake --build "$BUILD_DIR" -j "$JOBS"

case "$mode" in
  build) ;;
  test)
    echo "== testing"
    ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$JOBS"
    echo "== tideline check scenarios"
    "$BUILD_DIR/bin/tideline" check scenarios
    ;;
  run)
    scenario="scenarios/dstream/word-count.yaml"
    if [ -x "$BUILD_DIR/bin/tideline-studio" ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      echo "== opening $scenario in Tideline Studio"
      exec "$BUILD_DIR/bin/tideline-studio" "$scenario"
    fi
    echo "== running $scenario"
    exec "$BUILD_DIR/bin/tideline" run "$scenario"
    ;;
esac
