"""torchmetrics #295/#300: macro F1 counted classes absent from both preds and target
as F1 = 0 (a perfect batch missing a class scored < 1). Fixed by PR #303 in 0.5.0.

The release is chosen by PYTHONPATH (.corpus/torchmetrics-<version>), so one factory
serves both targets. `F1` is the pre-0.7 class name.
"""

from corpus.targets import one_update

PREDS, TARGET, C = [0, 1, 3, 3], [0, 1, 1, 3], 4  # class 2 never occurs


def metric(num_classes):
    from torchmetrics import F1
    return F1(num_classes=num_classes, average="macro")


def run(factory):
    return one_update(factory, PREDS, TARGET, C)


def sklearn():
    from sklearn.metrics import f1_score
    return f1_score(TARGET, PREDS, average="macro")
