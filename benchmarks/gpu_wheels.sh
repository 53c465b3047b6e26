#!/usr/bin/env bash
# Here (no GPU): fetch Keras 3 and the dependencies the lent GPU machine's image lacks
# (it has JAX, torch, torchmetrics, numpy, h5py, rich, ml-dtypes, absl-py, pytest and
# pytest-benchmark) as wheels into .whl/. Then, with the device tool: run
# `bash benchmarks/gpu.sh` carrying .whl.
set -euo pipefail
cd "$(dirname "$0")/.."
grep -qx '/.whl/' .git/info/exclude 2>/dev/null || echo /.whl/ >> .git/info/exclude
for wheel in keras==3.15.1 namex optree; do
  python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 \
    --implementation cp --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 -d .whl "$wheel"
done
ls .whl
