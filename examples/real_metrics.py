"""The README's table of real metrics checked with `f1-oracle check` (and their conventions
inferred with `f1-oracle infer`): each command run as a user runs it, its exit status and
time recorded, the table written into README.md.

    python -m examples.real_metrics          # needs the thirdparty extra and ignite

A test keeps the README's commands equal to COMMANDS; this module produces the rest.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
MARKERS = ("<!-- real-metrics:start -->\n", "<!-- real-metrics:end -->")

# (what it shows, command). Conforming ones exit 0; known divergences exit 1.
COMMANDS = [
    ("Keras F1Score: its conventions, inferred",
     "infer keras.metrics:F1Score --task multiclass --classes 4 --average macro"),
    ("torcheval binary F1: its conventions, inferred",
     "infer torcheval.metrics:BinaryF1Score --task binary"),
    ("the same, checked under the conventions inferred",
     "check torcheval.metrics:BinaryF1Score --task binary --infer"),
    ("torchmetrics multiclass macro: its conventions, inferred",
     "infer torchmetrics.classification:MulticlassF1Score --task multiclass --classes 5"),
]
COMMANDS += [(what, f"check {command}") for what, command in [
    ("Keras F1Score, its defaults (threshold=None: every tied maximum)",
     "keras.metrics:F1Score --task multiclass --classes 4 --average macro --ties all "
     "--epsilon 1e-7"),
    ("the same, declared with argmax's first-maximum rule: a finding",
     "keras.metrics:F1Score --task multiclass --classes 4 --average macro --epsilon 1e-7"),
    ("Keras FBetaScore, multilabel",
     "keras.metrics:FBetaScore --task multilabel --classes 3 --average weighted --beta 2 "
     "--threshold 0.5 --epsilon 1e-7"),
    ("Keras F1Score, binary (N, 1) column",
     "keras.metrics:F1Score --task binary --init average='micro' --epsilon 1e-7"),
    ("tf-keras F1Score: merge_state refuses a shard that saw no batch, a finding",
     "tf_keras.metrics:F1Score --task multiclass --classes 4 "
     "--average macro --ties all"),
    ("torchmetrics binary F1 on logits or probabilities",
     "torchmetrics.classification:BinaryF1Score --task binary --scores auto"),
    ("torchmetrics multiclass macro (classes present)",
     "torchmetrics.classification:MulticlassF1Score --task multiclass --classes 5 "
     "--macro-classes present"),
    ("torchmetrics multiclass macro, declared over all classes: a finding",
     "torchmetrics.classification:MulticlassF1Score --task multiclass --classes 5"),
    ("torchmetrics multiclass, ignore_index (its rows left out, class 0 still predicted)",
     "torchmetrics.classification:MulticlassF1Score --task multiclass --classes 5 "
     "--macro-classes present --ignore-index 0 --ignore-scope rows"),
    ("torchmetrics multiclass top_k",
     "torchmetrics.classification:MulticlassF1Score --task multiclass --classes 5 "
     "--macro-classes present --top-k 2"),
    ("torchmetrics multilabel, ignore_index element by element",
     "torchmetrics.classification:MultilabelF1Score --task multilabel --classes 3 "
     "--ignore-index -1"),
    ("torchmetrics multilabel F-beta",
     "torchmetrics.classification:MultilabelFBetaScore --task multilabel --classes 3 "
     "--beta 2"),
    ("torcheval binary F1 (>= at the threshold)",
     "torcheval.metrics:BinaryF1Score --task binary --threshold-rule ge"),
    ("torcheval binary F1 declared with >: a finding",
     "torcheval.metrics:BinaryF1Score --task binary"),
    ("ignite Fbeta, multiclass macro", "ignite.metrics:Fbeta --task multiclass --classes 4"),
    ("scikit-learn's f1_score as a whole-data function",
     "sklearn.metrics:f1_score --task binary"),
    ("a JAX functional metric (examples/functional_f1.py)",
     "examples/functional_f1.py --task multiclass --classes 4"),
]]


# Libraries of the online, cumulative and add-compute styles, and of none (tox -e
# ecosystem installs them; `--only ecosystem` runs these rows alone).
ECOSYSTEM = [(what, f"check {command}") for what, command in [
    ("river binary F1, fed row by row (revert checked)", "river.metrics:F1 --task binary"),
    ("river F-beta", "river.metrics:FBeta --task binary --beta 2"),
    ("river macro F1 (a class with no weighted row left out of the average)",
     "river.metrics:MacroF1 --task multiclass --classes 3 --zero-division nan"),
    ("river micro F1", "river.metrics:MicroF1 --task multiclass --classes 3 --average micro"),
    ("river weighted F1",
     "river.metrics:WeightedF1 --task multiclass --classes 3 --average weighted"),
    ("MONAI ConfusionMatrixMetric, multiclass (reduction mean: the summed counts, micro)",
     "monai.metrics:ConfusionMatrixMetric --init metric_name='f1 score' --task multiclass "
     "--classes 3 --average micro"),
    ("MONAI ConfusionMatrixMetric, multilabel micro (NaN with no positive at all)",
     "monai.metrics:ConfusionMatrixMetric --init metric_name='f1 score' --task multilabel "
     "--classes 3 --average micro --zero-division nan"),
    ("MONAI ConfusionMatrixMetric, per class (reduction mean_batch)",
     "monai.metrics:ConfusionMatrixMetric --init metric_name='f1 score' "
     "--init reduction='mean_batch' --task multiclass --classes 3 --average none "
     "--zero-division nan"),
    ("mmeval single-label macro F1 (percent, 4 decimals)",
     "mmeval:SingleLabelPrecisionRecallF1score --init num_classes=3 "
     "--init \"items=('f1-score',)\" --task multiclass --classes 3 --percent --rtol 1e-4"),
    ("mmeval F1Score, macro (a batch fed as one label array per sample)",
     "mmeval:F1Score --init mode='macro' --task multiclass --classes 3 --scores labels"),
    ("catboost eval_metric F1 (a one-item list; 1 where nothing is positive; weights "
     "as weight=)",
     "catboost.utils:eval_metric --init metric='F1' --task binary --scores labels "
     "--zero-division 1"),
    ("catboost eval_metric TotalF1, multiclass (weighted by default)",
     "catboost.utils:eval_metric --init metric='TotalF1' --task multiclass --classes 3 "
     "--average weighted"),
    ("catboost eval_metric TotalF1, macro",
     "catboost.utils:eval_metric --init metric='TotalF1:average=Macro' --task multiclass "
     "--classes 3"),
]]
COMMANDS += ECOSYSTEM


def run(command: str) -> tuple[int, float, str]:
    exe = Path(sys.executable).with_name("f1-oracle")
    start = time.monotonic()
    done = subprocess.run([str(exe), *shlex.split(command)], capture_output=True,
                          text=True, timeout=900)
    return done.returncode, time.monotonic() - start, _verdict(command, done)


def _verdict(command: str, done) -> str:
    """check: its summary (stderr's last line), with the findings of --infer; infer: how
    the conventions differ from scikit-learn's (or that no convention fits)."""
    out = done.stdout.splitlines()
    if command.startswith("infer"):
        said = [line for line in out if line.startswith(("differs from", "follows",
                                                         "no convention"))]
        return said[0].split(": ", 1)[-1] if said else ""
    last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    findings = [line for line in out if line.startswith("findings: ")]
    return last.split(": ", 1)[-1] + (f"; {findings[0]}" if findings else "")


def table(rows) -> str:
    lines = ["| metric | command | exit | seconds | verdict |", "|---|---|---|---|---|"]
    for (what, command), (code, seconds, last) in rows:
        verdict = last.replace("|", "\\|")
        lines.append(f"| {what} | `f1-oracle {command}` | {code} | {seconds:.0f} | "
                     f"{verdict} |")
    return "\n".join(lines) + "\n"


def _shown() -> dict[str, tuple[int, float, str]]:
    """The rows the README shows now, by command: (exit, seconds, verdict)."""
    start, end = MARKERS
    text = README.read_text()
    section = text[text.index(start) + len(start):text.index(end)]
    rows = {}
    for line in section.splitlines()[2:]:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip("|"))]
        rows[cells[1].strip("`").removeprefix("f1-oracle ")] = (
            int(cells[2]), float(cells[3]), cells[4].replace("\\|", "|"))
    return rows


def main(argv: list[str] | None = None) -> None:
    """Run every row (or, with `--only ecosystem`, those rows: the others are kept as the
    README shows them) and write the table."""
    only = argv[1] if argv and argv[0] == "--only" else None
    chosen = {"ecosystem": ECOSYSTEM, None: COMMANDS}[only]
    shown = _shown() if only else {}
    rows = []
    for what, command in COMMANDS:
        if (what, command) in chosen:
            result = run(command)
            print(f"{result[0]} {result[1]:.0f}s {command}: {result[2]}", flush=True)
        else:
            result = shown[command]
        rows.append(((what, command), result))
    text = README.read_text()
    start, end = MARKERS
    text = re.sub(re.escape(start) + ".*?" + re.escape(end), start + table(rows) + end,
                  text, flags=re.S)
    README.write_text(text)


if __name__ == "__main__":
    main(sys.argv[1:])
