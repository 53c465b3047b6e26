# monai 1.6.1, torch 2.13.0 (CPU), scikit-learn 1.9.1, numpy 2.4.6
# ConfusionMatrixMetric(ignore_index=k), k a valid class channel: only channel k is dropped; voxels
# labelled k still count (a prediction of class j there is a false positive for j).  The class
# docstring says "Voxels with this label are excluded from the score", and DiceMetric(ignore_index=k)
# does exclude them.  F1 == Dice, yet the two disagree on the same data.
import warnings
import numpy as np
import torch
from monai.metrics import ConfusionMatrixMetric, DiceMetric
from sklearn.metrics import f1_score

warnings.filterwarnings("ignore")

# one image, 3 classes, 4 voxels (one-hot, channel-first): labels [0, 1, 1, 2], preds [1, 1, 1, 2]
y = torch.tensor([[[1, 0, 0, 0],
                   [0, 1, 1, 0],
                   [0, 0, 0, 1]]], dtype=torch.float32)
y_pred = torch.tensor([[[0, 0, 0, 0],
                        [1, 1, 1, 0],
                        [0, 0, 0, 1]]], dtype=torch.float32)

cm = ConfusionMatrixMetric(metric_name="f1 score", reduction="mean_batch", ignore_index=0)
cm(y_pred=y_pred, y=y)
obs_f1 = cm.aggregate()[0].tolist()
dice = DiceMetric(reduction="mean_batch", ignore_index=0)
dice(y_pred=y_pred, y=y)
obs_dice = dice.aggregate().tolist()

labels, preds = np.array([0, 1, 1, 2]), np.array([1, 1, 1, 2])
keep = labels != 0                                      # "voxels with this label are excluded"
exp = f1_score(labels[keep], preds[keep], labels=[1, 2], average=None).tolist()
print("sklearn f1_score(labels[labels != 0], preds[labels != 0], labels=[1, 2], average=None) =", exp)
print("monai DiceMetric(ignore_index=0), classes 1, 2            =", obs_dice[1:])
print("monai ConfusionMatrixMetric('f1 score', ignore_index=0)   =", obs_f1[1:], "(class 0:", obs_f1[0], ")")
assert np.allclose(obs_f1[1:], exp), (
    f"expected F1 for classes 1, 2 = {exp} (as DiceMetric gives {obs_dice[1:]}); observed {obs_f1[1:]}")
