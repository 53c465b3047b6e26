# keras 3.15.1 (TensorFlow backend, tensorflow-cpu 2.21.0), tf-keras 2.21.0,
# scikit-learn 1.9.1, numpy 2.4.6, Python 3.11
# Candidate: keras.metrics.F1Score adds backend.epsilon() (1e-7) to the
# precision, recall and F denominators. F1 is invariant to multiplying every
# sample weight by the same constant, but with small weights (here all 1e-6)
# the epsilon dominates and the result is far from scikit-learn's value and
# from Keras's own value with unit weights.
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
import tf_keras
from sklearn.metrics import f1_score

y_true = np.array([[1], [1], [0], [1], [0], [0]], dtype=np.float32)
y_pred = np.array([[0.9], [0.8], [0.7], [0.2], [0.1], [0.3]], dtype=np.float32)
w_small = np.array([1e-6] * 6, dtype=np.float32)
w_unit = np.ones(6, dtype=np.float32)

print("sklearn call: f1_score([1,1,0,1,0,0], [1,1,1,0,0,0], sample_weight=[1e-6]*6)")
expected = float(f1_score([1, 1, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0], sample_weight=[1e-6] * 6))
print("expected (sklearn):", expected)

def run(mod, w):
    m = mod.metrics.F1Score(threshold=0.5)
    m.update_state(y_true, y_pred, sample_weight=w)
    return float(np.asarray(m.result())[0])

obs_unit = run(keras, w_unit)
obs_small = run(keras, w_small)
tfk_small = run(tf_keras, w_small)
print(f"keras {keras.__version__}, weights=1    :", obs_unit)
print(f"keras {keras.__version__}, weights=1e-6 :", obs_small)
print(f"tf_keras {tf_keras.__version__}, weights=1e-6:", tfk_small)
for c in (1e-4, 1e-5, 1e-6, 1e-7, 1e-8):
    print(f"  keras, all weights={c:g}: {run(keras, np.full(6, c, np.float32)):.6f}")

assert abs(obs_small - expected) < 1e-4, (
    f"expected: {expected} (sklearn, and keras with unit weights gives {obs_unit}); "
    f"observed: keras F1Score with all sample weights 1e-6 -> {obs_small}")
