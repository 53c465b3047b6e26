# mmeval 0.2.1, scikit-learn 1.9.1, numpy 2.4.6
# SingleLabelPrecisionRecallF1score docstring: "thrs ... None means no thresholds. Defaults to 0."
# The signature default is thrs=None (changed in open-mmlab/mmeval#81, docstring not updated).
# With scores <= 0 (e.g. logits) the documented default and the actual default disagree.
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import inspect
import numpy as np
from mmeval import SingleLabelPrecisionRecallF1score
from sklearn.metrics import f1_score

logits = np.asarray([[-0.1, -2.0, -3.0],
                     [-2.0, -0.5, -3.0],
                     [-3.0, -2.0, -0.2]])
labels = np.asarray([0, 1, 2])

print("signature:", inspect.signature(SingleLabelPrecisionRecallF1score.__init__))
obs_default = SingleLabelPrecisionRecallF1score(num_classes=3, items=("f1-score",))(logits, labels)["f1-score"]
obs_thr0 = SingleLabelPrecisionRecallF1score(num_classes=3, items=("f1-score",), thrs=0.)(logits, labels)["f1-score"]
# thr=0 means: a row whose max score is <= 0 predicts no class
y_pred_thr0 = [int(r.argmax()) if r.max() > 0 else -1 for r in logits]
exp_doc = 100 * f1_score(labels, y_pred_thr0, labels=[0, 1, 2], average="macro", zero_division=0)
print("sklearn, documented default thrs=0: 100 * f1_score([0,1,2], [-1,-1,-1], labels=[0,1,2], average='macro', zero_division=0) =", exp_doc)
print("mmeval, thrs=0. passed explicitly:", obs_thr0)
print("mmeval, default (docstring says 0):", obs_default)
assert obs_default == obs_thr0, (
    f"documented default thrs=0 gives {obs_thr0} (sklearn {exp_doc}); the actual default gives {obs_default}")
