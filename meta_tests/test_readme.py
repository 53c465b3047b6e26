"""The README's registry table is the registry: regenerate it with `f1-oracle table`.

The table shows the registry on TensorFlow, the default backend (on others some declared
conventions differ: torch's argmax reads subnormal scores, TensorFlow's and JAX's read them
as 0)."""

import re
from pathlib import Path

import keras
import pytest

from f1_oracle.cli import registry_table

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.skipif(keras.backend.backend() != "tensorflow", reason="the README shows TF's")
def test_readme_table_matches_registry():
    text = README.read_text()
    match = re.search(r"<!-- registry-table:start -->\n(.*?)<!-- registry-table:end -->", text,
                      re.S)
    assert match, "README lost its registry-table markers"
    assert match.group(1) == registry_table(), (
        "README table is stale; replace it with the output of `f1-oracle table`"
    )
