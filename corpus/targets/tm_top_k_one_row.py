"""torchmetrics #3020: with top_k > 1, a batch of one row raised IndexError (1.6.1 to
1.6.3: the top-k refinement of #2839 squeezed the batch axis away); 1.7.0 returns the
value.
"""

from corpus.targets import one_update

PREDS, TARGET, C, K = [[0.1, 0.2, 0.3, 0.4, 0.0]], [0], 5, 3


def metric(num_classes):
    from torchmetrics.classification import MulticlassF1Score
    return MulticlassF1Score(num_classes=num_classes, average="micro", top_k=K)


def run(factory):
    return one_update(factory, PREDS, TARGET, C)


def sklearn():
    from sklearn.metrics import f1_score
    return f1_score(TARGET, [3], average="micro")  # 0 is not among the top 3: the top one
