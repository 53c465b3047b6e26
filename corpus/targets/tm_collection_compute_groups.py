"""torchmetrics #2206: in a MetricCollection with compute groups, only the group's first
member recomputed after update; the others kept serving the value of their first
compute(). Fixed by PR #2211 in 1.2.1.

The target is the F1 entry of a collection whose group leader is a precision metric
(keys are sorted, "aprec" < "f1"), as users read it after each epoch or batch.
"""

BATCHES = [([0, 1, 2], [0, 1, 2]), ([0, 0, 0], [1, 2, 2])]  # (preds, target)
C = 3


class CollectionF1:
    """update/compute/reset of MetricCollection({aprec, f1}), read as its 'f1' value."""

    def __init__(self, num_classes):
        from torchmetrics import MetricCollection
        from torchmetrics.classification import MulticlassF1Score, MulticlassPrecision
        self.collection = MetricCollection({
            "aprec": MulticlassPrecision(num_classes=num_classes, average="macro"),
            "f1": MulticlassF1Score(num_classes=num_classes, average="macro")})

    def update(self, preds, target):
        self.collection.update(preds, target)

    def compute(self):
        return self.collection.compute()["f1"]

    def reset(self):
        self.collection.reset()


def metric(num_classes):
    return CollectionF1(num_classes)


def run(factory):
    """compute() after every batch, as a training loop logging per step does."""
    import torch
    m = factory(C)
    for preds, target in BATCHES:
        m.update(torch.tensor(preds), torch.tensor(target))
        value = float(m.compute())
    return value


def sklearn():
    from sklearn.metrics import f1_score
    preds = [p for b in BATCHES for p in b[0]]
    target = [t for b in BATCHES for t in b[1]]
    return f1_score(target, preds, average="macro")
