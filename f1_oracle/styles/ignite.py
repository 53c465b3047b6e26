"""pytorch-ignite: metrics attached to an `Engine`, read from `engine.state.metrics`.

That is how ignite's users read a metric, and it matters: the engine applies each
metric's `output_transform` (a thresholding, say) before `update((y_pred, y))`, and a
composed metric (`Fbeta` built from `Precision` and `Recall`) updates its parts through
their own transforms; calling `update` directly would skip both. Each feed is one epoch
of an engine over the batches (an epoch starts by resetting the metric).

ignite's `Metric.__getattr__` answers for any name (hasattr(m, "update_state") is True),
so it is recognised by its single-argument `update`, never by duck typing."""

from __future__ import annotations

from f1_oracle.readout import plain
from f1_oracle.styles._torch import from_torch_library, tensors
from f1_oracle.styles.base import Capabilities, Script, Style, defines, positional

NAME = "f1_oracle"  # the key the engine logs the metric under


class Ignite(Style):
    name = "ignite"
    flat_layouts = True
    doc = "attached to an ignite Engine fed (y_pred, y) batches; engine.state.metrics " \
          "(pytorch-ignite: output_transform applied as in training)"

    def recognises(self, obj) -> bool:
        return defines(obj, "update") and defines(obj, "compute") and (
            from_torch_library(obj, "ignite") or positional(obj.update) == 1)

    def update(self, metric, batches) -> None:
        from ignite.engine import Engine

        data = []
        for y_true, y_pred, _ in batches.items:
            target, preds, _ = tensors(y_true, y_pred)
            data.append((preds, target))
        engine = Engine(lambda engine, batch: batch)
        metric.attach(engine, NAME)
        engine.run(data, max_epochs=1)
        metric.detach(engine)

    def script(self, metric) -> Script:
        return Script(("import torch", "from ignite.engine import Engine"), (
            "engine = Engine(lambda engine, batch: batch)",
            f"metric.attach(engine, {NAME!r})",
            "engine.run([(torch.from_numpy(p), torch.from_numpy(t)) for t, p, w in batches],"
            " max_epochs=1)"), "metric.compute()")

    def read(self, metric):
        return plain(metric.compute())

    def reset(self, metric) -> None:
        metric.reset()

    def capabilities(self, metric) -> Capabilities:
        return Capabilities(reset=defines(metric, "reset"))
