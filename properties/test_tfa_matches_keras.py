"""Our tensorflow-addons port equals keras.metrics.FBetaScore (Keras 3's port of tfa).

Shared inputs, every average and threshold mode, fed batch by batch. Two known
differences are excluded, and are what the registry declares:
- the zero guard under threshold=None: tfa ignores maxima with |y| <= 1e-12, Keras
  <= 1e-9, so rows whose maximum lies in (1e-12, 1e-9] differ;
- Keras adds 1e-7 to denominators: with fractional weights the difference grows as the
  weights shrink, so weights here are None or integers (counts >= 1).
"""

import keras
import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st
from sklearn.metrics import f1_score

from f1_oracle import harness
from f1_oracle.compare import close, tolerance
from f1_oracle.contract import AllMaxima, Contract
from f1_oracle.strategies import cases
from metrics_impl import tfa_compat
from metrics_impl.registry import BY_NAME

IMPL = BY_NAME["tfa-compat/f1-onehot-micro-ties"]  # any entry in the Keras metric style

LAYOUTS = st.sampled_from([
    Contract(task="multiclass", layout="onehot", average="micro", classes=(1, 6)),
    Contract(task="multilabel", layout="multilabel", average="micro", classes=(2, 6)),
])


@given(
    data=st.data(),
    contract=LAYOUTS,
    average=st.sampled_from([None, "micro", "macro", "weighted"]),
    threshold=st.sampled_from([None, 0.5, 0.25, 1.0]),
    beta=st.sampled_from([1.0, 0.5, 2.0]),
)
def test_tfa_compat_equals_keras_fbeta(data, contract, average, threshold, beta):
    case = data.draw(cases(contract, weight_modes=("none", "ones", "integers")), label="case")
    row_max = np.asarray(case.y_pred, np.float64).max(axis=1)
    assume(not np.any((row_max > 1e-12) & (row_max <= 1e-9)))
    ours = tfa_compat.FBetaScore(case.num_classes, average=average, beta=beta, threshold=threshold)
    theirs = keras.metrics.FBetaScore(average=average, beta=beta, threshold=threshold)
    y_true = np.asarray(case.y_true, np.float32)
    got = harness.feed(IMPL, ours, case)
    for t, p, w in case.batches():
        theirs.update_state(np.asarray(t, np.float32), p, sample_weight=w)
    want = np.asarray(theirs.result())
    tol = tolerance("float32", case.n_samples, len(case.batch_sizes))
    assert close(want, got, tol), (
        f"tfa_compat.FBetaScore({case.num_classes}, average={average!r}, beta={beta}, "
        f"threshold={threshold}) gave {got}, keras.metrics.FBetaScore gave {want}\n"
        f"{case.as_code()}\ny_true as float32: {y_true.tolist()}"
    )


def test_tie_case_differs_from_argmax_as_declared():
    """The Keras/tfa tie rule predicts both tied maxima; scikit-learn on the tied-maxima
    indicator agrees with both, and differs from scikit-learn on argmax."""
    y_true = np.array([[1, 0, 0]], np.float32)
    y_pred = np.array([[0.4, 0.4, 0.2]], np.float32)
    ours = tfa_compat.F1Score(3, average="micro")
    ours.update_state(y_true, y_pred)
    theirs = keras.metrics.F1Score(average="micro")
    theirs.update_state(y_true, y_pred)
    all_maxima = f1_score(y_true.astype(int), AllMaxima().apply(y_pred).astype(int),
                          average="micro")
    argmax = f1_score(y_true.argmax(axis=1), y_pred.argmax(axis=1), average="micro")
    tol = tolerance("float32", 1, 1)
    assert close(all_maxima, float(ours.result()), tol)
    assert close(all_maxima, float(theirs.result()), tol)
    assert not close(argmax, all_maxima, tol)
