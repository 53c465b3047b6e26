# keras 3.15.1 (TensorFlow backend, tensorflow-cpu 2.21.0), tf-keras 2.21.0,
# scikit-learn 1.9.1, numpy 2.4.6, Python 3.11
# Candidate: the docstring of keras.metrics.F1Score / FBetaScore says
#   "If `threshold` is `None`, the argmax of `y_pred` is converted to 1, and
#    the rest to 0."
# but the implementation is `(y_pred >= row_max) & (abs(y_pred) > 1e-9)`:
#   * a row with tied maxima gets SEVERAL positives (argmax gives one),
#   * a row whose maximum is exactly 0 (e.g. logits [0, -1, -2]) gets NO
#     positive (argmax gives class 0),
#   * with a single (N, 1) column every non-zero score (even -3.0 or 0.01)
#     is positive, a 0.0 score is negative.
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
import tf_keras
from sklearn.metrics import f1_score

# --- multiclass, one-hot targets -------------------------------------------
labels = [0, 1, 2, 0]
y_true = np.array([[1, 0, 0],
                   [0, 1, 0],
                   [0, 0, 1],
                   [1, 0, 0]], dtype=np.float32)
y_pred = np.array([[0.5, 0.0, 0.5],     # tie: argmax -> class 0
                   [0.0, -1.0, -2.0],   # logits, max is 0: argmax -> class 0
                   [0.1, 0.2, 0.7],
                   [0.6, 0.3, 0.1]], dtype=np.float32)
argmax_pred = y_pred.argmax(axis=1)     # [0, 0, 2, 0]
print("sklearn call: f1_score([0, 1, 2, 0], y_pred.argmax(1) == [0, 0, 2, 0], average=None)")
expected = f1_score(labels, argmax_pred, average=None)
print("expected (documented argmax rule):", expected)

res = {}
for name, mod in [("keras", keras), ("tf_keras", tf_keras)]:
    m = mod.metrics.F1Score(average=None, threshold=None)
    m.update_state(y_true, y_pred)
    res[name] = np.asarray(m.result())
    print(f"{name} {mod.__version__} F1Score(threshold=None):", res[name])

# --- single column ----------------------------------------------------------
y_true1 = np.array([[1], [0], [0], [1]], dtype=np.float32)
y_pred1 = np.array([[0.9], [0.01], [-3.0], [0.0]], dtype=np.float32)
m1 = keras.metrics.F1Score(threshold=None)
m1.update_state(y_true1, y_pred1)
print("single column, keras F1Score(threshold=None):", np.asarray(m1.result()),
      "| sklearn f1_score([1,0,0,1], [1,1,1,0]) =", f1_score([1, 0, 0, 1], [1, 1, 1, 0]),
      "(keras treats every non-zero score as positive);",
      "argmax over one column would predict all 4 positive:",
      "f1_score([1,0,0,1],[1,1,1,1]) =", f1_score([1, 0, 0, 1], [1, 1, 1, 1]))

assert np.allclose(res["keras"], expected, atol=1e-5), (
    f"expected (argmax, as documented): {expected}; observed keras: {res['keras']}")
