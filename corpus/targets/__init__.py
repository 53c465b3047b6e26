"""One module per bug: factories the oracle builds, plus the bug's counterexample."""


def one_update(factory, preds, target, classes) -> float:
    """A torchmetrics-style metric built by `factory(classes)`, updated once with the
    issue's data, computed."""
    import torch

    m = factory(classes)
    m.update(torch.tensor(preds), torch.tensor(target))
    return float(m.compute())
