"""Real metrics of the online, cumulative and add-compute styles, and of none, checked
with no wrapper, as the README's commands check them (tox -e ecosystem installs river,
MONAI, mmeval, catboost and pycm; without them these tests are skipped)."""

import shlex

import pytest

from examples.real_metrics import ECOSYSTEM
from f1_oracle.cli import main


@pytest.mark.parametrize("command", [c for _, c in ECOSYSTEM], ids=lambda c: c.split()[1])
def test_the_readme_ecosystem_rows_conform(command, capsys):
    pytest.importorskip(command.split()[1].split(".")[0].split(":")[0])
    code = main([*shlex.split(command), "--profile", "quick"])
    err = capsys.readouterr().err
    assert code == 0, err[-3000:]
    assert "conforms" in err.strip().splitlines()[-1]


def test_pycm_through_a_one_line_callable():
    """pycm's ConfusionMatrix is built from the data, not fed: the README's one line. Its
    macro F1 is the string 'None' where some class's F1 is 0/0 (pycm's way of saying
    undefined): reported as what pycm returned, not as our conversion failing."""
    pycm = pytest.importorskip("pycm")
    import f1_oracle

    result = f1_oracle.check(
        lambda y_true, y_pred: pycm.ConfusionMatrix(list(y_true), list(y_pred),
                                                    classes=[0, 1, 2]).F1_Macro,
        task="multiclass", classes=3, scores="labels", layout="sparse-flat",
        profile="quick", checks=("one_batch",))
    (failure,) = result.failures
    message = failure.verdict.message()
    assert "the metric returned 'None' (str), not a number" in message, message
    assert "could not convert" not in message
