"""update_state hot-path benchmarks (pytest-benchmark): `tox -e bench`."""
