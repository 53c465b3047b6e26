"""torchmetrics #486: F1(average="macro", ignore_index=K) raised IndexError when a
non-ignored class was absent from the batch (the absent-class filter of #303 shrank the
per-class tensors before `num[ignore_index] = -1`). Fixed by PR #495 in 0.6.0.

Pre-0.10 meaning of ignore_index: class K is left out of the average (its rows still
count), i.e. sklearn with labels = present classes minus {K}.
"""

from corpus.targets import one_update

PREDS, TARGET, C, IGNORE = [0, 0, 0, 0], [0, 0, 0, 0], 3, 2


def metric(num_classes):
    from torchmetrics import F1
    return F1(num_classes=num_classes, average="macro", ignore_index=IGNORE)


def run(factory):
    return one_update(factory, PREDS, TARGET, C)


def sklearn():
    from sklearn.metrics import f1_score
    labels = sorted((set(PREDS) | set(TARGET)) - {IGNORE})
    return f1_score(TARGET, PREDS, labels=labels, average="macro")
