"""keras 3.15.1: FBetaScore/F1Score.update_state crashed on a scalar sample_weight
(`expand_dims(sample_weight, 1)` on a rank-0 tensor). Fixed on master by keras PR #23335,
not yet released, so `fixed` builds the copy in corpus/copies/keras_fbeta_master.py.
"""

import sys
from pathlib import Path

Y_TRUE = [[1, 0], [0, 1], [1, 1]]
Y_PRED = [[0.9, 0.2], [0.8, 0.7], [0.6, 0.1]]
WEIGHT = 0.5  # one weight for every row: must equal the unweighted F1


def buggy(num_classes=None):
    import keras
    return keras.metrics.F1Score(average="micro", threshold=0.5)


def fixed(num_classes=None):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from corpus.copies.keras_fbeta_master import F1ScoreMaster
    return F1ScoreMaster(average="micro", threshold=0.5)


def run(factory):
    import numpy as np
    m = factory()
    m.update_state(np.array(Y_TRUE, "float32"), np.array(Y_PRED, "float32"),
                   sample_weight=WEIGHT)
    return float(m.result())


def sklearn():
    import numpy as np
    from sklearn.metrics import f1_score
    return f1_score(Y_TRUE, (np.array(Y_PRED) > 0.5).astype(int), average="micro")
