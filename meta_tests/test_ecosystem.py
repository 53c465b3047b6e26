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
    """pycm's ConfusionMatrix is built from the data, not fed: the README's one line."""
    pycm = pytest.importorskip("pycm")
    import f1_oracle

    result = f1_oracle.check(
        lambda y_true, y_pred: pycm.ConfusionMatrix(list(y_true), list(y_pred),
                                                    classes=[0, 1, 2]).F1_Macro,
        task="multiclass", classes=3, scores="labels", layout="sparse-flat",
        zero_division=float("nan"), profile="quick")
    assert result.ok, str(result)
