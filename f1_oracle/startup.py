"""What a process running the oracle does first, in one place: choose the Keras backend,
import TensorFlow quietly, and split its CPU into the distributed check's replicas
(before TensorFlow starts). The CLI does this, and so do each of the report's workers,
the suite's conftest and the mutation matrix.

Apart from `_backend` (which chooses and imports, and imports nothing of the oracle) so
that the styles can ask it what is installed without an import circle through
`distributed`."""

from __future__ import annotations

from f1_oracle._backend import choose, import_tensorflow_quietly
from f1_oracle.distributed import configure_replicas


def start() -> None:
    choose()
    import_tensorflow_quietly()
    configure_replicas()
