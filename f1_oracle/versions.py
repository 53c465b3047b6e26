"""The versions a verdict was reached with: the Keras backend, this checkout's commit,
and the packages whose behaviour it depends on. Printed with every result, report and
repro script."""

from __future__ import annotations

import subprocess
from importlib import metadata
from pathlib import Path

from f1_oracle._backend import keras_module, keras_started

VERSIONED = ("f1-oracle", "keras", "tensorflow-cpu", "tensorflow", "scikit-learn", "numpy",
             "hypothesis", "jax", "torch", "torchmetrics", "torcheval", "pytorch-ignite",
             "tf-keras", "river", "monai", "mmeval", "catboost", "pycm")


def versions() -> dict[str, str]:
    # Keras's backend where Keras ran: a metric that runs without it never starts it.
    found = {"keras backend": keras_module().backend.backend()} if keras_started() else {}
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, cwd=Path(__file__).parent, check=False).stdout.strip()
    except FileNotFoundError:  # no git: an installed copy
        commit = ""
    if commit:
        found["f1-oracle commit"] = commit
    for name in VERSIONED:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found
