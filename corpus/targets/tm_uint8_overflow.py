"""torchmetrics #1510: with uint8 labels and num_classes > 16, the bin index
`target * num_classes + preds` was computed in uint8 and wrapped past 255, moving
counts to the wrong classes. Fixed by PR #1521 in 0.11.3 (cast to int64 first).

`weighted` is used because 0.11.x macro still averages over all num_classes (#1664).
"""

LABELS, C = [15, 16, 0, 1], 17  # perfect predictions; 15*17+15 = 270 wraps to 14


def metric(num_classes):
    from torchmetrics.classification import MulticlassF1Score
    return MulticlassF1Score(num_classes=num_classes, average="weighted")


def run(factory):
    import torch
    m = factory(C)
    labels = torch.tensor(LABELS, dtype=torch.uint8)
    m.update(labels.clone(), labels.clone())
    return float(m.compute())


def sklearn():
    from sklearn.metrics import f1_score
    return f1_score(LABELS, LABELS, average="weighted")
