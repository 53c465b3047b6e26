# tf-keras 2.21.0 (tensorflow-cpu 2.21.0), keras 3.15.1, scikit-learn 1.9.1,
# numpy 2.4.6, Python 3.11
# Candidate: tf_keras.metrics.F1Score.merge_state([other]) raises
# "Metric ... is not compatible with ..." when `other` (same class, same
# config) has not seen a batch yet, because F1Score creates its weights
# lazily on the first update_state() call. Merging an empty shard should be a
# no-op (F1 of the union == F1 of the non-empty shard).
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import tf_keras
import keras
from sklearn.metrics import f1_score

y_true = np.array([[1, 0], [0, 1], [1, 0], [0, 1]], dtype=np.float32)
y_pred = np.array([[0.9, 0.1], [0.2, 0.8], [0.3, 0.7], [0.6, 0.4]], dtype=np.float32)

print("sklearn call: f1_score(y_true, (y_pred > 0.5).astype(int), average='macro')")
expected = float(f1_score(y_true.astype(int), (y_pred > 0.5).astype(int), average="macro"))
print("expected (sklearn):", expected)

print("keras 3 Metric has merge_state:", hasattr(keras.metrics.F1Score(), "merge_state"))

seen = tf_keras.metrics.F1Score(average="macro", threshold=0.5)
seen.update_state(y_true, y_pred)
empty = tf_keras.metrics.F1Score(average="macro", threshold=0.5)  # shard that got no batch

observed = {}
for label, a, b in [("seen.merge_state([empty])", seen, empty),
                    ("empty.merge_state([seen])", empty, seen)]:
    try:
        a.merge_state([b])
        observed[label] = float(a.result())
    except Exception as e:
        observed[label] = f"{type(e).__name__}: {e}"
    print(label, "->", observed[label])

assert isinstance(observed["seen.merge_state([empty])"], float) and np.isclose(observed["seen.merge_state([empty])"], expected), (
    f"expected: {expected} (merging an empty shard is a no-op); observed: {observed}")
