# torchmetrics 1.9.0, torcheval 0.0.7, torch 2.13.0+cpu, scikit-learn 1.9.1,
# numpy 2.4.6, Python 3.11
# Candidate: MulticlassF1Score(average="macro") with num_classes=4 drops a class
# that has no true and no predicted sample from the macro mean, whereas
# scikit-learn with labels=range(4) counts it at `zero_division`.
# torchmetrics also ignores its own `zero_division` argument for that class.
import torch
import torchmetrics
import torcheval
from torchmetrics.classification import MulticlassF1Score as TMF1
from torcheval.metrics import MulticlassF1Score as TEF1
from sklearn.metrics import f1_score

target = torch.tensor([0, 1, 2, 0])
preds = torch.tensor([0, 1, 1, 0])   # class 3 is never true and never predicted

res = {}
for zd in (0, 1):
    call = f"f1_score([0,1,2,0], [0,1,1,0], labels=[0,1,2,3], average='macro', zero_division={zd})"
    exp = float(f1_score(target.numpy(), preds.numpy(), labels=[0, 1, 2, 3], average="macro", zero_division=zd))
    m = TMF1(num_classes=4, average="macro", zero_division=zd); m.update(preds, target)
    tm = float(m.compute())
    per_class = TMF1(num_classes=4, average=None, zero_division=zd)(preds, target)
    print(f"sklearn call: {call} -> {exp:.6f}")
    print(f"  torchmetrics {torchmetrics.__version__} MulticlassF1Score(num_classes=4, average='macro', zero_division={zd}) -> {tm:.6f}"
          f"  (average=None gives {per_class.tolist()})")
    res[zd] = (exp, tm)

# same data as a multilabel (one-hot) problem: torchmetrics does NOT drop the empty label there
from torchmetrics.classification import MultilabelF1Score
ml = MultilabelF1Score(num_labels=4, average="macro")
ml_val = float(ml(torch.nn.functional.one_hot(preds, 4), torch.nn.functional.one_hot(target, 4)))
print(f"  torchmetrics MultilabelF1Score(num_labels=4, average='macro') on the one-hot version -> {ml_val:.6f}")

te = TEF1(num_classes=4, average="macro"); te.update(preds, target)
te_val = float(te.compute())
print(f"  torcheval {torcheval.__version__} MulticlassF1Score(num_classes=4, average='macro') -> {te_val:.6f}")
print("sklearn default labels (only labels present): f1_score([0,1,2,0],[0,1,1,0], average='macro') ->",
      f1_score(target.numpy(), preds.numpy(), average="macro"))

exp0, tm0 = res[0]
exp1, tm1 = res[1]
assert abs(tm0 - exp0) < 1e-6 and abs(tm1 - exp1) < 1e-6, (
    f"expected (sklearn labels=range(4)): zero_division=0 -> {exp0}, zero_division=1 -> "
    f"{exp1}; observed torchmetrics: {tm0}, {tm1} (torcheval, documented to ignore such "
    f"classes: {te_val})")
