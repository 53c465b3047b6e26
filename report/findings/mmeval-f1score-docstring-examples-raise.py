# mmeval 0.2.1 (plum-dispatch 1.7.4), torch 2.13.0 (CPU), scikit-learn 1.9.1, numpy 2.4.6
# The Examples section of mmeval.F1Score's class docstring, run verbatim, raises.
# (Also: the list-of-lists input that `add` documents, Sequence[Sequence[int]], raises.)
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import traceback
import numpy as np
from sklearn.metrics import f1_score

failures = []

def attempt(name, fn):
    try:
        out = fn()
        print(f"[{name}] OK -> {out}")
        return out
    except Exception as e:  # noqa: BLE001
        print(f"[{name}] RAISES {type(e).__name__}: {str(e)[:300]}")
        failures.append(name)

# ---- the docstring, verbatim -----------------------------------------------
from mmeval import F1Score
f1 = F1Score(num_classes=5, mode=['macro', 'micro'])

# Use NumPy implementation:
labels = np.asarray([0, 1, 4])
preds = np.asarray([0, 1, 2])
attempt("docstring numpy: f1(preds, labels)", lambda: f1(preds, labels))

# Use PyTorch implementation:
import torch
labels = torch.Tensor([0, 1, 4])
preds = torch.Tensor([0, 1, 2])
attempt("docstring torch: f1(preds, labels)", lambda: f1(preds, labels))

# Accumulate batch:
def accumulate():
    for i in range(10):
        labels = torch.randint(0, 4, size=(20, ))
        predicts = torch.randint(0, 4, size=(20, ))
        f1.add(predicts, labels)
    return f1.compute()
attempt("docstring accumulate: f1.add(...) x10; f1.compute()", accumulate)

# ---- the input type F1Score.add documents: Sequence[Sequence[int]] --------
f1.reset()
attempt("add() documented type: f1([[0, 1, 2]], [[0, 1, 4]])", lambda: f1([[0, 1, 2]], [[0, 1, 4]]))

# ---- what does work: a list of 1-D arrays, one per sample ------------------
f1.reset()
ok = attempt("workaround: f1([np.asarray([0, 1, 2])], [np.asarray([0, 1, 4])])",
             lambda: f1([np.asarray([0, 1, 2])], [np.asarray([0, 1, 4])]))

y_true, y_pred = [0, 1, 4], [0, 1, 2]
exp_macro = f1_score(y_true, y_pred, labels=[0, 1, 2, 3, 4], average="macro", zero_division=0)
exp_micro = f1_score(y_true, y_pred, labels=[0, 1, 2, 3, 4], average="micro", zero_division=0)
print("sklearn: f1_score([0,1,4], [0,1,2], labels=[0,1,2,3,4], average='macro', zero_division=0) =", exp_macro)
print("sklearn: f1_score([0,1,4], [0,1,2], labels=[0,1,2,3,4], average='micro', zero_division=0) =", exp_micro)
print("docstring promises: {'macro_f1': 0.4, 'micro_f1': 0.6666666666666666}")

assert not failures, (
    f"expected: the docstring examples run and give macro_f1={exp_macro}, micro_f1={exp_micro}; "
    f"observed: {len(failures)} of them raise: {failures}")
