#!/usr/bin/env bash
# The GPU check (docs/BENCHMARKS.md, "GPU"): the demo detectors on ONNX Runtime's CPU, CUDA and TensorRT
# (FP16, engines cached) providers, one `gradstream bench detector` run each, JSON per provider in OUT_DIR
# (default build/gpu-check). A few minutes on a GPU machine.
#
# CUDA and TensorRT need a gradstream built with -Pgpu (onnxruntime_gpu) on a host with CUDA 12, cuDNN 9
# and TensorRT 10 (the GPU image, docker/Dockerfile.gpu, has them). A provider this build or host cannot
# run is reported as skipped, with the reason, and the script still succeeds; any other failure fails it.
#
# Usage: scripts/gpu-check.sh [OUT_DIR] [extra bench detector options, e.g. --frames 100]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-build/gpu-check}"
shift || true
mkdir -p "$out"
status=0
for provider in cpu cuda tensorrt; do
  args=(bench detector --provider "$provider" --json "$out/detector-$provider.json" "$@")
  if [ "$provider" = tensorrt ]; then
    args+=(--tensorrt-engine-cache "$out/tensorrt-engines")
  fi
  set +e
  ./gradstream "${args[@]}" >"$out/detector-$provider.log" 2>&1
  rc=$?
  set -e
  case "$rc" in
    0) echo "$provider: measured -> $out/detector-$provider.json" ;;
    3) echo "$provider: skipped: $(grep -m1 'is not available here' "$out/detector-$provider.log" | sed 's/^bench detector: //')" ;;
    *) echo "$provider: FAILED (exit $rc), see $out/detector-$provider.log"; status=1 ;;
  esac
done
exit "$status"
