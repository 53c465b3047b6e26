"""torcheval.metrics:BinaryF1Score: one_batch (standalone: exits non-zero while it holds)."""
# found by f1-oracle's check 'one_batch'
# python 3.11.7; f1-oracle 0.1.0, keras 3.15.1, tensorflow-cpu 2.21.0, tensorflow 2.21.0, scikit-learn 1.9.1, numpy 2.4.6, hypothesis 6.155.2, torch 2.13.0+cpu, torchmetrics 1.9.0, torcheval 0.0.7, pytorch-ignite 0.5.5, tf-keras 2.21.0, river 0.26.1, monai 1.6.1, mmeval 0.2.1, catboost 1.2.10, pycm 4.6
import numpy as np
import sklearn.metrics
import torch

import torcheval.metrics as target_module
BinaryF1Score = target_module.BinaryF1Score

# scikit-learn on the whole data, under the conventions declared
y_true = np.array([1], dtype=np.int64)
y_pred = np.array([0.5], dtype=np.float32)
sample_weight = None
batch_sizes = [1]
expected = sklearn.metrics.fbeta_score(y_true.ravel().astype(int), (y_pred > 0.5).ravel().astype(int), beta=1.0, average='binary', zero_division=0.0, sample_weight=None)

# the batches, as the metric's users feed them
batches = [
    (np.array([1], dtype=np.int64), np.array([0.5], dtype=np.float32), None),
]

def value(result):
    """What the metric returned, as a float64 scalar or per-class array."""
    def plain(x):  # torch's tensors (Keras's torch backend too); the others
        return x.detach().cpu().double().numpy() if hasattr(x, 'detach') else x
    result = plain(result)
    return np.asarray(plain(result), dtype=np.float64)

metric = BinaryF1Score(threshold=0.5)
for t, p, w in batches:
    if w is None:
        metric.update(torch.from_numpy(p), torch.from_numpy(t))
    else:
        metric.update(torch.from_numpy(p), torch.from_numpy(t), sample_weight=torch.from_numpy(w))
observed = value(metric.compute())
print("expected:", expected)
print("observed:", observed)
if np.size(observed) == np.size(expected) == 1:  # one element is a scalar
    observed, expected = np.ravel(observed)[0], np.ravel(expected)[0]
tolerance = 0.0 + 1.0728836059570312e-06 * np.abs(expected)  # rounding budget
same = (np.isnan(expected) & np.isnan(observed)) | (np.abs(observed - expected) <= tolerance)
assert np.shape(observed) == np.shape(expected) and np.all(same), (
    f"expected {expected} (scikit-learn), observed {observed}")
