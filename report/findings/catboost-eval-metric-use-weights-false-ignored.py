# catboost 1.2.10, scikit-learn 1.9.1, numpy 2.4.6 (Python 3.11, CPU)
# catboost.utils.eval_metric ignores "use_weights=false": the weights passed in
# `weight=` are still applied. CatBoost.eval_metrics on a Pool honours the same
# metric string.
from catboost.utils import eval_metric
from sklearn.metrics import f1_score

label = [1, 0, 1, 1, 0, 1]
approx = [2.0, -2.0, 2.0, 2.0, 2.0, 2.0]        # raw logits; > 0 means class 1
weight = [1.0, 1.0, 1.0, 1.0, 5.0, 1.0]         # the false positive (row 4) weighs 5
y_pred = [1 if a > 0 else 0 for a in approx]    # [1, 0, 1, 1, 1, 1]

obs_false = eval_metric(label, approx, "F1:use_weights=false", weight=weight)[0]
obs_true = eval_metric(label, approx, "F1:use_weights=true", weight=weight)[0]
obs_noweight = eval_metric(label, approx, "F1")[0]

print("sklearn: f1_score(label, y_pred)                       =", f1_score(label, y_pred))
print("sklearn: f1_score(label, y_pred, sample_weight=weight) =", f1_score(label, y_pred, sample_weight=weight))
print('catboost: eval_metric(label, approx, "F1:use_weights=false", weight=weight) =', obs_false)
print('catboost: eval_metric(label, approx, "F1:use_weights=true",  weight=weight) =', obs_true)
print('catboost: eval_metric(label, approx, "F1")  (no weight)                     =', obs_noweight)

expected = f1_score(label, y_pred)  # use_weights=false: "set all weights to 1"
assert abs(obs_false - expected) < 1e-9, (
    f"F1:use_weights=false with weight= gave {obs_false} (the weighted F1, "
    f"= sklearn sample_weight result); expected the unweighted F1 {expected}")
