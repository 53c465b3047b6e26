#!/usr/bin/env bash
# On the lent GPU machine (device tool, carrying .whl from benchmarks/gpu_wheels.sh): the
# GPU sweep on Keras's JAX and torch backends, results and device facts into $OUT.
# Back here: copy them to benchmarks/results/ and run `python -m benchmarks.report`.
# Each backend stops at BENCH_SECONDS with SIGINT, which still writes the JSON of what ran.
set -uo pipefail
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
  --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
export BENCH_SIZES=${BENCH_SIZES:-1e3,1e4,1e5,1e6,1e7,1e8}
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > "$OUT/gpu-device.csv"
KERAS_BACKEND=jax python3 - > "$OUT/gpu-versions.txt" <<'PY'
import importlib
for name in ("jax", "jaxlib", "torch", "torchmetrics", "keras", "numpy"):
    print(name, importlib.import_module(name).__version__)
import torch
print("cuda", torch.version.cuda)
PY
cat "$OUT/gpu-device.csv" "$OUT/gpu-versions.txt"
for backend in jax torch; do
  # tfa-compat is the CPU report's Keras 2 port, not a GPU peer.
  KERAS_BACKEND=$backend timeout -s INT "${BENCH_SECONDS:-200}" python3 -m pytest \
    benchmarks/test_update_state.py \
    -q -p no:cacheprovider --benchmark-only --maxfail=3 -k "not tfa-compat" \
    --benchmark-json="$OUT/gpu-$backend.json" 2>&1 | grep -vE "^(test_update|-|Name|$)" | tail -8
done
