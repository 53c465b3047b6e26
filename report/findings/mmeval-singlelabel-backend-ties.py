# mmeval 0.2.1, torch 2.13.0 (CPU), scikit-learn 1.9.1, numpy 2.4.6
# SingleLabelPrecisionRecallF1score with score inputs: the NumPy backend takes argmax (first
# maximum), the PyTorch backend takes torch.topk(k=1), which does not promise the first maximum.
# On tied scores the two backends return different F1 for the same data.
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import torch
from mmeval import SingleLabelPrecisionRecallF1score
from sklearn.metrics import f1_score

scores = [[0.25, 0.25, 0.25, 0.25],
          [0.25, 0.25, 0.25, 0.25],
          [0.25, 0.25, 0.25, 0.25],
          [0.10, 0.45, 0.45, 0.00],
          [0.10, 0.45, 0.45, 0.00],
          [0.10, 0.45, 0.45, 0.00]]
labels = [0, 0, 0, 1, 1, 1]

m_np = SingleLabelPrecisionRecallF1score(num_classes=4, items=("f1-score",), average=None)
m_pt = SingleLabelPrecisionRecallF1score(num_classes=4, items=("f1-score",), average=None)
obs_np = m_np(np.asarray(scores), np.asarray(labels))["f1-score_classwise"]
obs_pt = m_pt(torch.tensor(scores), torch.tensor(labels))["f1-score_classwise"]

y_pred = np.asarray(scores).argmax(axis=1)       # first maximum
exp = [round(100 * v, 4) for v in f1_score(labels, y_pred, labels=[0, 1, 2, 3], average=None, zero_division=0)]
print("torch.topk indices:", torch.topk(torch.tensor(scores), k=1).indices.flatten().tolist(),
      " numpy argmax:", y_pred.tolist())
print("sklearn: 100 * f1_score(labels, argmax(scores), labels=[0,1,2,3], average=None, zero_division=0) =", exp)
print("mmeval numpy backend :", obs_np)
print("mmeval torch backend :", obs_pt)
assert obs_np == obs_pt, f"same data, different backends: numpy {obs_np} vs torch {obs_pt}"
