# pycm 4.6, scikit-learn 1.9.1, numpy 2.4.6
# ConfusionMatrix.F1_Macro is the *string* 'None' when one class has tp = fp = fn = 0
# (a class declared via classes=, given in a matrix, or seen only with sample weight 0).
# scikit-learn returns a float (zero_division, default 0.0; or NaN-skipping with np.nan).
import warnings
import numpy as np
from pycm import ConfusionMatrix
from sklearn.metrics import f1_score

warnings.filterwarnings("ignore")
actual = [0, 1, 1, 2]
predict = [0, 1, 0, 2]
weight = [1, 1, 1, 0]          # class 2 only in a zero-weight row

cm = ConfusionMatrix(actual_vector=actual, predict_vector=predict, sample_weight=weight)
print("pycm F1 per class      :", cm.F1)
print("pycm F1_Macro          :", repr(cm.F1_Macro), type(cm.F1_Macro).__name__)
print("pycm average('F1', none_omit=True):", cm.average("F1", none_omit=True))
cm2 = ConfusionMatrix(actual_vector=[0, 1, 1], predict_vector=[0, 1, 0], classes=[0, 1, 2])
print("pycm classes=[0,1,2], F1_Macro:", repr(cm2.F1_Macro))

exp = f1_score(actual, predict, sample_weight=weight, average="macro")
exp_nan = f1_score(actual, predict, sample_weight=weight, average="macro", zero_division=np.nan)
print("sklearn f1_score(actual, predict, sample_weight=weight, average='macro')                       =", exp)
print("sklearn f1_score(actual, predict, sample_weight=weight, average='macro', zero_division=np.nan) =", exp_nan)
obs = cm.F1_Macro
assert isinstance(obs, float), f"expected a float ({exp} or {exp_nan}); observed {obs!r} of type {type(obs).__name__}"
