"""`f1-oracle check` passes a correct implementation, catches a broken one, and says why
it cannot run, through its exit codes (0, 1, 2); the pytest plugin runs the same battery."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=600)


def test_check_passes_the_streaming_metric(tmp_path):
    out = tmp_path / "verdicts.json"
    done = run("f1_oracle.cli", "check", "metrics_impl.streaming:StreamingF1",
               "--max-examples", "5", "--json", str(out))
    assert done.returncode == 0, done.stderr[-3000:]
    verdicts = json.loads(out.read_text())
    assert verdicts["verdict"] == "conforms"
    ran = [v for v in verdicts["checks"].values() if v["status"] != "skipped"]
    assert ran and all(v["holds"] for v in ran)
    skipped = [v for v in verdicts["checks"].values() if v["status"] == "skipped"]
    assert all(v["reason"] for v in skipped)  # a reason whenever a check is skipped
    assert verdicts["conventions"]["task"] == "binary" and verdicts["versions"]["keras"]
    assert "conforms" in done.stderr


def test_check_catches_the_keras2_batchwise_function():
    done = run("f1_oracle.cli", "check", "metrics_impl/keras2_batchwise.py:f1",
               "--max-examples", "10", "--checks", "one_batch,batch_split")
    assert done.returncode == 1, done.stderr[-3000:]
    assert "property 'batch_split' FAILS" in done.stdout
    assert "expected = sklearn.metrics.fbeta_score(" in done.stdout


USAGE_ERRORS = [
    ("no_such_module:f1",),
    ("metrics_impl.streaming:NoSuchName",),
    ("no-colon",),
    ("metrics_impl/no_such_file.py:f1",),
    ("numpy:pi",),  # not a metric
    ("metrics_impl.streaming:StreamingF1", "--checks", "no_such_check"),
    ("metrics_impl.streaming:StreamingF1", "--jobs", "0"),
    ("metrics_impl.streaming:StreamingF1", "--top-k", "2"),  # top-k on a binary task
    ("metrics_impl.streaming:StreamingF1", "--zero-division", "2"),
    ("metrics_impl.streaming:StreamingF1", "--task", "multiclass", "--classes", "1"),
    ("metrics_impl.streaming:StreamingF1", "--style", "no-such-style"),
    ("metrics_impl.streaming:StreamingF1", "--threshold", "1.5"),
    ("metrics_impl.streaming:StreamingF1", "--epsilon", "-1e-7"),
    ("metrics_impl.streaming:StreamingF1", "--task", "multiclass", "--top-k", "3"),
    ("metrics_impl.streaming:StreamingF1", "--task", "multilabel", "--ignore-index", "1"),
    ("metrics_impl.streaming:StreamingF1", "--task", "multiclass", "--ignore-index", "-1",
     "--ignore-scope", "class"),  # no class to leave out
]


def test_a_metric_that_runs_without_keras_is_checked_without_importing_it():
    """scikit-learn's f1_score needs no Keras: the check imports neither Keras nor a
    backend of it (TensorFlow takes seconds), nor does printing the registry's table; a
    Keras metric still starts Keras."""
    from benchmarks.test_oracle import cli_argv, run_command

    quick = ["--task", "binary", "--profile", "quick", "--checks", "one_batch"]
    for args in (["table"], ["check", "sklearn.metrics:f1_score", *quick]):
        ran = run_command(cli_argv(*args))
        assert ran.done.returncode == 0 and ran.imported == "[]", (args, ran.imported,
                                                                   ran.done.stderr[-2000:])
    keras = run_command(cli_argv("check", "metrics_impl.streaming:StreamingF1", *quick))
    assert keras.done.returncode == 0 and "'keras'" in keras.imported, (
        keras.imported, keras.done.stderr[-2000:])
    assert "Traceback" not in keras.done.stderr and "absl" not in keras.done.stderr, \
        keras.done.stderr


# A process each for a few (what a shell sees: the exit status, no traceback on stderr);
# every one in process, through the same main(), for check and infer alike.
IN_A_PROCESS = [USAGE_ERRORS[i] for i in (0, 4, 9, 10)]


@pytest.mark.parametrize("args", IN_A_PROCESS, ids=lambda a: " ".join(a))
def test_usage_errors_exit_2_with_one_line(args):
    done = run("f1_oracle.cli", "check", *args)
    assert done.returncode == 2, (args, done.stderr[-2000:])
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(("f1-oracle: ", "usage: ", "f1-oracle check: error:")), last
    assert "Traceback" not in done.stderr


def test_a_bad_f1_oracle_jobs_is_a_usage_error(capsys, monkeypatch):
    from f1_oracle import cli

    monkeypatch.setenv("F1_ORACLE_JOBS", "two")
    code = cli.main(["check", "metrics_impl.streaming:StreamingF1", "--checks", "one_batch"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "F1_ORACLE_JOBS" in err[0], err


@pytest.mark.parametrize("command", ["check", "infer"])
@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda a: " ".join(a))
def test_usage_errors_in_process(command, args, capsys):
    from f1_oracle import cli

    if command == "infer" and "--checks" in args:
        pytest.skip("--checks is check's option; infer runs no checks")
    try:
        code = cli.main([command, *args])
    except SystemExit as usage:  # argparse's own error, already one line
        code = usage.code
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and err[-1].startswith(("f1-oracle: ", f"f1-oracle {command}: error:"))


TOY_REGISTRY = '''
from dataclasses import replace
from f1_oracle.contract import Conforms
from metrics_impl.registry import REGISTRY as ALL

(bad,) = [i for i in ALL if i.name == "seed001-posted-subclass"]
REGISTRY = [bad, replace(bad, name="seed001-claimed-conforming", expectation=Conforms())]
OWN = REGISTRY
'''


def test_report_runs_the_battery_in_worker_processes(tmp_path):
    """The main job on a known-bad entry and on the same metric wrongly claimed to
    conform, in two worker processes: the expected failure is shown with its
    counterexample, the contradicted claim is flagged and makes the exit status 1."""
    (tmp_path / "toy_registry.py").write_text(TOY_REGISTRY)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "f1_oracle.cli", "report", "--registry", "toy_registry",
         "--out", str(out), "--jobs", "2", "--checks", "one_batch,batch_split",
         "--max-examples", "5"], cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])})
    assert done.returncode == 1, done.stderr[-3000:]
    rows = json.loads((out / "report.json").read_text())["implementations"]
    assert [r["implementation"] for r in rows] == ["seed001-posted-subclass",
                                                   "seed001-claimed-conforming"]
    for r in rows:
        split = r["checks"]["batch_split"]
        assert split["status"] == "FAILS" and "sklearn.metrics" in split["counterexample"]
        assert set(r["checks"]) == {"one_batch", "batch_split"}  # only the chosen ones
    assert rows[0]["checks"]["batch_split"]["expected_to_hold"] is False
    assert rows[1]["checks"]["batch_split"]["expected_to_hold"] is True
    md = (out / "REPORT.md").read_text()
    assert "**[FAIL](#cx-seed001-claimed-conforming-batch-split)**" in md
    assert '<a id="cx-seed001-claimed-conforming-batch-split"></a>' in md
    assert "2 unexpected" in done.stderr  # one_batch too: the known-bad entry makes no claim there
    assert "Traceback" not in done.stderr and "absl" not in done.stderr


BATCH_AVERAGED = '''
import numpy as np


class BatchAveragedF1:
    """Binary F1 as the mean of the per-batch values, its weights ignored."""

    def __init__(self):
        self.values = []

    def update_state(self, y_true, y_pred, sample_weight=None):
        t = np.asarray(y_true).ravel() == 1
        p = np.asarray(y_pred).ravel() > 0.5
        tp, pred, act = np.sum(t & p), np.sum(p), np.sum(t)
        self.values.append(2 * tp / (pred + act) if pred + act else 0.0)

    def result(self):
        return float(np.mean(self.values)) if self.values else 0.0

    def reset_state(self):
        self.values = []
'''


def test_one_metric_gets_one_verdict_from_the_cli_the_api_and_pytest(tmp_path, monkeypatch):
    """The three routes run one battery with one budget: the same failing checks (the
    CLI and the API in this process, pytest in its own)."""
    import f1_oracle
    from f1_oracle import cli

    (tmp_path / "batch_averaged.py").write_text(BATCH_AVERAGED)
    monkeypatch.chdir(tmp_path)  # the CLI puts the current directory on the import path
    target = "batch_averaged:BatchAveragedF1"
    checks = "one_batch,batch_split,symmetry"
    out = tmp_path / "cli.json"
    assert cli.main(["check", target, "--profile", "quick", "--checks", checks,
                     "--json", str(out)]) == 1
    by_cli = {n for n, v in json.loads(out.read_text())["checks"].items()
              if v["status"] == "FAILS"}
    plugin = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--pyargs",
         "f1_oracle.testing", "--f1-target", target, "--f1-budget",
         f"--profile quick --checks {checks}"], cwd=tmp_path, capture_output=True, text=True,
        timeout=600, env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path),
                                                                        str(ROOT)])})
    assert plugin.returncode == 1, plugin.stdout[-3000:]
    by_pytest = {line.split("[")[1].split("]")[0] for line in plugin.stdout.splitlines()
                 if line.startswith("FAILED")}
    result = f1_oracle.check(target, profile="quick", checks=tuple(checks.split(",")))
    by_api = {r.check for r in result.failures}
    assert by_cli == by_pytest == by_api, (by_cli, by_pytest, by_api)
    assert "batch_split" in by_cli and "symmetry" not in by_cli  # some fail, some hold
