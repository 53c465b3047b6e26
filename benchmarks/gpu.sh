#!/usr/bin/env bash
# On the lent GPU machine (device tool, carrying .whl from benchmarks/gpu_wheels.sh): the
# whole GPU sweep on Keras's JAX and torch backends, results and device facts into $OUT.
# Back here: copy them to benchmarks/results/ and run `python -m benchmarks.report`.
set -uo pipefail
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade \
  --target /tmp/site .whl/*.whl || exit 1
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1
export BENCH_SIZES=${BENCH_SIZES:-1e3,1e4,1e5,1e6,1e7}
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > "$OUT/gpu-device.csv"
python3 -m pip list 2>/dev/null | grep -iE "^(jax|jaxlib|torch|torchmetrics|keras|numpy) " \
  > "$OUT/gpu-versions.txt"
for backend in jax torch; do
  KERAS_BACKEND=$backend python3 -m pytest benchmarks -q -p no:cacheprovider --benchmark-only \
    --benchmark-json="$OUT/gpu-$backend.json" 2>&1 | tail -5
done
