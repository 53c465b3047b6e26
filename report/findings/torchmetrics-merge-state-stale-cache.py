# torchmetrics 1.9.0, torch 2.13.0+cpu, scikit-learn 1.9.1, numpy 2.4.6, Python 3.11
# Candidate: Metric.merge_state() does not invalidate the cached result
# (`self._computed`). If compute() was called on a metric before merging
# another shard into it, compute() afterwards keeps returning the metric's own
# shard value instead of the value of the merged state.
import warnings
import torch
import torchmetrics
from torchmetrics.classification import BinaryF1Score
from sklearn.metrics import f1_score

p1, t1 = torch.tensor([1, 1, 0, 0]), torch.tensor([1, 0, 0, 1])
p2, t2 = torch.tensor([1, 1, 1, 0]), torch.tensor([1, 1, 1, 0])

print("sklearn call: f1_score([1,0,0,1,1,1,1,0], [1,1,0,0,1,1,1,0])")
expected = float(f1_score(torch.cat([t1, t2]).numpy(), torch.cat([p1, p2]).numpy()))
print("expected (sklearn, union of both shards):", expected)

# merge WITHOUT a prior compute(): correct
a = BinaryF1Score(); a.update(p1, t1)
b = BinaryF1Score(); b.update(p2, t2)
a.merge_state(b)
no_cache = float(a.compute())
print(f"torchmetrics {torchmetrics.__version__} merge_state without prior compute():", no_cache)

# merge AFTER compute(): stale
a = BinaryF1Score(); a.update(p1, t1)
b = BinaryF1Score(); b.update(p2, t2)
shard_a = float(a.compute())          # e.g. logged at end of a local epoch
a.merge_state(b)
observed = float(a.compute())
print("shard-a value before merge:", shard_a)
print("merge_state after compute() -> compute():", observed)
print("state after merge (tp, fp, fn):", int(a.tp), int(a.fp), int(a.fn))

# secondary: merging into a metric that never saw update() warns that compute()
# "was called before the update method", because merge_state does not bump _update_count
fresh = BinaryF1Score()
src = BinaryF1Score(); src.update(p2, t2)
fresh.merge_state(src)
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter("always")
    v = float(fresh.compute())
print("merge into never-updated metric -> compute():", v, "| warnings:", [str(x.message)[:70] for x in w])

assert abs(observed - expected) < 1e-6, (
    f"expected: {expected} (merged state; also what compute() gives without the "
    f"earlier compute: {no_cache}); observed: {observed} (stale cached shard value)")
