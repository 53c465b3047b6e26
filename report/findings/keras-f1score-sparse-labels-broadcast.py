# keras 3.15.1 (TensorFlow backend, tensorflow-cpu 2.21.0), tf-keras 2.21.0,
# scikit-learn 1.9.1, numpy 2.4.6, Python 3.11
# Candidate: keras.metrics.F1Score accepts sparse integer labels of shape (N, 1)
# together with (N, C) scores, broadcasts them silently and returns
# per-class F1 values outside [0, 1] instead of rejecting the shape mismatch.
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
import tf_keras
from sklearn.metrics import f1_score

# 4 samples, 3 classes; y_true as sparse integer labels, shape (4, 1)
y_true_sparse = np.array([[0], [1], [2], [2]], dtype=np.int32)
y_pred = np.array([[0.8, 0.1, 0.1],
                   [0.1, 0.8, 0.1],
                   [0.1, 0.1, 0.8],
                   [0.1, 0.1, 0.8]], dtype=np.float32)

print("sklearn call: f1_score([0, 1, 2, 2], y_pred.argmax(1), average=None)")
expected = f1_score([0, 1, 2, 2], y_pred.argmax(1), average=None)
print("sklearn (all predictions correct):", expected)

results = {}
for name, mod in [("keras", keras), ("tf_keras", tf_keras)]:
    m = mod.metrics.F1Score(average=None, threshold=None)
    try:
        m.update_state(y_true_sparse, y_pred)
        val = np.asarray(m.result())
        results[name] = ("no error", val)
        print(f"{name} {mod.__version__}: NO error, F1Score(average=None) ->", val)
    except Exception as e:  # the desired behaviour: refuse shape (4,1) vs (4,3)
        results[name] = ("error", repr(e))
        print(f"{name} {mod.__version__}: raised {type(e).__name__}: {e}")

# Same thing inside model.evaluate(): a perfect softmax model (accuracy 1.0)
# compiled with sparse_categorical_crossentropy and F1Score(average="macro"),
# targets given as (N, 1) integer labels -> no error, F1 ~0.49.
inp = keras.Input((3,))
model = keras.Model(inp, keras.layers.Softmax()(inp))
model.compile(loss="sparse_categorical_crossentropy",
              metrics=[keras.metrics.F1Score(average="macro"), "sparse_categorical_accuracy"])
x = np.array([[5., 0., 0.], [0., 5., 0.], [0., 0., 5.], [0., 0., 5.]], dtype=np.float32)
print("keras model.evaluate:", model.evaluate(x, y_true_sparse, verbose=0, return_dict=True))

obs = results["keras"]
assert obs[0] == "error", (
    f"expected: an error for y_true shape (4, 1) vs y_pred shape (4, 3) "
    f"(or sklearn's values {expected}); observed: keras returned {obs[1]} "
    f"(values > 1 / < 0 are impossible for an F1 score); tf_keras: {results['tf_keras']}"
)
