"""pytorch-ignite #513: Precision/Recall(average=False, is_multilabel=True) returned one
value per sample, not per label, so the documented multilabel Fbeta built on them was a
per-sample ('samples') average instead of a per-label macro F1. Fixed by PR #2573
(issue #2571) in 0.4.10.

ignite wants 0/1 multilabel predictions; the output_transform thresholds at > 0.5.
"""

Y_PRED, Y, C = [[1, 0, 0], [1, 1, 1]], [[1, 0, 1], [0, 1, 1]], 3


def _threshold(output):
    y_pred, y = output
    return (y_pred > 0.5).long(), y.long()


def metric(num_classes):
    from ignite.metrics import Fbeta, Precision, Recall
    precision = Precision(average=False, is_multilabel=True, output_transform=_threshold)
    recall = Recall(average=False, is_multilabel=True, output_transform=_threshold)
    return Fbeta(beta=1.0, precision=precision, recall=recall)


def run(factory):
    import torch
    m = factory(C)
    m.reset()
    m.update((torch.tensor(Y_PRED, dtype=torch.float32), torch.tensor(Y)))
    return float(m.compute())


def sklearn():
    from sklearn.metrics import f1_score
    return f1_score(Y, Y_PRED, average="macro", zero_division=0)
