"""f1-oracle: F1 / F-beta implementations checked against scikit-learn, whatever the
batching. The public API: `check`, `infer`, and the `Result` they return.

Importing the package chooses a Keras backend from what is installed when KERAS_BACKEND
is not set (see `_backend`), so that Keras can be imported by what follows.
"""

from f1_oracle import _backend

_backend.choose()


def check(target, **kwargs):
    """Check a metric against scikit-learn; see f1_oracle.api.check."""
    from f1_oracle.api import check as _check

    return _check(target, **kwargs)


def infer(target, **kwargs):
    """Which conventions a metric follows; see f1_oracle.api.infer."""
    from f1_oracle.api import infer as _infer

    return _infer(target, **kwargs)


__all__ = ["check", "infer"]
