# river 0.26.1, scikit-learn 1.9.1, numpy 2.4.6
# metrics.MacroF1 (and MacroFBeta, MacroPrecision, ... which read cm.classes): after reverting
# every row of a class that was updated with fractional weights, the confusion matrix keeps
# float residue (0.1 + 0.2 - 0.1 - 0.2 = 2.8e-17), ConfusionMatrix.classes still lists the class
# (it tests `if n`), and the class enters the macro average - with F1 = residue/residue = 1.0.
from river import metrics
from sklearn.metrics import f1_score

kept = [(0, 1, 1.0), (1, 0, 1.0)]                 # (y_true, y_pred, weight)
gone = [(2, 2, 0.1), (2, 2, 0.2)]                 # updated, then reverted

m = metrics.MacroF1()
for yt, yp, w in kept + gone:
    m.update(yt, yp, w)
for yt, yp, w in gone:
    m.revert(yt, yp, w)
obs = m.get()

y_true = [r[0] for r in kept]
y_pred = [r[1] for r in kept]
sw = [r[2] for r in kept]
exp = f1_score(y_true, y_pred, sample_weight=sw, average="macro")
print("sklearn: f1_score([0, 1], [1, 0], sample_weight=[1.0, 1.0], average='macro') =", exp)
print("river  : MacroF1 after update(kept + gone), revert(gone) =", obs)
print("         cm.classes =", sorted(m.cm.classes), " cm[2][2] =", m.cm[2][2], " sum_row[2] =", m.cm.sum_row[2])

# the same through a rolling window, the way revert is used in practice
from river import utils
import warnings
warnings.filterwarnings("ignore", category=DeprecationWarning)
r = utils.Rolling(metrics.MacroF1(), window_size=2)
for yt, yp, w in gone + kept:
    r.update(yt, yp, w)
print("river  : utils.Rolling(MacroF1(), window_size=2) over gone + kept =", r.get())

assert abs(obs - exp) < 1e-9, f"expected {exp} (class 2 fully reverted); observed {obs}"
