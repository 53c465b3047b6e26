# mmeval 0.2.1, torch 2.13.0 (CPU), scikit-learn 1.9.1, numpy 2.4.6
# SingleLabelPrecisionRecallF1score: a label of -1 fed as NumPy (or Python ints) is silently
# counted as the LAST class (np.eye(num_classes)[-1]); the PyTorch backend raises on the same data.
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import torch
from mmeval import SingleLabelPrecisionRecallF1score
from sklearn.metrics import f1_score

preds = [0, 1, 2]
labels = [0, 1, -1]          # -1: e.g. an "ignore"/unlabelled marker

obs_np = SingleLabelPrecisionRecallF1score(num_classes=3, items=("f1-score",))(
    np.asarray(preds), np.asarray(labels))["f1-score"]
obs_list = SingleLabelPrecisionRecallF1score(num_classes=3, items=("f1-score",))(preds, labels)["f1-score"]
try:
    obs_torch = SingleLabelPrecisionRecallF1score(num_classes=3, items=("f1-score",))(
        torch.tensor(preds), torch.tensor(labels))["f1-score"]
except Exception as e:  # noqa: BLE001
    obs_torch = f"raises {type(e).__name__}: {e}"

exp = 100 * f1_score(labels, preds, labels=[0, 1, 2], average="macro", zero_division=0)
print("sklearn: 100 * f1_score([0, 1, -1], [0, 1, 2], labels=[0, 1, 2], average='macro', zero_division=0) =", exp)
print("mmeval numpy  :", obs_np)
print("mmeval list   :", obs_list)
print("mmeval torch  :", obs_torch)
print("note: 100.0 is what you get if -1 is read as class 2 (np.eye(3)[-1] == [0, 0, 1])")

assert abs(obs_np - exp) < 1e-3, (
    f"numpy backend: expected {exp:.4f} (or an error, as the torch backend gives), observed {obs_np}: "
    f"label -1 was counted as class {3 - 1}")
