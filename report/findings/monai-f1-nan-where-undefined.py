# monai 1.6.1, torch 2.13.0 (CPU), scikit-learn 1.9.1, numpy 2.4.6
# ConfusionMatrixMetric(metric_name="f1 score"): F1 is NaN where 2tp+fp+fn == 0
# (micro: no positive label and no positive prediction anywhere; per class: such a class).
# scikit-learn returns zero_division (default 0.0; NaN only with zero_division=np.nan).
import warnings
import numpy as np
import torch
from monai.metrics import ConfusionMatrixMetric
from sklearn.metrics import f1_score

warnings.filterwarnings("ignore")

# multilabel, 2 samples x 3 labels, nothing positive at all
y = [[0, 0, 0], [0, 0, 0]]
y_pred = [[0, 0, 0], [0, 0, 0]]
m = ConfusionMatrixMetric(metric_name="f1 score", reduction="mean")   # mean of counts -> micro F1
m(y_pred=torch.tensor(y_pred, dtype=torch.float32), y=torch.tensor(y, dtype=torch.float32))
obs_micro = m.aggregate()[0].item()
exp_micro = f1_score(np.array(y), np.array(y_pred), average="micro")
exp_micro_nan = f1_score(np.array(y), np.array(y_pred), average="micro", zero_division=np.nan)
print("sklearn f1_score(y, y_pred, average='micro')                        =", exp_micro)
print("sklearn f1_score(y, y_pred, average='micro', zero_division=np.nan)  =", exp_micro_nan)
print("monai   ConfusionMatrixMetric('f1 score', reduction='mean')         =", obs_micro)

# per class (reduction="mean_batch"): label 2 never positive
y2 = [[1, 0, 0], [0, 1, 0]]
p2 = [[1, 0, 0], [0, 0, 0]]
m2 = ConfusionMatrixMetric(metric_name="f1 score", reduction="mean_batch")
m2(y_pred=torch.tensor(p2, dtype=torch.float32), y=torch.tensor(y2, dtype=torch.float32))
obs_pc = m2.aggregate()[0].tolist()
print("sklearn f1_score(y2, p2, average=None)                              =", f1_score(np.array(y2), np.array(p2), average=None).tolist())
print("sklearn f1_score(y2, p2, average=None, zero_division=np.nan)        =",
      f1_score(np.array(y2), np.array(p2), average=None, zero_division=np.nan).tolist())
print("monai   ConfusionMatrixMetric('f1 score', reduction='mean_batch')   =", obs_pc)

assert obs_micro == exp_micro, (
    f"expected sklearn's default {exp_micro} (zero_division=0); observed {obs_micro} "
    f"(= zero_division=np.nan convention)")
