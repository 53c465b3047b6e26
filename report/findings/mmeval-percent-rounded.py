# mmeval 0.2.1, scikit-learn 1.9.1, numpy 2.4.6
# SingleLabelPrecisionRecallF1score returns percent rounded to 4 decimals; its docstring calls
# precision "The ratio tp / (tp + fp)" and says nothing of rounding.
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
from mmeval import SingleLabelPrecisionRecallF1score
from sklearn.metrics import f1_score

y_true = [0, 0, 1, 2, 2, 2, 1]
y_pred = [0, 1, 1, 2, 0, 2, 2]
obs = SingleLabelPrecisionRecallF1score(num_classes=3, items=("f1-score",))(
    np.asarray(y_pred), np.asarray(y_true))["f1-score"]
exp = f1_score(y_true, y_pred, labels=[0, 1, 2], average="macro", zero_division=0)
print("sklearn: f1_score(y_true, y_pred, labels=[0,1,2], average='macro', zero_division=0) =", exp)
print("mmeval :", obs, " (= round(100 * sklearn, 4) =", round(100 * exp, 4), ")")
assert obs == exp, f"expected the ratio {exp}; observed {obs} (percent, rounded to 4 decimals)"
